/**
 * Routes requests to operations by method and path template, straight from the generated
 * operation tables (the four providers' paths do not collide). Path parameters are matched on
 * the raw path, one segment each, and decoded; they are not judged here. Whether an id is
 * acceptable is the spec's to say (the `ResourceId` schema of each spec), and the generated
 * parameters validator says it after authentication, as a Huawei API Gateway authenticates
 * before the service validates (issue 9 item 10): a bad id with bad credentials is a 401.
 */
import type { OperationTable } from '../core/operation-client.js';
import type { ProviderEmulator } from './providers/provider.js';
import { tryDecode } from './request-target.js';

type Segment = { literal: string } | { param: string };

interface Route {
  provider: ProviderEmulator;
  op: OperationTable;
  segments: Segment[];
}

export type RouteMatch =
  | {
      kind: 'operation';
      provider: ProviderEmulator;
      op: OperationTable;
      /** Decoded segments; a segment that is not valid percent-encoding is kept raw. */
      pathParams: Record<string, string>;
      /** The first path parameter that is not valid percent-encoding (answered after authentication). */
      undecodable?: string;
    }
  | { kind: 'wrong-method'; provider: ProviderEmulator; allowed: string[] }
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
    let undecodable: string | undefined;
    for (const [i, segment] of route.segments.entries()) {
      if (!('param' in segment)) continue;
      const decoded = tryDecode(parts[i]!);
      if (decoded === undefined) undecodable ??= segment.param;
      pathParams[segment.param] = decoded ?? parts[i]!;
    }
    return { kind: 'operation', provider: route.provider, op: route.op, pathParams, ...(undecodable ? { undecodable } : {}) };
  };
}
