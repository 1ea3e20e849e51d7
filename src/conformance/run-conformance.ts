/**
 * `runConformance`: for every operation and every documented example pair, the client side
 * (replayed response through the typed client), the wire side (the typed client's request against
 * the docs' wire) and the server side (the embedded emulator, or a live `baseUrl`), plus the
 * docs' errata, in one report.
 */
import { randomUUID } from 'node:crypto';
import { checkBaseUrl } from '../core/base-url.js';
import { ConfigurationError } from '../core/errors.js';
import { isProviderId, providerIds, type ProviderId } from '../core/provider.js';
import { redactUrl } from '../core/redact.js';
import { checkClientSide, errorText } from './client-check.js';
import type { RunningEmulator, StartEmulator } from './emulator-contract.js';
import { liveCredentialHint } from './live-credentials.js';
import { credentialLabels, secretsOf } from './provider-clients.js';
import { providerSpecs, type ProviderSpec } from './provider-specs.js';
import { scrubReportText } from './safe-text.js';
import { targetRequest } from './scenarios.js';
import { checkServerSide } from './server-check.js';
import { countOperation, elapsedMs, runPassed, summarize } from './summary.js';
import type {
  CheckResult,
  ConformanceCredentials,
  ConformancePair,
  ConformanceProgressEvent,
  ConformanceReport,
  ConformanceSummary,
  ConformanceTarget,
  OperationReport,
  PairReport,
  PairRequest,
  ProviderReport,
  ReportTool,
} from './types.js';
import { checkWire } from './wire-check.js';
import { packageVersion } from '../cli/version.js';
import { runFlows, skippedFlows, uploadFlows, type UploadFlow } from './flows/index.js';

/** Per upload flow: they move a few MiB over loopback, so this is only reached by a hang. */
const FLOW_TIMEOUT_MS = 60_000;

export interface ConformanceOptions {
  /** Default: all four. */
  providers?: ProviderId[];
  /** A live endpoint instead of the embedded emulator. */
  baseUrl?: string;
  /** For a live endpoint (the emulator brings its own). A provider without them skips its server side. */
  credentials?: Partial<ConformanceCredentials>;
  now?: () => Date;
  /** PDS AccessKey signature nonces. */
  nonce?: () => string;
  onProgress?: (event: ConformanceProgressEvent) => void;
  /**
   * Milliseconds since some fixed point, for the report's durations only (never for signatures).
   * Default: `performance.now`. Tests give a fake one: durations are never asserted from real time.
   */
  clock?: () => number;
  /** Who writes the report. Default: drivespec and the version in its package.json. */
  tool?: ReportTool;
  /** The fetch used against the target. Default: the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Milliseconds per request to the target. Default 30 000. */
  timeout?: number;
  /**
   * Run against this emulator (left running) instead of starting one. Give it the same clock as
   * `now`: KooDrive's `X-Date` and the signatures must fall within the emulator's 15-minute window.
   */
  emulator?: RunningEmulator;
  /** How to start the embedded emulator. Default: `startEmulator` from `drivespec/emulator`. */
  startEmulator?: StartEmulator;
  /** Replay these pairs instead of the generated ones (to try a spec change before regenerating). */
  pairs?: Partial<Record<ProviderId, readonly ConformancePair[]>>;
  /** Run these upload flows instead of the built-in ones (flows/). */
  flows?: Partial<Record<ProviderId, readonly UploadFlow[]>>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Used for the client and wire checks when the target gave no credentials: nothing is sent anywhere. */
const REPLAY_CREDENTIALS: ConformanceCredentials = {
  'aliyun-pds': { accessToken: 'replay-access-token' },
  'huawei-metastudio': { token: 'replay-iam-token', projectId: 'replay-project' },
  'tencent-smh': { accessToken: 'replay-access-token', libraryId: 'replay-library' },
  'huawei-koodrive': { accessToken: 'replay-access-token', userId: 'replay-user' },
};

export async function runConformance(options: ConformanceOptions = {}): Promise<ConformanceReport> {
  const providers = options.providers ?? [...providerIds];
  for (const p of providers) {
    if (!isProviderId(p)) throw new ConfigurationError('providers', `unknown provider ${String(p)} (${providerIds.join(', ')})`);
  }
  if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl, 'baseUrl');
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? (() => performance.now());
  const began = clock();
  const startedAt = now();
  const tool = options.tool ?? (await defaultTool());

  let emulator = options.emulator;
  let startedHere = false;
  if (options.baseUrl === undefined && !emulator) {
    const start = options.startEmulator ?? (await loadStartEmulator());
    emulator = await start({ host: '127.0.0.1', port: 0, now });
    startedHere = true;
  }
  try {
    const target: ReplayTarget =
      options.baseUrl !== undefined
        ? { kind: 'live', url: redactUrl(options.baseUrl) }
        : { kind: 'emulator', url: emulator!.url };
    const credentials: Partial<ConformanceCredentials> =
      target.kind === 'emulator' ? emulator!.credentials : (options.credentials ?? {});
    const secrets = [...secretsOf(credentials), ...secretsOf(REPLAY_CREDENTIALS)];
    options.onProgress?.({ type: 'start', target, providers: [...providers] });

    const reports: ProviderReport[] = [];
    for (const provider of providers) {
      const spec = providerSpecs[provider];
      const pairs = options.pairs?.[provider] ?? spec.pairs;
      const run: ProviderRun = {
        spec,
        target,
        emulator,
        targetCredentials: credentials[provider],
        replayCredentials: credentials[provider] ?? REPLAY_CREDENTIALS[provider],
        baseUrl: options.baseUrl ?? emulator!.url,
        // Called as `run.fetch(...)`: the global unbound would get `this` = run, which browsers
        // refuse ("Illegal invocation"), as in src/core/client-options.ts; looked up per call.
        fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
        now,
        // One instant for the wire checks, so date placeholders are known in advance.
        wireNow: () => startedAt,
        nonce: options.nonce ?? randomUUID,
        timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
        // Every reason and note passes here, upstream text included (a target may echo the signed
        // request back in its error code or message).
        scrub: (text) => scrubReportText(text, credentialLabels(provider, credentials), secrets),
        clock,
      };
      const operations: OperationReport[] = [];
      for (const [operationId, op] of Object.entries(spec.operations)) {
        const opPairs = pairs.filter((p) => p.operationId === operationId);
        const report: OperationReport = { operationId, method: op.method, path: op.pathKey, pairs: [], durationMs: 0 };
        const opBegan = clock();
        for (const pair of opPairs) report.pairs.push(await runPair(run, pair, opPairs));
        report.durationMs = elapsedMs(clock, opBegan);
        operations.push(report);
        options.onProgress?.({ type: 'operation', provider, operation: report, counts: countOperation(report) });
      }
      const flows =
        target.kind === 'emulator'
          ? await runFlows({
              flows: options.flows?.[provider] ?? uploadFlows[provider],
              emulator: emulator!,
              fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
              timeoutMs: FLOW_TIMEOUT_MS,
              scrub: run.scrub,
              now,
              clock,
              onFlow: (flow) => options.onProgress?.({ type: 'flow', provider, flow }),
            })
          : skippedFlows(options.flows?.[provider] ?? uploadFlows[provider], 'the upload flows run against the embedded emulator only (they store files)');
      reports.push({ provider, operations, flows, errata: spec.errata.map((e) => ({ ...e })) });
    }

    const summary = summarize(reports);
    const problem = target.kind === 'live' ? nothingCheckedOnTarget(target.url, summary, providers, credentials) : undefined;
    const report: ConformanceReport = {
      ok: runPassed(summary, problem),
      tool,
      ...(problem !== undefined ? { problem } : {}),
      target,
      startedAt: startedAt.toISOString(),
      // Emulator start-up counted; its shutdown (in `finally`) is not, the report exists before it.
      durationMs: elapsedMs(clock, began),
      providers: reports,
      summary,
    };
    options.onProgress?.({ type: 'done', report });
    return report;
  } finally {
    if (startedHere) await emulator!.close();
  }
}

/** The targets a replay run has (a recording is `runHarConformance`'s). */
type ReplayTarget = Extract<ConformanceTarget, { kind: 'emulator' | 'live' }>;

interface ProviderRun {
  spec: ProviderSpec;
  target: ReplayTarget;
  emulator: RunningEmulator | undefined;
  targetCredentials: ConformanceCredentials[ProviderId] | undefined;
  replayCredentials: ConformanceCredentials[ProviderId];
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  now: () => Date;
  wireNow: () => Date;
  nonce: () => string;
  timeout: number;
  scrub: (text: string) => string;
  clock: () => number;
}

export async function defaultTool(): Promise<ReportTool> {
  try {
    return { name: 'drivespec', version: await packageVersion() };
  } catch {
    // A copy of the sources without drivespec's package.json: the report still says who wrote it.
    return { name: 'drivespec', version: 'unknown' };
  }
}

/** The request of a pair, or (for pairs showing only an error body) the operation's documented success request. */
export function requestFor(
  pair: ConformancePair,
  operationPairs: readonly ConformancePair[],
): { request: PairRequest | null; from?: string } {
  if (pair.request) return { request: pair.request };
  const donor =
    operationPairs.find((p) => p.scenario === 'success' && p.request) ?? operationPairs.find((p) => p.request);
  return donor?.request ? { request: donor.request, from: donor.name } : { request: null };
}

async function runPair(run: ProviderRun, pair: ConformancePair, operationPairs: readonly ConformancePair[]): Promise<PairReport> {
  const { request, from } = requestFor(pair, operationPairs);
  const pairBegan = run.clock();
  const guarded = async (check: () => Promise<CheckResult>): Promise<CheckResult> => {
    const began = run.clock();
    let result: CheckResult;
    try {
      result = await check();
    } catch (error) {
      // The harness broke, not the target: the check could not run.
      result = { status: 'errored', reason: `the harness failed: ${errorText(error)}` };
    }
    return {
      status: result.status,
      ...(result.reason !== undefined ? { reason: run.scrub(result.reason) } : {}),
      ...(result.note !== undefined ? { note: run.scrub(result.note) } : {}),
      durationMs: elapsedMs(run.clock, began),
    };
  };

  const client = await guarded(() =>
    checkClientSide({
      spec: run.spec,
      pair,
      request,
      requestFrom: from,
      credentials: run.replayCredentials,
      now: run.now,
    }),
  );
  const wire = await guarded(() =>
    checkWire({ spec: run.spec, pair, credentials: run.replayCredentials, now: run.wireNow }),
  );
  const server = await guarded(async () => {
    const credentials = run.targetCredentials;
    if (!credentials) {
      return { status: 'skipped', reason: `no credentials for ${run.spec.provider}: ${liveCredentialHint[run.spec.provider]}` };
    }
    if (!request) return { status: 'failed', reason: 'no documented request in this operation to build one from' };
    return checkServerSide({
      spec: run.spec,
      pair,
      request: targetRequest(run.spec.provider, request, credentials),
      credentials,
      target: run.target.kind,
      baseUrl: run.baseUrl,
      ...(run.emulator ? { emulator: run.emulator } : {}),
      fetch: run.fetch,
      now: run.now,
      nonce: run.nonce,
      timeout: run.timeout,
    });
  });

  return {
    name: pair.name,
    scenario: pair.scenario,
    source: pair.source,
    status: pair.response.status,
    checks: { client, wire, server },
    durationMs: elapsedMs(run.clock, pairBegan),
  };
}

/**
 * Against a live endpoint the server side is the point: a run in which every server-side check was
 * skipped (typically for want of credentials) checked nothing there, and must not read as a pass.
 */
function nothingCheckedOnTarget(
  url: string,
  summary: ConformanceSummary,
  providers: readonly ProviderId[],
  credentials: Partial<ConformanceCredentials>,
): string | undefined {
  const server = summary.byCheck.server;
  // Errored checks tried and could not reach the target: they fail the run with their own reasons.
  if (server.passed + server.failed + server.errored > 0) return undefined;
  const missing = providers.filter((p) => !credentials[p]);
  const why = missing.length
    ? `no credentials in the environment: ${missing.map((p) => `${p}: ${liveCredentialHint[p]}`).join('; ')}`
    : 'every server-side check was skipped (see the skip reasons)';
  return `no server-side check ran against ${url}; ${why}`;
}

/** The embedded emulator, loaded only when the run needs it (a live run never starts a server). */
async function loadStartEmulator(): Promise<StartEmulator> {
  return (await import('../emulator/index.js')).startEmulator;
}
