/**
 * The readable report: a progress line per operation as it finishes (with every failure, why it
 * failed and its note under it, and the wire notes), then a summary and the docs' errata per provider.
 */
import type { ProviderId } from '../core/provider.js';
import type { FlowReport } from './flows/run-flows.js';
import { countOperation } from './summary.js';
import {
  checkKinds,
  type CheckCounts,
  type ConformanceReport,
  type ConformanceTarget,
  type Erratum,
  type OperationReport,
} from './types.js';

export function formatStartLine(target: ConformanceTarget, providers: readonly ProviderId[]): string {
  const where =
    target.kind === 'emulator'
      ? `the embedded emulator at ${target.url}`
      : target.kind === 'har'
        ? `the recorded traffic in ${target.url}`
        : `the live endpoint ${target.url}`;
  return `drivespec conformance: ${providers.join(', ')} against ${where}\n`;
}

/**
 * `PASS aliyun-pds CompleteFile  4 pairs: 9 passed, 0 failed, 3 skipped`, then details. PASS
 * needs a server-side check that passed: an operation whose server side was skipped throughout
 * (no credentials for a live endpoint) checked nothing on the target and reads SKIP, not PASS.
 */
export function formatProgressLine(provider: ProviderId, operation: OperationReport, counts = countOperation(operation)): string {
  const serverPassed = operation.pairs.some((p) => p.checks.server.status === 'passed');
  const verdict = counts.failed ? 'FAIL' : serverPassed ? 'PASS' : 'SKIP';
  const lines = [
    `${verdict} ${provider} ${operation.operationId}  ${operation.pairs.length} pairs: ${formatCounts(counts)}${verdict === 'SKIP' ? '; no server-side check ran' : ''}`,
  ];
  for (const pair of operation.pairs) {
    for (const kind of checkKinds) {
      const check = pair.checks[kind];
      if (check.status === 'failed') {
        lines.push(`  x ${pair.name} (${pair.scenario}, HTTP ${pair.status}) ${kind}: ${check.reason ?? 'failed'}`);
        if (check.note) lines.push(`      note: ${check.note}`);
      } else if (kind === 'wire' && check.note) {
        lines.push(`  - ${pair.name} ${kind}: ${check.note}`);
      }
    }
  }
  return `${lines.join('\n')}\n`;
}

/** `PASS tencent-smh flow upload  (12 ms) what it proves`, and why under a failure. */
export function formatFlowLine(provider: ProviderId, flow: FlowReport): string {
  const verdict = flow.status === 'passed' ? 'PASS' : flow.status === 'failed' ? 'FAIL' : 'SKIP';
  const lines = [`${verdict} ${provider} flow ${flow.name}  ${flow.description}`];
  if (flow.status === 'failed') lines.push(`  x ${flow.reason ?? 'failed'}`);
  return `${lines.join('\n')}\n`;
}

export function formatCounts(counts: CheckCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

/** The summary, the skip reasons by count, the errata and the verdict. */
export function formatPrettySummary(report: ConformanceReport): string {
  const s = report.summary;
  const lines: string[] = [
    '',
    `Summary: ${s.providers} providers, ${s.operations} operations, ${s.pairs} ${report.har ? 'recorded exchanges' : 'documented pairs'}, ${s.checks} checks`,
  ];
  if (report.har) {
    const h = report.har;
    lines.push(
      `  HAR     ${h.entries} entries: ${h.checked} checked, ${h.notOperations} not a drivespec operation${h.filteredOut ? `, ${h.filteredOut} of providers left out` : ''}`,
    );
  }
  for (const kind of checkKinds) lines.push(`  ${kind.padEnd(6)}  ${formatCounts(s.byCheck[kind])}`);
  lines.push(`  flows   ${formatCounts(s.flows)}`);
  lines.push(`  total   ${formatCounts(s)}`);

  const skips = skipReasons(report);
  if (skips.length) {
    lines.push('', 'Skipped:');
    for (const [reason, count] of skips) lines.push(`  ${String(count).padStart(3)} x ${reason}`);
  }

  lines.push('', `Errata: ${s.errata} recorded contradictions between a provider's type tables and its own examples`);
  for (const provider of report.providers) {
    lines.push('', `${provider.provider} (${provider.errata.length})`);
    if (provider.errata.length) lines.push(...errataTable(provider.errata));
    else lines.push('  none recorded');
  }

  lines.push(
    '',
    report.ok
      ? `conformance: OK (${s.passed} passed, ${s.skipped} skipped)`
      : s.failed === 0 && report.problem !== undefined
        ? `conformance: FAILED (${report.problem})`
        : `conformance: FAILED (${s.failed} failed ${s.failed === 1 ? 'check' : 'checks'})`,
  );
  return `${lines.join('\n')}\n`;
}

/** Start line, every progress line and the summary: the whole pretty report at once (`--out`). */
export function formatPrettyReport(report: ConformanceReport): string {
  const parts = [formatStartLine(report.target, report.providers.map((p) => p.provider))];
  for (const provider of report.providers) {
    for (const operation of provider.operations) parts.push(formatProgressLine(provider.provider, operation));
    for (const flow of provider.flows) parts.push(formatFlowLine(provider.provider, flow));
  }
  parts.push(formatPrettySummary(report));
  return parts.join('');
}

function skipReasons(report: ConformanceReport): [string, number][] {
  const counts = new Map<string, number>();
  for (const provider of report.providers) {
    for (const operation of provider.operations) {
      for (const pair of operation.pairs) {
        for (const kind of checkKinds) {
          const check = pair.checks[kind];
          if (check.status !== 'skipped') continue;
          const key = `${kind}: ${check.reason ?? 'skipped'}`;
          counts.set(key, (counts.get(key) ?? 0) + 1);
        }
      }
    }
    for (const flow of provider.flows) {
      if (flow.status !== 'skipped') continue;
      const key = `flow: ${flow.reason ?? 'skipped'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

const COLUMNS = [
  { title: 'operation', width: 18, cell: (e: Erratum) => e.operationId },
  { title: 'field', width: 34, cell: (e: Erratum) => e.field },
  { title: 'documented type', width: 30, cell: (e: Erratum) => e.documentedType },
  { title: 'example value', width: 24, cell: (e: Erratum) => JSON.stringify(e.exampleValue) ?? 'undefined' },
  { title: 'decision', width: 60, cell: (e: Erratum) => e.decision },
] as const;

function errataTable(errata: readonly Erratum[]): string[] {
  const row = (cells: string[]) =>
    `  ${cells.map((c, i) => fit(c, COLUMNS[i]!.width).padEnd(COLUMNS[i]!.width)).join('  ')}`.trimEnd();
  return [
    row(COLUMNS.map((c) => c.title)),
    row(COLUMNS.map((c) => '-'.repeat(c.width))),
    ...errata.map((e) => row(COLUMNS.map((c) => c.cell(e)))),
  ];
}

/** One line, at most `width` characters (an ellipsis marks a cut). */
function fit(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= width ? line : `${line.slice(0, width - 1)}…`;
}
