import { createHash } from 'node:crypto';
import { ALGORITHM } from './constants.js';

/** `ACS4-HMAC-SHA256\n` + lowercase hex SHA-256 of the canonical request (UTF-8): no date or scope line. */
export function acs4StringToSign(canonicalRequest: string): string {
  return `${ALGORITHM}\n${createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')}`;
}
