import { isHeaderName } from '../shared/header-map.js';
import { ALGORITHM, MAX_AUTHORIZATION_LENGTH } from './constants.js';

export interface HuaweiAuthorization {
  ak: string;
  signedHeaders: string[];
  signature: string;
}

/** `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<a;b>, Signature=<hex>` (space, no comma, after the algorithm). */
export function formatAuthorization(auth: HuaweiAuthorization): string {
  return `${ALGORITHM} Access=${auth.ak}, SignedHeaders=${auth.signedHeaders.join(';')}, Signature=${auth.signature}`;
}

/**
 * Parses what `formatAuthorization` writes, tolerating extra spaces after the commas.
 * `undefined` for anything else; never throws.
 */
export function parseAuthorization(value: string): HuaweiAuthorization | undefined {
  if (value.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  const m = /^SDK-HMAC-SHA256 +Access=([^\s,=]+), *SignedHeaders=([^\s,]+), *Signature=([0-9a-f]{64})$/.exec(value.trim());
  if (!m) return undefined;
  const [, ak, list, sig] = m as unknown as [string, string, string, string];
  const signedHeaders = list.split(';');
  if (!signedHeaders.every((name) => name === name.toLowerCase() && isHeaderName(name))) return undefined;
  return { ak, signedHeaders, signature: sig };
}
