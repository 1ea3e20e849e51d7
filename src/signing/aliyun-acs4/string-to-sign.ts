import { sha256Hex } from '../../platform/crypto.js';
import { ALGORITHM } from './constants.js';

/** `ACS4-HMAC-SHA256\n` + lowercase hex SHA-256 of the canonical request (UTF-8): no date or scope line. */
export async function acs4StringToSign(canonicalRequest: string): Promise<string> {
  return `${ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
}
