import type { AcsCredentials, AcsIncomingRequest, AcsSigningRequest, AcsSignOptions, AcsVerifyOptions } from '../aliyun-acs/types.js';

/** The request, credentials and options are those of `acs`; only the body now takes part. */
export type Acs4SigningRequest = AcsSigningRequest;
export type Acs4Credentials = AcsCredentials;
export type Acs4SignOptions = AcsSignOptions;
export type Acs4IncomingRequest = AcsIncomingRequest;
export type Acs4VerifyOptions = AcsVerifyOptions;

export interface Acs4SignedRequest {
  /**
   * Headers to add, lowercase: date, x-acs-version, x-acs-action, x-acs-signature-nonce,
   * x-acs-date, x-acs-content-sha256, accept and content-type (unless the request has its own),
   * x-acs-security-token (STS), authorization.
   */
  headers: Record<string, string>;
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
}
