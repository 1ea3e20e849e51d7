import { createHmac } from 'node:crypto';

/** base64(HMAC-SHA1(AccessKeySecret, StringToSign)), the string taken as UTF-8. */
export function acsSignature(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', accessKeySecret).update(stringToSign, 'utf8').digest('base64');
}
