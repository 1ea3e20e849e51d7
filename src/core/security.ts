/**
 * Where a credential goes, as the spec's security scheme says (generated
 * `<provider>/operations.ts` `securitySchemes`): a header, the query string, or
 * `Authorization: Bearer <value>` for an HTTP bearer scheme. Provider modules name the scheme;
 * they do not repeat its header name.
 */
import { DrivespecError } from './errors.js';
import type { SecuritySchemeInfo } from './operation-table.js';

/** The header a scheme writes, or `undefined` for a query scheme. */
export function schemeHeader(scheme: SecuritySchemeInfo): string | undefined {
  if (scheme.type === 'http') return 'Authorization';
  if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) return scheme.name;
  if (scheme.type === 'apiKey' && scheme.in === 'query') return undefined;
  // A scheme the generator wrote but this layer cannot place: a broken build, not a caller's error.
  throw new DrivespecError(`security scheme ${scheme.type}/${String(scheme.in)} is not supported`);
}

/** Sets a credential on a request the way its scheme says (header schemes only). */
export function applySchemeHeader(headers: Headers, scheme: SecuritySchemeInfo, value: string): void {
  const header = schemeHeader(scheme);
  if (header === undefined) throw new DrivespecError(`security scheme ${String(scheme.name)} travels in the query, not a header`);
  const bearer = scheme.type === 'http' && scheme.scheme?.toLowerCase() === 'bearer';
  headers.set(header, bearer ? `Bearer ${value}` : value);
}

/** The query parameter of a query scheme and its value (SMH's `access_token`). */
export function schemeQuery(scheme: SecuritySchemeInfo, value: string): Record<string, string> {
  if (scheme.type !== 'apiKey' || scheme.in !== 'query' || !scheme.name) {
    throw new DrivespecError(`security scheme ${String(scheme.name)} is not a query scheme`);
  }
  return { [scheme.name]: value };
}
