/** Which operation a raw (path-based) call is: by its path template, or by the URL it built. */
import type { OperationTable } from './operation-table.js';

/** The operation a raw call's path template names, or `METHOD path`. */
export function operationIdForPath(tables: readonly OperationTable[], method: string, path: string): string {
  return tables.find((op) => op.method === method && op.path === path)?.operationId ?? `${method} ${path}`;
}

export function operationIdForUrl(tables: readonly OperationTable[], baseUrl: string, request: Request): string {
  const base = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = new URL(request.url).pathname.slice(base.length);
  for (const op of tables) {
    const pattern = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (op.method === request.method && pattern.test(path)) return op.operationId;
  }
  return `${request.method} ${path}`;
}

