import { canonicalResource } from '../aliyun-acs/canonical-resource.js';
import { canonicalAcs4Headers } from './canonical-headers.js';
import { acs4CanonicalRequest } from './canonical-request.js';
import { acs4Signature } from './signature.js';
import { cachedAcs4SigningKey } from './signing-key.js';
import { acs4StringToSign } from './string-to-sign.js';

export interface Acs4SignatureInput {
  method: string;
  /** Path and query as sent. */
  target: { pathname: string; search: string };
  /** Keyed by lowercase name. */
  headers: ReadonlyMap<string, string>;
  /** Hex SHA-256 of the body (`acs4PayloadHash`). */
  payloadHash: string;
  /** `YYYYMMDD` and region of the credential scope. */
  date: string;
  region: string;
  accessKeySecret: string;
}

export interface Acs4SignatureSteps {
  canonicalRequest: string;
  stringToSign: string;
  signedHeaders: string;
  signature: string;
}

/**
 * The chain shared by signer and verifier. The canonical resource is `acs`'s (decoded path,
 * sorted query, `name` alone for an empty value): the gateway builds both versions with the same
 * `build_canonicalized_resource`.
 */
export async function computeAcs4Signature(input: Acs4SignatureInput): Promise<Acs4SignatureSteps> {
  const { canonicalHeaders, signedHeaders } = canonicalAcs4Headers(input.headers);
  const canonicalRequest = acs4CanonicalRequest({
    method: input.method,
    canonicalResource: canonicalResource(input.target.pathname, input.target.search),
    canonicalHeaders,
    signedHeaders,
    payloadHash: input.payloadHash,
  });
  const stringToSign = await acs4StringToSign(canonicalRequest);
  const signingKey = await cachedAcs4SigningKey(input.accessKeySecret, input.date, input.region);
  return { canonicalRequest, stringToSign, signedHeaders, signature: await acs4Signature(signingKey, stringToSign) };
}
