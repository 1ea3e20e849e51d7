/** Counting checks, for the report's summary and the reporters' progress lines. */
import { checkKinds, type CheckCounts, type ConformanceSummary, type OperationReport, type ProviderReport } from './types.js';

export function emptyCounts(): CheckCounts {
  return { passed: 0, failed: 0, skipped: 0 };
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
  const skipped = total('skipped');
  return {
    providers: providers.length,
    operations,
    pairs,
    checks: passed + failed + skipped,
    passed,
    failed,
    skipped,
    errata,
    byCheck,
    flows,
  };
}
