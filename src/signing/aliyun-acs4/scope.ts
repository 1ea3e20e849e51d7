import { PRODUCT, SCOPE_TERMINATOR } from './constants.js';

/** `<YYYYMMDD>/<region>/pds/aliyun_v4_request`, the part of `Credential=` after the AccessKey id. */
export function credentialScope(date: string, region: string): string {
  return `${date}/${region}/${PRODUCT}/${SCOPE_TERMINATOR}`;
}
