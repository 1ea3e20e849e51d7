/**
 * The readable report: a progress line per operation as it finishes (with every failure and every
 * check that could not run, why, and its note under it, and the wire notes), then a summary, the
 * failing checks by name, and the docs' errata (a count; the table with `errata: true`).
 */
import type { ProviderId } from '../core/provider.js';
import type { FlowReport } from './flows/run-flows.js';
import { countOperation, failingChecks, type FailingCheck } from './summary.js';
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
  const verdict = counts.failed ? 'FAIL' : counts.errored ? 'ERROR' : serverPassed ? 'PASS' : 'SKIP';
  const lines = [
    `${verdict} ${provider} ${operation.operationId}  ${operation.pairs.length} pairs: ${formatCounts(counts)}${verdict === 'SKIP' ? '; no server-side check ran' : ''}`,
  ];
  for (const pair of operation.pairs) {
    for (const kind of checkKinds) {
      const check = pair.checks[kind];
      if (check.status === 'failed' || check.status === 'errored') {
        // `x` a failure (the target or the docs are wrong), `!` a check that could not run.
        const mark = check.status === 'failed' ? 'x' : '!';
        lines.push(`  ${mark} ${pair.name} (${pair.scenario}, HTTP ${pair.status}) ${kind}: ${check.reason ?? check.status}`);
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
  const verdict = ({ passed: 'PASS', failed: 'FAIL', errored: 'ERROR', skipped: 'SKIP' } as const)[flow.status];
  const lines = [`${verdict} ${provider} flow ${flow.name}  ${flow.description}`];
  if (flow.status === 'failed') lines.push(`  x ${flow.reason ?? 'failed'}`);
  if (flow.status === 'errored') lines.push(`  ! ${flow.reason ?? 'errored'}`);
  return `${lines.join('\n')}\n`;
}

/** `9 passed, 0 failed, 3 skipped`; the errored count only when there is one (most runs have none). */
export function formatCounts(counts: CheckCounts): string {
  const errored = counts.errored ? `, ${counts.errored} errored` : '';
  return `${counts.passed} passed, ${counts.failed} failed${errored}, ${counts.skipped} skipped`;
}

export interface PrettyOptions {
  /** The errata table per provider (`--errata`); by default one line with their count. */
  errata?: boolean;
}

/** How many failing checks the summary names one by one (the rest are counted). */
const MAX_LISTED = 50;

/** `tencent-smh ConfirmUpload documented-success wire: reason`, one line. */
export function describeFailingCheck(check: FailingCheck): string {
  const where = check.kind === 'flow' ? `flow ${check.name}` : `${check.operationId} ${check.name} ${check.kind}`;
  return `${check.provider} ${where}: ${fit(check.reason, 160)}`;
}

/** The failed and the errored checks by name (at most MAX_LISTED of each), for the summary and the CLI's log. */
export function formatFailingChecks(report: ConformanceReport): string[] {
  const lines: string[] = [];
  const checks = failingChecks(report);
  for (const [status, title] of [
    ['failed', 'Failed'],
    ['errored', 'Could not run (errored)'],
  ] as const) {
    const these = checks.filter((c) => c.status === status);
    if (!these.length) continue;
    lines.push(`${title}:`);
    for (const check of these.slice(0, MAX_LISTED)) lines.push(`  ${describeFailingCheck(check)}`);
    if (these.length > MAX_LISTED) lines.push(`  … and ${these.length - MAX_LISTED} more (see the report)`);
  }
  return lines;
}

/** The last line: `conformance: OK (…)` or `conformance: FAILED (…)`. */
export function formatVerdict(report: ConformanceReport): string {
  const s = report.summary;
  if (report.ok) return `conformance: OK (${s.passed} passed, ${s.skipped} skipped)`;
  if (s.failed === 0 && s.errored === 0 && report.problem !== undefined) return `conformance: FAILED (${report.problem})`;
  const parts = [
    ...(s.failed ? [`${s.failed} failed ${s.failed === 1 ? 'check' : 'checks'}`] : []),
    ...(s.errored ? [`${s.errored} ${s.errored === 1 ? 'check' : 'checks'} could not run`] : []),
  ];
  return `conformance: FAILED (${parts.join(', ')})`;
}

/** The summary, the skip reasons by count, the failing checks, the errata and the verdict. */
export function formatPrettySummary(report: ConformanceReport, options: PrettyOptions = {}): string {
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
  // Upload flows run against the emulator; a HAR run has none, so it does not mention them.
  if (!report.har) lines.push(`  flows   ${formatCounts(s.flows)}`);
  lines.push(`  total   ${formatCounts(s)}`);

  const skips = skipReasons(report);
  if (skips.length) {
    lines.push('', 'Skipped:');
    for (const [reason, count] of skips) lines.push(`  ${String(count).padStart(3)} x ${reason}`);
  }

  const failing = formatFailingChecks(report);
  if (failing.length) lines.push('', ...failing);

  if (options.errata) {
    lines.push('', `Errata: ${s.errata} recorded contradictions between a provider's type tables and its own examples`);
    for (const provider of report.providers) {
      lines.push('', `${provider.provider} (${provider.errata.length})`);
      if (provider.errata.length) lines.push(...errataTable(provider.errata));
      else lines.push('  none recorded');
    }
  } else {
    const per = report.providers.map((p) => `${p.provider} ${p.errata.length}`).join(', ');
    lines.push('', `Errata: ${s.errata} recorded contradictions between a provider's type tables and its own examples (${per}); the table with --errata`);
  }

  lines.push('', formatVerdict(report));
  return `${lines.join('\n')}\n`;
}

/** Start line, every progress line and the summary: the whole pretty report at once (`--out`). */
export function formatPrettyReport(report: ConformanceReport, options: PrettyOptions = {}): string {
  const parts = [formatStartLine(report.target, report.providers.map((p) => p.provider))];
  for (const provider of report.providers) {
    for (const operation of provider.operations) parts.push(formatProgressLine(provider.provider, operation));
    for (const flow of provider.flows) parts.push(formatFlowLine(provider.provider, flow));
  }
  parts.push(formatPrettySummary(report, options));
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
