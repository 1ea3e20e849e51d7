/** Which operation a raw (path-based) call is: by its path template, or by the URL it built. */
import type { OperationTable } from './operation-table.js';

/** The operation a raw call's path template names, or `METHOD path`. */
export function operationIdForPath(tables: readonly OperationTable[], method: string, path: string): string {
  return tables.find((op) => op.method === method && op.path === path)?.operationId ?? `${method} ${path}`;
}

export function operationIdForUrl(tables: readonly OperationTable[], baseUrl: string, request: Request): string {
  const base = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = new URL(request.url).pathname.slice(base.length);
  let best: OperationTable | undefined;
  for (const op of tables) {
    const pattern = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (op.method === request.method && pattern.test(path) && (!best || moreConcrete(op.path, best.path))) best = op;
  }
  return best?.operationId ?? `${request.method} ${path}`;
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

