/**
 * SDK-HMAC-SHA256, the AK/SK scheme of Huawei Cloud's API gateway (APIG), as described in
 * Huawei Cloud's API Signature Guide, "AK/SK Signing and Authentication Algorithm"
 * (https://support.huaweicloud.com/devg-apisign/apisign-devg-pdf.pdf, chapter 2), and implemented
 * by the official SDKs (huaweicloud-sdk-nodejs-v3 `auth/AKSKSigner`, huaweicloud-sdk-java-v3
 * `core/auth/AKSKSigner.java`, huaweicloud-sdk-go-v3 `core/auth/signer/signer.go`).
 */
export const ALGORITHM = 'SDK-HMAC-SHA256';

/** Header names as the SDKs spell them on the wire (what the signer returns). */
export const HEADER = {
  authorization: 'Authorization',
  sdkDate: 'X-Sdk-Date',
  host: 'Host',
  securityToken: 'X-Security-Token',
} as const;

/** The same names lowercased: header maps are keyed this way, and SignedHeaders lists them so. */
export const KEY = {
  authorization: 'authorization',
  sdkDate: 'x-sdk-date',
  host: 'host',
  securityToken: 'x-security-token',
  /** A precomputed body hash, or UNSIGNED_PAYLOAD. */
  contentSha256: 'x-sdk-content-sha256',
  /** HTTP/2's stand-in for Host (RFC 9113 §8.3.1). */
  authority: ':authority',
} as const;

/** `X-Sdk-Content-Sha256` value that leaves the body out of the signature. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** The gateway rejects a request whose X-Sdk-Date is more than 15 minutes off. */
export const DEFAULT_MAX_SKEW_MS = 15 * 60 * 1000;

/**
 * Headers that always take part in the signature: the gateway insists on `x-sdk-date`, and the
 * SDKs add `host` so the signature cannot be replayed against another endpoint.
 */
export const REQUIRED_SIGNED_HEADERS = [KEY.host, KEY.sdkDate] as const;

/** Upper bound on a parsed Authorization header, so hostile input stays cheap to reject. */
export const MAX_AUTHORIZATION_LENGTH = 8192;
