/**
 * MetaStudio's whole upload against the emulator's OBS storage (issue 11): CreateFile hands out an
 * absolute URL on the emulator's origin, one PUT of the whole file with `Content-MD5 = file_md5`
 * and the type's Content-Type stores it, ConfirmFileUpload checks the stored bytes, ShowAsset
 * reports the file. Expected digests come from node:crypto or the fact sheet's vector
 * (`Hello World!` → 7Qdih1MuhjZehB6Sv8UNjA==), never from drivespec's own hasher.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sdkSign } from '../signing/support/huawei-sdk.js';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

const md5 = (bytes: Uint8Array | string) => createHash('md5').update(bytes);
/** Deterministic bytes that are not all alike. */
const content = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + (i >> 8)) & 0xff);
const DAY_MS = 24 * 60 * 60 * 1000;

async function start(harness: Harness, bytes: Uint8Array | string, file: { name?: string; type?: string; category?: 'MAIN' | 'COVER'; assetType?: 'VIDEO' | 'IMAGE' | 'COMMON_FILE' } = {}) {
  const c = clients(harness).metaStudio;
  const { asset_id: assetId } = await c.createDigitalAsset({ body: { asset_name: 'flow', asset_type: file.assetType ?? 'VIDEO' } });
  const fileMd5 = md5(bytes).digest('base64');
  const created = await c.createFile({
    body: {
      file_name: file.name ?? 'clip.mp4',
      file_md5: fileMd5,
      file_size: Buffer.byteLength(bytes),
      file_type: file.type ?? 'mp4',
      asset_id: assetId,
      asset_file_category: file.category ?? 'MAIN',
    },
  });
  return { c, assetId, fileMd5, fileId: created.file_id, url: created.upload_url };
}

async function put(url: string, body: Uint8Array | string, headers: Record<string, string>) {
  const response = await fetch(url, { method: 'PUT', headers, body: body as string | Uint8Array<ArrayBuffer> });
  const text = await response.text();
  return { status: response.status, etag: response.headers.get('etag'), code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1], text };
}

describe('the upload, end to end', () => {
  it('CreateFile → PUT → ConfirmFileUpload → ShowAsset: the file CREATED with node:crypto’s MD5, the asset ACTIVED', async () => {
    const bytes = content(300_001);
    const s = await start(h, bytes);
    const url = new URL(s.url);
    expect(url.origin).toBe(h.emulator.url);
    expect(url.pathname.startsWith('/__drivespec/storage/obs/')).toBe(true);

    const before = await s.c.showAsset({ params: { path: { asset_id: s.assetId } } });
    expect(before.asset_state).toBe('CREATING');
    expect(before.files).toEqual([
      { file_id: s.fileId, file_name: 'clip.mp4', file_md5: s.fileMd5, file_size: 300_001, file_type: 'mp4', asset_file_category: 'MAIN', state: 'CREATING' },
    ]);

    const sent = await put(s.url, bytes, { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' });
    expect([sent.status, sent.etag]).toEqual([200, `"${md5(bytes).digest('hex')}"`]);
    await expect(s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } })).resolves.toBeUndefined();

    const after = await s.c.showAsset({ params: { path: { asset_id: s.assetId } } });
    expect(after.asset_state).toBe('ACTIVED');
    expect(after.files).toEqual([{ ...before.files![0], state: 'CREATED' }]);
    // Sealed: the object cannot be replaced after the confirmation.
    expect((await put(s.url, bytes, { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).code).toBe('NoSuchUpload');
  });

  it('the fact sheet’s vector: `Hello World!` uploaded with file_md5 7Qdih1MuhjZehB6Sv8UNjA== is confirmed', async () => {
    const s = await start(h, 'Hello World!', { name: 'hello.txt', type: 'txt', assetType: 'COMMON_FILE' });
    expect(s.fileMd5).toBe('7Qdih1MuhjZehB6Sv8UNjA==');
    const sent = await put(s.url, 'Hello World!', { 'Content-MD5': '7Qdih1MuhjZehB6Sv8UNjA==', 'Content-Type': 'application/octet-stream' });
    expect([sent.status, sent.etag]).toEqual([200, '"ed076287532e86365e841e92bfc50d8c"']);
    await s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } });
    const shown = await s.c.showAsset({ params: { path: { asset_id: s.assetId } } });
    expect(shown.files?.[0]).toMatchObject({ file_md5: '7Qdih1MuhjZehB6Sv8UNjA==', file_size: 12, state: 'CREATED' });
  });

  it('AK/SK: CreateFile signed by the official Huawei SDK is answered with an upload URL', async () => {
    const creds = h.emulator.credentials['huawei-metastudio'];
    h.emulator.seed.metaStudioAsset({ assetId: 'sdk-asset', assetType: 'VIDEO' });
    h.clock.now = new Date(); // the SDK stamps X-Sdk-Date from its own clock
    const data = { file_name: 'a.mp4', file_md5: md5('x').digest('base64'), file_size: 1, file_type: 'mp4', asset_id: 'sdk-asset', asset_file_category: 'MAIN' };
    const path = `/v1/${creds.projectId}/files`;
    const signed = await sdkSign({ endpoint: h.emulator.url, rawPath: path, method: 'POST', query: {}, headers: { 'content-type': 'application/json' }, data, ak: creds.ak, sk: creds.sk });
    const response = await fetch(`${h.emulator.url}${path}`, { method: 'POST', headers: signed.headers, body: JSON.stringify(data) });
    const body = (await response.json()) as { file_id: string; upload_url: string };
    expect(response.status).toBe(200);
    expect(body.upload_url.startsWith(`${h.emulator.url}/__drivespec/storage/obs/`)).toBe(true);
  });
});

describe('bytes that are not the declared file', () => {
  it('a PUT whose bytes do not match Content-MD5 is refused (400 BadDigest), the file stays CREATING and ConfirmFileUpload refuses', async () => {
    const bytes = content(4096);
    const s = await start(h, bytes);
    const corrupted = Uint8Array.from(bytes);
    corrupted[2048]! ^= 0x80;
    const sent = await put(s.url, corrupted, { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' });
    expect([sent.status, sent.code]).toEqual([400, 'BadDigest']);
    const error = await rejection(s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } }));
    expect([error.name, error.status, error.code, error.message]).toEqual([
      'HuaweiMetaStudioApiError',
      400,
      'MSS.00000003',
      expect.stringContaining('Invalid parameter: the file has not been uploaded to its upload_url'),
    ]);
    expect((await s.c.showAsset({ params: { path: { asset_id: s.assetId } } })).files?.[0]?.state).toBe('CREATING');
    // No resume and no parts: the whole file is PUT again to the same URL, and then it confirms.
    expect((await put(s.url, bytes, { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).status).toBe(200);
    await s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } });
  });

  it('ConfirmFileUpload CREATED before any PUT: 400 MSS.00000003, and the file can still be uploaded', async () => {
    const s = await start(h, 'abc');
    const error = await rejection(s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } }));
    expect([error.status, error.code]).toEqual([400, 'MSS.00000003']);
    expect((await put(s.url, 'abc', { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).status).toBe(200);
    await s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } });
  });

  it('more bytes than file_size: 400 EntityTooLarge', async () => {
    const s = await start(h, 'abc');
    expect((await put(s.url, 'abcd', { 'Content-MD5': md5('abcd').digest('base64'), 'Content-Type': 'video/mp4' })).code).toBe('SignatureDoesNotMatch');
    // With the declared Content-MD5 the size is what is refused, before a byte is stored.
    const sent = await put(s.url, 'abcd', { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' });
    expect([sent.status, sent.code]).toEqual([400, 'EntityTooLarge']);
  });
});

describe('the URL is made for one Content-MD5 and one Content-Type', () => {
  it.each([
    ['another Content-Type', (md5Value: string) => ({ 'Content-MD5': md5Value, 'Content-Type': 'application/octet-stream' })],
    ['no Content-Type', (md5Value: string) => ({ 'Content-MD5': md5Value })],
    ['another (valid) Content-MD5', () => ({ 'Content-MD5': md5('other').digest('base64'), 'Content-Type': 'video/mp4' })],
    ['no Content-MD5', () => ({ 'Content-Type': 'video/mp4' })],
  ])('%s: 403 SignatureDoesNotMatch', async (_name, headers) => {
    const s = await start(h, 'abc');
    const sent = await put(s.url, 'abc', headers(s.fileMd5) as Record<string, string>);
    expect([sent.status, sent.code]).toEqual([403, 'SignatureDoesNotMatch']);
  });

  it.each([
    ['png', 'image/png'],
    ['JPG', 'image/jpeg'],
    ['jpeg', 'image/jpeg'],
    ['gif', 'image/gif'],
    ['mp3', 'audio/mp3'],
    ['wav', 'audio/wav'],
    ['pdf', 'application/octet-stream'],
  ])('file_type %s is PUT with Content-Type %s (CreateFile’s table)', async (type, contentType) => {
    const s = await start(h, 'abc', { name: `f.${type}`, type, assetType: 'COMMON_FILE' });
    expect((await put(s.url, 'abc', { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).code).toBe('SignatureDoesNotMatch');
    expect((await put(s.url, 'abc', { 'Content-MD5': s.fileMd5, 'Content-Type': contentType })).status).toBe(200);
  });
});

describe('24 hours (CreateFile: upload_url is valid for 24 hours; the injected clock)', () => {
  it('works until 24 h after CreateFile, then 403 AccessDenied', async () => {
    const s = await start(h, 'abc');
    const headers = { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' };
    h.clock.now = new Date(T0.getTime() + DAY_MS);
    const late = await put(s.url, 'abc', headers);
    expect([late.status, late.code]).toEqual([403, 'AccessDenied']);
    h.clock.now = new Date(T0.getTime() + DAY_MS - 1);
    expect((await put(s.url, 'abc', headers)).status).toBe(200);
  });
});

describe('FAILED and CANCELLED', () => {
  it('CANCELLED frees the object (a later PUT: 404 NoSuchUpload) and the asset’s MAIN slot', async () => {
    const s = await start(h, 'abc');
    expect((await put(s.url, 'abc', { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).status).toBe(200);
    await s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CANCELLED' } });
    expect((await put(s.url, 'abc', { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).code).toBe('NoSuchUpload');
    const body = { file_name: 'b.mp4', file_md5: s.fileMd5, file_size: 3, file_type: 'mp4', asset_id: s.assetId, asset_file_category: 'MAIN' as const };
    const again = await s.c.createFile({ body });
    const shown = await s.c.showAsset({ params: { path: { asset_id: s.assetId } } });
    expect(shown.files?.map((f) => [f.file_id, f.state])).toEqual([
      [s.fileId, 'CANCELLED'],
      [again.file_id, 'CREATING'],
    ]);
    expect(shown.asset_state).toBe('CREATING');
  });

  it('a main file confirmed FAILED makes the asset FAILED', async () => {
    const s = await start(h, 'abc');
    await s.c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'FAILED' } });
    expect((await s.c.showAsset({ params: { path: { asset_id: s.assetId } } })).asset_state).toBe('FAILED');
  });
});

describe('one MAIN and one COVER per asset', () => {
  it('a second MAIN while the first is uploading: 400 MSS.10001008; a second COVER: 400 MSS.10001009', async () => {
    const s = await start(h, 'abc');
    const body = { file_name: 'c.mp4', file_md5: s.fileMd5, file_size: 3, file_type: 'mp4', asset_id: s.assetId };
    const main = await rejection(s.c.createFile({ body: { ...body, asset_file_category: 'MAIN' } }));
    expect([main.status, main.code]).toEqual([400, 'MSS.10001008']);
    await s.c.createFile({ body: { ...body, file_type: 'png', asset_file_category: 'COVER' } });
    const cover = await rejection(s.c.createFile({ body: { ...body, file_type: 'png', asset_file_category: 'COVER' } }));
    expect([cover.status, cover.code]).toEqual([400, 'MSS.10001009']);
  });
});

describe('--state: the file, its object and its bytes survive a restart', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drivespec-ms-obs-state-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('uploaded before the restart, confirmed after it', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startHarness({ stateFile });
    const bytes = content(10_000);
    const s = await start(first, bytes);
    expect((await put(s.url, bytes, { 'Content-MD5': s.fileMd5, 'Content-Type': 'video/mp4' })).status).toBe(200);
    await first.close();
    const second = await startHarness({ stateFile });
    try {
      const c = clients(second).metaStudio;
      await c.confirmFileUpload({ params: { path: { file_id: s.fileId } }, body: { state: 'CREATED' } });
      const shown = await c.showAsset({ params: { path: { asset_id: s.assetId } } });
      expect(shown.files?.[0]).toMatchObject({ file_id: s.fileId, file_md5: md5(bytes).digest('base64'), state: 'CREATED' });
    } finally {
      await second.close();
    }
  });
});
