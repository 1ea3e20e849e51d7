/** `drivespec conformance`: flags, reporters, exit codes, and no secret on any stream. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/conformance.js';
import type { CliIo } from '../../src/cli/io.js';
import type { RunningEmulator } from '../../src/conformance/index.js';
import { uploadFlows } from '../../src/conformance/flows/index.js';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import type { ProviderId } from '../../src/core/provider.js';
import { defaultEmulatorCredentials } from '../../src/emulator/index.js';
import { startStubEmulator } from './support/stub-emulator.js';
import { parseXml } from './support/xml-check.js';

function io(env: Record<string, string | undefined> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('drivespec conformance flags', () => {
  it('prints its help, naming the credential variables', async () => {
    const t = io();
    expect(await run(['--help'], t.io)).toBe(0);
    expect(t.stdout()).toMatch(/^usage: drivespec conformance \[--provider P\]/);
    for (const name of ['DRIVESPEC_PDS_ACCESS_TOKEN', 'DRIVESPEC_METASTUDIO_TOKEN', 'DRIVESPEC_SMH_ACCESS_TOKEN', 'DRIVESPEC_KOODRIVE_ACCESS_TOKEN']) {
      expect(t.stdout()).toContain(name);
    }
    expect(t.stderr()).toBe('');
    expect(t.stdout().replace(/\s+/g, ' ')).toContain('the run fails (exit 1) when no server-side check ran at all');
  });

  it.each([
    [['--reporter', 'xml'], "unknown reporter 'xml' (one of pretty, json, junit, github)"],
    [['--reporter', 'xml:out.xml'], "unknown reporter 'xml' (one of pretty, json, junit, github)"],
    [['--reporter', 'json:'], '--reporter json: needs a file name after the colon'],
    [['--reporter', 'json', '--reporter', 'pretty'], '--reporter json writes a whole document: on standard output it must be alone'],
    [['--reporter', 'pretty', '--reporter', 'pretty'], '--reporter pretty given twice for standard output'],
    [['--reporter', 'junit:r.xml', '--reporter', 'json:./r.xml'], '--reporter junit and json would both write ./r.xml'],
    [['--reporter', 'junit:a.xml', '--out', 'b.xml'], '--out: every reporter has its own file already'],
    [['--reporter', 'junit', '--reporter', 'json', '--out', 'b.xml'], '--out names the file of one reporter, and several have none'],
    [['--provider', 'dropbox'], "unknown provider 'dropbox' (one of aliyun-pds, huawei-koodrive, huawei-metastudio, tencent-smh)"],
    [['--provider=tencent-smh,nope'], "unknown provider 'nope'"],
    [['--provider'], '--provider needs a value'],
    [['--out', '--reporter', 'json'], "--out needs a value (one starting with '-' is written --out=-...)"],
    [['--out', 'a.json', '--out', 'b.json'], '--out given twice'],
    [['--base-url', 'http://x', '--base-url', 'http://y'], '--base-url given twice'],
    [['--reporter='], '--reporter needs a value'],
    [['--verbose'], "unknown option '--verbose'"],
    [['extra'], "unexpected argument 'extra'"],
    [['--reporter', 'json', '--reporter', 'junit'], '--reporter json writes a whole document: on standard output it must be alone'],
    [['--base-url', 'not a url'], '--base-url is not an absolute URL'],
    [['--base-url', 'ftp://example.com'], '--base-url must be an http or https URL'],
    [['--base-url', 'https://api.tencentsmh.cn/?access_token=secret-token-value'], '--base-url must not carry a query, fragment or user info (credentials come from the environment)'],
    [['--base-url', 'https://user:pass@example.com'], '--base-url must not carry a query, fragment or user info (credentials come from the environment)'],
    [['--base-url', 'https://example.com/#secret-token-value'], '--base-url must not carry a query, fragment or user info'],
  ])('refuses %j: the message, the hint to --help, exit 2', async (argv, message) => {
    const t = io();
    expect(await run(argv, t.io)).toBe(2);
    const err = t.stderr();
    const [line, hint, ...rest] = err.split('\n');
    expect(line).toMatch(/^drivespec conformance: /);
    expect(line).toContain(message);
    expect(hint).toBe("Run 'drivespec conformance --help' for usage.");
    expect(rest).toEqual(['']);
    expect(err).not.toContain('secret-token-value');
    expect(err).not.toContain('pass');
    expect(t.stdout()).toBe('');
  });
});

/** One progress line per operation of the providers, and one per upload flow where flows run (the emulator). */
const operationsOf = (providers: readonly ProviderId[]) => providers.reduce((n, p) => n + Object.keys(providerSpecs[p].operations).length, 0);
const allProviders = Object.keys(providerSpecs) as ProviderId[];
const flowCount = Object.values(uploadFlows).flat().length;

describe('drivespec conformance against the embedded emulator (no set-up)', () => {
  const emulatorSecrets = Object.values(defaultEmulatorCredentials).flatMap((c) =>
    Object.entries(c as Record<string, string>)
      .filter(([name]) => !/Id$/.test(name) || name === 'accessKeyId')
      .map(([, value]) => value),
  );

  it('passes every check and exits 0, streaming a progress line per operation', async () => {
    const t = io();
    expect(await run([], t.io)).toBe(0);
    const out = t.stdout();
    expect(out).toMatch(/^drivespec conformance: aliyun-pds, huawei-koodrive, huawei-metastudio, tencent-smh against the embedded emulator at http:\/\/127\.0\.0\.1:\d+\n/);
    expect(out.match(/^PASS /gm)).toHaveLength(operationsOf(allProviders) + flowCount);
    expect(out).not.toMatch(/^FAIL /m);
    expect(out).toMatch(/\n {2}server {2}\d+ passed, 0 failed, 0 skipped\n/);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^conformance: OK/);
    expect(t.stderr()).toBe('');
    for (const secret of emulatorSecrets) expect(out).not.toContain(secret);
  });

  it('writes JUnit and JSON for CI, without a secret', async () => {
    const junit = io();
    expect(await run(['--reporter', 'junit', '--provider', 'tencent-smh'], junit.io)).toBe(0);
    const root = parseXml(junit.stdout());
    // tencent-smh: 18 documented pairs × 3 checks, and its 3 upload flows.
    expect(root.attributes).toMatchObject({ failures: '0', tests: '57' });
    const json = io();
    expect(await run(['--reporter=json'], json.io)).toBe(0);
    expect(JSON.parse(json.stdout())).toMatchObject({ ok: true, target: { kind: 'emulator' }, summary: { failed: 0 } });
    for (const secret of emulatorSecrets) {
      expect(junit.stdout()).not.toContain(secret);
      expect(json.stdout()).not.toContain(secret);
    }
  });
});

describe('drivespec conformance --base-url (credentials from the environment)', () => {
  let target: RunningEmulator;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    target = await startStubEmulator({ misbehave: { smhNotFoundStatus: 418 } });
    dir = await mkdtemp(join(tmpdir(), 'drivespec-conformance-'));
    const c = target.credentials;
    env = {
      DRIVESPEC_PDS_ACCESS_TOKEN: c['aliyun-pds'].accessToken,
      DRIVESPEC_METASTUDIO_PROJECT_ID: c['huawei-metastudio'].projectId,
      DRIVESPEC_METASTUDIO_TOKEN: c['huawei-metastudio'].token,
      DRIVESPEC_METASTUDIO_AK: c['huawei-metastudio'].ak,
      DRIVESPEC_METASTUDIO_SK: c['huawei-metastudio'].sk,
      DRIVESPEC_SMH_ACCESS_TOKEN: c['tencent-smh'].accessToken,
      DRIVESPEC_SMH_LIBRARY_ID: c['tencent-smh'].libraryId,
      DRIVESPEC_KOODRIVE_ACCESS_TOKEN: c['huawei-koodrive'].accessToken,
      DRIVESPEC_KOODRIVE_USER_ID: c['huawei-koodrive'].userId,
    };
  });
  afterAll(async () => {
    await target?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const secrets = () => Object.entries(env).filter(([k]) => !/PROJECT_ID|LIBRARY_ID|USER_ID/.test(k)).map(([, v]) => v);

  it('passes and exits 0 where the target answers as the spec says', async () => {
    const t = io(env);
    expect(await run(['--base-url', target.url, '--provider', 'aliyun-pds,huawei-koodrive', '--provider', 'huawei-metastudio'], t.io)).toBe(0);
    const out = t.stdout();
    expect(out).toContain(`against the live endpoint ${target.url}`);
    expect(out.match(/^PASS /gm)).toHaveLength(operationsOf(['aliyun-pds', 'huawei-koodrive', 'huawei-metastudio']));
    expect(out).toMatch(/\n\s+\d+ x server: the success scenario needs the target seeded \(an upload, a file or a fault\): emulator only\n/);
    expect(out.trimEnd().split('\n').at(-1)).toMatch(/^conformance: OK/);
    for (const s of secrets()) expect(out).not.toContain(s);
    expect(t.stderr()).toBe('');
  });

  it('exits 1 on a failing check, with the failure in every reporter and no secret anywhere', async () => {
    const pretty = io(env);
    expect(await run(['--base-url', target.url, '--provider', 'tencent-smh'], pretty.io)).toBe(1);
    expect(pretty.stdout()).toContain('FAIL tencent-smh ConfirmUpload');
    expect(pretty.stdout()).toContain('  x upload-not-found (not-found, HTTP 404) server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound\n');

    const json = io(env);
    expect(await run(['--base-url', target.url, '--reporter', 'json'], json.io)).toBe(1);
    const report = JSON.parse(json.stdout());
    // The stub's 418 answers every SMH upload-not-found pair (ConfirmUpload, renew, status, cancel).
    expect(report).toMatchObject({ ok: false, target: { kind: 'live', url: target.url }, summary: { failed: 4 } });

    const junit = io(env, dir);
    expect(await run(['--base-url', target.url, '--reporter', 'junit', '--out', 'report.xml'], junit.io)).toBe(1);
    // The log line names the report and the failing checks (the report itself is in the file).
    expect(junit.stdout()).toMatch(
      /^conformance: FAILED \(\d+ passed, 4 failed, \d+ skipped\); junit report in report\.xml\nFailed:\n(  tencent-smh \w+ upload-not-found server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound\n){4}$/,
    );
    const xml = await readFile(join(dir, 'report.xml'), 'utf8');
    expect(parseXml(xml).attributes.failures).toBe('4');

    for (const text of [pretty.stdout(), pretty.stderr(), json.stdout(), junit.stdout(), xml]) {
      for (const s of secrets()) expect(text).not.toContain(s);
    }
  });

  it('fails a live run that checked nothing on the target, naming the variables to set', async () => {
    // Nothing listens on port 1: without credentials not one request is sent, and that is no pass.
    const pretty = io({});
    expect(await run(['--base-url', 'http://127.0.0.1:1'], pretty.io)).toBe(1);
    const err = pretty.stderr();
    expect(err.endsWith('\n') && err.split('\n').length).toBe(2);
    expect(err).toMatch(/^drivespec conformance: no server-side check ran against http:\/\/127\.0\.0\.1:1; no credentials in the environment: /);
    for (const name of ['DRIVESPEC_PDS_ACCESS_TOKEN', 'DRIVESPEC_METASTUDIO_PROJECT_ID', 'DRIVESPEC_SMH_ACCESS_TOKEN', 'DRIVESPEC_KOODRIVE_USER_ID']) {
      expect(err).toContain(name);
    }
    expect(pretty.stdout().trimEnd().split('\n').at(-1)).toMatch(/^conformance: FAILED \(no server-side check ran against/);
    expect(pretty.stdout()).not.toMatch(/conformance: OK/);

    const json = io({});
    expect(await run(['--base-url', 'http://127.0.0.1:1', '--provider', 'tencent-smh', '--reporter', 'json'], json.io)).toBe(1);
    const report = JSON.parse(json.stdout());
    expect(report).toMatchObject({ ok: false, summary: { failed: 0, byCheck: { server: { passed: 0, failed: 0 } } } });
    expect(report.problem).toContain('tencent-smh: set DRIVESPEC_SMH_ACCESS_TOKEN and DRIVESPEC_SMH_LIBRARY_ID');
    expect(report.problem).not.toContain('aliyun-pds');

    const junit = io({}, dir);
    expect(await run(['--base-url', 'http://127.0.0.1:1', '--reporter', 'junit', '--out', 'nothing.xml'], junit.io)).toBe(1);
    expect(junit.stdout()).toMatch(/^conformance: FAILED \(/);
    expect(junit.stderr()).toMatch(/^drivespec conformance: no server-side check ran/);
    const xml = parseXml(await readFile(join(dir, 'nothing.xml'), 'utf8'));
    expect(xml.attributes.failures).toBe('1');
  });

  it('passes a live run where only some providers have credentials, if their server checks ran', async () => {
    const t = io({ DRIVESPEC_KOODRIVE_ACCESS_TOKEN: env.DRIVESPEC_KOODRIVE_ACCESS_TOKEN, DRIVESPEC_KOODRIVE_USER_ID: env.DRIVESPEC_KOODRIVE_USER_ID });
    expect(await run(['--base-url', target.url, '--provider', 'huawei-koodrive,aliyun-pds'], t.io)).toBe(0);
    expect(t.stdout()).toContain('server: no credentials for aliyun-pds');
    expect(t.stdout().trimEnd().split('\n').at(-1)).toMatch(/^conformance: OK/);
    expect(t.stderr()).toBe('');
  });

  it('writes the whole pretty report with --out', async () => {
    const t = io(env, dir);
    expect(await run(['--base-url', target.url, '--provider', 'huawei-koodrive', '--out', 'pretty.txt'], t.io)).toBe(0);
    const text = await readFile(join(dir, 'pretty.txt'), 'utf8');
    expect(text).toMatch(/^drivespec conformance: huawei-koodrive against the live endpoint/);
    expect(text).toContain('PASS huawei-koodrive CompleteFile');
    expect(text).toContain('\nErrata: 9 recorded');
  });

  it('creates the missing folders of --out', async () => {
    const t = io(env, dir);
    expect(await run(['--base-url', target.url, '--provider', 'huawei-koodrive', '--out', 'missing/dir/report.json', '--reporter', 'json'], t.io)).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'missing/dir/report.json'), 'utf8'))).toMatchObject({ ok: true });
    expect(t.stdout()).toMatch(/^conformance: OK \(\d+ passed, 0 failed, \d+ skipped\); json report in missing\/dir\/report\.json\n$/);
    expect(t.stderr()).toBe('');
  });

  it('says in one line when the report cannot be written, and exits 1 although every check passed', async () => {
    await writeFile(join(dir, 'a-file'), 'not a folder');
    const t = io(env, dir);
    expect(await run(['--base-url', target.url, '--provider', 'huawei-koodrive', '--out', 'a-file/report.json', '--reporter', 'json'], t.io)).toBe(1);
    expect(t.stderr()).toMatch(/^drivespec conformance: cannot write a-file\/report\.json \((ENOTDIR|EEXIST)\)\n$/);
  });
});
