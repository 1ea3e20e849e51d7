import { trimOws } from '../shared/header-map.js';
import { HEADER_ACCEPT, HEADER_CONTENT_MD5, HEADER_CONTENT_TYPE, HEADER_DATE, SIGNED_HEADER_PREFIX } from '../aliyun-acs/constants.js';

export interface Acs4CanonicalHeaders {
  /** Accept, Content-MD5, Content-Type and Date values (empty when absent), then `name:value` per x-acs-* header; every line ends with `\n`. */
  canonicalHeaders: string;
  /** The x-acs-* names, sorted, joined with `;`. */
  signedHeaders: string;
}

/**
 * The gateway's `build_canonicalized_headers` / `get_signed_headers`: the four fixed values as
 * in `acs`, then every header whose name starts with `x-acs-`, lowercase, sorted by name (UTF-16
 * code units; names are ASCII tokens), values trimmed. Headers other than these (host,
 * user-agent) are not signed. `headers` is keyed by lowercase name.
 */
export function canonicalAcs4Headers(headers: ReadonlyMap<string, string>): Acs4CanonicalHeaders {
  const value = (name: string) => trimOws(headers.get(name) ?? '');
  const names: string[] = [];
  for (const name of headers.keys()) if (name.startsWith(SIGNED_HEADER_PREFIX)) names.push(name);
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  let canonicalHeaders = `${value(HEADER_ACCEPT)}\n${value(HEADER_CONTENT_MD5)}\n${value(HEADER_CONTENT_TYPE)}\n${value(HEADER_DATE)}\n`;
  for (const name of names) canonicalHeaders += `${name}:${value(name)}\n`;
  return { canonicalHeaders, signedHeaders: names.join(';') };
}
