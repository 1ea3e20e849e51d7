/**
 * Routes requests to operations by method and path template, straight from the generated
 * operation tables (the four providers' paths do not collide), then to the operation's own
 * handler, looked up by operation id: a route whose operation has no handler is
 * `not-implemented` (answered with the provider's "API does not exist" error), never another
 * operation's handler (issue 10 item 3). Path parameters are matched on the raw path, one
 * segment each, and decoded; they are not judged here. Whether an id is acceptable is the
 * spec's to say (the `ResourceId` schema of each spec), and the generated parameters validator
 * says it after authentication, as a Huawei API Gateway authenticates before the service
 * validates (issue 9 item 10): a bad id with bad credentials is a 401.
 *
 * Two path conventions (ARCHITECTURE.md, "Spec conventions"): an operation whose path key ends in
 * `?flag` matches only a query carrying that bare flag (SMH `?confirm`, `?renew`, `?upload`,
 * `?multipart` share paths), and is preferred to an unflagged operation on the same path; a
 * multi-segment parameter (SMH `FilePath`) spans one or more segments, each decoded, and a
 * segment that decodes to a `/` makes it undecodable (the `/`s are the segment separators).
 */
import type { OperationTable } from '../core/operation-table.js';
import { handlerFor, type Handler, type ProviderEmulator } from './providers/provider.js';
import { queryParameterNames } from '../core/query.js';
import { tryDecode } from './request-target.js';

type Segment = { literal: string } | { param: string };

interface Route {
  provider: ProviderEmulator;
  op: OperationTable;
  handler: Handler | undefined;
  segments: Segment[];
  /** The last segment's parameter spans one or more segments. */
  multiSegment: boolean;
}

export type RouteMatch =
  | {
      kind: 'operation';
      provider: ProviderEmulator;
      op: OperationTable;
      handler: Handler;
      /** Decoded segments; a segment that is not valid percent-encoding is kept raw. */
      pathParams: Record<string, string>;
      /** The first path parameter that is not valid percent-encoding (answered after authentication). */
      undecodable?: string;
    }
  /** An operation of the spec without a handler in the emulator. */
  | { kind: 'not-implemented'; provider: ProviderEmulator; op: OperationTable }
  | { kind: 'wrong-method'; provider: ProviderEmulator; allowed: string[] }
  /** Path and method are an API's, but the query carries none of the flags that select its operations. */
  | { kind: 'no-operation'; provider: ProviderEmulator; method: string; flags: string[] }
  | { kind: 'none' };

export type Router = (method: string, rawPath: string, rawQuery?: string) => RouteMatch;

export function createRouter(providers: readonly ProviderEmulator[]): Router {
  const routes: Route[] = providers.flatMap((provider) =>
    Object.values(provider.operations).map((op) => {
      const segments = op.path.split('/').map((s): Segment => {
        const m = /^\{(.+)\}$/.exec(s);
        return m ? { param: m[1]! } : { literal: s };
      });
      const last = segments.at(-1);
      const multiSegment = !!last && 'param' in last && op.parameters.some((p) => p.in === 'path' && p.name === last.param && p.multiSegment);
      return { provider, op, handler: handlerFor(provider.handlers, op.operationId), segments, multiSegment };
    }),
  );
  // A concrete segment before a template parameter, at the first position they differ (OpenAPI:
  // concrete paths match before templated ones), so `/files/zip/complete` is not answered by
  // `/files/{file_id}/complete`. The sort is stable: otherwise the table's order stays. Routes
  // compete only with routes of as many segments; ordering by length first keeps the comparator
  // a total order (a shorter path "equal" to two longer ones that differ broke it: CreateFile's
  // `/v1/{project_id}/files` beside the two `…/files/…/complete` rows).
  routes.sort((a, b) => {
    if (a.segments.length !== b.segments.length) return a.segments.length - b.segments.length;
    for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
      const d = Number('param' in a.segments[i]!) - Number('param' in b.segments[i]!);
      if (d !== 0) return d;
    }
    return 0;
  });

  // Exact segment counts first, then (stable) the multi-segment routes; a flagged route before an
  // unflagged one, which the segment order above leaves in the table's order.
  routes.sort((a, b) => Number(a.multiSegment) - Number(b.multiSegment) || Number(a.op.flag === null) - Number(b.op.flag === null));

  // The routes per segment count, in the sorted order: a request is compared with those only, and
  // with the multi-segment routes of at most as many segments.
  const bySegments = new Map<number, Route[]>();
  const multi = routes.filter((r) => r.multiSegment);
  for (const r of routes) if (!r.multiSegment) bySegments.set(r.segments.length, [...(bySegments.get(r.segments.length) ?? []), r]);

  const candidatesOf = (parts: readonly string[]): Route[] =>
    [...(bySegments.get(parts.length) ?? []), ...multi.filter((r) => r.segments.length <= parts.length)].filter((r) =>
      r.segments.every((s, i) => !('literal' in s) || s.literal === parts[i]),
    );
  // The candidates of each path of the table that has no parameter (every PDS path), computed
  // once: a request for one of them skips the scan. Keyed by the spec's own paths only, so the
  // map is as large as the tables and a client cannot grow it.
  // `paramFree`: none of the candidates has a parameter either (a template of another provider
  // could match the same path), so no path parameter needs the path's segments.
  const literalCandidates = new Map<string, { routes: Route[]; paramFree: boolean }>();
  const isLiteral = (r: Route) => r.segments.every((s) => 'literal' in s);
  for (const r of routes) {
    if (isLiteral(r) && !literalCandidates.has(r.op.path)) {
      const found = candidatesOf(r.op.path.split('/'));
      literalCandidates.set(r.op.path, { routes: found, paramFree: found.every(isLiteral) });
    }
  }

  return (method, rawPath, rawQuery = '') => {
    const known = literalCandidates.get(rawPath);
    if (known?.paramFree) return select(known.routes, method, rawQuery, undefined);
    const parts = rawPath.split('/');
    return select(known?.routes ?? candidatesOf(parts), method, rawQuery, parts);
  };

  /** The operation among the routes matching the path; `parts` undefined when none has a parameter. */
  function select(candidates: Route[], method: string, rawQuery: string, parts: string[] | undefined): RouteMatch {
    if (candidates.length === 0) return { kind: 'none' };
    const sameMethod = candidates.filter((r) => r.op.method === method);
    if (sameMethod.length === 0) {
      return { kind: 'wrong-method', provider: candidates[0]!.provider, allowed: [...new Set(candidates.map((r) => r.op.method))] };
    }
    const flags = sameMethod.some((r) => r.op.flag !== null) ? queryParameterNames(rawQuery) : undefined;
    const route = sameMethod.find((r) => r.op.flag === null || flags!.has(r.op.flag));
    if (!route) {
      return { kind: 'no-operation', provider: sameMethod[0]!.provider, method, flags: sameMethod.map((r) => r.op.flag!) };
    }
    if (!route.handler) return { kind: 'not-implemented', provider: route.provider, op: route.op };
    const pathParams: Record<string, string> = {};
    if (parts === undefined) return { kind: 'operation', provider: route.provider, op: route.op, handler: route.handler, pathParams };
    let undecodable: string | undefined;
    for (const [i, segment] of route.segments.entries()) {
      if (!('param' in segment)) continue;
      const spans = route.multiSegment && i === route.segments.length - 1;
      const raw = spans ? parts.slice(i) : [parts[i]!];
      const decoded = raw.map(tryDecode);
      // A multi-segment value's `/`s separate its segments: one inside a segment (`%2F`) is not a name.
      if (decoded.some((d) => d === undefined || (spans && d.includes('/')))) undecodable ??= segment.param;
      pathParams[segment.param] = decoded.every((d) => d !== undefined) ? decoded.join('/') : raw.join('/');
    }
    return {
      kind: 'operation',
      provider: route.provider,
      op: route.op,
      handler: route.handler,
      pathParams,
      ...(undecodable ? { undecodable } : {}),
    };
  }
}
