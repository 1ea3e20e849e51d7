/**
 * The report as JUnit XML (the de facto schema CI servers read: `testsuites` > `testsuite` >
 * `testcase` with `failure` / `skipped`). One suite per operation, one test case per pair and
 * check; the operation's errata become suite properties.
 */
import { checkKinds, type ConformanceReport, type Erratum } from './types.js';

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

export function formatJunitReport(report: ConformanceReport): string {
  const s = report.summary;
  // A run that fails without a failed check (nothing checked on a live target) gets a test case of
  // its own, so that CI does not show it green.
  const extra = report.problem !== undefined ? 1 : 0;
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="drivespec conformance" tests="${s.checks + extra}" failures="${s.failed + extra}" errors="0" skipped="${s.skipped}" timestamp="${attr(report.startedAt)}">`,
  ];
  if (report.problem !== undefined) {
    out.push(
      `  <testsuite name="drivespec conformance run" tests="1" failures="1" errors="0" skipped="0" timestamp="${attr(report.startedAt)}">`,
      `    <testcase classname="drivespec.conformance" name="server-side checks ran against the target">`,
      `      <failure message="${attr(report.problem)}" type="run">${escapeXml(report.problem)}</failure>`,
      '    </testcase>',
      '  </testsuite>',
    );
  }
  for (const provider of report.providers) {
    for (const operation of provider.operations) {
      const cases = operation.pairs.flatMap((pair) => checkKinds.map((kind) => ({ pair, kind, check: pair.checks[kind] })));
      const failures = cases.filter((c) => c.check.status === 'failed').length;
      const skipped = cases.filter((c) => c.check.status === 'skipped').length;
      const suite = `${provider.provider} ${operation.operationId}`;
      out.push(
        `  <testsuite name="${attr(suite)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${attr(report.startedAt)}">`,
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
        const head = `    <testcase classname="${attr(`${provider.provider}.${operation.operationId}`)}" name="${attr(name)}"`;
        const body: string[] = [];
        if (check.status === 'failed') {
          const reason = check.reason ?? 'failed';
          body.push(`      <failure message="${attr(reason)}" type="${kind}">${escapeXml(reason)}</failure>`);
        } else if (check.status === 'skipped') {
          body.push(`      <skipped message="${attr(check.reason ?? 'skipped')}"/>`);
        }
        const output = [check.note ? `note: ${check.note}` : '', `source: ${pair.source}`].filter(Boolean).join('\n');
        body.push(`      <system-out>${escapeXml(output)}</system-out>`);
        out.push(`${head}>`, ...body, '    </testcase>');
      }
      out.push('  </testsuite>');
    }
    if (provider.flows.length) {
      const failures = provider.flows.filter((f) => f.status === 'failed').length;
      const skipped = provider.flows.filter((f) => f.status === 'skipped').length;
      out.push(
        `  <testsuite name="${attr(`${provider.provider} upload flows`)}" tests="${provider.flows.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${attr(report.startedAt)}">`,
      );
      for (const flow of provider.flows) {
        const head = `    <testcase classname="${attr(`${provider.provider}.flows`)}" name="${attr(flow.name)}" time="${(flow.durationMs / 1000).toFixed(3)}"`;
        const body: string[] = [];
        if (flow.status === 'failed') {
          const reason = flow.reason ?? 'failed';
          body.push(`      <failure message="${attr(reason)}" type="flow">${escapeXml(reason)}</failure>`);
        } else if (flow.status === 'skipped') {
          body.push(`      <skipped message="${attr(flow.reason ?? 'skipped')}"/>`);
        }
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
