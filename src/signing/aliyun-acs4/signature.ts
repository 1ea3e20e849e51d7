import { bytesToHex } from '../../hashing/hex-base64.js';
import { hmacSha256 } from '../../platform/crypto.js';

/** Lowercase hex HMAC-SHA256(signingKey, stringToSign). */
export async function acs4Signature(signingKey: Uint8Array, stringToSign: string): Promise<string> {
  return bytesToHex(await hmacSha256(signingKey, stringToSign));
}
