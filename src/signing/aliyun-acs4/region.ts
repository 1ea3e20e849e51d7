import { ADMIN_HOST_SUFFIX, DEFAULT_REGION } from './constants.js';

/**
 * The scope's region, from the endpoint host as the gateway's `get_region` derives it: `center`,
 * unless the host contains `.admin.aliyunpds.com`, in which case it is the host with that suffix
 * removed (`cn-hangzhou.admin.aliyunpds.com` -> `cn-hangzhou`). A port is not part of the host
 * the SDK compares (its endpoint setting has none); it is dropped first.
 */
export function acs4Region(host: string | undefined): string {
  const name = (host ?? '').toLowerCase().replace(/:\d*$/, '');
  // Python's str.replace, which the gateway uses, removes every occurrence.
  return name.includes(ADMIN_HOST_SUFFIX) ? name.split(ADMIN_HOST_SUFFIX).join('') : DEFAULT_REGION;
}
