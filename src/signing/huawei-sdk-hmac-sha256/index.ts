/**
 * SDK-HMAC-SHA256 (Huawei Cloud API gateway AK/SK signing): the entry for clients, the emulator
 * and the CLI. The step functions are exported too, so tests and debugging tools can name the
 * step that differs.
 */
export { signHuaweiRequest } from './sign-huawei-request.js';
export { verifyHuaweiSignature } from './verify-huawei-signature.js';
export type {
  HuaweiCredentials,
  HuaweiIncomingRequest,
  HuaweiSignedRequest,
  HuaweiSignOptions,
  HuaweiSigningRequest,
  HuaweiVerifyOptions,
} from './types.js';
export { canonicalUri } from './canonical-uri.js';
export { canonicalQuery } from './canonical-query.js';
export { canonicalHeaders, signedHeaderList } from './canonical-headers.js';
export { payloadHash } from './payload-hash.js';
export { canonicalRequest } from './canonical-request.js';
export { hashCanonicalRequest, stringToSign } from './string-to-sign.js';
export { signature } from './signature.js';
export { formatSdkDate } from './format-date.js';
export { parseSdkDate } from './parse-date.js';
export { formatAuthorization, parseAuthorization } from './authorization.js';
export { ALGORITHM, DEFAULT_MAX_SKEW_MS, UNSIGNED_PAYLOAD } from './constants.js';
