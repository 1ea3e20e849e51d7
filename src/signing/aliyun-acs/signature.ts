import { bytesToBase64 } from '../../hashing/hex-base64.js';
import { hmacSha1 } from '../../platform/crypto.js';

/** base64(HMAC-SHA1(AccessKeySecret, StringToSign)), the string taken as UTF-8. */
export async function acsSignature(accessKeySecret: string, stringToSign: string): Promise<string> {
  return bytesToBase64(await hmacSha1(accessKeySecret, stringToSign));
}
