import type { IncomingHeaders } from '../shared/header-map.js';

/** A request about to be sent. `url` is absolute, or an origin-form path with a Host header. */
export interface HuaweiSigningRequest {
  method: string;
  url: string | URL;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/** An IAM access key; `securityToken` comes with temporary (STS) keys. */
export interface HuaweiCredentials {
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface HuaweiSignOptions {
  now: () => Date;
}

export interface HuaweiSignedRequest {
  /** Headers to add to the request: X-Sdk-Date, Authorization, X-Security-Token (STS), Host (when absent). */
  headers: Record<string, string>;
  canonicalRequest: string;
  hashedCanonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** The SignedHeaders list as it appears in the Authorization header (`a;b;c`). */
  signedHeaders: string;
}

/** A request as a server received it (the emulator passes Node's `req.headers` as is). */
export interface HuaweiIncomingRequest {
  method: string;
  url: string | URL;
  headers: IncomingHeaders;
  body?: string | Uint8Array;
}

export interface HuaweiVerifyOptions {
  now: () => Date;
  /** Largest accepted distance between X-Sdk-Date and `now()`, either way. Default 15 minutes. */
  maxSkewMs?: number;
}
