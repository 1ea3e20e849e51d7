/**
 * Which operation a raw (path-based) call is, by its path key or by the URL it built, and the two
 * path conventions openapi-fetch does not know (ARCHITECTURE.md, "Spec conventions"): a path key
 * ending in `?flag` (SMH `…/{ConfirmKey}?renew`: the flag selects the operation, and is sent as a
 * bare query flag, never as part of the path), and a multi-segment path parameter (SMH
 * `FilePath`, each `/`-separated segment percent-encoded, the `/`s kept).
 */
import type { Client } from 'openapi-fetch';
import type { OperationTable } from './operation-table.js';
import { queryParameterNames } from './query.js';

/** The operation a raw call's path key names (`path` or `path?flag`), or `METHOD path`. */
export function operationIdForPath(tables: readonly OperationTable[], method: string, path: string): string {
  return (
    tables.find((op) => op.method === method && op.pathKey === path)?.operationId ??
    tables.find((op) => op.method === method && op.path === path)?.operationId ??
    `${method} ${path}`
  );
}

/** Per table: its path as a regular expression (a multi-segment parameter spans segments). */
const patterns = new WeakMap<OperationTable, RegExp>();

function patternOf(op: OperationTable): RegExp {
  let pattern = patterns.get(op);
  if (pattern === undefined) {
    const multi = new Set(op.parameters.filter((p) => p.multiSegment).map((p) => p.name));
    const source = op.path
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\{([^}]+)\}/g, (_, name: string) => (multi.has(name) ? '[^/]+(?:/[^/]+)*' : '[^/]+'));
    patterns.set(op, (pattern = new RegExp(`^${source}$`)));
  }
  return pattern;
}

export function operationIdForUrl(tables: readonly OperationTable[], baseUrl: string, request: Request): string {
  const base = new URL(baseUrl).pathname.replace(/\/$/, '');
  const url = new URL(request.url);
  const path = url.pathname.slice(base.length);
  const names = queryParameterNames(url.search);
  let best: OperationTable | undefined;
  for (const op of tables) {
    if (op.method !== request.method || (op.flag !== null && !names.has(op.flag)) || !patternOf(op).test(path)) continue;
    if (!best || moreSpecific(op, best)) best = op;
  }
  return best?.operationId ?? `${request.method} ${path}`;
}

/** A flagged operation before an unflagged one, then the more concrete template. */
function moreSpecific(a: OperationTable, b: OperationTable): boolean {
  if ((a.flag === null) !== (b.flag === null)) return a.flag !== null;
  return moreConcrete(a.path, b.path);
}

/** A multi-segment value as a path: each segment percent-encoded, the `/`s between them kept. */
export function encodePathSegments(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

/**
 * The path template openapi-fetch should fill for `op`, with its multi-segment parameter already
 * written in (openapi-fetch would encode its `/`s as `%2F`), and the path parameters left for
 * it to fill.
 */
export function requestTemplate(
  op: OperationTable,
  pathParams: Record<string, unknown> | undefined,
): { path: string; pathParams: Record<string, unknown> | undefined } {
  const multi = op.parameters.find((p) => p.in === 'path' && p.multiSegment);
  if (!multi || !pathParams || typeof pathParams[multi.name] !== 'string') return { path: op.path, pathParams };
  const { [multi.name]: value, ...rest } = pathParams;
  return { path: op.path.replace(`{${multi.name}}`, () => encodePathSegments(value as string)), pathParams: rest };
}

const RAW_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * The raw client taking the spec's path keys: a key `path?flag` is called as `path` with the flag
 * in the query (openapi-fetch would append its query after the key's `?`), and a multi-segment
 * parameter is written into the path. Other paths pass through unchanged.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same Client type it is given
export function rawClientWithPathKeys<C extends Client<any>>(client: C, tables: readonly OperationTable[]): C {
  const rewrite = (method: string, path: unknown, init: unknown): [unknown, unknown] => {
    const op = tables.find((t) => t.method === method.toUpperCase() && t.pathKey === path);
    if (!op || (op.flag === null && !op.parameters.some((p) => p.multiSegment))) return [path, init];
    const given = (init ?? {}) as { params?: { path?: Record<string, unknown>; query?: Record<string, unknown> } };
    const template = requestTemplate(op, given.params?.path);
    const query = op.flag === null || given.params?.query?.[op.flag] !== undefined ? given.params?.query : { [op.flag]: '', ...given.params?.query };
    const params = { ...given.params, ...(template.pathParams ? { path: template.pathParams } : {}), ...(query ? { query } : {}) };
    return [template.path, { ...given, params }];
  };
  const wrapped: Record<string, unknown> = { ...(client as object) };
  const methods = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of RAW_METHODS) {
    wrapped[method] = (path: unknown, init?: unknown) => methods[method]!(...rewrite(method, path, init));
  }
  wrapped.request = (method: string, path: unknown, init?: unknown) => methods.request!(method, ...rewrite(String(method), path, init));
  return wrapped as C;
}

/**
 * Whether template `a` is more concrete than `b` (both matching one path): a literal segment where
 * the other has a parameter, at the first position they differ (OpenAPI path matching).
 */
function moreConcrete(a: string, b: string): boolean {
  const [sa, sb] = [a.split('/'), b.split('/')];
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    const [pa, pb] = [sa[i]!.startsWith('{'), sb[i]!.startsWith('{')];
    if (pa !== pb) return pb;
  }
  return false;
}

