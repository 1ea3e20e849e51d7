/**
 * `runHarConformance`: every exchange of a HAR recording (a browser's or proxy's export of real
 * calls) that is a call to one of the specs' operations, checked against the spec, in the same
 * report as a replay run (types.ts), so every reporter and exit code applies. A PUT to a URL an
 * earlier recorded answer handed out is that operation's storage upload, checked against its
 * `x-drivespec-transfer` (check-transfer.ts) as a pair of that operation. Other entries are
 * counted, not failed. Secrets found anywhere in the recording are
 * removed from every reason, note and name before the report leaves this module.
 */
import { ConfigurationError } from '../../core/errors.js';
import { isProviderId, providerIds, type ProviderId } from '../../core/provider.js';
import { isSecretHeader, isSecretQueryParam } from '../../core/redact.js';
import type { ProviderSpec } from '../provider-specs.js';
import { defaultTool } from '../run-conformance.js';
import { providerSpecs } from '../provider-specs.js';
import { scrubReportText } from '../safe-text.js';
import { countOperation, elapsedMs, runPassed, summarize } from '../summary.js';
import type {
  CheckResult,
  ConformanceCredentials,
  ConformanceProgressEvent,
  ConformanceReport,
  ConformanceTarget,
  HarSummary,
  OperationReport,
  PairReport,
  ProviderReport,
  ReportTool,
} from '../types.js';
import { checkExchange } from './check-exchange.js';
import { checkTransfer } from './check-transfer.js';
import { matchExchange } from './match-exchange.js';
import { handedOutUrls, matchTransfer, type HandedOutUrl } from './match-transfer.js';
import type { HarExchange } from './parse-har.js';
import { readHarFile, type ReadHarOptions } from './read-har-file.js';

export interface HarConformanceOptions extends ReadHarOptions {
  /** The HAR file to read (or give `exchanges`). */
  file?: string;
  /** Already parsed (`parseHar`); `file` then only names the recording in the report. */
  exchanges?: readonly HarExchange[];
  /** How the report names the recording (default: `file`). */
  label?: string;
  /** Default: all four. Exchanges of other providers are counted as filtered out. */
  providers?: ProviderId[];
  now?: () => Date;
  /** Milliseconds since a fixed point, for the report's durations only. Default: `performance.now`. */
  clock?: () => number;
  /** Who writes the report. Default: drivespec and the version in its package.json. */
  tool?: ReportTool;
  onProgress?: (event: ConformanceProgressEvent) => void;
}

/** The typed client replays recorded answers with these; nothing is sent anywhere. */
const REPLAY_CREDENTIALS: ConformanceCredentials = {
  'aliyun-pds': { accessToken: 'replay-access-token' },
  'huawei-metastudio': { token: 'replay-iam-token', projectId: 'replay-project' },
  'tencent-smh': { accessToken: 'replay-access-token', libraryId: 'replay-library' },
  'huawei-koodrive': { accessToken: 'replay-access-token', userId: 'replay-user' },
};

export async function runHarConformance(options: HarConformanceOptions): Promise<ConformanceReport> {
  const providers = options.providers ?? [...providerIds];
  for (const p of providers) {
    if (!isProviderId(p)) throw new ConfigurationError('providers', `unknown provider ${String(p)} (${providerIds.join(', ')})`);
  }
  if (options.file === undefined && options.exchanges === undefined) throw new ConfigurationError('file', 'give a HAR file or its exchanges');
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? (() => performance.now());
  const began = clock();
  const startedAt = now();
  const tool = options.tool ?? (await defaultTool());
  const exchanges = options.exchanges ?? (await readHarFile(options.file!, options));
  const file = options.label ?? options.file ?? 'recording';
  const target: ConformanceTarget = { kind: 'har', url: file };
  const secrets = secretIndex(exchanges);
  options.onProgress?.({ type: 'start', target, providers: [...providers] });

  const har: HarSummary = { entries: exchanges.length, checked: 0, notOperations: 0, filteredOut: 0 };
  const byOperation = new Map<ProviderId, Map<string, PairReport[]>>();
  const handedOut: HandedOutUrl[] = [];
  const record = (provider: ProviderId, operationId: string, pair: PairReport) => {
    const ops = byOperation.get(provider) ?? new Map<string, PairReport[]>();
    byOperation.set(provider, ops);
    const present = secrets.in(textsOf(pair).join('\n'));
    const scrub = (text: string) => scrubReportText(text, {}, present);
    ops.set(operationId, [...(ops.get(operationId) ?? []), scrubPair(pair, scrub)]);
  };
  for (const exchange of exchanges) {
    const match = matchExchange(exchange.method, exchange.url);
    if (!match) {
      const upload = matchTransfer(exchange.method, exchange.url, handedOut);
      if (!upload) har.notOperations++;
      else if (!providers.includes(upload.provider)) har.filteredOut++;
      else {
        har.checked++;
        record(upload.provider, upload.match.op.operationId, checkTransfer({ exchange, handedOut: upload, file, clock }));
      }
      continue;
    }
    if (!providers.includes(match.provider)) {
      har.filteredOut++;
      continue;
    }
    har.checked++;
    const spec: ProviderSpec = providerSpecs[match.provider];
    let pair: PairReport;
    try {
      pair = await checkExchange({ spec, match, exchange, file, replayCredentials: REPLAY_CREDENTIALS[match.provider], now, clock });
    } catch (error) {
      // The harness's own bug: the entry could not be checked (errored, which fails the run), never a crash with a stack.
      const failed: CheckResult = { status: 'errored', reason: `the harness failed on this entry (${error instanceof Error ? error.name : 'error'})` };
      pair = {
        name: `entry ${exchange.index}: ${exchange.method} ${exchange.url.pathname}`,
        scenario: 'recorded',
        source: `${file} entry ${exchange.index}`,
        status: exchange.status,
        checks: { client: failed, wire: failed, server: failed },
        durationMs: 0,
      };
    }
    record(match.provider, match.op.operationId, pair);
    if (match.op.transfer && exchange.status >= 200 && exchange.status < 300 && handedOut.length < MAX_HANDED_OUT) {
      const answer = jsonOf(exchange.responseBody);
      if (answer !== undefined) {
        handedOut.push(...handedOutUrls({ provider: match.provider, match, sourceIndex: exchange.index, answer, requestBody: jsonOf(exchange.requestBody) }));
      }
    }
  }

  const reports: ProviderReport[] = [];
  for (const provider of providers) {
    const ops = byOperation.get(provider);
    if (!ops) continue;
    const spec = providerSpecs[provider];
    const operations: OperationReport[] = [];
    for (const [operationId, op] of Object.entries(spec.operations)) {
      const pairs = ops.get(operationId);
      if (!pairs) continue;
      const durationMs = pairs.reduce((n, p) => n + p.durationMs, 0);
      const report: OperationReport = { operationId, method: op.method, path: op.pathKey, pairs, durationMs };
      operations.push(report);
      options.onProgress?.({ type: 'operation', provider, operation: report, counts: countOperation(report) });
    }
    reports.push({ provider, operations, flows: [], errata: spec.errata.map((e) => ({ ...e })) });
  }

  const summary = summarize(reports);
  const problem =
    har.checked === 0
      ? `no entry of the HAR file is a call to a drivespec operation${providers.length < providerIds.length ? ` of ${providers.join(', ')}` : ''} (${har.entries} entries, ${har.notOperations} of other services${har.filteredOut ? `, ${har.filteredOut} filtered out` : ''})`
      : undefined;
  const report: ConformanceReport = {
    ok: runPassed(summary, problem),
    tool,
    ...(problem !== undefined ? { problem } : {}),
    target,
    startedAt: startedAt.toISOString(),
    durationMs: elapsedMs(clock, began),
    providers: reports,
    summary,
    har,
  };
  options.onProgress?.({ type: 'done', report });
  return report;
}

/** A bound on the upload URLs remembered from a recording's answers. */
const MAX_HANDED_OUT = 100_000;

/** A recorded JSON body, or `undefined`. */
function jsonOf(body: HarExchange['responseBody']): unknown {
  if (body.state !== 'recorded') return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(body.bytes)) as unknown;
  } catch {
    return undefined;
  }
}

function textsOf(pair: PairReport): string[] {
  const checks = [pair.checks.client, pair.checks.wire, pair.checks.server];
  return [pair.name, pair.source, ...checks.flatMap((c) => [c.reason ?? '', c.note ?? ''])];
}

function scrubPair(pair: PairReport, scrub: (text: string) => string): PairReport {
  const check = (c: CheckResult): CheckResult => ({
    ...c,
    ...(c.reason !== undefined ? { reason: scrub(c.reason) } : {}),
    ...(c.note !== undefined ? { note: scrub(c.note) } : {}),
  });
  return {
    ...pair,
    name: scrub(pair.name),
    source: scrub(pair.source),
    checks: { client: check(pair.checks.client), wire: check(pair.checks.wire), server: check(pair.checks.server) },
  };
}

const MAX_SCANNED_BODY = 4 * 1024 * 1024;
/** `?name=value` / `&name=value` / `;name=value` in a URL anywhere in a body. */
const URL_QUERY_FIELD = /[?&;]([A-Za-z0-9_.%-]{1,64})=([^&#\s"'<>]+)/g;
/** A multipart part's name and its first value line (RFC 7578 §4.2). */
const MULTIPART_FIELD = /content-disposition:[^\r\n]*\bname="([^"\r\n]{1,64})"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([^\r\n]+)/gi;

function decodeName(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Words of credential headers that are no secret: auth schemes and signature field names. */
const NOT_SECRET = new Set(['bearer', 'basic', 'acs', 'sdk-hmac-sha256', 'access', 'signedheaders', 'signature', 'credential']);

/**
 * Every secret of the recording, and for one pair's texts the few of them that occur there (as
 * is, percent-encoded or JSON-pointer-escaped, the forms `redactSecrets` removes): scrubbing each
 * text with every secret of a long recording (one signature per signed request) would build
 * secrets x texts regular expressions; `includes` over one pair's joined texts is cheap.
 */
function secretIndex(exchanges: readonly HarExchange[]): { in: (text: string) => string[] } {
  const all = harSecrets(exchanges).map((secret) => ({
    secret,
    forms: [...new Set([secret, encodeURIComponent(secret), encodeURIComponent(secret).toLowerCase(), secret.replace(/~/g, '~0').replace(/\//g, '~1')])],
  }));
  return {
    in: (text) => {
      const lower = text.toLowerCase();
      return all.filter(({ forms }) => forms.some((f) => text.includes(f) || (f.includes('%') && lower.includes(f.toLowerCase())))).map((s) => s.secret);
    },
  };
}

/**
 * Every secret the given exchanges hold, to be removed from report text wherever it turns up (an
 * error message echoing a token, a path with a token in it): the values of secret headers and
 * query parameters, each token in them (`Bearer t`, `acs AK:sig`, `Access=AK, Signature=hex`),
 * cookie values, and the secret query values of URLs in bodies (signed upload links).
 * Secret-named fields elsewhere are left to `scrubReportText`'s name rules.
 */
export function harSecrets(exchanges: readonly HarExchange[]): string[] {
  const found = new Set<string>();
  const piece = (value: string) => {
    if (value.length >= 6 && !NOT_SECRET.has(value.toLowerCase())) found.add(value);
  };
  const add = (value: string) => {
    const v = value.trim();
    if (v.length < 4) return;
    found.add(v);
    // `Bearer t`, `acs AK:sig`, `Access=AK, SignedHeaders=a;b, Signature=hex`, `a=1; b=2` (cookies).
    // The signed header names are no secret (and hold `;`, which separates cookies).
    for (const part of v.split(/[\s,&]+/).flatMap((p) => (/^signedheaders=/i.test(p) ? [] : p.split(';')))) {
      const named = /^([A-Za-z][A-Za-z0-9_-]*)=(.*)$/.exec(part);
      if (!named) {
        for (const p of part.split(':')) piece(p);
        continue;
      }
      const [, name, rest] = named as unknown as [string, string, string];
      // A Credential is `<AccessKeyId>/<date>/<region>/...`.
      piece(rest);
      if (name.toLowerCase() === 'credential') piece(rest.split('/')[0]!);
    }
  };
  for (const e of exchanges) {
    for (const h of [...e.requestHeaders, ...e.responseHeaders]) {
      if (isSecretHeader(h.name) || /token|secret|signature|session|api-?key/i.test(h.name)) add(h.value);
    }
    for (const [name, value] of e.url.searchParams) if (isSecretQueryParam(name) || /token|secret|signature|key/i.test(name)) add(value);
    // Answers hand out signed URLs (upload links): their signatures are secrets too. A form's
    // secret-named fields (`access_token=…` first in an urlencoded body, a multipart part named
    // so, a HAR `params` entry) are secrets as well.
    const secretName = (name: string) => isSecretQueryParam(name) || /token|secret|signature|key/i.test(name);
    if (e.requestBody.state === 'form') {
      for (const p of e.requestBody.params) {
        if (p.value === undefined) continue;
        if (secretName(p.name)) add(p.value);
        for (const m of p.value.slice(0, MAX_SCANNED_BODY).matchAll(URL_QUERY_FIELD)) if (isSecretQueryParam(decodeName(m[1]!))) add(decodeName(m[2]!));
      }
    }
    for (const body of [e.requestBody, e.responseBody]) {
      if (body.state !== 'recorded' || body.bytes.length > MAX_SCANNED_BODY) continue;
      const text = new TextDecoder().decode(body.bytes);
      for (const m of text.matchAll(URL_QUERY_FIELD)) {
        if (isSecretQueryParam(decodeName(m[1]!))) add(decodeName(m[2]!));
      }
      if (body === e.requestBody) {
        for (const m of text.matchAll(/(?:^|&)([A-Za-z0-9_.%+-]{1,64})=([^&#\s"'<>]+)/g)) if (secretName(decodeName(m[1]!))) add(decodeName(m[2]!));
        for (const m of text.matchAll(MULTIPART_FIELD)) if (secretName(m[1]!)) add(m[2]!);
      }
    }
  }
  // Longest first, so a value is removed whole before its pieces.
  return [...found].sort((a, b) => b.length - a.length);
}
