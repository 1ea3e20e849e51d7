import { trimOws } from '../shared/header-map.js';
import { canonicalAcsHeaders } from './canonical-headers.js';
import { HEADER_ACCEPT, HEADER_CONTENT_MD5, HEADER_CONTENT_TYPE, HEADER_DATE } from './constants.js';
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
export async function computeAcsSignature(input: AcsSignatureInput): Promise<{ stringToSign: string; signature: string }> {
  const header = (name: string) => trimOws(input.headers.get(name) ?? '');
  const stringToSign = acsStringToSign({
    method: input.method,
    accept: header(HEADER_ACCEPT),
    contentMd5: header(HEADER_CONTENT_MD5),
    contentType: header(HEADER_CONTENT_TYPE),
    date: header(HEADER_DATE),
    canonicalHeaders: canonicalAcsHeaders(input.headers),
    canonicalResource: canonicalResource(input.target.pathname, input.target.search),
  });
  return { stringToSign, signature: await acsSignature(input.accessKeySecret, stringToSign) };
}
