/**
 * The report for GitHub Actions: workflow commands on standard output (`::error file=…,line=…,
 * title=…::message`), which the runner turns into annotations on the spec's lines, and a Markdown
 * summary for `$GITHUB_STEP_SUMMARY` (the CLI appends it when the variable is set).
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 *
 * - `::error` for every failed check and every check that could not run (both fail the run), and
 *   for a run that checked nothing on a live target;
 * - `::warning` once when server-side checks were skipped against a live target (they checked
 *   nothing there: usually missing credentials);
 * - `::notice` for each erratum, only when asked (`errata: true`): they are known and accepted
 *   contradictions of the docs, and a default run must not drown the failures in them (GitHub
 *   shows at most 10 annotations of each kind per step).
 */
import type { ProviderId } from '../core/provider.js';
import { formatVerdict } from './pretty-reporter.js';
import { failingChecks, type FailingCheck } from './summary.js';
import { checkKinds, type ConformanceReport } from './types.js';

/** Where an annotation points: a file relative to the workspace, and a 1-based line. */
export interface AnnotationLocation {
  file: string;
  line?: number;
}

/** What the annotation is about; the locator answers with a place in the spec, or nothing. */
export type AnnotationSubject =
  | { provider: ProviderId; operationId: string; pair?: string }
  | { provider: ProviderId; operationId: string; erratum: string }
  | { provider: ProviderId };

export type Locate = (subject: AnnotationSubject) => AnnotationLocation | undefined;

export interface GithubReporterOptions {
  /** Spec locations for `file=`/`line=` (none: annotations without a place). */
  locate?: Locate;
  /** A notice per erratum. */
  errata?: boolean;
}

/** GitHub's escaping of a command's message (`escapeData` in @actions/core). */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a command's property value (`escapeProperty` in @actions/core). */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** Message and title lengths kept modest: a runner truncates long annotations anyway. */
const MAX_MESSAGE = 2000;
const MAX_TITLE = 200;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** One workflow command line: `::error file=a,line=3,title=t::message`. */
export function workflowCommand(
  command: 'error' | 'warning' | 'notice',
  properties: { file?: string; line?: number; title?: string },
  message: string,
): string {
  const props = [
    ...(properties.file !== undefined ? [`file=${escapeCommandProperty(properties.file)}`] : []),
    ...(properties.file !== undefined && properties.line !== undefined ? [`line=${properties.line}`] : []),
    ...(properties.title !== undefined ? [`title=${escapeCommandProperty(clip(properties.title, MAX_TITLE))}`] : []),
  ];
  // A message that itself starts a line with `::` cannot start a second command: newlines are escaped.
  return `::${command}${props.length ? ` ${props.join(',')}` : ''}::${escapeCommandData(clip(message, MAX_MESSAGE))}`;
}

function subjectOf(check: FailingCheck): AnnotationSubject {
  return check.operationId !== undefined
    ? { provider: check.provider, operationId: check.operationId, pair: check.name }
    : { provider: check.provider };
}

export function formatGithubAnnotations(report: ConformanceReport, options: GithubReporterOptions = {}): string {
  const locate = options.locate ?? (() => undefined);
  const lines: string[] = [];
  for (const check of failingChecks(report)) {
    const where = locate(subjectOf(check)) ?? locate({ provider: check.provider });
    const what = check.kind === 'flow' ? `flow ${check.name}` : `${check.operationId} ${check.name} (${check.kind})`;
    const title = `drivespec conformance: ${check.provider} ${what}${check.status === 'errored' ? ' could not run' : ' failed'}`;
    const message = check.note ? `${check.reason}\nnote: ${check.note}` : check.reason;
    lines.push(workflowCommand('error', { ...where, title }, message));
  }
  if (report.problem !== undefined) lines.push(workflowCommand('error', { title: 'drivespec conformance' }, report.problem));
  if (report.target.kind === 'live' && report.summary.byCheck.server.skipped > 0) {
    const s = report.summary.byCheck.server;
    lines.push(
      workflowCommand(
        'warning',
        { title: 'drivespec conformance: server-side checks skipped' },
        `${s.skipped} server-side checks were skipped against ${report.target.url} (see the report for why: usually missing credentials)`,
      ),
    );
  }
  if (options.errata) {
    for (const provider of report.providers) {
      for (const e of provider.errata) {
        const where = locate({ provider: provider.provider, operationId: e.operationId, erratum: e.field }) ?? locate({ provider: provider.provider });
        lines.push(
          workflowCommand(
            'notice',
            { ...where, title: `erratum ${provider.provider} ${e.operationId} ${e.field}` },
            `documented ${e.documentedType}; the example shows ${JSON.stringify(e.exampleValue) ?? 'undefined'}; decision: ${e.decision}`,
          ),
        );
      }
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}

/** Text safe in a Markdown table cell: no HTML, no cell breaks, one line. */
export function markdownCell(text: string, max = 300): string {
  const line = clip(text.replace(/\s+/g, ' ').trim(), max);
  return line
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\*/g, '\\*')
    .replace(/_/g, '\\_')
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]');
}

/** How many failing checks the summary lists in its table. */
const MAX_ROWS = 100;

/** The Markdown for `$GITHUB_STEP_SUMMARY`: the verdict, the counts, the failing checks, the errata count. */
export function formatGithubSummary(report: ConformanceReport): string {
  const s = report.summary;
  const seconds = (report.durationMs / 1000).toFixed(1);
  const lines = [
    `## drivespec conformance: ${report.ok ? 'OK' : 'FAILED'}`,
    '',
    `${markdownCell(formatVerdict(report), 1000)}  `,
    `${markdownCell(`${report.target.kind === 'emulator' ? 'embedded emulator' : report.target.kind === 'har' ? 'recorded traffic' : 'live endpoint'} ${report.target.url}`)}; ` +
      `${s.providers} providers, ${s.operations} operations, ${s.pairs} ${report.har ? 'recorded exchanges' : 'documented pairs'}; ${seconds} s; ` +
      `${markdownCell(`${report.tool.name} ${report.tool.version}`)}`,
    '',
    '| checks | passed | failed | errored | skipped |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...checkKinds.map((kind) => countsRow(kind, s.byCheck[kind])),
    // Upload flows do not apply to recorded traffic: a HAR run has none to count.
    ...(report.har ? [] : [countsRow('flows', s.flows)]),
    countsRow('**total**', s),
  ];
  const failing = failingChecks(report);
  if (failing.length) {
    lines.push('', '| provider | operation | pair or flow | check | result | reason |', '| --- | --- | --- | --- | --- | --- |');
    for (const c of failing.slice(0, MAX_ROWS)) {
      lines.push(
        `| ${c.provider} | ${markdownCell(c.operationId ?? '')} | ${markdownCell(c.name)} | ${c.kind} | ${c.status} | ${markdownCell(c.reason)} |`,
      );
    }
    if (failing.length > MAX_ROWS) lines.push('', `… and ${failing.length - MAX_ROWS} more (see the report).`);
  }
  if (report.problem !== undefined) lines.push('', `**${markdownCell(report.problem, 1000)}**`);
  lines.push('', `Errata recorded in the specs: ${s.errata} (${report.providers.map((p) => `${p.provider} ${p.errata.length}`).join(', ')}).`, '');
  return lines.join('\n');
}

function countsRow(name: string, c: { passed: number; failed: number; errored: number; skipped: number }): string {
  return `| ${name} | ${c.passed} | ${c.failed} | ${c.errored} | ${c.skipped} |`;
}
