/**
 * The conformance harness's data: the documented pairs it replays (as generated into
 * `generated/<provider>/examples.ts`) and the report it produces.
 */
import type { FlowReport } from './flows/run-flows.js';
import type { ProviderId } from '../core/provider.js';

/** `x-drivespec-conformance[].scenario`: how the harness provokes the same class of answer. */
export type Scenario =
  | 'success'
  | 'invalid-parameter'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'hash-mismatch'
  | 'internal-error';

export interface PairRequest {
  readonly path: Readonly<Record<string, unknown>>;
  readonly query: Readonly<Record<string, unknown>>;
  readonly header: Readonly<Record<string, unknown>>;
  /** Absent when the operation is called without a body. */
  readonly body?: unknown;
}

/** What the docs show on the wire; credentials appear as `{placeholders}` named after security schemes. */
export interface WireExpectation {
  readonly method: string;
  /** Path and query string, exactly as documented (bare flags and order included). */
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** One documented example pair, resolved to concrete values (a row of `examples.ts`). */
export interface ConformancePair {
  readonly operationId: string;
  readonly name: string;
  readonly scenario: string;
  readonly source: string;
  /** `null` when the docs show only the error body. */
  readonly request: PairRequest | null;
  readonly response: { readonly status: number; readonly body?: unknown };
  readonly wire: WireExpectation | null;
}

/** One `x-drivespec-errata` record: a provider's type table contradicted by its own example. */
export interface Erratum {
  readonly operationId: string;
  readonly field: string;
  readonly documentedType: string;
  readonly exampleValue: unknown;
  readonly decision: string;
  readonly reason: string;
  readonly source: string;
}

/**
 * Credentials the harness uses against a target (and substitutes for the wire's placeholders).
 * The emulator's `EmulatorCredentials` fit this shape.
 */
export interface ConformanceCredentials {
  'aliyun-pds': {
    accessToken?: string;
    shareToken?: string;
    accessKeyId?: string;
    accessKeySecret?: string;
    domainId?: string;
  };
  'huawei-metastudio': { token?: string; ak?: string; sk?: string; projectId: string };
  'tencent-smh': { accessToken: string; libraryId: string };
  'huawei-koodrive': { accessToken: string; userId: string };
}

/**
 * `failed`: the check ran and the target (or client, or docs) is wrong. `errored`: the check could
 * not run (nothing listening, a timeout, the harness or the emulator broke), so it says nothing
 * about the target either way; it fails the run like a failure, but is counted and reported apart
 * (JUnit `<error>`). `skipped`: not applicable here (no credentials, a scenario a live endpoint
 * cannot be brought into).
 */
export type CheckStatus = 'passed' | 'failed' | 'errored' | 'skipped';
export type CheckKind = 'client' | 'wire' | 'server';
export const checkKinds: readonly CheckKind[] = ['client', 'wire', 'server'];

export interface CheckResult {
  status: CheckStatus;
  /** Why it failed or was skipped (never a secret). */
  reason?: string;
  /** Anything the reader should know about how it was checked (never a secret). */
  note?: string;
  /** Milliseconds the check took, from the run's injected clock (set by `runConformance`). */
  durationMs?: number;
}

export interface PairReport {
  name: string;
  scenario: string;
  source: string;
  /** The documented HTTP status. */
  status: number;
  checks: Record<CheckKind, CheckResult>;
  /** Milliseconds for the pair's three checks together. */
  durationMs: number;
}

export interface OperationReport {
  operationId: string;
  method: string;
  path: string;
  pairs: PairReport[];
  /** Milliseconds for all the operation's pairs. */
  durationMs: number;
}

export interface ProviderReport {
  provider: ProviderId;
  operations: OperationReport[];
  /** The whole-upload flows (flows/), against the emulator; skipped against a live endpoint. */
  flows: FlowReport[];
  errata: Erratum[];
}

export type ConformanceTarget =
  | { kind: 'emulator'; url: string }
  | { kind: 'live'; url: string }
  /** Recorded traffic (`--har FILE`): `url` is the file as given. */
  | { kind: 'har'; url: string };

/** What a `--har` run read: every entry is a checked exchange or counted as skipped. */
export interface HarSummary {
  entries: number;
  /** Entries matched to a provider operation, each a pair of the report. */
  checked: number;
  /** Entries that are no call to a drivespec operation (other hosts, storage uploads, preflights). */
  notOperations: number;
  /** Entries of a provider left out by the provider filter. */
  filteredOut: number;
}

export interface CheckCounts {
  passed: number;
  failed: number;
  /** Checks that could not run (see `CheckStatus`). */
  errored: number;
  skipped: number;
}

export interface ConformanceSummary extends CheckCounts {
  providers: number;
  operations: number;
  pairs: number;
  checks: number;
  errata: number;
  byCheck: Record<CheckKind, CheckCounts>;
  /** The upload flows' results (also in the totals above). */
  flows: CheckCounts;
}

/** The program that wrote a report (`name` and `version` from drivespec's package.json). */
export interface ReportTool {
  name: string;
  version: string;
}

export interface ConformanceReport {
  /**
   * `true` when no check failed or errored (skips do not fail a run) and, against a live endpoint,
   * at least one server-side check ran (a live run that checked nothing on the target is no pass).
   */
  ok: boolean;
  /** Who wrote the report; `version` is `'unknown'` when the caller gave none. */
  tool: ReportTool;
  /** Why the run fails although no check failed (one line, never a secret). */
  problem?: string;
  target: ConformanceTarget;
  /** From the injected clock. */
  startedAt: string;
  /** Milliseconds for the whole run, emulator start-up included, from the injected clock. */
  durationMs: number;
  providers: ProviderReport[];
  summary: ConformanceSummary;
  /** Only in a `--har` run. */
  har?: HarSummary;
}

export type ConformanceProgressEvent =
  | { type: 'start'; target: ConformanceTarget; providers: ProviderId[] }
  | { type: 'operation'; provider: ProviderId; operation: OperationReport; counts: CheckCounts }
  | { type: 'flow'; provider: ProviderId; flow: FlowReport }
  | { type: 'done'; report: ConformanceReport };
