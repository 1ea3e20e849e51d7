/**
 * The clients in real Chromium (issue 13): a page bundled for the browser with esbuild, no
 * externals, served from its own loopback origin, calls the emulator on another: PDS with a
 * bearer token and with ACS4 AccessKey signatures (acs, v1, is refused at createClient),
 * MetaStudio AK/SK, SMH ConfirmUpload with the CRC-64 of a Blob, KooDrive CompleteFile with the
 * SHA-256 of a Blob, and upload() of a Blob to each provider with progress. Each has its documented success and an input that must be a typed
 * error; a client whose emulator refuses the page's origin fails with a typed error too. Hashes
 * are checked against node:crypto and crc64-ecma182.js, and the emulator's verification is the
 * same as for Node clients (nothing is loosened for the browser).
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCrc64 as crc64 } from '../hashing/support.js';
import type { UploadProgress } from '../../src/upload/types.js';
import { startHarness, type Harness } from '../emulator/support/fixture.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { RunningEmulator } from '../../src/emulator/types.js';
import { serveStatic, type StaticServer } from '../docs/static-server.js';
import { WEB_UPLOADS, webUploadContent } from '../upload/support/web-upload-content.js';
import type { ClientsPageConfig } from './pages/clients-page.js';
import { buildPage, nodeImports, type BuiltPage } from './support/build-page.js';
import { CHROMIUM, hasChromium, launchChromium, openPage, type Browser } from './support/chromium.js';

const entry = fileURLToPath(new URL('./pages/clients-page.ts', import.meta.url));
const hex = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

const PDS = { driveId: '1', fileId: 'page-f', uploadId: 'page-u', size: 200_003, seed: 31 };
const SMH = { confirmKeys: ['page-k1', 'page-k2'] as [string, string], size: 1_500_007, seed: 32 };
const KOO = { fileIds: ['page-f1', 'page-f2'] as [string, string], size: 700_001, seed: 33 };
const META = { fileIds: ['page-m1', 'page-m2'] as [string, string] };

if (!hasChromium && process.env.CI) {
  it('Chromium is installed (.ci/run installs it)', () => expect.fail(`${CHROMIUM} is missing`));
}

describe.skipIf(!hasChromium)('clients in Chromium against the emulator on another origin', () => {
  let built: BuiltPage;
  let server: StaticServer;
  let browser: Browser;
  let h: Harness;
  let closed: RunningEmulator;
  let echo: Server;
  let echoed: Record<string, string | string[] | undefined> | undefined;
  let out: any;
  let pageErrors: string[];

  beforeAll(async () => {
    built = await buildPage(entry);
    server = await serveStatic(built.dir);
    // Real clock: the page signs with the browser's time, which the emulator checks (15-minute windows).
    h = await startHarness({ now: () => new Date() });
    closed = await startEmulator({ corsOrigins: ['https://app.example'] });
    echo = createServer((req, res) => {
      if (req.method === 'OPTIONS') {
        res.writeHead(204, { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'POST' }).end();
        return;
      }
      echoed = req.headers;
      res.writeHead(200, { 'access-control-allow-origin': '*', 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((ok) => echo.listen(0, '127.0.0.1', ok));

    const s = h.emulator.seed;
    s.pdsUpload({ driveId: PDS.driveId, fileId: PDS.fileId, uploadId: PDS.uploadId, name: 'page.bin', content: webUploadContent(PDS.size, PDS.seed) });
    for (const key of SMH.confirmKeys) s.smhUpload({ confirmKey: key, path: [`${key}.bin`], content: webUploadContent(SMH.size, SMH.seed) });
    for (const fileId of KOO.fileIds) s.koodriveUpload({ fileId, content: webUploadContent(KOO.size, KOO.seed) });
    for (const fileId of META.fileIds) s.metaStudioUpload({ fileId });

    const c = h.emulator.credentials;
    const config: ClientsPageConfig = {
      url: h.emulator.url,
      closedUrl: closed.url,
      echoUrl: `http://127.0.0.1:${(echo.address() as AddressInfo).port}/`,
      credentials: {
        'aliyun-pds': { accessToken: c['aliyun-pds'].accessToken, accessKeyId: c['aliyun-pds'].accessKeyId, accessKeySecret: c['aliyun-pds'].accessKeySecret },
        'huawei-metastudio': { ak: c['huawei-metastudio'].ak, sk: c['huawei-metastudio'].sk, projectId: c['huawei-metastudio'].projectId },
        'tencent-smh': c['tencent-smh'],
        'huawei-koodrive': c['huawei-koodrive'],
      },
      pds: PDS,
      metaStudio: META,
      smh: SMH,
      koodrive: KOO,
      uploads: WEB_UPLOADS as unknown as ClientsPageConfig['uploads'],
    };
    browser = await launchChromium();
    const page = await openPage(browser.context, `${server.origin}/index.html`);
    out = await page.run(config);
    pageErrors = page.errors;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.close(), h?.close(), closed?.close(), new Promise((ok) => (echo ? echo.close(ok) : ok(undefined)))]);
    if (built) await rm(built.dir, { recursive: true, force: true });
  });

  it('the page bundle imports no node: built-in and nothing external, and runs from an origin other than the emulator', () => {
    expect(nodeImports(built.metafile)).toEqual([]);
    expect(Object.keys(built.metafile.inputs).filter((p) => p.includes('src/platform/') && !p.endsWith('.web.ts'))).toEqual([]);
    expect(new URL(h.emulator.url).origin).not.toBe(server.origin);
  });

  it('the page hashes the Blobs as node:crypto and crc64-ecma182.js do', () => {
    expect(out.hashes).toEqual({
      pdsCrc64: crc64(webUploadContent(PDS.size, PDS.seed)),
      smhCrc64: crc64(webUploadContent(SMH.size, SMH.seed)),
      kooSha256: hex('sha256', webUploadContent(KOO.size, KOO.seed)),
    });
  });

  it('aliyun-pds bearer: a wrong crc64_hash is a typed 400, then CompleteFile with the CRC-64 of the Blob; a wrong token is a typed 401', () => {
    expect(out.pds.bearerWrongCrc).toMatchObject({ ok: false, error: { name: 'AliyunPdsApiError', status: 400, isApiError: true } });
    expect(out.pds.bearer).toMatchObject({ ok: true, value: { file_id: PDS.fileId, crc64_hash: crc64(webUploadContent(PDS.size, PDS.seed)), status: 'available' } });
    expect(out.pds.wrongToken).toMatchObject({ ok: false, error: { name: 'AliyunPdsApiError', status: 401, code: 'AccessTokenInvalid', isApiError: true } });
  });

  it('the trap: a page cannot set Date (a forbidden request header); x-acs-date arrives', () => {
    expect(out.dateTrap.ok).toBe(true);
    expect(echoed?.date).toBeUndefined();
    expect(echoed?.['x-acs-date']).toBe('2026-12-02T00:00:00Z');
  });

  it('aliyun-pds AccessKey: ACS4 (v4) with a wrong secret is a typed 403', () => {
    expect(out.pds.acsV4WrongSecret).toMatchObject({ ok: false, error: { name: 'AliyunPdsApiError', status: 403, isApiError: true } });
  });

  // The universal client sends no Date for ACS4 and signs its empty line (src/platform/runtime.web.ts,
  // signing-inputs.ts); the emulator verifies what arrived, with the rules Node clients meet.
  it('aliyun-pds AccessKey: ACS4 (v4) GetFile signed in the page succeeds', () => {
    expect(out.pds.acsV4, JSON.stringify(out.pds.acsV4)).toMatchObject({ ok: true, value: { file_id: PDS.fileId } });
  });

  it('aliyun-pds AccessKey: acs (v1) signs the Date header a page cannot send, so createClient refuses it with a ConfigurationError naming the way out', () => {
    expect(out.pds.acsV1.ok, JSON.stringify(out.pds.acsV1)).toBe(false);
    expect(out.pds.acsV1.error).toMatchObject({ name: 'ConfigurationError', isDrivespecError: true, isApiError: false, isBuiltInTypeError: false });
    expect(out.pds.acsV1.error.message).toMatch(/^credentials\.signatureVersion: 'v1' .*Date header.*use signatureVersion: 'v4' or an access token$/);
  });

  it('huawei-metastudio AK/SK: ConfirmFileUpload signed in the page; a wrong SK is a typed 401', () => {
    expect(out.metaStudio.akSk).toMatchObject({ ok: true });
    expect(out.metaStudio.wrongSk).toMatchObject({ ok: false, error: { name: 'HuaweiMetaStudioApiError', status: 401, isApiError: true } });
  });

  it('tencent-smh: ConfirmUpload with the CRC-64 of the Blob; a corrupted CRC-64 is a typed 400 BadCrc64', () => {
    expect(out.smh.confirm).toMatchObject({ ok: true, value: { name: `${SMH.confirmKeys[0]}.bin`, crc64: crc64(webUploadContent(SMH.size, SMH.seed)) } });
    expect(out.smh.corrupted).toMatchObject({ ok: false, error: { name: 'TencentSmhApiError', status: 400, code: 'BadCrc64', isApiError: true } });
  });

  it('huawei-koodrive: CompleteFile with the SHA-256 of the Blob; a corrupted SHA-256 is a typed 400 13000402', () => {
    expect(out.koodrive.complete).toMatchObject({ ok: true, value: { code: 0 } });
    expect(out.koodrive.corrupted).toMatchObject({ ok: false, error: { name: 'HuaweiKooDriveApiError', status: 400, isApiError: true } });
    expect(String(out.koodrive.corrupted.error.code)).toBe('13000402');
  });

  it.each(Object.keys(WEB_UPLOADS))('%s: upload() of a Blob with progress; the stored file has the hashes of its bytes', (provider) => {
    const { outcome, progress } = out.uploads[provider] as { outcome: any; progress: UploadProgress[] };
    expect(outcome.ok, JSON.stringify(outcome.error)).toBe(true);
    const { size, seed } = WEB_UPLOADS[provider as keyof typeof WEB_UPLOADS];
    const bytes = webUploadContent(size, seed);
    const result = outcome.value;
    expect(result).toMatchObject({ rapidUpload: false, bytesSent: bytes.length });
    if (provider === 'tencent-smh') expect(result.file).toMatchObject({ size: String(bytes.length), crc64: crc64(bytes) });
    if (provider === 'aliyun-pds') expect(result.file).toMatchObject({ size: bytes.length, content_hash: hex('sha1', bytes).toUpperCase(), crc64_hash: crc64(bytes) });
    if (provider === 'huawei-koodrive') expect(result.file).toMatchObject({ length: bytes.length, sha256: hex('sha256', bytes) });
    if (provider === 'huawei-metastudio') expect(result.file).toMatchObject({ file_md5: createHash('md5').update(bytes).digest('base64'), file_size: bytes.length });
    const uploading = progress.filter((p) => p.phase === 'uploading');
    expect(uploading.length).toBeGreaterThan(0);
    expect(uploading.map((p) => p.bytes)).toEqual(uploading.map((p) => p.bytes).sort((a, b) => a - b));
    expect(uploading.at(-1)!.bytes).toBe(bytes.length);
    expect(progress.at(-1)!.phase).toBe('completing');
  });

  it('an emulator that refuses the page origin: the client fails with a typed TransportError, not a raw TypeError', () => {
    expect(out.refused).toMatchObject({ ok: false, error: { name: 'TransportError', isDrivespecError: true, isBuiltInTypeError: false } });
  });

  it('every answer the page got validates against its spec; the page logged only the expected CORS refusal', () => {
    expect(h.violations).toEqual([]);
    expect(pageErrors.filter((e) => !/CORS policy|Failed to load resource/.test(e))).toEqual([]);
  });
});
