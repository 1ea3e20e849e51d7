/**
 * SDK-HMAC-SHA256, the AK/SK scheme of Huawei Cloud's API gateway (APIG), as described in
 * "AK/SK Signing and Authentication Algorithm" (https://support.huaweicloud.com/intl/en-us/devg-apisign/api-sign-algorithm.html)
 * and implemented by the official SDKs (huaweicloud-sdk-nodejs-v3 `auth/AKSKSigner`).
 */
export const ALGORITHM = 'SDK-HMAC-SHA256';

/** Header names as the SDKs spell them on the wire; comparisons are case-insensitive. */
export const HEADER_AUTHORIZATION = 'Authorization';
export const HEADER_SDK_DATE = 'X-Sdk-Date';
export const HEADER_HOST = 'Host';
export const HEADER_SECURITY_TOKEN = 'X-Security-Token';
export const HEADER_CONTENT_SHA256 = 'X-Sdk-Content-Sha256';

/** `X-Sdk-Content-Sha256` value that leaves the body out of the signature. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** The gateway rejects a request whose X-Sdk-Date is more than 15 minutes off. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Headers that always take part in the signature: the gateway insists on `x-sdk-date`, and the
 * SDKs add `host` so the signature cannot be replayed against another endpoint.
 */
export const REQUIRED_SIGNED_HEADERS = ['host', 'x-sdk-date'] as const;

/** Upper bound on a parsed Authorization header, so hostile input stays cheap to reject. */
export const MAX_AUTHORIZATION_LENGTH = 8192;
