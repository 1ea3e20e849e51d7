import { bytesToHex } from '../../hashing/hex-base64.js';
import { hmacSha256 } from '../../platform/crypto.js';

/** hex(HMAC-SHA256(SK, StringToSign)): the SK itself is the key, there is no derived key. */
export async function signature(sk: string, stringToSign: string): Promise<string> {
  return bytesToHex(await hmacSha256(sk, stringToSign));
}
