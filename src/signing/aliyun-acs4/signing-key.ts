import { createHmac } from 'node:crypto';
import { PRODUCT, SCOPE_TERMINATOR, SECRET_PREFIX } from './constants.js';

const hmac = (key: string | Uint8Array, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();

/**
 * `HMAC(HMAC(HMAC(HMAC("aliyun_v4" + secret, YYYYMMDD), region), "pds"), "aliyun_v4_request")`,
 * raw bytes at each step. The result is as secret as the AccessKey secret (for that day and
 * region): never print or log it.
 */
export function acs4SigningKey(accessKeySecret: string, date: string, region: string): Buffer {
  const k1 = hmac(`${SECRET_PREFIX}${accessKeySecret}`, date);
  const k2 = hmac(k1, region);
  const k3 = hmac(k2, PRODUCT);
  return hmac(k3, SCOPE_TERMINATOR);
}
