/** The three report formats: pretty (progress, summary, errata), JSON, and well-formed JUnit XML. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatJsonReport,
  formatJunitReport,
  runConformance,
  type ConformanceReport,
  type RunningEmulator,
} from '../../src/conformance/index.js';
import { escapeXml } from '../../src/conformance/junit-reporter.js';
import { formatPrettyReport } from '../../src/conformance/pretty-reporter.js';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import { summarize } from '../../src/conformance/summary.js';
import { startTestEmulator } from './support/emulator.js';
import { parseXml, type XmlElement } from './support/xml-check.js';

let emulator: RunningEmulator;
let report: ConformanceReport;
const now = () => new Date('2026-01-01T00:00:00Z');
beforeAll(async () => {
  // One clock for the emulator and the clients (KooDrive's X-Date must be within 15 minutes).
  emulator = await startTestEmulator({ now });
  // One tampered pair, so every kind of test case (passed, failed, skipped) is in the report.
  const pairs = providerSpecs['tencent-smh'].pairs.map((p) =>
    p.wire && p.operationId === 'ConfirmUpload' ? { ...p, wire: { ...p.wire, headers: { 'x-odd': `<a href="x">&'\u0001` } } } : p,
  );
  report = await runConformance({ emulator, pairs: { 'tencent-smh': pairs }, now });
});
afterAll(() => emulator?.close());

const all = (root: XmlElement, name: string): XmlElement[] =>
  root.children.flatMap((c) => [...(c.name === name ? [c] : []), ...all(c, name)]);

/** A report whose every text field carries characters XML must escape. */
function hostileReport(): ConformanceReport {
  const nasty = `<tag attr="v">&amp; 'single' ]]> \u0000\u0007 tab\there\nnewline \uD800 end`;
  const providers: ConformanceReport['providers'] = [
    {
      provider: 'tencent-smh',
      flows: [{ name: 'corrupted-part', description: nasty, status: 'failed', reason: nasty, durationMs: 1234 }],
      errata: [{ operationId: 'ConfirmUpload', field: nasty, documentedType: nasty, exampleValue: nasty, decision: nasty, reason: nasty, source: nasty }],
      operations: [
        {
          operationId: 'ConfirmUpload',
          method: 'POST',
          path: '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}',
          pairs: [
            {
              name: nasty,
              scenario: 'success',
              source: nasty,
              status: 200,
              checks: {
                client: { status: 'failed', reason: nasty, note: nasty },
                wire: { status: 'skipped', reason: nasty },
                server: { status: 'passed', note: nasty },
              },
              durationMs: 0,
            },
          ],
          durationMs: 0,
        },
      ],
    },
  ];
  const summary = summarize(providers);
  return {
    ok: false,
    tool: { name: 'drivespec', version: '0.0.0-test' },
    target: { kind: 'emulator', url: 'http://127.0.0.1:1' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1500,
    providers,
    summary,
  };
}

describe('JUnit reporter', () => {
  it('writes well-formed XML whose counts match the report', () => {
    const xml = formatJunitReport(report);
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    const cases = all(root, 'testcase');
    expect(cases).toHaveLength(report.summary.checks);
    expect(Number(root.attributes.tests)).toBe(report.summary.checks);
    expect(Number(root.attributes.failures)).toBe(report.summary.failed);
    expect(Number(root.attributes.skipped)).toBe(report.summary.skipped);
    expect(all(root, 'failure')).toHaveLength(report.summary.failed);
    expect(all(root, 'skipped')).toHaveLength(report.summary.skipped);
    expect(report.summary.failed).toBe(1);
    const suites = all(root, 'testsuite');
    // One suite per operation, and one per provider with upload flows.
    expect(suites).toHaveLength(report.summary.operations + report.providers.filter((p) => p.flows.length > 0).length);
    for (const suite of suites) {
      const own = suite.children.filter((c) => c.name === 'testcase');
      expect(Number(suite.attributes.tests)).toBe(own.length);
      expect(Number(suite.attributes.failures)).toBe(own.filter((c) => c.children.some((x) => x.name === 'failure')).length);
      expect(Number(suite.attributes.skipped)).toBe(own.filter((c) => c.children.some((x) => x.name === 'skipped')).length);
    }
    const [failure] = all(root, 'failure');
    expect(failure!.attributes.message).toContain(`header x-odd: the docs show '<a href="x">&'`);
    const errata = all(root, 'property').filter((p) => p.attributes.name?.startsWith('erratum '));
    expect(errata).toHaveLength(report.summary.errata);
  });

  it('escapes every special character, in attributes and text, and drops what XML cannot carry', () => {
    const xml = formatJunitReport(hostileReport());
    const root = parseXml(xml);
    const expected = `<tag attr="v">&amp; 'single' ]]> \uFFFD\uFFFD tab\there\nnewline \uFFFD end`;
    const [testcase] = all(root, 'testcase');
    expect(testcase!.attributes.name).toBe(`${expected} (success, HTTP 200) client`);
    const [failure] = all(root, 'failure');
    expect(failure!.attributes.message).toBe(expected);
    expect(failure!.text).toBe(expected);
    expect(all(root, 'skipped')[0]!.attributes.message).toBe(expected);
    expect(all(root, 'property').find((p) => p.attributes.name === `erratum ${expected}`)).toBeDefined();
    expect(escapeXml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&apos;f');
  });
});

describe('JSON reporter', () => {
  // Every value written out by hand, the summary included (not computed by summarize()), so the
  // golden file pins the format: two-space indentation, key order, JSON escapes, a final newline.
  const fixedReport: ConformanceReport = {
    ok: false,
    tool: { name: 'drivespec', version: '1.2.3' },
    problem: 'no server-side check ran against the live endpoint',
    target: { kind: 'live', url: 'https://pds.example.com' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 2750,
    providers: [
      {
        provider: 'tencent-smh',
        flows: [{ name: 'upload', description: 'multipart upload, confirmed with its CRC-64', status: 'passed', durationMs: 42 }],
        operations: [
          {
            operationId: 'ConfirmUpload',
            method: 'POST',
            path: '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}',
            pairs: [
              {
                name: 'documented-success',
                scenario: 'success',
                source: 'docs/tencent-smh-ConfirmUpload.txt (Response body example)',
                status: 200,
                checks: {
                  client: { status: 'passed', durationMs: 3 },
                  wire: { status: 'failed', reason: `header x-odd: the docs show '<a href="x">&' (tab\there, newline\n, bell \u0007, é, 文件)`, durationMs: 1 },
                  server: { status: 'skipped', reason: 'live target', note: "compared with bearerSeparator '+'", durationMs: 0 },
                },
                durationMs: 4,
              },
            ],
            durationMs: 5,
          },
        ],
        errata: [
          {
            operationId: 'ConfirmUpload',
            field: 'response.200.labels',
            documentedType: 'string',
            exampleValue: [''],
            decision: 'accept string or array of strings',
            reason: 'the example sends an array',
            source: 'docs/tencent-smh-ConfirmUpload.txt',
          },
        ],
      },
    ],
    summary: {
      providers: 1,
      operations: 1,
      pairs: 1,
      checks: 4,
      passed: 2,
      failed: 1,
      errored: 0,
      skipped: 1,
      errata: 1,
      byCheck: {
        client: { passed: 1, failed: 0, errored: 0, skipped: 0 },
        wire: { passed: 0, failed: 1, errored: 0, skipped: 0 },
        server: { passed: 0, failed: 0, errored: 0, skipped: 1 },
      },
      flows: { passed: 1, failed: 0, errored: 0, skipped: 0 },
    },
  };

  it('writes a fixed report exactly as the golden file (test/conformance/fixtures/json-report.golden.json)', () => {
    const golden = readFileSync(new URL('./fixtures/json-report.golden.json', import.meta.url), 'utf8');
    expect(formatJsonReport(fixedReport)).toBe(golden);
  });

  it('writes the run\'s facts: the failed wire check with its reason, the clock, the target, the counts', () => {
    const json = JSON.parse(formatJsonReport(report)) as Record<string, any>;
    expect(json.ok).toBe(false);
    expect(json.startedAt).toBe('2026-01-01T00:00:00.000Z');
    expect(json.target).toEqual({ kind: 'emulator', url: emulator.url });
    expect(json.providers.map((p: { provider: string }) => p.provider)).toEqual(['aliyun-pds', 'huawei-koodrive', 'huawei-metastudio', 'tencent-smh']);
    const smh = json.providers[3].operations.find((o: { operationId: string }) => o.operationId === 'ConfirmUpload');
    expect([smh.operationId, smh.method, smh.path]).toEqual(['ConfirmUpload', 'POST', '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm']);
    const failed = smh.pairs.filter((p: { checks: { wire: { status: string } } }) => p.checks.wire.status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].name).toBe('documented-success');
    expect(failed[0].checks.wire.reason).toBe(`header x-odd: the docs show '<a href="x">&'\u0001', the client sent none`);
    expect(json.summary).toMatchObject({ providers: 4, operations: report.providers.flatMap((p) => p.operations).length, failed: 1 });
  });
});

describe('pretty reporter', () => {
  it('prints a progress line per operation, the failures, a summary and the errata per provider', () => {
    const text = formatPrettyReport(report);
    const lines = text.split('\n');
    expect(lines[0]).toBe(`drivespec conformance: aliyun-pds, huawei-koodrive, huawei-metastudio, tencent-smh against the embedded emulator at ${emulator.url}`);
    const progress = lines.filter((l) => /^(PASS|FAIL) /.test(l));
    expect(progress).toEqual([
      expect.stringMatching(/^PASS aliyun-pds CompleteFile {2}5 pairs: \d+ passed, 0 failed, \d+ skipped$/),
      expect.stringMatching(/^PASS aliyun-pds CreateFile /),
      expect.stringMatching(/^PASS aliyun-pds GetFile /),
      expect.stringMatching(/^PASS aliyun-pds GetUploadUrl /),
      expect.stringMatching(/^PASS aliyun-pds ListUploadedParts /),
      expect.stringMatching(/^PASS aliyun-pds flow upload /),
      expect.stringMatching(/^PASS aliyun-pds flow corrupted-part /),
      expect.stringMatching(/^PASS aliyun-pds flow instant-upload /),
      expect.stringMatching(/^PASS huawei-koodrive CompleteFile /),
      expect.stringMatching(/^PASS huawei-koodrive CreateFile /),
      expect.stringMatching(/^PASS huawei-koodrive UploadUrl /),
      expect.stringMatching(/^PASS huawei-koodrive flow upload /),
      expect.stringMatching(/^PASS huawei-koodrive flow corrupted-part /),
      expect.stringMatching(/^PASS huawei-koodrive flow instant-upload /),
      expect.stringMatching(/^PASS huawei-metastudio ConfirmFileUpload /),
      expect.stringMatching(/^PASS huawei-metastudio CreateDigitalAsset /),
      expect.stringMatching(/^PASS huawei-metastudio CreateFile /),
      expect.stringMatching(/^PASS huawei-metastudio ShowAsset /),
      expect.stringMatching(/^PASS huawei-metastudio flow upload /),
      expect.stringMatching(/^PASS huawei-metastudio flow corrupted-part /),
      expect.stringMatching(/^PASS tencent-smh CancelUpload /),
      expect.stringMatching(/^FAIL tencent-smh ConfirmUpload {2}5 pairs: \d+ passed, 1 failed, \d+ skipped$/),
      expect.stringMatching(/^PASS tencent-smh GetUploadStatus /),
      expect.stringMatching(/^PASS tencent-smh InitMultipartUpload /),
      expect.stringMatching(/^PASS tencent-smh InitUpload /),
      expect.stringMatching(/^PASS tencent-smh RenewMultipartUpload /),
      expect.stringMatching(/^PASS tencent-smh flow upload /),
      expect.stringMatching(/^PASS tencent-smh flow corrupted-part /),
      expect.stringMatching(/^PASS tencent-smh flow instant-upload /),
    ]);
    expect(text).toContain(`  x documented-success (success, HTTP 200) wire: header x-odd: the docs show`);
    expect(text).toContain("  - documented-success wire: compared with bearerSeparator '+'");
    const operations = report.providers.flatMap((p) => p.operations).length;
    expect(text).toMatch(new RegExp(`\\nSummary: 4 providers, ${operations} operations, \\d+ documented pairs, \\d+ checks\\n`));
    // The errata: one line with their count by default, the table per provider with --errata.
    const per = report.providers.map((p) => `${p.provider} ${p.errata.length}`).join(', ');
    expect(text).toContain(`\nErrata: ${report.summary.errata} recorded contradictions between a provider's type tables and its own examples (${per}); the table with --errata\n`);
    expect(text).not.toContain('response.200.isOverwritten');
    const withTable = formatPrettyReport(report, { errata: true });
    for (const provider of report.providers) {
      expect(withTable).toContain(`\n${provider.provider} (${provider.errata.length})\n`);
    }
    expect(withTable).toContain('response.200.isOverwritten');
    expect(withTable.split('\n').length - lines.length).toBeGreaterThanOrEqual(report.summary.errata);
    // The failing check by name, before the verdict.
    expect(text).toContain('\nFailed:\n  tencent-smh ConfirmUpload documented-success wire: header x-odd: the docs show');
    expect(text.trimEnd().split('\n').at(-1)).toBe('conformance: FAILED (1 failed check)');
  });
});

describe('JUnit errors and times', () => {
  /** A report with one check of each status and known durations. */
  function mixedReport(): ConformanceReport {
    const providers: ConformanceReport['providers'] = [
      {
        provider: 'huawei-koodrive',
        flows: [
          { name: 'upload', description: 'd', status: 'errored', reason: 'did not finish within 60000 ms', durationMs: 60_000 },
          { name: 'instant-upload', description: 'd', status: 'passed', durationMs: 250 },
        ],
        errata: [],
        operations: [
          {
            operationId: 'CompleteFile',
            method: 'POST',
            path: '/p',
            durationMs: 1234,
            pairs: [
              {
                name: 'p1',
                scenario: 'success',
                source: 's',
                status: 200,
                durationMs: 1200,
                checks: {
                  client: { status: 'passed', durationMs: 5 },
                  wire: { status: 'failed', reason: 'wrong header', durationMs: 1 },
                  server: { status: 'errored', reason: 'could not reach the target: ECONNREFUSED', durationMs: 1194 },
                },
              },
              {
                name: 'p2',
                scenario: 'not-found',
                source: 's',
                status: 404,
                durationMs: 30,
                checks: {
                  client: { status: 'passed', durationMs: Number.NaN },
                  wire: { status: 'skipped', reason: 'no wire form' },
                  server: { status: 'errored', reason: 'no answer from the target: timed out after 30 ms', durationMs: 30 },
                },
              },
            ],
          },
        ],
      },
    ];
    return {
      ok: false,
      tool: { name: 'drivespec', version: '0.0.0-test' },
      target: { kind: 'live', url: 'https://kd.test' },
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 61_500,
      providers,
      summary: summarize(providers),
    };
  }

  it('writes <error> for checks that could not run, <failure> for failed ones, and the counts agree', () => {
    const report = mixedReport();
    expect(report.summary).toMatchObject({ passed: 3, failed: 1, errored: 3, skipped: 1, checks: 8 });
    const root = parseXml(formatJunitReport(report));
    expect(root.attributes).toMatchObject({ tests: '8', failures: '1', errors: '3', skipped: '1', time: '61.500' });
    const errors = all(root, 'error');
    expect(errors.map((e) => e.attributes.message)).toEqual([
      'could not reach the target: ECONNREFUSED',
      'no answer from the target: timed out after 30 ms',
      'did not finish within 60000 ms',
    ]);
    expect(errors.map((e) => e.attributes.type)).toEqual(['server', 'server', 'flow']);
    expect(all(root, 'failure').map((e) => e.attributes.message)).toEqual(['wrong header']);
    for (const suite of all(root, 'testsuite')) {
      const own = suite.children.filter((c) => c.name === 'testcase');
      expect(Number(suite.attributes.errors)).toBe(own.filter((c) => c.children.some((x) => x.name === 'error')).length);
    }
  });

  it('gives every testsuites, testsuite and testcase a time in seconds (absent or hostile durations read 0)', () => {
    const root = parseXml(formatJunitReport(mixedReport()));
    const suites = all(root, 'testsuite');
    expect(suites.map((s) => [s.attributes.name, s.attributes.time])).toEqual([
      ['huawei-koodrive CompleteFile', '1.234'],
      ['huawei-koodrive upload flows', '60.250'],
    ]);
    expect(all(root, 'testcase').map((c) => c.attributes.time)).toEqual(['0.005', '0.001', '1.194', '0.000', '0.000', '0.030', '60.000', '0.250']);
  });
});

describe('durations and tool in a run (fake clock)', () => {
  it('measures every check, pair, operation and the run with the injected clock, and names the tool', async () => {
    let t = 0;
    // Every reading advances 10 ms: a check reads the clock twice (10 ms), a pair twice more around
    // its three checks (8 readings: 70 ms), an operation twice around its pairs.
    const clock = () => (t += 10);
    const tool = { name: 'drivespec', version: '1.2.3-test' };
    const run = await runConformance({ emulator, providers: ['huawei-koodrive'], now, clock, tool });
    expect(run.tool).toEqual(tool);
    const operations = run.providers[0]!.operations;
    for (const operation of operations) {
      for (const pair of operation.pairs) {
        for (const kind of ['client', 'wire', 'server'] as const) expect(pair.checks[kind].durationMs).toBe(10);
        expect(pair.durationMs).toBe(70);
      }
      expect(operation.durationMs).toBe((8 * operation.pairs.length + 1) * 10);
    }
    expect(run.durationMs).toBeGreaterThan(operations.reduce((ms, o) => ms + o.durationMs, 0));
    const xml = parseXml(formatJunitReport(run));
    expect(xml.attributes.time).toBe((run.durationMs / 1000).toFixed(3));
  });

  it('names drivespec and the version in package.json when no tool is given', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const run = await runConformance({ emulator, providers: ['huawei-koodrive'], now, pairs: { 'huawei-koodrive': [] }, flows: { 'huawei-koodrive': [] } });
    expect(run.tool).toEqual({ name: 'drivespec', version: pkg.version });
  });
});
