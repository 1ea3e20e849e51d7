/**
 * ACS4-HMAC-SHA256, the PDS gateway's second AccessKey signature (`signature_version: 'v4'`): the
 * entry for the PDS client, the emulator and the CLI, with each step exported for tests and
 * debugging (a failing vector names the step).
 */
export { signAliyunAcs4Request } from './sign-aliyun-acs4-request.js';
export { verifyAliyunAcs4Signature } from './verify-aliyun-acs4-signature.js';
export type {
  Acs4Credentials,
  Acs4IncomingRequest,
  Acs4SignedRequest,
  Acs4SigningRequest,
  Acs4SignOptions,
  Acs4VerifyOptions,
} from './types.js';
export { canonicalAcs4Headers } from './canonical-headers.js';
export { acs4CanonicalRequest } from './canonical-request.js';
export { acs4PayloadHash } from './payload-hash.js';
export { acs4StringToSign } from './string-to-sign.js';
export { acs4SigningKey } from './signing-key.js';
export { acs4Signature } from './signature.js';
export { acs4Region } from './region.js';
export { credentialScope } from './scope.js';
export { formatAcs4Date, parseAcs4Date, scopeDate } from './format-date.js';
export { formatAcs4Authorization, parseAcs4Authorization } from './authorization.js';
export { ALGORITHM, DEFAULT_MAX_SKEW_MS } from './constants.js';
