import type { IncomingHeaders } from '../shared/header-map.js';

/** A request about to be sent. `url` is absolute, or an origin-form path. */
export interface AcsSigningRequest {
  method: string;
  url: string | URL;
  headers: Record<string, string>;
  /** Not part of the signature: the SDK gateway leaves Content-MD5 empty (a caller may set it). */
  body?: string | Uint8Array;
}

/** A RAM AccessKey; `securityToken` comes with STS credentials. */
export interface AcsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface AcsSignOptions {
  now: () => Date;
  /** A value unique per request (the SDKs use a UUID), sent as x-acs-signature-nonce. */
  nonce: () => string;
  /** The operation name, sent as x-acs-action (`GetFile`, `CompleteFile`). */
  action: string;
}

export interface AcsSignedRequest {
  /**
   * Headers to add, lowercase: date, x-acs-version, x-acs-action, x-acs-signature-nonce,
   * x-acs-signature-method, x-acs-signature-version, accept and content-type (unless the request
   * has its own), x-acs-security-token (STS), authorization.
   */
  headers: Record<string, string>;
  stringToSign: string;
  signature: string;
}

/** A request as a server received it. */
export interface AcsIncomingRequest {
  method: string;
  url: string | URL;
  headers: IncomingHeaders;
  body?: string | Uint8Array;
}

export interface AcsVerifyOptions {
  now: () => Date;
  /** Largest accepted distance between Date and `now()`, either way. Default 15 minutes. */
  maxSkewMs?: number;
}
