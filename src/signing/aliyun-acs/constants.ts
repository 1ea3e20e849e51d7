/**
 * The `acs` AccessKey signature of Alibaba Cloud ROA-style APIs (signature version 1.0,
 * HMAC-SHA1), as the PDS gateway of the official SDK sends it:
 * github.com/aliyun/alibabacloud-gateway, file alibabacloud-gateway-pds/main.tea
 * (`getAuthorization`, `buildCanonicalizedHeaders`, `buildCanonicalizedResource`).
 */

/** `Authorization: acs <AccessKeyId>:<Signature>` */
export const AUTHORIZATION_SCHEME = 'acs';
export const SIGNATURE_METHOD = 'HMAC-SHA1';
export const SIGNATURE_VERSION = '1.0';
/** The PDS API version drivespec targets (/work/shared/PROVIDERS.md). */
export const API_VERSION = '2022-03-01';
export const DEFAULT_ACCEPT = 'application/json';
/** What the PDS gateway sets for a JSON body (`reqBodyType == 'json'`). */
export const DEFAULT_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Lowercase header names, as the gateway sends them. */
export const HEADER_AUTHORIZATION = 'authorization';
export const HEADER_DATE = 'date';
export const HEADER_ACCEPT = 'accept';
export const HEADER_CONTENT_TYPE = 'content-type';
export const HEADER_CONTENT_MD5 = 'content-md5';
export const HEADER_VERSION = 'x-acs-version';
export const HEADER_ACTION = 'x-acs-action';
export const HEADER_NONCE = 'x-acs-signature-nonce';
export const HEADER_SIGNATURE_METHOD = 'x-acs-signature-method';
export const HEADER_SIGNATURE_VERSION = 'x-acs-signature-version';
export const HEADER_SECURITY_TOKEN = 'x-acs-security-token';

/** Headers whose names start with this take part in the signature. */
export const SIGNED_HEADER_PREFIX = 'x-acs-';

/** A Date more than 15 minutes off gets HTTP 403. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

export const MAX_AUTHORIZATION_LENGTH = 8192;
