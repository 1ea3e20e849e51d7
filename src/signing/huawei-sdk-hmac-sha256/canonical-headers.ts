import { trimOws } from '../shared/header-map.js';

/**
 * SignedHeaders: the lowercase names, sorted by character code, joined by `;`.
 * `names` must already be lowercase.
 */
export function signedHeaderList(names: Iterable<string>): string[] {
  return [...new Set(names)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * CanonicalHeaders: `name:value\n` for each signed header, in the SignedHeaders order, values
 * with leading and trailing whitespace trimmed (the algorithm page's `Trimall`), so the block ends
 * with a newline and the canonical request shows an empty line after it.
 * `headers` is keyed by lowercase name; a missing header signs as an empty value (a verifier
 * then simply fails to match).
 */
export function canonicalHeaders(headers: ReadonlyMap<string, string>, signedHeaders: readonly string[]): string {
  return signedHeaders.map((name) => `${name}:${trimOws(headers.get(name) ?? '')}\n`).join('');
}
