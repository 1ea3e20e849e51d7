import { percentDecode } from '../shared/percent-decode.js';
import { rfc3986Encode } from '../shared/rfc3986-encode.js';

/**
 * CanonicalQueryString from the query as sent (without `?`): every `name=value` decoded and
 * re-encoded (unreserved kept, uppercase `%XY`, space `%20`), an absent or empty value written as
 * `name=` (a bare flag `?confirm` becomes `confirm=`), pairs sorted by encoded name, repeated
 * names by encoded value, joined by `&`.
 *
 * Sorting happens after encoding, as the algorithm page orders the steps and as the Java SDK
 * does (`TreeMap` keyed by the encoded name); the Node SDK sorts the raw names instead, which
 * only differs when a name holds reserved or non-ASCII characters. Pieces with an empty name
 * (`?&a=1`, `?=x`) are skipped, as in the APIG JavaScript signer.
 */
export function canonicalQuery(search: string): string {
  const query = search.startsWith('?') ? search.slice(1) : search;
  const pairs: Array<[string, string]> = [];
  for (const piece of query.split('&')) {
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    if (name === '') continue;
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    pairs.push([rfc3986Encode(percentDecode(name)), rfc3986Encode(percentDecode(value))]);
  }
  // Encoded text is ASCII, so code-unit order is byte order.
  pairs.sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv));
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
