import { hmacSha256 } from '../../platform/crypto.js';
import { PRODUCT, SCOPE_TERMINATOR, SECRET_PREFIX } from './constants.js';

/**
 * `HMAC(HMAC(HMAC(HMAC("aliyun_v4" + secret, YYYYMMDD), region), "pds"), "aliyun_v4_request")`,
 * raw bytes at each step. The result is as secret as the AccessKey secret (for that day and
 * region): never print or log it.
 */
export async function acs4SigningKey(accessKeySecret: string, date: string, region: string): Promise<Uint8Array> {
  const k1 = await hmacSha256(`${SECRET_PREFIX}${accessKeySecret}`, date);
  const k2 = await hmacSha256(k1, region);
  const k3 = await hmacSha256(k2, PRODUCT);
  return hmacSha256(k3, SCOPE_TERMINATOR);
}
