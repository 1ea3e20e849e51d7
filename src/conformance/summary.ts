/** Counting checks, for the report's summary and the reporters' progress lines. */
import type { ProviderId } from '../core/provider.js';
import {
  checkKinds,
  type CheckCounts,
  type CheckKind,
  type ConformanceReport,
  type ConformanceSummary,
  type OperationReport,
  type ProviderReport,
} from './types.js';

/** A check that failed or could not run, named for a log line, an annotation or a summary table. */
export interface FailingCheck {
  provider: ProviderId;
  status: 'failed' | 'errored';
  kind: CheckKind | 'flow';
  /** Absent for a flow. */
  operationId?: string;
  /** The pair's name, or the flow's. */
  name: string;
  /** The documented HTTP status of the pair (absent for a flow). */
  httpStatus?: number;
  reason: string;
  note?: string;
}

/** Every failed or errored check and flow, in the report's order. */
export function failingChecks(report: ConformanceReport): FailingCheck[] {
  const out: FailingCheck[] = [];
  for (const provider of report.providers) {
    for (const operation of provider.operations) {
      for (const pair of operation.pairs) {
        for (const kind of checkKinds) {
          const check = pair.checks[kind];
          if (check.status !== 'failed' && check.status !== 'errored') continue;
          out.push({
            provider: provider.provider,
            status: check.status,
            kind,
            operationId: operation.operationId,
            name: pair.name,
            httpStatus: pair.status,
            reason: check.reason ?? check.status,
            ...(check.note !== undefined ? { note: check.note } : {}),
          });
        }
      }
    }
    for (const flow of provider.flows) {
      if (flow.status !== 'failed' && flow.status !== 'errored') continue;
      out.push({ provider: provider.provider, status: flow.status, kind: 'flow', name: flow.name, reason: flow.reason ?? flow.status });
    }
  }
  return out;
}

export function emptyCounts(): CheckCounts {
  return { passed: 0, failed: 0, errored: 0, skipped: 0 };
}

export function countOperation(operation: OperationReport, into: CheckCounts = emptyCounts()): CheckCounts {
  for (const pair of operation.pairs) for (const kind of checkKinds) into[pair.checks[kind].status]++;
  return into;
}

export function summarize(providers: readonly ProviderReport[]): ConformanceSummary {
  const byCheck = { client: emptyCounts(), wire: emptyCounts(), server: emptyCounts() };
  const flows = emptyCounts();
  let operations = 0;
  let pairs = 0;
  let errata = 0;
  for (const provider of providers) {
    errata += provider.errata.length;
    for (const flow of provider.flows) flows[flow.status]++;
    for (const operation of provider.operations) {
      operations++;
      for (const pair of operation.pairs) {
        pairs++;
        for (const kind of checkKinds) byCheck[kind][pair.checks[kind].status]++;
      }
    }
  }
  const total = (status: keyof CheckCounts) => checkKinds.reduce((n, kind) => n + byCheck[kind][status], flows[status]);
  const passed = total('passed');
  const failed = total('failed');
  const errored = total('errored');
  const skipped = total('skipped');
  return {
    providers: providers.length,
    operations,
    pairs,
    checks: passed + failed + errored + skipped,
    passed,
    failed,
    errored,
    skipped,
    errata,
    byCheck,
    flows,
  };
}

/**
 * A run's verdict, for every runner (run-conformance.ts, har/run-har-conformance.ts): nothing
 * failed, nothing errored (a check that could not run is never a pass), and no run-level problem.
 */
export function runPassed(summary: ConformanceSummary, problem: string | undefined): boolean {
  return summary.failed === 0 && summary.errored === 0 && problem === undefined;
}

/** Whole milliseconds since `from` on the injected clock (never negative, whatever that clock does). */
export function elapsedMs(clock: () => number, from: number): number {
  return Math.max(0, Math.round(clock() - from));
}
