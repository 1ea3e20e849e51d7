/**
 * `runHarConformance` and `drivespec conformance --har` on a real recording: the upload flows of
 * the four providers, recorded as HAR entries through an injected fetch against the emulator.
 * The clean recording passes every check; each hand-made drift (the way a live service drifts
 * from its docs) is a named failure of the check it belongs to; what the recording lacks is
 * skipped, never passed.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../../src/cli/conformance.js';
import { formatJsonReport, formatJunitReport } from '../../../src/conformance/index.js';
import { formatPrettyReport } from '../../../src/conformance/pretty-reporter.js';
import { formatGithubAnnotations, formatGithubSummary } from '../../../src/conformance/github-reporter.js';
import type { CliIo } from '../../../src/cli/io.js';
import { parseHar } from '../../../src/conformance/har/parse-har.js';
import { runHarConformance, type ConformanceReport, type PairReport } from '../../../src/conformance/index.js';
import { providerIds } from '../../../src/core/provider.js';
import { createClient as createPds } from '../../../src/clients/aliyun-pds.js';
import { createClient as createMetaStudio } from '../../../src/clients/huawei-metastudio.js';
import { startTestEmulator } from '../support/emulator.js';
import { createHarRecorder, recordEmulatorSession, type HarDocument, type HarEntry } from './support/record-har.js';

let recording: HarDocument;
let credentials: Awaited<ReturnType<typeof recordEmulatorSession>>['credentials'];
let dir: string;

beforeAll(async () => {
  ({ har: recording, credentials } = await recordEmulatorSession());
  dir = await mkdtemp(join(tmpdir(), 'drivespec-har-'));
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const fresh = (): HarDocument => structuredClone(recording);

async function check(har: HarDocument, options: Parameters<typeof runHarConformance>[0] = {}): Promise<ConformanceReport> {
  return runHarConformance({ exchanges: parseHar(JSON.stringify(har)), file: 'session.har', now: () => new Date('2026-12-01T10:00:00Z'), ...options });
}

/** The first entry whose method and path end match. */
function entry(har: HarDocument, method: string, pathEnd: RegExp): { entry: HarEntry; index: number } {
  const index = har.log.entries.findIndex((e) => e.request.method === method && pathEnd.test(new URL(e.request.url).pathname + new URL(e.request.url).search));
  if (index < 0) throw new Error(`no ${method} ${pathEnd} in the recording`);
  return { entry: har.log.entries[index]!, index };
}

function pairOf(report: ConformanceReport, index: number): PairReport {
  for (const p of report.providers) for (const o of p.operations) for (const pair of o.pairs) if (pair.name.startsWith(`entry ${index}:`)) return pair;
  throw new Error(`entry ${index} is not in the report`);
}

function editJson(e: HarEntry, edit: (body: Record<string, unknown>) => void): void {
  const body = JSON.parse(e.response.content.text!) as Record<string, unknown>;
  edit(body);
  e.response.content.text = JSON.stringify(body);
  e.response.content.size = Buffer.byteLength(e.response.content.text);
}

describe('a clean recording', () => {
  it('passes every check of every recorded operation of the four providers, storage PUTs checked against their transfer', async () => {
    const report = await check(fresh());
    expect(report.ok).toBe(true);
    expect(report.summary.failed).toBe(0);
    expect(report.providers.map((p) => p.provider)).toEqual([...providerIds]);
    const storagePuts = recording.log.entries.filter((e) => new URL(e.request.url).pathname.startsWith('/__drivespec/storage/')).length;
    expect(storagePuts).toBe(11);
    // Every PUT is an upload to a URL an answer handed out: a pair of that operation.
    expect(report.har).toEqual({ entries: recording.log.entries.length, checked: recording.log.entries.length, notOperations: 0, filteredOut: 0 });
    const uploads = report.providers.flatMap((p) => p.operations.flatMap((o) => o.pairs.filter((x) => x.scenario === 'storage-upload').map((x) => `${p.provider} ${o.operationId}`)));
    expect(uploads).toEqual([
      ...Array(4).fill('aliyun-pds CreateFile'),
      ...Array(3).fill('huawei-koodrive CreateFile'),
      'huawei-metastudio CreateFile',
      ...Array(3).fill('tencent-smh InitMultipartUpload'),
    ]);
    // Their wire and server checks ran (headers, Content-MD5, ETag against the bytes); only the client replay does not apply.
    expect(report.summary.byCheck.wire.skipped + report.summary.byCheck.server.skipped).toBe(0);
    expect(report.summary.skipped).toBe(storagePuts);
    expect(report.summary.byCheck.client.skipped).toBe(storagePuts);
    expect(report.summary.pairs).toBe(report.har!.checked);
    expect(report.target).toEqual({ kind: 'har', url: 'session.har' });
    // Every operation the flows call is there, matched by host, method, template and flag.
    const ops = report.providers.flatMap((p) => p.operations.map((o) => `${p.provider} ${o.operationId}`));
    expect(ops).toEqual(
      expect.arrayContaining([
        'aliyun-pds CreateFile',
        'aliyun-pds CompleteFile',
        'huawei-koodrive CreateFile',
        'huawei-metastudio CreateFile',
        'huawei-metastudio ConfirmFileUpload',
        'tencent-smh InitMultipartUpload',
        'tencent-smh GetUploadStatus',
        'tencent-smh ConfirmUpload',
      ]),
    );
  });

  it('carries the tool, and durations from the injected clock (R\'s report model)', async () => {
    let t = 0;
    const report = await check(fresh(), { clock: () => (t += 5), tool: { name: 'drivespec', version: '9.9.9' } });
    expect(report.tool).toEqual({ name: 'drivespec', version: '9.9.9' });
    const pairs = report.providers.flatMap((p) => p.operations.flatMap((o) => o.pairs));
    // Two clock reads per pair, 5 ms apart; the run reads it once before and once after them all.
    expect(pairs.every((p) => p.durationMs === 5)).toBe(true);
    expect(report.durationMs).toBe(5 * (2 * pairs.length + 1));
    const op = report.providers[0]!.operations[0]!;
    expect(op.durationMs).toBe(5 * op.pairs.length);
  });

  it('a bodiless answer sent as `{}` passes all three checks (it says nothing more)', async () => {
    const har = fresh();
    const confirm = entry(har, 'POST', /^\/v1\/[^/]+\/files\/[^/]+\/complete$/);
    confirm.entry.response.content = { size: 2, mimeType: 'application/json', text: '{}' };
    const pair = pairOf(await check(har), confirm.index);
    expect(pair.checks).toMatchObject({ client: { status: 'passed' }, wire: { status: 'passed' }, server: { status: 'passed' } });
  });

  it('keeps to the provider filter, counting the others', async () => {
    const report = await check(fresh(), { providers: ['tencent-smh'] });
    expect(report.providers.map((p) => p.provider)).toEqual(['tencent-smh']);
    expect(report.har!.filteredOut).toBeGreaterThan(0);
    expect(report.har!.checked + report.har!.filteredOut + report.har!.notOperations).toBe(report.har!.entries);
  });
});

describe('drifts, each a named failure', () => {
  it('a response field removed', async () => {
    const har = fresh();
    const { entry: e, index } = entry(har, 'POST', /\/v2\/file\/create$/);
    editJson(e, (b) => delete b.file_id);
    const report = await check(har);
    expect(report.ok).toBe(false);
    const pair = pairOf(report, index);
    expect(pair.checks.server).toMatchObject({ status: 'failed' });
    expect(pair.checks.server.reason).toMatch(/^the HTTP 200 body does not match the spec: \/file_id is required/);
    // The typed client, given the same answer, refuses it too.
    expect(pair.checks.client.status).toBe('failed');
    expect(pair.checks.wire.status).toBe('passed');
  });

  it('a response field retyped', async () => {
    const har = fresh();
    const { entry: e, index } = entry(har, 'POST', /\?multipart/);
    editJson(e, (b) => (b.confirmKey = 42));
    const pair = pairOf(await check(har), index);
    expect(pair.checks.server.status).toBe('failed');
    expect(pair.checks.server.reason).toContain('/confirmKey must be string');
  });

  it('an undocumented status', async () => {
    const har = fresh();
    const { entry: e, index } = entry(har, 'POST', /\/koodrive\/ose\/v1\/files\/complete$/);
    e.response.status = 418;
    const pair = pairOf(await check(har), index);
    expect(pair.status).toBe(418);
    expect(pair.checks.server.status).toBe('failed');
    expect(pair.checks.server.reason).toMatch(/^HTTP 418, a status the spec does not declare for CompleteFile \(declared: 200, /);
  });

  it('no request-id header on a success', async () => {
    const har = fresh();
    const { entry: e, index } = entry(har, 'POST', /\/files$/);
    e.response.headers = e.response.headers.filter((h) => h.name.toLowerCase() !== 'x-request-id');
    const pair = pairOf(await check(har), index);
    expect(pair.checks.server).toEqual({ status: 'failed', reason: "no x-request-id header (the provider's request id of a successful answer)" });
  });

  it('no signature: the bearer header, SMH access_token, MetaStudio X-Auth-Token removed', async () => {
    const har = fresh();
    const kd = entry(har, 'POST', /\/koodrive\/ose\/v1\/files\/create$/);
    kd.entry.request.headers = kd.entry.request.headers.filter((h) => h.name.toLowerCase() !== 'authorization');
    const smh = entry(har, 'POST', /\?confirm/);
    smh.entry.request.url = smh.entry.request.url.replace(/&access_token=[^&]*/, '');
    const ms = entry(har, 'POST', /\/digital-assets$/);
    ms.entry.request.headers = ms.entry.request.headers.filter((h) => h.name.toLowerCase() !== 'x-auth-token');
    const report = await check(har);
    expect(pairOf(report, kd.index).checks.wire.reason).toBe('no credential the spec accepts: bearer + date + userId (header Authorization absent)');
    expect(pairOf(report, smh.index).checks.wire.reason).toBe('no credential the spec accepts: accessToken (query parameter access_token absent)');
    expect(pairOf(report, ms.index).checks.wire.reason).toMatch(/^no credential the spec accepts: token \(header X-Auth-Token absent\); or akSk \(header Authorization absent\)$/);
    // A request without its credentials is still one the client would build: its answer is replayed.
    expect(pairOf(report, kd.index).checks.client.status).toBe('passed');
  });

  it('a bearer header of the wrong shape, without printing it', async () => {
    const har = fresh();
    const { entry: e, index } = entry(har, 'POST', /\/v2\/file\/complete$/);
    const auth = e.request.headers.find((h) => h.name.toLowerCase() === 'authorization')!;
    const token = auth.value.replace(/^Bearer /, '');
    auth.value = `Token ${token}`;
    const pair = pairOf(await check(har), index);
    expect(pair.checks.wire.status).toBe('failed');
    expect(pair.checks.wire.reason).toContain('header Authorization is not `Bearer <token>`');
    expect(JSON.stringify(pair)).not.toContain(token);
  });

  it('an undocumented request field and a missing required parameter', async () => {
    const har = fresh();
    const body = entry(har, 'POST', /\/v2\/file\/get$/);
    const sent = JSON.parse(body.entry.request.postData!.text) as Record<string, unknown>;
    body.entry.request.postData!.text = JSON.stringify({ ...sent, fileid: 'x' });
    body.entry.request.bodySize = Buffer.byteLength(body.entry.request.postData!.text);
    const confirm = entry(har, 'POST', /\?confirm/);
    // SMH ConfirmUpload with an unknown query parameter: refused by the closed parameters schema.
    confirm.entry.request.url += '&conflict_strategy=rename';
    const report = await check(har);
    const get = pairOf(report, body.index);
    expect(get.checks.wire.reason).toBe('request body does not match the spec: /fileid is not a documented property');
    expect(get.checks.client).toEqual({ status: 'skipped', reason: 'the recorded request does not match the spec (see wire)' });
    expect(pairOf(report, confirm.index).checks.wire.reason).toMatch(/^request parameters do not match the spec: \/query\/conflict_strategy is not a documented property/);
  });

  it('a body where the spec declares none, and a JSON answer that is not JSON', async () => {
    const har = fresh();
    const status = entry(har, 'GET', /\?upload/);
    status.entry.response.content.text = '<html>captive portal</html>';
    status.entry.response.content.size = status.entry.response.content.text.length;
    // MetaStudio ConfirmFileUpload: its 200 is documented without a body.
    const confirm = entry(har, 'POST', /^\/v1\/[^/]+\/files\/[^/]+/);
    confirm.entry.response.content.text = '{"done":true}';
    confirm.entry.response.content.size = 13;
    const report = await check(har);
    expect(pairOf(report, status.index).checks.server).toEqual({
      status: 'failed',
      reason: 'HTTP 200: the response body is not JSON',
      // The failure says which errata the check already applied (they are in the schemas).
      note: "checked with the spec's errata applied: response.200.uploadPartInfo.path, response.200.uploadPartInfo",
    });
    expect(pairOf(report, confirm.index).checks.server).toEqual({ status: 'failed', reason: 'HTTP 200 with a body; the spec declares none' });
  });
});

describe('storage uploads, checked against the transfer of the operation that handed out the URL', () => {
  const put = (har: HarDocument, store: string, n = 0) => {
    const all = har.log.entries.map((e, index) => ({ entry: e, index })).filter(({ entry: e }) => e.request.method === 'PUT' && e.request.url.includes(`/__drivespec/storage/${store}/`));
    return all[n]!;
  };
  const setHeader = (headers: { name: string; value: string }[], name: string, value: string | undefined) => {
    const kept = headers.filter((h) => h.name.toLowerCase() !== name.toLowerCase());
    return value === undefined ? kept : [...kept, { name, value }];
  };

  it('the ETag: absent, not a quoted MD5, or the MD5 of other bytes (node:crypto), each a failure', async () => {
    const har = fresh();
    const [a, b, c] = [put(har, 'oss', 0), put(har, 'oss', 1), put(har, 's3', 0)];
    a.entry.response.headers = setHeader(a.entry.response.headers, 'etag', undefined);
    b.entry.response.headers = setHeader(b.entry.response.headers, 'ETag', 'W/"weak"');
    c.entry.response.headers = setHeader(c.entry.response.headers, 'etag', '"0cc175b9c0f1b6a831c399e269772661"');
    const report = await check(har);
    expect(report.ok).toBe(false);
    expect(pairOf(report, a.index).checks.server).toEqual({ status: 'failed', reason: 'no ETag header (the transfer of CreateFile answers the quoted hex MD5 of the bytes)' });
    expect(pairOf(report, b.index).checks.server).toEqual({ status: 'failed', reason: 'the ETag is not a quoted hex MD5' });
    expect(pairOf(report, c.index).checks.server).toEqual({ status: 'failed', reason: 'the ETag is not the MD5 of the bytes sent' });
    expect(pairOf(report, a.index).source).toMatch(/^session\.har entry \d+ \(storage upload of CreateFile, URL from entry 0\)$/);
  });

  it('the headers the transfer sends: handed out by the answer (never printed), fixed, and Content-MD5 of the bytes', async () => {
    const har = fresh();
    const cos = put(har, 'cos', 1);
    const auth = cos.entry.request.headers.find((h) => h.name.toLowerCase() === 'authorization')!;
    const signature = auth.value;
    auth.value = signature.replace(/q-signature=[0-9a-f]+/, 'q-signature=0000');
    const oss = put(har, 'oss', 2);
    oss.entry.request.headers = setHeader(oss.entry.request.headers, 'content-type', 'application/octet-stream');
    const obs = put(har, 'obs');
    obs.entry.request.headers = setHeader(obs.entry.request.headers, 'content-md5', '1B2M2Y8AsgTpgAmY7PhCfg==');
    const report = await check(har);
    const smh = pairOf(report, cos.index).checks.wire;
    expect(smh).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^header Authorization is not the value the answer of entry \d+ handed out$/) });
    expect(JSON.stringify(report)).not.toContain('q-signature=');
    expect(pairOf(report, oss.index).checks.wire).toEqual({ status: 'failed', reason: 'header Content-Type is not "", as the transfer sends it' });
    // MetaStudio: CreateFile's file_md5 announced it (requestHeaders), and it must be the bytes' MD5.
    expect(pairOf(report, obs.index).checks.wire).toMatchObject({
      status: 'failed',
      reason: expect.stringMatching(/^header Content-MD5 is not the one the request of entry \d+ announced; Content-MD5 is not the MD5 of the bytes sent$/),
    });
  });

  it('a storage error the transfer documents passes with a note; another status fails; a PUT to a URL never handed out is no upload', async () => {
    const har = fresh();
    const [denied, broken] = [put(har, 'oss', 0), put(har, 's3', 1)];
    denied.entry.response.status = 403;
    broken.entry.response.status = 500;
    const stray = structuredClone(put(har, 'cos', 0).entry);
    stray.request.url = stray.request.url.replace(/uploadId=[^&]+/, 'uploadId=someone-else');
    har.log.entries.push(stray);
    const report = await check(har);
    expect(pairOf(report, denied.index).checks.server).toEqual({ status: 'passed', note: "a storage error the transfer documents (AccessDenied or SignatureDoesNotMatch); its XML body is not checked" });
    expect(pairOf(report, broken.index).checks.server).toMatchObject({ status: 'failed', reason: expect.stringMatching(/^HTTP 500, a status the transfer of CreateFile does not declare \(declared: 200, /) });
    expect(report.har!.notOperations).toBe(1);
  });
});

describe('what the recording lacks is skipped, never passed', () => {
  it('a truncated or unrecorded answer body, and an entry without an answer', async () => {
    const har = fresh();
    const cut = entry(har, 'POST', /\/v2\/file\/complete$/);
    cut.entry.response.content.text = cut.entry.response.content.text!.slice(0, 10);
    const gone = entry(har, 'POST', /\/koodrive\/ose\/v1\/files\/complete$/);
    delete gone.entry.response.content.text;
    const blocked = entry(har, 'GET', /\?upload/);
    blocked.entry.response.status = 0;
    const report = await check(har);
    expect(report.summary.failed).toBe(0);
    expect(report.ok).toBe(true);
    const c = pairOf(report, cut.index).checks.server;
    expect(c.status).toBe('skipped');
    expect(c.reason).toMatch(/^not checked: the HAR holds 10 of the \d+ bytes of the response body$/);
    expect(pairOf(report, gone.index).checks.server).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^not checked: the HAR holds no response body/) });
    expect(pairOf(report, blocked.index).checks.server.status).toBe('skipped');
    expect(pairOf(report, blocked.index).checks.client.status).toBe('skipped');
  });

  it('a drift is still a failure when the body is missing', async () => {
    const har = fresh();
    const { entry: e, index } = entry(har, 'POST', /\/v2\/file\/complete$/);
    delete e.response.content.text;
    e.response.status = 299;
    expect(pairOf(await check(har), index).checks.server.status).toBe('failed');
  });

  it('a recording with no drivespec call fails the run, saying why', async () => {
    const har = fresh();
    har.log.entries = har.log.entries.filter((e) => new URL(e.request.url).pathname.startsWith('/__drivespec/'));
    const other = structuredClone(recording.log.entries[0]!);
    other.request.url = 'https://www.example.com/v2/file/create';
    har.log.entries.push(other);
    const report = await check(har);
    expect(report.ok).toBe(false);
    expect(report.summary.checks).toBe(0);
    expect(report.problem).toMatch(/^no entry of the HAR file is a call to a drivespec operation \(\d+ entries, \d+ of other services\)$/);
  });
});

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('drivespec conformance --har', () => {
  it('exit 0 on the clean recording (pretty), 1 on a drift (json, junit)', async () => {
    await writeFile(join(dir, 'clean.har'), JSON.stringify(recording));
    const clean = io(dir);
    expect(await run(['--har', 'clean.har'], clean.io)).toBe(0);
    expect(clean.stdout()).toContain('against the recorded traffic in clean.har');
    expect(clean.stdout()).toMatch(/HAR {5}\d+ entries: \d+ checked, \d+ not a drivespec operation/);
    expect(clean.stdout()).toContain('conformance: OK');

    const har = fresh();
    entry(har, 'POST', /\/files$/).entry.response.status = 202;
    await writeFile(join(dir, 'drift.har'), JSON.stringify(har));
    const json = io(dir);
    expect(await run(['--har', 'drift.har', '--reporter', 'json'], json.io)).toBe(1);
    const report = JSON.parse(json.stdout()) as ConformanceReport;
    expect(report.ok).toBe(false);
    expect(report.har?.checked).toBeGreaterThan(0);
    const junit = io(dir);
    expect(await run(['--har', 'drift.har', '--reporter', 'junit'], junit.io)).toBe(1);
    expect(junit.stdout()).toContain('HTTP 202, a status the spec does not declare for CreateFile');
  });

  it('passes examples/session.har, the README\'s example (real provider hosts, matched by the specs\' servers)', async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain('`drivespec conformance --har examples/session.har`');
    const t = io(new URL('../../..', import.meta.url).pathname);
    expect(await run(['--har', 'examples/session.har', '--reporter', 'json'], t.io)).toBe(0);
    const report = JSON.parse(t.stdout()) as ConformanceReport;
    expect(report.ok).toBe(true);
    expect(report.providers.map((p) => p.provider)).toEqual([...providerIds]);
    // The answers' upload URLs are rewritten to the storage hosts the PUTs went to: every entry is checked.
    expect(report.har).toMatchObject({ entries: 25, checked: 25, notOperations: 0 });
    expect(report.summary).toMatchObject({ failed: 0, errored: 0, skipped: 12, passed: 63 });
    // The recording keeps no upload bytes: MetaStudio's Content-MD5 cannot be compared (skipped), and
    // the ETags are checked for their form only (noted), never passed as compared.
    expect(report.summary.byCheck.wire.skipped).toBe(1);
    const notes = report.providers.flatMap((p) => p.operations.flatMap((o) => o.pairs.map((x) => x.checks.server.note))).filter((n) => n !== undefined);
    expect(notes).toEqual(Array(11).fill('ETag checked for its form only: the HAR holds no bytes of the upload'));
    // A documented error answer too: PDS GetFile's 404, its documented x-ca-request-id header checked.
    const getFile = report.providers.find((p) => p.provider === 'aliyun-pds')!.operations.find((o) => o.operationId === 'GetFile')!;
    expect(getFile.pairs.map((p) => [p.status, p.checks.server.status, p.checks.client.status])).toEqual([
      [200, 'passed', 'passed'],
      [404, 'passed', 'passed'],
    ]);
  });

  it('refuses --har with --base-url (exit 2); a broken file is one line naming the entry (exit 1), no stack', async () => {
    const both = io(dir);
    expect(await run(['--har', 'x.har', '--base-url', 'https://example.com'], both.io)).toBe(2);
    expect(both.stderr()).toContain('--har and --base-url cannot be combined');

    const har = fresh();
    har.log.entries[3]!.request.url = 'not a url?access_token=secret-in-a-broken-url';
    await writeFile(join(dir, 'broken.har'), JSON.stringify(har));
    const broken = io(dir);
    expect(await run(['--har', 'broken.har'], broken.io)).toBe(1);
    expect(broken.stderr()).toBe('drivespec conformance: HAR entry 3: request.url is not an absolute URL\n');
    const missing = io(dir);
    expect(await run(['--har', 'nowhere.har'], missing.io)).toBe(1);
    expect(missing.stderr()).toBe('drivespec conformance: cannot open the HAR file (ENOENT)\n');
  });
});

describe('secrets in the HAR are never printed', () => {
  const AK = 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE';
  const PDS_SIGNATURE = 'q2Vx9mQk0S7cN1pLr8TfYw3ZbHd=';
  const MS_SIGNATURE = 'c'.repeat(8) + '9f1e2d3c4b5a69788796a5b4c3d2e1f0aa55bb66cc77dd88ee99ff0011223344'.slice(8);
  const COOKIE = 'sess-7Hq2LmP9xRt4VwZ8';
  const STS = 'sts-security-token-Qm9iLWxvbmc';
  /** Sent once (one KooDrive call) and found in another exchange's path only. */
  const ONE_OFF = 'once-Zx81QwPlm04Rtv';

  function tokenHar(): HarDocument {
    const har = fresh();
    const smhToken = credentials['tencent-smh'].accessToken;
    for (const e of har.log.entries) {
      e.request.headers.push({ name: 'Cookie', value: `session=${COOKIE}; theme=dark` });
      e.response.headers.push({ name: 'Set-Cookie', value: `session=${COOKIE}; HttpOnly` }, { name: 'x-echo-token', value: smhToken });
      if (e.response.content.text && !e.response.content.encoding && e.response.content.text.startsWith('{')) {
        // Answers echoing the SMH token in a URL and a field, and handing out a signed URL.
        const body = JSON.parse(e.response.content.text) as Record<string, unknown>;
        body.debugUrl = `https://x.example/cb?access_token=${smhToken}&q-signature=${COOKIE}x`;
        body.access_token = smhToken;
        e.response.content.text = JSON.stringify(body);
        e.response.content.size = Buffer.byteLength(e.response.content.text);
      }
    }
    // PDS with an AccessKey signature (and an STS token), MetaStudio with an AK/SK signature.
    const pds = entry(har, 'POST', /\/v2\/file\/complete$/).entry;
    pds.request.headers = pds.request.headers.filter((h) => h.name.toLowerCase() !== 'authorization');
    pds.request.headers.push(
      { name: 'Authorization', value: `acs ${AK}:${PDS_SIGNATURE}` },
      { name: 'date', value: 'Tue, 01 Dec 2026 10:00:00 GMT' },
      { name: 'x-acs-signature-nonce', value: 'n-1' },
      { name: 'x-acs-security-token', value: STS },
    );
    const ms = entry(har, 'POST', /\/digital-assets$/).entry;
    ms.request.headers = ms.request.headers.filter((h) => h.name.toLowerCase() !== 'x-auth-token');
    ms.request.headers.push(
      { name: 'Authorization', value: `SDK-HMAC-SHA256 Access=${AK}, SignedHeaders=content-type;host;x-sdk-date, Signature=${MS_SIGNATURE}` },
      { name: 'X-Sdk-Date', value: '20261201T100000Z' },
    );
    // Failures whose messages come near the values: misshaped credentials, a path holding a token,
    // undocumented statuses whose bodies quote the token.
    const kd = entry(har, 'POST', /\/koodrive\/ose\/v1\/files\/complete$/).entry;
    const auth = kd.request.headers.find((h) => h.name.toLowerCase() === 'authorization')!;
    auth.value = `Bearer: ${ONE_OFF}`;
    const multipart = entry(har, 'POST', /\?multipart/).entry;
    multipart.request.url = multipart.request.url.replace('/upload.bin?', `/${ONE_OFF}.bin?`);
    for (const e of har.log.entries.filter((x) => /[?&]confirm/.test(x.request.url) || /\/files$/.test(new URL(x.request.url).pathname))) {
      e.response.status = 499;
      e.response.content.text = JSON.stringify({ code: `Bad${smhToken}`, message: `token ${credentials['huawei-metastudio'].token} is wrong`, error_code: smhToken });
      e.response.content.size = Buffer.byteLength(e.response.content.text);
    }
    return har;
  }

  it('in no reporter output, though every check ran and some failed', async () => {
    const har = tokenHar();
    const report = await check(har);
    expect(report.summary.failed).toBeGreaterThanOrEqual(3);
    expect(report.summary.passed).toBeGreaterThan(10);
    // The signed PDS and MetaStudio requests pass their credential checks (shape only).
    const wireOf = (method: string, path: RegExp) => pairOf(report, entry(har, method, path).index).checks.wire;
    expect(wireOf('POST', /\/v2\/file\/complete$/).status).toBe('passed');
    expect(wireOf('POST', /\/digital-assets$/).status).toBe('passed');
    expect(wireOf('POST', /\/koodrive\/ose\/v1\/files\/complete$/).reason).toContain('header Authorization is not `Bearer <access_token>`');

    const secrets = [
      credentials['tencent-smh'].accessToken,
      credentials['huawei-koodrive'].accessToken,
      credentials['huawei-metastudio'].token!,
      credentials['aliyun-pds'].accessToken!,
      AK,
      PDS_SIGNATURE,
      MS_SIGNATURE,
      COOKIE,
      STS,
      ONE_OFF,
    ];
    const outputs = {
      pretty: formatPrettyReport(report, { errata: true }),
      json: formatJsonReport(report),
      junit: formatJunitReport(report),
      github: formatGithubAnnotations(report, { errata: true }),
      summary: formatGithubSummary(report),
    };
    for (const [format, text] of Object.entries(outputs)) {
      for (const secret of secrets) {
        expect(text.includes(secret), `${format} output holds a secret`).toBe(false);
        expect(text.includes(encodeURIComponent(secret)), `${format} output holds an encoded secret`).toBe(false);
      }
    }
    expect(outputs.summary).toContain('recorded traffic session.har');
    // The path holding a token is still named, with the token removed.
    expect(outputs.json).toMatch(/"name": "entry \d+: POST \/api\/v1\/file\/smhdocs\/-\/drivespec-flows\/\[REDACTED\]\.bin"/);
    // Nothing skipped but the storage uploads' client replays (MetaStudio's upload URL was never handed out: its CreateFile answered 499).
    expect(report.summary.skipped).toBe(report.summary.byCheck.client.skipped);
    expect(report.summary.byCheck.client.skipped).toBe(10);
  });

  it('nor on the CLI streams', async () => {
    await writeFile(join(dir, 'tokens.har'), JSON.stringify(tokenHar()));
    for (const reporter of ['pretty', 'json', 'junit', 'github']) {
      const t = io(dir);
      expect(await run(['--har', 'tokens.har', '--reporter', reporter], t.io)).toBe(1);
      for (const secret of [credentials['tencent-smh'].accessToken, credentials['huawei-koodrive'].accessToken, AK, COOKIE, ONE_OFF]) {
        expect(t.stdout() + t.stderr()).not.toContain(secret);
      }
    }
  });
});

describe('requests signed by our AccessKey signers pass the shape checks', () => {
  it('PDS acs (v1) and ACS4-HMAC-SHA256 (v4), MetaStudio SDK-HMAC-SHA256; a signature without its date fails', async () => {
    const emulator = await startTestEmulator();
    const recorder = createHarRecorder();
    const c = emulator.credentials;
    try {
      for (const signatureVersion of ['v1', 'v4'] as const) {
        const pds = createPds({
          baseUrl: emulator.url,
          fetch: recorder.fetch,
          credentials: { accessKeyId: c['aliyun-pds'].accessKeyId!, accessKeySecret: c['aliyun-pds'].accessKeySecret!, signatureVersion },
        });
        // A documented 404: the answer is judged like any other.
        await pds.getFile({ body: { drive_id: '1', file_id: 'no-such-file' } }).catch(() => undefined);
      }
      const ms = createMetaStudio({ baseUrl: emulator.url, fetch: recorder.fetch, projectId: c['huawei-metastudio'].projectId, credentials: { ak: c['huawei-metastudio'].ak!, sk: c['huawei-metastudio'].sk! } });
      await ms.createDigitalAsset({ body: { asset_name: 'har', asset_type: 'VIDEO' } });
    } finally {
      await emulator.close();
    }
    const har = recorder.har();
    expect(har.log.entries.map((e) => e.request.headers.find((h) => h.name === 'authorization')?.value.split(' ')[0])).toEqual(['acs', 'ACS4-HMAC-SHA256', 'SDK-HMAC-SHA256']);
    const report = await check(har);
    expect(report.summary.byCheck.wire).toMatchObject({ passed: 3, failed: 0 });
    expect(report.ok).toBe(true);

    const undated = structuredClone(har);
    undated.log.entries[2]!.request.headers = undated.log.entries[2]!.request.headers.filter((h) => h.name !== 'x-sdk-date');
    undated.log.entries[0]!.request.headers = undated.log.entries[0]!.request.headers.filter((h) => h.name !== 'x-acs-signature-nonce');
    const broken = await check(undated);
    expect(pairOf(broken, 2).checks.wire.reason).toBe('no credential the spec accepts: token (header X-Auth-Token absent); or akSk (header x-sdk-date absent)');
    expect(pairOf(broken, 0).checks.wire.reason).toMatch(/accessKey \(header x-acs-signature-nonce absent\)/);
    for (const text of [formatPrettyReport(broken), formatJsonReport(broken), formatJunitReport(broken)]) {
      for (const secret of [c['aliyun-pds'].accessKeyId!, c['aliyun-pds'].accessKeySecret!, c['huawei-metastudio'].ak!, c['huawei-metastudio'].sk!]) {
        expect(text).not.toContain(secret);
      }
    }
  });
});
