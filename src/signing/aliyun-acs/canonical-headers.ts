import { trimOws } from '../shared/header-map.js';
import { SIGNED_HEADER_PREFIX } from './constants.js';

/**
 * CanonicalizedHeaders: every `x-acs-*` header, lowercase, sorted by name, as
 * `name:trimmed-value\n`. `headers` is keyed by lowercase name.
 */
export function canonicalAcsHeaders(headers: ReadonlyMap<string, string>): string {
  return [...headers.keys()]
    .filter((name) => name.startsWith(SIGNED_HEADER_PREFIX))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${name}:${trimOws(headers.get(name) ?? '')}\n`)
    .join('');
}
