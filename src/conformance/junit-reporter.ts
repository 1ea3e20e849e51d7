/**
 * The report as JUnit XML (the de facto schema CI servers read: `testsuites` > `testsuite` >
 * `testcase` with `failure` / `error` / `skipped`, `time` in seconds). One suite per operation, one
 * test case per pair and check; the operation's errata become suite properties. A failed check is a
 * `<failure>` (the target or the docs are wrong), a check that could not run (nothing listening, a
 * timeout, the harness broke) an `<error>`: the distinction JUnit readers (Jenkins, GitLab, GitHub
 * test-report actions) make between a failing test and one that crashed.
 */
import { checkKinds, type CheckStatus, type ConformanceReport, type Erratum } from './types.js';

/** Characters XML 1.0 cannot carry at all (even escaped): most C0 controls, lone surrogates, U+FFFE/U+FFFF. */
const INVALID_XML_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text for element content and for double- or single-quoted attribute values. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML_CHARS, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Attribute values also keep their line breaks and tabs (which attribute normalization would turn into spaces). */
function attr(text: string | number): string {
  return escapeXml(String(text)).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

/** Milliseconds as JUnit's seconds, to the millisecond (`0.042`); absent or hostile values read 0. */
export function junitSeconds(ms: number | undefined): string {
  return ms !== undefined && Number.isFinite(ms) && ms > 0 ? (ms / 1000).toFixed(3) : '0.000';
}

/** The `<failure>`, `<error>` or `<skipped>` element of a test case, if any. */
function outcomeElement(status: CheckStatus, reason: string | undefined, type: string): string | undefined {
  if (status === 'failed') {
    const text = reason ?? 'failed';
    return `      <failure message="${attr(text)}" type="${attr(type)}">${escapeXml(text)}</failure>`;
  }
  if (status === 'errored') {
    const text = reason ?? 'could not run';
    return `      <error message="${attr(text)}" type="${attr(type)}">${escapeXml(text)}</error>`;
  }
  if (status === 'skipped') return `      <skipped message="${attr(reason ?? 'skipped')}"/>`;
  return undefined;
}

export function formatJunitReport(report: ConformanceReport): string {
  const s = report.summary;
  // A run that fails without a failed check (nothing checked on a live target) gets a test case of
  // its own, so that CI does not show it green.
  const extra = report.problem !== undefined ? 1 : 0;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drivespec conformance" tests="${s.checks + extra}" failures="${s.failed + extra}" errors="${s.errored}" skipped="${s.skipped}" time="${junitSeconds(report.durationMs)}" timestamp="${attr(report.startedAt)}">`,
  ];
  if (report.problem !== undefined) {
    out.push(
      `  <testsuite name="drivespec conformance run" tests="1" failures="1" errors="0" skipped="0" time="0.000" timestamp="${attr(report.startedAt)}">`,
      `    <testcase classname="drivespec.conformance" name="server-side checks ran against the target" time="0.000">`,
      `      <failure message="${attr(report.problem)}" type="run">${escapeXml(report.problem)}</failure>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  for (const provider of report.providers) {
    for (const operation of provider.operations) {
      const cases = operation.pairs.flatMap((pair) => checkKinds.map((kind) => ({ pair, kind, check: pair.checks[kind] })));
      const failures = cases.filter((c) => c.check.status === 'failed').length;
      const errors = cases.filter((c) => c.check.status === 'errored').length;
      const skipped = cases.filter((c) => c.check.status === 'skipped').length;
      const suite = `${provider.provider} ${operation.operationId}`;
      out.push(
        `  <testsuite name="${attr(suite)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${junitSeconds(operation.durationMs)}" timestamp="${attr(report.startedAt)}">`,
      );
      const errata = provider.errata.filter((e) => e.operationId === operation.operationId);
      out.push('    <properties>');
      out.push(`      <property name="target" value="${attr(`${report.target.kind} ${report.target.url}`)}"/>`);
      out.push(`      <property name="operation" value="${attr(`${operation.method} ${operation.path}`)}"/>`);
      for (const erratum of errata) {
        out.push(`      <property name="${attr(`erratum ${erratum.field}`)}" value="${attr(describeErratum(erratum))}"/>`);
      }
      out.push('    </properties>');
      for (const { pair, kind, check } of cases) {
        const name = `${pair.name} (${pair.scenario}, HTTP ${pair.status}) ${kind}`;
        const head = `    <testcase classname="${attr(`${provider.provider}.${operation.operationId}`)}" name="${attr(name)}" time="${junitSeconds(check.durationMs)}"`;
        const body: string[] = [];
        const outcome = outcomeElement(check.status, check.reason, kind);
        if (outcome) body.push(outcome);
        const output = [check.note ? `note: ${check.note}` : '', `source: ${pair.source}`].filter(Boolean).join('\n');
        body.push(`      <system-out>${escapeXml(output)}</system-out>`);
        out.push(`${head}>`, ...body, '    </testcase>');
      }
      out.push('  </testsuite>');
    }
    if (provider.flows.length) {
      const failures = provider.flows.filter((f) => f.status === 'failed').length;
      const errors = provider.flows.filter((f) => f.status === 'errored').length;
      const skipped = provider.flows.filter((f) => f.status === 'skipped').length;
      const time = provider.flows.reduce((ms, f) => ms + (Number.isFinite(f.durationMs) ? f.durationMs : 0), 0);
      out.push(
        `  <testsuite name="${attr(`${provider.provider} upload flows`)}" tests="${provider.flows.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${junitSeconds(time)}" timestamp="${attr(report.startedAt)}">`,
      );
      for (const flow of provider.flows) {
        const head = `    <testcase classname="${attr(`${provider.provider}.flows`)}" name="${attr(flow.name)}" time="${junitSeconds(flow.durationMs)}"`;
        const body: string[] = [];
        const outcome = outcomeElement(flow.status, flow.reason, 'flow');
        if (outcome) body.push(outcome);
        body.push(`      <system-out>${escapeXml(flow.description)}</system-out>`);
        out.push(`${head}>`, ...body, '    </testcase>');
      }
      out.push('  </testsuite>');
    }
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}

function describeErratum(e: Erratum): string {
  return `documented ${e.documentedType}; example ${JSON.stringify(e.exampleValue)}; decision: ${e.decision}; source: ${e.source}`;
}
