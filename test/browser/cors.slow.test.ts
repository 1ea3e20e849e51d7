/**
 * The emulator's CORS as Chromium enforces it (issue 13): a page served from its own origin
 * (a loopback port other than the emulator's) calls the emulator with the browser's fetch. From
 * an allowed origin the preflight passes and the page reads the answer, the request-id header
 * and a storage PUT's ETag; from an origin the emulator does not allow, the browser refuses the
 * answer (a TypeError in the page) and the emulator answered the preflight 403 without running
 * anything. Node-side checks of the same policy: test/emulator/cors.test.ts.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createKooDriveClient } from '../../src/clients/huawei-koodrive.js';
import { startEmulator } from '../../src/emulator/server.js';
import type { EmulatorAnswerInfo, RunningEmulator } from '../../src/emulator/types.js';
import { serveStatic, type StaticServer } from '../docs/static-server.js';
import { buildPage, type BuiltPage } from './support/build-page.js';
import { CHROMIUM, hasChromium, launchChromium, openPage, type Browser, type OpenPage } from './support/chromium.js';

const entry = fileURLToPath(new URL('./pages/fetch-page.ts', import.meta.url));

if (!hasChromium && process.env.CI) {
  it('Chromium is installed (.ci/run installs it)', () => expect.fail(`${CHROMIUM} is missing`));
}

describe.skipIf(!hasChromium)('emulator CORS in Chromium', () => {
  let built: BuiltPage;
  let server: StaticServer;
  let browser: Browser;
  let page: OpenPage;
  /** Default policy: every loopback origin, the page's included. */
  let open: RunningEmulator;
  /** Allows one origin that is not the page's. */
  let closed: RunningEmulator;
  const answers: { open: EmulatorAnswerInfo[]; closed: EmulatorAnswerInfo[] } = { open: [], closed: [] };

  beforeAll(async () => {
    built = await buildPage(entry);
    server = await serveStatic(built.dir);
    open = await startEmulator({ onAnswer: (a) => answers.open.push(a) });
    closed = await startEmulator({ corsOrigins: ['https://app.example'], onAnswer: (a) => answers.closed.push(a) });
    browser = await launchChromium();
    page = await openPage(browser.context, `${server.origin}/index.html`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all([server?.close(), open?.close(), closed?.close()]);
    if (built) await rm(built.dir, { recursive: true, force: true });
  });

  const smhConfirm = (e: RunningEmulator, key: string) => {
    const c = e.credentials['tencent-smh'];
    return `${e.url}/api/v1/file/${c.libraryId}/-/${key}?confirm&access_token=${c.accessToken}`;
  };

  it('the page and the emulator are different origins', () => {
    expect(new URL(open.url).origin).not.toBe(server.origin);
  });

  it('allowed: a preflighted PDS call with a bearer token; the page reads the 401 body and the request id', async () => {
    const [r] = await page.run([
      {
        url: `${open.url}/v2/file/get`,
        method: 'POST',
        headers: { authorization: 'Bearer not-the-token', 'content-type': 'application/json' },
        body: '{"drive_id":"1","file_id":"f"}',
        read: ['x-ca-request-id', 'x-ca-error-code'],
      },
    ]);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toMatchObject({ code: 'AccessTokenInvalid' });
    expect(r.headers['x-ca-request-id']).toMatch(/^00000000-0000-4000-8000-/);
    expect(r.headers['x-ca-error-code']).toBe('AccessTokenInvalid');
    const preflight = answers.open.find((a) => a.method === 'OPTIONS')!;
    expect(preflight).toMatchObject({ status: 204 });
    expect(preflight.headers['access-control-allow-origin']).toBe(server.origin);
  });

  it('allowed: an SMH confirm succeeds; a KooDrive part PUT to the storage route exposes its ETag', async () => {
    open.seed.smhUpload({ confirmKey: 'page-k', path: ['page.txt'], content: 'from a page' });
    const [confirm] = await page.run([
      { url: smhConfirm(open, 'page-k'), method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', read: ['x-smh-request-id'] },
    ]);
    expect(confirm.status).toBe(200);
    expect(JSON.parse(confirm.body)).toMatchObject({ name: 'page.txt' });
    expect(confirm.headers['x-smh-request-id']).not.toBeNull();

    // A part URL as KooDrive's UploadUrl hands it out, PUT from the page.
    const e = open;
    const c = e.credentials['huawei-koodrive'];
    const bytes = new Uint8Array(1000).fill(7);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const koo = createKooDriveClient({ baseUrl: e.url, credentials: { accessToken: c.accessToken, userId: c.userId } });
    const created = await koo.createFile({
      body: { fileName: 'p.bin', fileType: '45', parentFolder: ['root'], length: bytes.length, uploadMode: 'multipart', sha256: sha } as never,
    });
    const urls = (await koo.uploadUrl({
      body: { fileId: (created as { fileId: string }).fileId, multiParts: [{ partNumber: 1, partSize: bytes.length, partOffset: 0 }] } as never,
    })) as unknown as { multiParts?: { uploadUrl: string }[] };
    expect(urls.multiParts?.length, JSON.stringify(urls)).toBe(1);
    const [put] = await page.run([{ url: urls.multiParts![0]!.uploadUrl, method: 'PUT', body: '\u0007'.repeat(1000), read: ['etag', 'x-amz-request-id'] }]);
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    expect(put.headers['x-amz-request-id']).not.toBeNull();
  });

  it('refused: from an origin the emulator does not allow, the browser raises a TypeError and the upload stays unconfirmed', async () => {
    closed.seed.smhUpload({ confirmKey: 'page-k', path: ['page.txt'] });
    const [r] = await page.run([{ url: smhConfirm(closed, 'page-k'), method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }]);
    expect(r.error).toMatchObject({ name: 'TypeError' });
    expect(r.status).toBeUndefined();
    expect(answers.closed.map((a) => `${a.method} ${a.status}`)).toEqual(['OPTIONS 403']);
    expect(answers.closed[0]!.headers['access-control-allow-origin']).toBeUndefined();
    // The same confirm from Node (no Origin) finds the upload still open.
    const again = await fetch(smhConfirm(closed, 'page-k'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(200);
  });

  it('refused: a simple request (no preflight) from that origin is refused too, not run', async () => {
    closed.seed.smhUpload({ confirmKey: 'simple-k', path: ['simple.txt'] });
    const before = answers.closed.length;
    const [r] = await page.run([{ url: smhConfirm(closed, 'simple-k'), method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' }]);
    expect(r.error).toMatchObject({ name: 'TypeError' });
    expect(answers.closed.slice(before).map((a) => `${a.method} ${a.status}`)).toEqual(['POST 403']);
    expect(page.errors.some((e) => /CORS/.test(e))).toBe(true);
  });
});
