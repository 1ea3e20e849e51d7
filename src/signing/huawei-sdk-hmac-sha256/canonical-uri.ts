import { percentDecode } from '../shared/percent-decode.js';
import { rfc3986Encode } from '../shared/rfc3986-encode.js';

/**
 * CanonicalURI: the path split on `/`, each segment decoded and re-encoded with only RFC 3986
 * unreserved characters kept, and a trailing `/` appended when missing. The slash is for signing
 * only: the gateway routes `/test` and `/test/` to different APIs, so the request keeps its path.
 *
 * Segments are decoded first because `pathname` is the wire form (`new URL` has already escaped
 * spaces and non-ASCII): encoding it again would sign `%2520` for a space. Huawei's APIG
 * JavaScript signer also decodes before encoding (`decodeURI(path)`, then `urlEncode` per
 * segment); decoding per segment here keeps an escaped `/` (`%2F`) inside its segment.
 */
export function canonicalUri(pathname: string): string {
  const encoded = pathname
    .split('/')
    .map((segment) => rfc3986Encode(percentDecode(segment)))
    .join('/');
  return encoded.endsWith('/') ? encoded : `${encoded}/`;
}
