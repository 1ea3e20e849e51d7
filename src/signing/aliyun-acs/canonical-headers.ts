import { trimOws } from '../shared/header-map.js';
import { SIGNED_HEADER_PREFIX } from './constants.js';

/**
 * CanonicalizedHeaders: every `x-acs-*` header, lowercase, sorted by name, as
 * `name:trimmed-value\n`. `headers` is keyed by lowercase name.
 */
export function canonicalAcsHeaders(headers: ReadonlyMap<string, string>): string {
  const names: string[] = [];
  for (const name of headers.keys()) if (name.startsWith(SIGNED_HEADER_PREFIX)) names.push(name);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let out = '';
  for (const name of names) out += `${name}:${trimOws(headers.get(name) ?? '')}\n`;
  return out;
}
