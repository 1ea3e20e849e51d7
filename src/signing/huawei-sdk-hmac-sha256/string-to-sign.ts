import { ALGORITHM } from './constants.js';
import { sha256Hex } from './payload-hash.js';

/** Hex SHA-256 of the canonical request, the third line of the string to sign. */
export function hashCanonicalRequest(canonicalRequest: string): Promise<string> {
  return sha256Hex(canonicalRequest);
}

/** `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex SHA-256 of the canonical request>`: no credential scope. */
export function stringToSign(sdkDate: string, hashedCanonicalRequest: string): string {
  return `${ALGORITHM}\n${sdkDate}\n${hashedCanonicalRequest}`;
}
