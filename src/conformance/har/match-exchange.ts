/**
 * Which provider operation a recorded exchange is: its host against each spec's `servers`
 * (templates with variables: `{domain_id}.api.aliyunpds.com`, MetaStudio's region enum, KooDrive's
 * and SMH's whole-host `{endpoint}`), then its method, path template and selecting flag against
 * the operation tables, as the emulator's router matches them (ARCHITECTURE.md, "Spec
 * conventions": flagged operations first, then the more concrete template; a multi-segment last
 * parameter spans the remaining segments).
 *
 * A loopback host (`localhost`, 127.0.0.0/8, `[::1]`) serves every provider: that is the
 * emulator (`drivespec emulate`) or a local recording proxy, neither of which is in a spec.
 */
import { providerTables } from '../../../generated/provider-tables.js';
import type { OperationTable, ServerInfo } from '../../core/operation-table.js';
import { byProvider, providerIds, type ProviderId } from '../../core/provider.js';

export interface ExchangeMatch {
  readonly provider: ProviderId;
  readonly op: OperationTable;
  /** Decoded path parameters (a segment that is not valid percent-encoding stays raw). */
  readonly pathParams: Readonly<Record<string, string>>;
}

interface ServerPattern {
  readonly host: RegExp;
  /** The server URL's own path, without a trailing `/` (`''` for none). */
  readonly basePath: string;
}

const serverPatterns: Readonly<Record<ProviderId, readonly ServerPattern[]>> = byProvider((id) =>
  (providerTables[id].servers as readonly ServerInfo[]).map(patternOf),
);

function patternOf(server: ServerInfo): ServerPattern {
  const m = /^https?:\/\/([^/]*)(\/.*)?$/.exec(server.url);
  const hostTemplate = m?.[1] ?? '';
  const basePath = (m?.[2] ?? '').replace(/\/$/, '');
  const escape = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  const source = hostTemplate
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const v = /^\{([^}]+)\}$/.exec(part);
      if (!v) return escape(part.toLowerCase());
      const variable = Object.hasOwn(server.variables, v[1]!) ? server.variables[v[1]!] : undefined;
      if (variable?.enum) return `(?:${variable.enum.map((e) => escape(e.toLowerCase())).join('|')})`;
      // A whole-host variable is any host (and port); inside a name, one or more labels.
      return part === hostTemplate ? '[^/]+' : '[^/:]+';
    })
    .join('');
  return { host: new RegExp(`^${source}$`), basePath };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/** The providers whose servers `url` can be, each with the path below the server's own. */
function candidates(url: URL, providers: readonly ProviderId[]): { provider: ProviderId; path: string }[] {
  const host = url.host.toLowerCase();
  const out: { provider: ProviderId; path: string }[] = [];
  for (const provider of providers) {
    if (isLoopback(url.hostname.toLowerCase())) {
      out.push({ provider, path: url.pathname });
      continue;
    }
    const server = serverPatterns[provider].find(
      (s) => s.host.test(host) && (s.basePath === '' || url.pathname === s.basePath || url.pathname.startsWith(`${s.basePath}/`)),
    );
    if (server) out.push({ provider, path: url.pathname.slice(server.basePath.length) });
  }
  return out;
}

export function matchExchange(method: string, url: URL, providers: readonly ProviderId[] = providerIds): ExchangeMatch | undefined {
  const flags = new Set(url.searchParams.keys());
  let best: (ExchangeMatch & { rank: number[] }) | undefined;
  for (const { provider, path } of candidates(url, providers)) {
    const parts = path.split('/');
    for (const op of Object.values(providerTables[provider].operations) as OperationTable[]) {
      if (op.method !== method || (op.flag !== null && !flags.has(op.flag))) continue;
      const pathParams = matchPath(op, parts);
      if (!pathParams) continue;
      const rank = rankOf(op);
      if (!best || better(rank, best.rank)) best = { provider, op, pathParams, rank };
    }
  }
  return best && { provider: best.provider, op: best.op, pathParams: best.pathParams };
}

function matchPath(op: OperationTable, parts: readonly string[]): Record<string, string> | undefined {
  const segments = op.path.split('/');
  const last = segments.length - 1;
  const lastParam = /^\{(.+)\}$/.exec(segments[last] ?? '')?.[1];
  const spans = lastParam !== undefined && op.parameters.some((p) => p.in === 'path' && p.name === lastParam && p.multiSegment);
  if (spans ? parts.length < segments.length : parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of segments.entries()) {
    const param = /^\{(.+)\}$/.exec(segment)?.[1];
    if (param === undefined) {
      if (parts[i] !== segment) return undefined;
      continue;
    }
    const raw = spans && i === last ? parts.slice(i) : [parts[i]!];
    if (raw.some((r) => r === '')) return undefined;
    Object.defineProperty(params, param, { value: raw.map(decode).join('/'), enumerable: true, writable: true, configurable: true });
  }
  return params;
}

/** Flagged before unflagged; then, segment by segment, a literal before a parameter. */
function rankOf(op: OperationTable): number[] {
  return [op.flag === null ? 1 : 0, ...op.path.split('/').map((s) => (s.startsWith('{') ? 1 : 0))];
}

function better(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
