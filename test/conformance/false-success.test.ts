/**
 * Issue 9, item 1: a server check passes only when the target gives the documented answer. Wrong
 * credentials against the real emulator, a base URL where nothing listens, a target that never
 * answers, and a right status with the wrong provider code all fail, each check saying why.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/conformance.js';
import type { CliIo } from '../../src/cli/io.js';
import { runConformance, type ConformanceCredentials, type ConformanceReport, type RunningEmulator } from '../../src/conformance/index.js';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import { startTestEmulator } from './support/emulator.js';
import { startStubEmulator } from './support/stub-emulator.js';

function io(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd: process.cwd() };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** `provider operation pair: status reason` for every server check. */
function serverChecks(report: ConformanceReport): string[] {
  return report.providers.flatMap((p) =>
    p.operations.flatMap((o) =>
      o.pairs.map((pair) => `${p.provider} ${o.operationId} ${pair.name}: ${pair.checks.server.status} ${pair.checks.server.reason ?? ''}`.trimEnd()),
    ),
  );
}

/** A port nothing listens on (bound once, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const WRONG = 'not-the-right-token-7c1e';
const CREDENTIAL_HINT = ' (the documented answer to a wrong credential: are the credentials right?)';

describe('wrong credentials against the real emulator, as a live target', () => {
  let emulator: RunningEmulator;
  let wrong: Partial<ConformanceCredentials>;
  let report: ConformanceReport;
  beforeAll(async () => {
    emulator = await startTestEmulator();
    const c = emulator.credentials;
    wrong = {
      'aliyun-pds': { accessToken: WRONG },
      'huawei-metastudio': { projectId: c['huawei-metastudio'].projectId, token: WRONG },
      'tencent-smh': { accessToken: WRONG, libraryId: c['tencent-smh'].libraryId },
      'huawei-koodrive': { accessToken: WRONG, userId: c['huawei-koodrive'].userId },
    };
    report = await runConformance({ baseUrl: emulator.url, credentials: wrong });
  });
  afterAll(() => emulator?.close());

  it('fails every check that sent the credentials, saying what came back and what the docs show', () => {
    const wrongAnswer = (provider: string, op: string, pair: string, answered: string, documented: string) =>
      `${provider} ${op} ${pair}: failed the target answered ${answered}; the docs show ${documented}${CREDENTIAL_HINT}`;
    const skipped = (provider: string, op: string, pair: string, scenario: string) =>
      `${provider} ${op} ${pair}: skipped the ${scenario} scenario needs the target seeded (an upload, a file or a fault): emulator only`;
    expect(serverChecks(report)).toEqual([
      skipped('aliyun-pds', 'CompleteFile', 'documented-success', 'success'),
      wrongAnswer('aliyun-pds', 'CompleteFile', 'invalid-parameter', 'HTTP 401 AccessTokenInvalid', 'HTTP 400 InvalidParameter'),
      skipped('aliyun-pds', 'CompleteFile', 'crc64-mismatch', 'hash-mismatch'),
      // The deliberately wrong token gets the documented answer to a wrong token: that one passes.
      'aliyun-pds CompleteFile unauthorized: passed',
      wrongAnswer('aliyun-pds', 'CompleteFile', 'not-found', 'HTTP 401 AccessTokenInvalid', 'HTTP 404 NotFound'),
      skipped('aliyun-pds', 'CreateFile', 'documented-success', 'success'),
      skipped('aliyun-pds', 'CreateFile', 'rapid-upload', 'success'),
      skipped('aliyun-pds', 'CreateFile', 'pre-hash-matched', 'conflict'),
      wrongAnswer('aliyun-pds', 'CreateFile', 'invalid-parameter', 'HTTP 401 AccessTokenInvalid', 'HTTP 400 InvalidParameter'),
      'aliyun-pds CreateFile unauthorized: passed',
      wrongAnswer('aliyun-pds', 'CreateFile', 'not-found', 'HTTP 401 AccessTokenInvalid', 'HTTP 404 NotFound'),
      skipped('aliyun-pds', 'GetFile', 'documented-success', 'success'),
      wrongAnswer('aliyun-pds', 'GetFile', 'invalid-parameter', 'HTTP 401 AccessTokenInvalid', 'HTTP 400 InvalidParameter'),
      'aliyun-pds GetFile unauthorized: passed',
      wrongAnswer('aliyun-pds', 'GetFile', 'not-found', 'HTTP 401 AccessTokenInvalid', 'HTTP 404 NotFound'),
      ...['GetUploadUrl', 'ListUploadedParts'].flatMap((op) => [
        skipped('aliyun-pds', op, 'documented-success', 'success'),
        wrongAnswer('aliyun-pds', op, 'invalid-parameter', 'HTTP 401 AccessTokenInvalid', 'HTTP 400 InvalidParameter'),
        `aliyun-pds ${op} unauthorized: passed`,
        wrongAnswer('aliyun-pds', op, 'not-found', 'HTTP 401 AccessTokenInvalid', 'HTTP 404 NotFound'),
      ]),
      skipped('huawei-koodrive', 'CompleteFile', 'documented-success', 'success'),
      wrongAnswer('huawei-koodrive', 'CompleteFile', 'invalid-parameter', 'HTTP 401 APIGW.0301', 'HTTP 400 13000102'),
      wrongAnswer('huawei-koodrive', 'CompleteFile', 'upload-task-not-found', 'HTTP 401 APIGW.0301', 'HTTP 400 13000401'),
      skipped('huawei-koodrive', 'CompleteFile', 'sha256-mismatch', 'hash-mismatch'),
      'huawei-koodrive CompleteFile unauthorized: passed',
      skipped('huawei-koodrive', 'CreateFile', 'documented-success', 'success'),
      wrongAnswer('huawei-koodrive', 'CreateFile', 'invalid-parameter', 'HTTP 401 APIGW.0301', 'HTTP 400 13000102'),
      'huawei-koodrive CreateFile unauthorized: passed',
      skipped('huawei-koodrive', 'UploadUrl', 'documented-success', 'success'),
      wrongAnswer('huawei-koodrive', 'UploadUrl', 'invalid-parameter', 'HTTP 401 APIGW.0301', 'HTTP 400 13000102'),
      wrongAnswer('huawei-koodrive', 'UploadUrl', 'upload-task-not-found', 'HTTP 401 APIGW.0301', 'HTTP 400 13000401'),
      'huawei-koodrive UploadUrl unauthorized: passed',
      skipped('huawei-metastudio', 'ConfirmFileUpload', 'documented-success', 'success'),
      wrongAnswer('huawei-metastudio', 'ConfirmFileUpload', 'invalid-parameter', 'HTTP 401 MSS.00000001', 'HTTP 400 MSS.00000003'),
      'huawei-metastudio ConfirmFileUpload unauthorized: passed',
      // No access key was given: signing with an invented one would provoke another scenario.
      'huawei-metastudio ConfirmFileUpload signature-rejected: skipped a wrong AK/SK signature needs the target’s own access key: set DRIVESPEC_METASTUDIO_AK and DRIVESPEC_METASTUDIO_SK',
      wrongAnswer('huawei-metastudio', 'ConfirmFileUpload', 'not-found', 'HTTP 401 MSS.00000001', 'HTTP 400 MSS.10001004'),
      skipped('huawei-metastudio', 'ConfirmFileUpload', 'internal-error', 'internal-error'),
      skipped('huawei-metastudio', 'CreateDigitalAsset', 'documented-success', 'success'),
      wrongAnswer('huawei-metastudio', 'CreateDigitalAsset', 'invalid-parameter', 'HTTP 401 MSS.00000001', 'HTTP 400 MSS.00000003'),
      'huawei-metastudio CreateDigitalAsset unauthorized: passed',
      skipped('huawei-metastudio', 'CreateDigitalAsset', 'internal-error', 'internal-error'),
      skipped('huawei-metastudio', 'CreateFile', 'documented-success', 'success'),
      wrongAnswer('huawei-metastudio', 'CreateFile', 'invalid-parameter', 'HTTP 401 MSS.00000001', 'HTTP 400 MSS.00000003'),
      wrongAnswer('huawei-metastudio', 'CreateFile', 'asset-not-found', 'HTTP 401 MSS.00000001', 'HTTP 400 MSS.10001001'),
      'huawei-metastudio CreateFile unauthorized: passed',
      skipped('huawei-metastudio', 'CreateFile', 'internal-error', 'internal-error'),
      skipped('huawei-metastudio', 'ShowAsset', 'documented-success', 'success'),
      wrongAnswer('huawei-metastudio', 'ShowAsset', 'not-found', 'HTTP 401 MSS.00000001', 'HTTP 400 MSS.10001001'),
      'huawei-metastudio ShowAsset unauthorized: passed',
      'huawei-metastudio ShowAsset signature-rejected: skipped a wrong AK/SK signature needs the target’s own access key: set DRIVESPEC_METASTUDIO_AK and DRIVESPEC_METASTUDIO_SK',
      skipped('huawei-metastudio', 'ShowAsset', 'internal-error', 'internal-error'),
      skipped('tencent-smh', 'CancelUpload', 'documented-success', 'success'),
      wrongAnswer('tencent-smh', 'CancelUpload', 'upload-not-found', 'HTTP 403 InvalidAccessToken', 'HTTP 404 UploadNotFound'),
      skipped('tencent-smh', 'ConfirmUpload', 'documented-success', 'success'),
      skipped('tencent-smh', 'ConfirmUpload', 'crc64-mismatch', 'hash-mismatch'),
      'tencent-smh ConfirmUpload invalid-access-token: passed',
      wrongAnswer('tencent-smh', 'ConfirmUpload', 'upload-not-found', 'HTTP 403 InvalidAccessToken', 'HTTP 404 UploadNotFound'),
      skipped('tencent-smh', 'ConfirmUpload', 'name-conflict', 'conflict'),
      skipped('tencent-smh', 'GetUploadStatus', 'documented-success', 'success'),
      wrongAnswer('tencent-smh', 'GetUploadStatus', 'upload-not-found', 'HTTP 403 InvalidAccessToken', 'HTTP 404 UploadNotFound'),
      skipped('tencent-smh', 'InitMultipartUpload', 'documented-success', 'success'),
      'tencent-smh InitMultipartUpload invalid-access-token: passed',
      skipped('tencent-smh', 'InitUpload', 'documented-success', 'success'),
      skipped('tencent-smh', 'InitUpload', 'beginning-hash-matched', 'success'),
      skipped('tencent-smh', 'InitUpload', 'instant-upload', 'success'),
      'tencent-smh InitUpload invalid-access-token: passed',
      skipped('tencent-smh', 'InitUpload', 'name-conflict', 'conflict'),
      skipped('tencent-smh', 'RenewMultipartUpload', 'documented-success', 'success'),
      wrongAnswer('tencent-smh', 'RenewMultipartUpload', 'upload-not-found', 'HTTP 403 InvalidAccessToken', 'HTTP 404 UploadNotFound'),
    ]);
    expect(report.ok).toBe(false);
    expect(report.summary.byCheck.server).toEqual({ passed: 15, failed: 25, errored: 0, skipped: 33 });
  });

  it('the same run with the right credentials passes (the failures above are the credentials)', async () => {
    const right = await runConformance({ baseUrl: emulator.url, credentials: emulator.credentials });
    expect(right.ok).toBe(true);
    // With the access key given, the wrong-signature scenario runs on a live target too.
    expect(right.summary.byCheck.server).toEqual({ passed: 42, failed: 0, errored: 0, skipped: 31 });
  });

  it('right credentials of one kind only: a pair that needs the other kind is skipped, naming its variable', async () => {
    const c = emulator.credentials;
    const akOnly: Partial<ConformanceCredentials> = {
      'aliyun-pds': { accessKeyId: c['aliyun-pds'].accessKeyId!, accessKeySecret: c['aliyun-pds'].accessKeySecret! },
      'huawei-metastudio': { projectId: c['huawei-metastudio'].projectId, ak: c['huawei-metastudio'].ak!, sk: c['huawei-metastudio'].sk! },
    };
    const report = await runConformance({ baseUrl: emulator.url, credentials: akOnly, providers: ['aliyun-pds', 'huawei-metastudio'] });
    const checks = serverChecks(report);
    // A wrong access token is not what an AK/SK-only setup can honestly be judged on (and must never
    // go out signed with the valid secret): the pair is skipped, naming the variable that would run it.
    expect(checks.filter((line) => / unauthorized: /.test(line))).toEqual([
      ...['CompleteFile', 'CreateFile', 'GetFile', 'GetUploadUrl', 'ListUploadedParts'].map(
        (op) => `aliyun-pds ${op} unauthorized: skipped a wrong access token is judged only where a token is given: set DRIVESPEC_PDS_ACCESS_TOKEN`,
      ),
      'huawei-metastudio ConfirmFileUpload unauthorized: skipped a wrong access token is judged only where a token is given: set DRIVESPEC_METASTUDIO_TOKEN',
      'huawei-metastudio CreateDigitalAsset unauthorized: skipped a wrong access token is judged only where a token is given: set DRIVESPEC_METASTUDIO_TOKEN',
      'huawei-metastudio CreateFile unauthorized: skipped a wrong access token is judged only where a token is given: set DRIVESPEC_METASTUDIO_TOKEN',
      'huawei-metastudio ShowAsset unauthorized: skipped a wrong access token is judged only where a token is given: set DRIVESPEC_METASTUDIO_TOKEN',
    ]);
    expect(checks).toContain('huawei-metastudio ConfirmFileUpload signature-rejected: passed');
    expect(checks.filter((line) => line.includes(': failed'))).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('pretty output: only operations judged on the wrong token alone read PASS, and every failing check says why', async () => {
    const env = {
      DRIVESPEC_PDS_ACCESS_TOKEN: WRONG,
      DRIVESPEC_METASTUDIO_PROJECT_ID: emulator.credentials['huawei-metastudio'].projectId,
      DRIVESPEC_METASTUDIO_TOKEN: WRONG,
      DRIVESPEC_SMH_ACCESS_TOKEN: WRONG,
      DRIVESPEC_SMH_LIBRARY_ID: emulator.credentials['tencent-smh'].libraryId,
      DRIVESPEC_KOODRIVE_ACCESS_TOKEN: WRONG,
      DRIVESPEC_KOODRIVE_USER_ID: emulator.credentials['huawei-koodrive'].userId,
    };
    const t = io(env);
    expect(await run(['--base-url', emulator.url], t.io)).toBe(1);
    const out = t.stdout();
    // SMH's upload starts have no pair a live target can be brought into but the wrong-token one
    // (the others need the emulator's state): the target gave the documented answer to a wrong
    // token, an honest pass. Every other operation of the four specs fails (the flows do not run
    // against a live target).
    expect(out.match(/^PASS .*$/gm)).toEqual([
      'PASS tencent-smh InitMultipartUpload  2 pairs: 4 passed, 0 failed, 2 skipped',
      'PASS tencent-smh InitUpload  5 pairs: 8 passed, 0 failed, 7 skipped',
    ]);
    expect(out.match(/^FAIL /gm)).toHaveLength(Object.values(providerSpecs).reduce((n, spec) => n + Object.keys(spec.operations).length, 0) - 2);
    expect(out).toContain(
      `  x not-found (not-found, HTTP 404) server: the target answered HTTP 401 AccessTokenInvalid; the docs show HTTP 404 NotFound${CREDENTIAL_HINT}\n`,
    );
    expect(out).toContain(
      `  x upload-not-found (not-found, HTTP 404) server: the target answered HTTP 403 InvalidAccessToken; the docs show HTTP 404 UploadNotFound${CREDENTIAL_HINT}\n`,
    );
    expect(out.match(/^ {2}x .* server: the target answered /gm)).toHaveLength(25);
    expect(out.trimEnd().split('\n').at(-1)).toBe('conformance: FAILED (25 failed checks)');
    expect(out).not.toContain(WRONG);
  });
});

describe('a target that gives no answer', () => {
  const credentials = (): Partial<ConformanceCredentials> => ({
    'tencent-smh': { accessToken: WRONG, libraryId: 'library' },
    'huawei-koodrive': { accessToken: WRONG, userId: 'user' },
  });

  it('nothing listening: every check that sent a request errors as unreachable (could not run), and no line reads PASS', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const t = io({
      DRIVESPEC_SMH_ACCESS_TOKEN: WRONG,
      DRIVESPEC_SMH_LIBRARY_ID: 'library',
      DRIVESPEC_KOODRIVE_ACCESS_TOKEN: WRONG,
      DRIVESPEC_KOODRIVE_USER_ID: 'user',
    });
    expect(await run(['--base-url', url, '--provider', 'tencent-smh,huawei-koodrive'], t.io)).toBe(1);
    const out = t.stdout();
    expect(out).not.toMatch(/^PASS /m);
    expect(out).toMatch(/^ERROR tencent-smh ConfirmUpload {2}5 pairs: \d+ passed, 0 failed, 2 errored, \d+ skipped$/m);
    expect(out).toMatch(/^ERROR huawei-koodrive CompleteFile {2}5 pairs: \d+ passed, 0 failed, 3 errored, \d+ skipped$/m);
    expect(out.split('\n').filter((l) => l.startsWith('  x '))).toEqual([]);
    const reasons = out.split('\n').filter((l) => l.startsWith('  ! '));
    // SMH 7 (one per operation but ConfirmUpload's 2), KooDrive CompleteFile 3, CreateFile 2,
    // UploadUrl 3: the checks that send a request to a live target.
    expect(reasons).toHaveLength(15);
    for (const line of reasons) expect(line).toMatch(/ server: could not reach the target: \w+: network error calling http:\/\/127\.0\.0\.1:\d+\//);
    expect(out.trimEnd().split('\n').at(-1)).toBe('conformance: FAILED (15 checks could not run)');
  });

  it('nothing listening and no credentials: the operations read SKIP, not PASS', async () => {
    const t = io({});
    expect(await run(['--base-url', `http://127.0.0.1:${await closedPort()}`, '--provider', 'tencent-smh'], t.io)).toBe(1);
    expect(t.stdout()).not.toMatch(/^PASS /m);
    expect(t.stdout()).toMatch(/^SKIP tencent-smh ConfirmUpload {2}5 pairs: \d+ passed, 0 failed, 9 skipped; no server-side check ran$/m);
  });

  it('a target that never answers: the check errors once the timeout passes, and the run is no pass', async () => {
    const silent: Server = createServer(() => {});
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const report = await runConformance({ baseUrl: url, credentials: credentials(), providers: ['tencent-smh'], timeout: 150 });
      expect(serverChecks(report).filter((c) => !c.includes(': skipped '))).toEqual([
        'tencent-smh CancelUpload upload-not-found: errored no answer from the target: CancelUpload: timed out after 150 ms',
        'tencent-smh ConfirmUpload invalid-access-token: errored no answer from the target: ConfirmUpload: timed out after 150 ms',
        'tencent-smh ConfirmUpload upload-not-found: errored no answer from the target: ConfirmUpload: timed out after 150 ms',
        'tencent-smh GetUploadStatus upload-not-found: errored no answer from the target: GetUploadStatus: timed out after 150 ms',
        'tencent-smh InitMultipartUpload invalid-access-token: errored no answer from the target: InitMultipartUpload: timed out after 150 ms',
        'tencent-smh InitUpload invalid-access-token: errored no answer from the target: InitUpload: timed out after 150 ms',
        'tencent-smh RenewMultipartUpload upload-not-found: errored no answer from the target: RenewMultipartUpload: timed out after 150 ms',
      ]);
      expect(report.ok).toBe(false);
      expect(report.summary).toMatchObject({ failed: 0, errored: 7 });
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((done) => silent.close(() => done()));
    }
  });
});

describe('a right status with the wrong provider code', () => {
  it('fails against the emulator and against a live target alike', async () => {
    const stub = await startStubEmulator({ misbehave: { smhNotFoundCode: 'NoSuchUpload' } });
    try {
      const asEmulator = await runConformance({ emulator: stub, providers: ['tencent-smh'] });
      const asLive = await runConformance({ baseUrl: stub.url, credentials: stub.credentials, providers: ['tencent-smh'] });
      for (const [report, who] of [[asEmulator, 'the emulator'], [asLive, 'the target']] as const) {
        expect(report.ok).toBe(false);
        expect(serverChecks(report).filter((c) => c.includes(': failed'))).toEqual(
          ['CancelUpload', 'ConfirmUpload', 'GetUploadStatus', 'RenewMultipartUpload'].map(
            (op) => `tencent-smh ${op} upload-not-found: failed ${who} answered HTTP 404 NoSuchUpload; the docs show HTTP 404 UploadNotFound`,
          ),
        );
      }
    } finally {
      await stub.close();
    }
  });
});
