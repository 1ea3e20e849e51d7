import { trimOws } from '../shared/header-map.js';
import { canonicalAcsHeaders } from './canonical-headers.js';
import { canonicalResource } from './canonical-resource.js';
import { acsSignature } from './signature.js';
import { acsStringToSign } from './string-to-sign.js';

export interface AcsSignatureInput {
  method: string;
  /** Path and query as sent. */
  target: { pathname: string; search: string };
  /** Keyed by lowercase name. */
  headers: ReadonlyMap<string, string>;
  accessKeySecret: string;
}

/** The steps shared by signer and verifier. Absent Accept/Content-MD5/Content-Type/Date sign as empty lines. */
export function computeAcsSignature(input: AcsSignatureInput): { stringToSign: string; signature: string } {
  const header = (name: string) => trimOws(input.headers.get(name) ?? '');
  const stringToSign = acsStringToSign({
    method: input.method,
    accept: header('accept'),
    contentMd5: header('content-md5'),
    contentType: header('content-type'),
    date: header('date'),
    canonicalHeaders: canonicalAcsHeaders(input.headers),
    canonicalResource: canonicalResource(input.target.pathname, input.target.search),
  });
  return { stringToSign, signature: acsSignature(input.accessKeySecret, stringToSign) };
}
