/**
 * Routes requests to operations by method and path template, straight from the generated
 * operation tables (the four providers' paths do not collide). Path parameters are matched on
 * the raw path, one segment each, then decoded and checked with `isSafeId`.
 */
import type { OperationTable } from '../core/operation-client.js';
import type { ProviderEmulator } from './providers/provider.js';
import { isSafeId, tryDecode, unsafeIdReason } from './request-target.js';

type Segment = { literal: string } | { param: string };

interface Route {
  provider: ProviderEmulator;
  op: OperationTable;
  segments: Segment[];
}

export type RouteMatch =
  | { kind: 'operation'; provider: ProviderEmulator; op: OperationTable; pathParams: Record<string, string> }
  | { kind: 'wrong-method'; provider: ProviderEmulator; allowed: string[] }
  | { kind: 'bad-id'; provider: ProviderEmulator; op: OperationTable; name: string; reason: string }
  | { kind: 'none' };

export function createRouter(providers: readonly ProviderEmulator[]): (method: string, rawPath: string) => RouteMatch {
  const routes: Route[] = providers.flatMap((provider) =>
    Object.values(provider.operations).map((op) => ({
      provider,
      op,
      segments: op.path.split('/').map((s): Segment => {
        const m = /^\{(.+)\}$/.exec(s);
        return m ? { param: m[1]! } : { literal: s };
      }),
    })),
  );

  return (method, rawPath) => {
    const parts = rawPath.split('/');
    const candidates = routes.filter(
      (r) => r.segments.length === parts.length && r.segments.every((s, i) => !('literal' in s) || s.literal === parts[i]),
    );
    if (candidates.length === 0) return { kind: 'none' };
    const route = candidates.find((r) => r.op.method === method);
    if (!route) {
      return { kind: 'wrong-method', provider: candidates[0]!.provider, allowed: [...new Set(candidates.map((r) => r.op.method))] };
    }
    const pathParams: Record<string, string> = {};
    for (const [i, segment] of route.segments.entries()) {
      if (!('param' in segment)) continue;
      const decoded = tryDecode(parts[i]!);
      if (decoded === undefined) {
        return { kind: 'bad-id', provider: route.provider, op: route.op, name: segment.param, reason: 'is not valid percent-encoding' };
      }
      if (!isSafeId(decoded)) {
        return { kind: 'bad-id', provider: route.provider, op: route.op, name: segment.param, reason: unsafeIdReason(decoded) };
      }
      pathParams[segment.param] = decoded;
    }
    return { kind: 'operation', provider: route.provider, op: route.op, pathParams };
  };
}
