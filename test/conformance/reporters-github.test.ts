/**
 * The GitHub reporter: workflow commands that GitHub's runner reads back as written (escaping per
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands), pointing
 * at the spec lines of the failing pairs, and the Markdown step summary; through the CLI too.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/conformance.js';
import type { CliIo } from '../../src/cli/io.js';
import {
  escapeCommandData,
  escapeCommandProperty,
  formatGithubAnnotations,
  formatGithubSummary,
  markdownCell,
  workflowCommand,
} from '../../src/conformance/github-reporter.js';
import type { ConformanceReport, RunningEmulator } from '../../src/conformance/index.js';
import { specLocations } from '../../src/conformance/spec-location.js';
import { summarize } from '../../src/conformance/summary.js';
import { startStubEmulator } from './support/stub-emulator.js';

/**
 * A reader of workflow commands written from the runner's rules (actions/runner ActionCommand:
 * `::name k=v,k=v::message`, properties split on `,` then the first `=`, then unescaped), not
 * from the reporter's code: whatever the reporter escapes wrongly comes back different here.
 */
function readCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescapeData = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  const unescapeProperty = (s: string) => unescapeData(s.replace(/%3A/g, ':').replace(/%2C/g, ','));
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1));
  }
  return { command: m[1]!, properties, message: unescapeData(m[3]!) };
}

const NASTY = 'a%0A b:c,d=e\r\nf::error title=x::injected\n%25 <script>|x|</script> `code` *b* _i_ [l](u)';

function reportWith(overrides: Partial<ConformanceReport> = {}): ConformanceReport {
  const providers: ConformanceReport['providers'] = [
    {
      provider: 'tencent-smh',
      flows: [{ name: 'upload', description: 'd', status: 'errored', reason: 'did not finish within 60000 ms', durationMs: 60_000 }],
      errata: [
        {
          operationId: 'ConfirmUpload',
          field: 'request.path.SpaceId',
          documentedType: 'String',
          exampleValue: '-',
          decision: NASTY,
          reason: 'r',
          source: 's',
        },
      ],
      operations: [
        {
          operationId: 'ConfirmUpload',
          method: 'POST',
          path: '/p',
          durationMs: 12,
          pairs: [
            {
              name: 'documented-success',
              scenario: 'success',
              source: 's',
              status: 200,
              durationMs: 12,
              checks: {
                client: { status: 'passed', durationMs: 2 },
                wire: { status: 'failed', reason: NASTY, note: 'a note', durationMs: 3 },
                server: { status: 'errored', reason: 'could not reach the target: ECONNREFUSED', durationMs: 7 },
              },
            },
          ],
        },
      ],
    },
  ];
  return {
    ok: false,
    tool: { name: 'drivespec', version: '9.9.9' },
    target: { kind: 'emulator', url: 'http://127.0.0.1:1' },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 60_100,
    providers,
    summary: summarize(providers),
    ...overrides,
  };
}

describe('workflow command escaping', () => {
  it('escapes %, CR and LF in messages, and also : and , in properties, as GitHub reads them back', () => {
    expect(escapeCommandData('100% done\r\nnext')).toBe('100%25 done%0D%0Anext');
    expect(escapeCommandProperty('specs/a.yaml:3,4')).toBe('specs/a.yaml%3A3%2C4');
    const line = workflowCommand('error', { file: 'specs/x,y:z.yaml', line: 7, title: NASTY }, NASTY);
    expect(line.split('\n')).toHaveLength(1);
    expect(readCommand(line)).toEqual({ command: 'error', properties: { file: 'specs/x,y:z.yaml', line: '7', title: NASTY }, message: NASTY });
  });

  it('never lets a message start a second command', () => {
    const text = formatGithubAnnotations(reportWith());
    for (const line of text.trimEnd().split('\n')) expect(line).toMatch(/^::(error|warning|notice) /);
  });
});

describe('formatGithubAnnotations', () => {
  it('one ::error per failed or errored check and flow, titled with what failed, at the place the locator gives', () => {
    const asked: unknown[] = [];
    const text = formatGithubAnnotations(reportWith(), {
      locate: (subject) => (asked.push(subject), 'pair' in subject ? { file: 'specs/tencent-smh.yaml', line: 249 } : { file: 'specs/tencent-smh.yaml' }),
    });
    const commands = text.trimEnd().split('\n').map(readCommand);
    expect(commands).toEqual([
      {
        command: 'error',
        properties: { file: 'specs/tencent-smh.yaml', line: '249', title: 'drivespec conformance: tencent-smh ConfirmUpload documented-success (wire) failed' },
        message: `${NASTY}\nnote: a note`,
      },
      {
        command: 'error',
        properties: { file: 'specs/tencent-smh.yaml', line: '249', title: 'drivespec conformance: tencent-smh ConfirmUpload documented-success (server) could not run' },
        message: 'could not reach the target: ECONNREFUSED',
      },
      {
        command: 'error',
        properties: { file: 'specs/tencent-smh.yaml', title: 'drivespec conformance: tencent-smh flow upload could not run' },
        message: 'did not finish within 60000 ms',
      },
    ]);
    expect(asked).toContainEqual({ provider: 'tencent-smh', operationId: 'ConfirmUpload', pair: 'documented-success' });
  });

  it('errata only when asked, as notices; a live run with skipped server checks warns once; a run that checked nothing is an error', () => {
    expect(formatGithubAnnotations(reportWith()).includes('::notice')).toBe(false);
    const notices = formatGithubAnnotations(reportWith(), { errata: true })
      .trimEnd()
      .split('\n')
      .map(readCommand)
      .filter((c) => c.command === 'notice');
    expect(notices).toEqual([
      {
        command: 'notice',
        properties: { title: 'erratum tencent-smh ConfirmUpload request.path.SpaceId' },
        message: `documented String; the example shows "-"; decision: ${NASTY}`,
      },
    ]);
    const live = reportWith({ target: { kind: 'live', url: 'https://x.test' }, problem: 'no server-side check ran against https://x.test' });
    live.summary.byCheck.server.skipped = 5;
    const commands = formatGithubAnnotations(live).trimEnd().split('\n').map(readCommand);
    expect(commands.filter((c) => c.command === 'error').at(-1)).toEqual({
      command: 'error',
      properties: { title: 'drivespec conformance' },
      message: 'no server-side check ran against https://x.test',
    });
    expect(commands.filter((c) => c.command === 'warning')).toHaveLength(1);
    expect(commands.find((c) => c.command === 'warning')!.message).toMatch(/^5 server-side checks were skipped against https:\/\/x\.test/);
  });

  it('writes nothing for a passing run on the emulator', () => {
    const providers: ConformanceReport['providers'] = [{ provider: 'aliyun-pds', operations: [], flows: [], errata: [] }];
    expect(formatGithubAnnotations(reportWith({ ok: true, providers, summary: summarize(providers) }))).toBe('');
  });
});

describe('specLocations', () => {
  const text = readFileSync(new URL('../../specs/tencent-smh.yaml', import.meta.url), 'utf8');
  const lines = text.split('\n');
  const at = (n: number | undefined) => (n === undefined ? undefined : lines[n - 1]);
  const locations = specLocations(text);

  it('finds the operationId line, the first line of a named pair and of an erratum', () => {
    expect(at(locations.operation('ConfirmUpload'))).toMatch(/^\s+operationId: ConfirmUpload$/);
    expect(at(locations.operation('InitUpload'))).toMatch(/^\s+operationId: InitUpload$/);
    // Two operations have a pair named documented-success: each is found in its own operation.
    const confirm = locations.pair('ConfirmUpload', 'documented-success')!;
    const init = locations.pair('InitUpload', 'documented-success')!;
    expect(at(confirm)).toMatch(/^\s+- name: documented-success$/);
    expect(at(init)).toMatch(/^\s+- name: documented-success$/);
    expect(confirm).toBeGreaterThan(locations.operation('ConfirmUpload')!);
    expect(init).toBeGreaterThan(locations.operation('InitUpload')!);
    expect(confirm).not.toBe(init);
    expect(at(locations.erratum('ConfirmUpload', 'request.path.SpaceId'))).toMatch(/^\s+- field: request\.path\.SpaceId$/);
  });

  it('locates nothing it does not know, and nothing in a text that does not parse', () => {
    expect(locations.operation('NoSuchOperation')).toBeUndefined();
    expect(locations.pair('ConfirmUpload', 'no-such-pair')).toBeUndefined();
    expect(locations.erratum('ConfirmUpload', 'no.such.field')).toBeUndefined();
    const broken = specLocations('paths: [\n  {');
    expect(broken.operation('ConfirmUpload')).toBeUndefined();
    expect(specLocations('paths:\n  /a:\n    get:\n      operationId: A\n').operation('A')).toBe(4);
  });
});

describe('formatGithubSummary', () => {
  it('the verdict, the counts per check, each failing check in a table row, escaped for Markdown', () => {
    const md = formatGithubSummary(reportWith());
    expect(md.split('\n')[0]).toBe('## drivespec conformance: FAILED');
    expect(md).toContain('| client | 1 | 0 | 0 | 0 |');
    expect(md).toContain('| wire | 0 | 1 | 0 | 0 |');
    expect(md).toContain('| server | 0 | 0 | 1 | 0 |');
    expect(md).toContain('| flows | 0 | 0 | 1 | 0 |');
    expect(md).toContain('drivespec 9.9.9');
    expect(md).toContain('60.1 s');
    const rows = md.split('\n').filter((l) => l.startsWith('| tencent-smh |'));
    expect(rows).toHaveLength(3);
    // Each row has exactly the table's 6 cells: the reason's pipes are escaped, its HTML inert.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
    expect(md).not.toContain('<script>');
    expect(rows[0]).toContain(markdownCell(NASTY));
    expect(markdownCell('a|b<c>&`*_[]')).toBe('a\\|b&lt;c&gt;&amp;\\`\\*\\_\\[\\]');
  });
});

function io(env: Record<string, string | undefined>, cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('drivespec conformance --reporter github (and several reporters in one run)', () => {
  let target: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  const repo = new URL('../..', import.meta.url).pathname;
  beforeAll(async () => {
    // Answers SMH's upload-not-found pairs with a 418: four failing server checks.
    target = await startStubEmulator({ misbehave: { smhNotFoundStatus: 418 } });
    dir = await mkdtemp(join(tmpdir(), 'drivespec-github-'));
    const c = target.credentials['tencent-smh'];
    env = { DRIVESPEC_SMH_ACCESS_TOKEN: c.accessToken, DRIVESPEC_SMH_LIBRARY_ID: c.libraryId };
  });
  afterAll(async () => {
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pretty and github on stdout, junit and json in files, the step summary appended; annotations on the spec lines', async () => {
    const summaryFile = join(dir, 'step-summary.md');
    await writeFile(summaryFile, 'an earlier step wrote this\n');
    const t = io({ ...env, GITHUB_STEP_SUMMARY: summaryFile }, repo);
    const argv = [
      '--base-url', target.url, '--provider', 'tencent-smh',
      '--reporter', 'pretty', '--reporter', 'github',
      '--reporter', `junit:${join(dir, 'out/junit.xml')}`, '--reporter', `json:${join(dir, 'out/deeper/report.json')}`,
    ];
    expect(await run(argv, t.io)).toBe(1);
    const out = t.stdout();
    // Pretty first (progress, summary, verdict), then the annotations.
    expect(out).toMatch(/^drivespec conformance: tencent-smh against the live endpoint/);
    const annotations = out.split('\n').filter((l) => l.startsWith('::error'));
    expect(annotations).toHaveLength(4);
    // Against a live target the seeding scenarios are skipped: one warning says so.
    expect(out.split('\n').filter((l) => l.startsWith('::warning'))).toHaveLength(1);
    const spec = readFileSync(join(repo, 'specs/tencent-smh.yaml'), 'utf8').split('\n');
    for (const line of annotations) {
      const c = readCommand(line);
      expect(c.command).toBe('error');
      expect(c.properties.file).toBe('specs/tencent-smh.yaml');
      expect(spec[Number(c.properties.line) - 1]).toMatch(/^\s+- name: upload-not-found$/);
      expect(c.properties.title).toMatch(/^drivespec conformance: tencent-smh \w+ upload-not-found \(server\) failed$/);
      expect(c.message).toBe('the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound');
    }
    expect(out.indexOf('conformance: FAILED (4 failed checks)')).toBeLessThan(out.indexOf('::error'));

    const report = JSON.parse(await readFile(join(dir, 'out/deeper/report.json'), 'utf8'));
    expect(report).toMatchObject({ ok: false, summary: { failed: 4 } });
    expect(report.tool).toEqual({ name: 'drivespec', version: JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version });
    expect(await readFile(join(dir, 'out/junit.xml'), 'utf8')).toContain('failures="4"');

    const md = await readFile(summaryFile, 'utf8');
    expect(md.startsWith('an earlier step wrote this\n## drivespec conformance: FAILED\n')).toBe(true);
    expect(md.split('\n').filter((l) => /^\| tencent-smh \| \w+ \| upload-not-found \| server \| failed \|/.test(l))).toHaveLength(4);
    for (const text of [out, t.stderr(), md]) expect(text).not.toContain(env.DRIVESPEC_SMH_ACCESS_TOKEN);
  });

  it('github alone: the annotations, then the log line and the failing checks; no file= for a spec outside the working directory', async () => {
    const t = io(env, dir);
    expect(await run(['--base-url', target.url, '--provider', 'tencent-smh', '--reporter', 'github'], t.io)).toBe(1);
    const lines = t.stdout().trimEnd().split('\n');
    const log = lines.filter((l) => !l.startsWith('::'));
    expect(log[0]).toMatch(/^conformance: FAILED \(\d+ passed, 4 failed, \d+ skipped\)$/);
    expect(log.slice(1)).toEqual([
      'Failed:',
      ...['CancelUpload', 'ConfirmUpload', 'GetUploadStatus', 'RenewMultipartUpload'].map(
        (op) => `  tencent-smh ${op} upload-not-found server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound`,
      ),
    ]);
    expect(lines.findIndex((l) => !l.startsWith('::'))).toBe(5);
    const annotations = lines.filter((l) => l.startsWith('::error')).map(readCommand);
    expect(annotations).toHaveLength(4);
    for (const c of annotations) expect(c.properties.file).toBeUndefined();
  });
});
