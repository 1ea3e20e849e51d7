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
 */
import type { OperationTable } from '../core/operation-table.js';
import { handlerFor, type Handler, type ProviderEmulator } from './providers/provider.js';
import { tryDecode } from './request-target.js';

type Segment = { literal: string } | { param: string };

interface Route {
  provider: ProviderEmulator;
  op: OperationTable;
  handler: Handler | undefined;
  segments: Segment[];
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
  | { kind: 'none' };

export function createRouter(providers: readonly ProviderEmulator[]): (method: string, rawPath: string) => RouteMatch {
  const routes: Route[] = providers.flatMap((provider) =>
    Object.values(provider.operations).map((op) => ({
      provider,
      op,
      handler: handlerFor(provider.handlers, op.operationId),
      segments: op.path.split('/').map((s): Segment => {
        const m = /^\{(.+)\}$/.exec(s);
        return m ? { param: m[1]! } : { literal: s };
      }),
    })),
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

  // The routes per segment count, in the sorted order: a request is compared with those only.
  const bySegments = new Map<number, Route[]>();
  for (const r of routes) bySegments.set(r.segments.length, [...(bySegments.get(r.segments.length) ?? []), r]);

  return (method, rawPath) => {
    const parts = rawPath.split('/');
    const candidates = (bySegments.get(parts.length) ?? []).filter((r) =>
      r.segments.every((s, i) => !('literal' in s) || s.literal === parts[i]),
    );
    if (candidates.length === 0) return { kind: 'none' };
    const route = candidates.find((r) => r.op.method === method);
    if (!route) {
      return { kind: 'wrong-method', provider: candidates[0]!.provider, allowed: [...new Set(candidates.map((r) => r.op.method))] };
    }
    if (!route.handler) return { kind: 'not-implemented', provider: route.provider, op: route.op };
    const pathParams: Record<string, string> = {};
    let undecodable: string | undefined;
    for (const [i, segment] of route.segments.entries()) {
      if (!('param' in segment)) continue;
      const decoded = tryDecode(parts[i]!);
      if (decoded === undefined) undecodable ??= segment.param;
      pathParams[segment.param] = decoded ?? parts[i]!;
    }
    return {
      kind: 'operation',
      provider: route.provider,
      op: route.op,
      handler: route.handler,
      pathParams,
      ...(undecodable ? { undecodable } : {}),
    };
  };
}
