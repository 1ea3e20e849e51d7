import { percentDecode } from '../shared/percent-decode.js';

/**
 * CanonicalizedResource: the decoded path, then, when there is a query, `?` and the parameters
 * sorted by name as `name=value`, with `=value` only for a non-empty value (the PDS gateway's
 * `buildCanonicalizedResource`; openapi-util and pop-core always write `=`, which differs for
 * `?flag` and `?name=`). Names and values are decoded, not re-encoded: the gateway signs its
 * query map as is. Repeated names, which that map cannot hold, are all kept, sorted by value.
 * Names sort by UTF-16 code units, as JavaScript's and Java's default string sorts do.
 *
 * In the query (not the path), `+` is a space: the gateway reads its query map the way HTML
 * forms encode it (application/x-www-form-urlencoded, WHATWG URL §5.1), and an official SDK
 * that builds its URL that way (Python's `urlencode`) sends `?sp+ace=v+w` for the map
 * `{ 'sp ace': 'v w' }` it signed. A literal plus travels as `%2B` (encodeURIComponent,
 * Node's `querystring`), so it still signs as `+`.
 */
export function canonicalResource(pathname: string, search: string): string {
  const query = search.startsWith('?') ? search.slice(1) : search;
  const pairs: Array<[string, string]> = [];
  if (query !== '') {
    for (const piece of query.split('&')) {
      if (piece === '') continue;
      const eq = piece.indexOf('=');
      const name = decodeQueryPart(eq < 0 ? piece : piece.slice(0, eq));
      const value = eq < 0 ? '' : decodeQueryPart(piece.slice(eq + 1));
      pairs.push([name, value]);
    }
  }
  const path = percentDecode(pathname);
  if (pairs.length === 0) return path;
  pairs.sort(([an, av], [bn, bv]) => compare(an, bn) || compare(av, bv));
  return `${path}?${pairs.map(([name, value]) => (value === '' ? name : `${name}=${value}`)).join('&')}`;
}

function decodeQueryPart(text: string): string {
  return percentDecode(text.replace(/\+/g, ' '));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
