import { AUTHORIZATION_SCHEME, MAX_AUTHORIZATION_LENGTH } from './constants.js';

export interface AcsAuthorization {
  accessKeyId: string;
  signature: string;
}

/** `acs <AccessKeyId>:<Signature>` */
export function formatAcsAuthorization(auth: AcsAuthorization): string {
  return `${AUTHORIZATION_SCHEME} ${auth.accessKeyId}:${auth.signature}`;
}

/** Parses what `formatAcsAuthorization` writes (a base64 HMAC-SHA1 is 28 characters); never throws. */
export function parseAcsAuthorization(value: string): AcsAuthorization | undefined {
  if (value.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  const text = value.trim();
  const prefix = `${AUTHORIZATION_SCHEME} `;
  if (!text.startsWith(prefix)) return undefined;
  const m = /^([^\s:]+):([A-Za-z0-9+/]{27}=)$/.exec(text.slice(prefix.length));
  if (!m) return undefined;
  return { accessKeyId: m[1]!, signature: m[2]! };
}
