import { createHmac } from 'node:crypto';

/** hex(HMAC-SHA256(SK, StringToSign)): the SK itself is the key, there is no derived key. */
export function signature(sk: string, stringToSign: string): string {
  return createHmac('sha256', sk).update(stringToSign, 'utf8').digest('hex');
}
