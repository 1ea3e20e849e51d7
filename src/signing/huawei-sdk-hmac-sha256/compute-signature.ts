import { canonicalHeaders } from './canonical-headers.js';
import { canonicalQuery } from './canonical-query.js';
import { canonicalRequest } from './canonical-request.js';
import { canonicalUri } from './canonical-uri.js';
import { payloadHash } from './payload-hash.js';
import { signature } from './signature.js';
import { hashCanonicalRequest, stringToSign } from './string-to-sign.js';

export interface SignatureInput {
  method: string;
  /** Path and query as sent. */
  target: { pathname: string; search: string };
  /** Keyed by lowercase name, including host and x-sdk-date. */
  headers: ReadonlyMap<string, string>;
  signedHeaders: readonly string[];
  body: string | Uint8Array | undefined;
  sdkDate: string;
  sk: string;
}

export interface SignatureSteps {
  canonicalRequest: string;
  hashedCanonicalRequest: string;
  stringToSign: string;
  signature: string;
}

/** The chain of steps shared by the signer and the verifier, each intermediate kept for tests and debugging. */
export async function computeSignature(input: SignatureInput): Promise<SignatureSteps> {
  const canonical = canonicalRequest({
    method: input.method,
    canonicalUri: canonicalUri(input.target.pathname),
    canonicalQuery: canonicalQuery(input.target.search),
    canonicalHeaders: canonicalHeaders(input.headers, input.signedHeaders),
    signedHeaders: input.signedHeaders,
    payloadHash: await payloadHash(input.body, input.headers),
  });
  const hashed = await hashCanonicalRequest(canonical);
  const toSign = stringToSign(input.sdkDate, hashed);
  return {
    canonicalRequest: canonical,
    hashedCanonicalRequest: hashed,
    stringToSign: toSign,
    signature: await signature(input.sk, toSign),
  };
}
