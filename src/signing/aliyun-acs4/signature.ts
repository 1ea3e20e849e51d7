import { createHmac } from 'node:crypto';

/** Lowercase hex HMAC-SHA256(signingKey, stringToSign). */
export function acs4Signature(signingKey: Uint8Array, stringToSign: string): string {
  return createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
}
