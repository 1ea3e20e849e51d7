import type { AcsCredentials, AcsIncomingRequest, AcsSigningRequest, AcsSignOptions, AcsVerifyOptions } from '../aliyun-acs/types.js';

/** The request, credentials and options are those of `acs`; only the body now takes part. */
export type Acs4SigningRequest = AcsSigningRequest;
export type Acs4Credentials = AcsCredentials;
export interface Acs4SignOptions extends AcsSignOptions {
  /**
   * Whether to set (and so sign) the `Date` header; default true, as the official SDK does. Pass
   * false where the request cannot carry Date (a page: it is a forbidden request header): the
   * canonical Date line is then empty, as the gateway builds it for a request without Date, any
   * Date the caller passed is removed, and the signed time is x-acs-date's alone.
   */
  dateHeader?: boolean;
}
export type Acs4IncomingRequest = AcsIncomingRequest;
export type Acs4VerifyOptions = AcsVerifyOptions;

export interface Acs4SignedRequest {
  /**
   * Headers to add, lowercase: date (unless `dateHeader: false`), x-acs-version, x-acs-action, x-acs-signature-nonce,
   * x-acs-date, x-acs-content-sha256, accept and content-type (unless the request has its own),
   * x-acs-security-token (STS), authorization.
   */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
}
