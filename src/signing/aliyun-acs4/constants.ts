/**
 * ACS4-HMAC-SHA256, the second AccessKey signature of the official PDS SDK gateway
 * (`alibabacloud-gateway-pds` `signature_version: 'v4'`: `get_signingkey`, `get_signature_v4`,
 * `get_authorization_v4`); the construction is written down in /work/shared/docs/aliyun-pds-acs4.md.
 * The headers both versions send (date, x-acs-version, x-acs-action, nonce, accept, content-type,
 * security token) are the `acs` ones, imported from `../aliyun-acs/constants.js`.
 */
export const ALGORITHM = 'ACS4-HMAC-SHA256';

/** `k1 = HMAC-SHA256("aliyun_v4" + AccessKeySecret, YYYYMMDD)`. */
export const SECRET_PREFIX = 'aliyun_v4';
/** The last element of the credential scope and of the signing-key chain. */
export const SCOPE_TERMINATOR = 'aliyun_v4_request';
/** The product element of the scope: always `pds` for this gateway. */
export const PRODUCT = 'pds';
/** The region of every endpoint except the admin ones. */
export const DEFAULT_REGION = 'center';
/** `<region>.admin.aliyunpds.com` names its region (the gateway's `get_region`). */
export const ADMIN_HOST_SUFFIX = '.admin.aliyunpds.com';

/** v4's own headers, lowercase. */
export const HEADER_ACS_DATE = 'x-acs-date';
export const HEADER_CONTENT_SHA256 = 'x-acs-content-sha256';
export const HEADER_HOST = 'host';

/** The acs window applies: an x-acs-date more than 15 minutes off is refused. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

export const MAX_AUTHORIZATION_LENGTH = 8192;
