/**
 * The `acs` AccessKey signature (HMAC-SHA1, ROA style) for Alibaba Cloud PDS: the entry for
 * clients, the emulator and the CLI, with the step functions exported for tests and debugging.
 */
export { signAliyunAcsRequest } from './sign-aliyun-acs-request.js';
export { verifyAliyunAcsSignature } from './verify-aliyun-acs-signature.js';
export type {
  AcsCredentials,
  AcsIncomingRequest,
  AcsSignedRequest,
  AcsSigningRequest,
  AcsSignOptions,
  AcsVerifyOptions,
} from './types.js';
export { acsStringToSign } from './string-to-sign.js';
export { canonicalAcsHeaders } from './canonical-headers.js';
export { canonicalResource } from './canonical-resource.js';
export { acsSignature } from './signature.js';
export { formatAcsDate } from './format-date.js';
export { parseAcsDate } from './parse-date.js';
export { formatAcsAuthorization, parseAcsAuthorization } from './authorization.js';
export { API_VERSION, DEFAULT_MAX_SKEW_MS } from './constants.js';
