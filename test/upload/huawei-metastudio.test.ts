/**
 * `client.upload()` for MetaStudio (issue 12) against the embedded emulator, every request through
 * the client's injectable `fetch`. Expected digests come from node:crypto (and the stored object is
 * read back from the emulator's data directory), never from drivespec's own hasher; a corrupted byte,
 * a wrong ETag or a look-up that does not list the file uploaded is an error, never success.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConfigurationError,
  createClient,
  HuaweiMetaStudioApiError,
  InputError,
  TransportError,
  uploadStateOf,
  type HuaweiMetaStudioClient,
  type HuaweiMetaStudioUploadTarget,
} from '../../src/clients/huawei-metastudio.js';
import type { UploadProgress, UploadState } from '../../src/upload/types.js';
import { T0, startHarness, type Harness } from '../emulator/support/fixture.js';

const work = mkdtempSync(join(tmpdir(), 'drivespec-ms-upload-'));
const dataDir = join(work, 'data');
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ dataDir });
});
afterAll(async () => {
  await h.close();
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes);
/** Deterministic bytes that are not all alike. */
const content = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i * 131 + (i >> 8)) & 0xff);

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: unknown;
}

/** What a test does with one request: pass it on (`next`), change it, or answer it itself. */
type Hook = (sent: Sent, init: RequestInit, next: (init?: RequestInit) => Promise<Response>) => Promise<Response>;

/** A client whose fetch records every request and lets `hook` meddle with them. */
function clientWith(hook?: Hook, options: { maxRetries?: number; timeout?: number } = {}) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    const one = { method: init.method ?? 'GET', url, headers: new Headers(init.headers), body: init.body };
    sent.push(one);
    const next = (changed?: RequestInit) => globalThis.fetch(url, changed ?? init);
    return hook ? hook(one, init, next) : next();
  }) as typeof globalThis.fetch;
  const c = h.emulator.credentials['huawei-metastudio'];
  const client = createClient({
    baseUrl: h.emulator.url,
    projectId: c.projectId,
    credentials: { token: c.token },
    now: () => h.clock.now,
    fetch,
    maxRetries: options.maxRetries ?? 0,
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  });
  return { client, sent, calls: () => sent.map(describeCall) };
}

/** `CreateFile`, `PUT`, … from a recorded request. */
function describeCall(s: Sent): string {
  if (s.method === 'PUT') return 'PUT';
  const path = new URL(s.url).pathname;
  if (/\/digital-assets$/.test(path)) return 'CreateDigitalAsset';
  if (/\/digital-assets\//.test(path)) return 'ShowAsset';
  if (/\/files$/.test(path)) return 'CreateFile';
  if (/\/complete$/.test(path)) return `ConfirmFileUpload ${String((JSON.parse(new TextDecoder().decode(s.body as Uint8Array)) as { state: string }).state)}`;
  return `${s.method} ${path}`;
}

const isPut = (s: Sent) => s.method === 'PUT';
const isConfirm = (s: Sent) => s.method === 'POST' && /\/complete$/.test(new URL(s.url).pathname);

async function newAsset(client: HuaweiMetaStudioClient, assetType: 'VIDEO' | 'COMMON_FILE' | 'IMAGE' = 'VIDEO'): Promise<string> {
  return (await client.createDigitalAsset({ body: { asset_name: 'upload test', asset_type: assetType } })).asset_id;
}

/** Files in the emulator's data directory with exactly `size` bytes (the stored objects). */
function storedObjects(size: number): Buffer[] {
  const found: Buffer[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (statSync(path).size === size) found.push(readFileSync(path));
    }
  };
  walk(dataDir);
  return found;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got success');
}

const video = (name = 'clip.mp4'): Omit<HuaweiMetaStudioUploadTarget, 'asset_id'> & { asset: { asset_name: string; asset_type: 'VIDEO' } } => ({
  asset: { asset_name: 'my video', asset_type: 'VIDEO' },
  file_name: name,
  asset_file_category: 'MAIN',
});

describe('upload() against the emulator', () => {
  it('bytes into a new asset: CreateDigitalAsset, CreateFile, one PUT, ConfirmFileUpload, ShowAsset; the stored object is node:crypto’s', async () => {
    const bytes = content(300_001);
    const { client, sent, calls } = clientWith();
    const states: UploadState[] = [];
    const progress: UploadProgress[] = [];
    const result = await client.upload(bytes, video(), { onState: (s) => states.push(s), onProgress: (p) => progress.push(p) });

    expect(calls()).toEqual(['CreateDigitalAsset', 'CreateFile', 'PUT', 'ConfirmFileUpload CREATED', 'ShowAsset']);
    expect(result.file).toMatchObject({
      file_name: 'clip.mp4',
      file_md5: md5(bytes).digest('base64'),
      file_size: bytes.length,
      file_type: 'mp4',
      asset_file_category: 'MAIN',
      state: 'CREATED',
    });
    expect(result.file.asset_id).toMatch(/^[0-9a-f]{32}$/);
    expect(result).toMatchObject({ rapidUpload: false, bytesSent: bytes.length, partsSent: 1 });
    const put = sent.find(isPut)!;
    expect(put.headers.get('content-md5')).toBe(md5(bytes).digest('base64'));
    expect(put.headers.get('content-type')).toBe('video/mp4'); // CreateFile's upload_url table: mp4
    expect(put.body).toBeInstanceOf(Blob);
    expect(storedObjects(bytes.length).map((b) => md5(b).digest('hex'))).toContain(md5(bytes).digest('hex'));
    const shown = await client.showAsset({ params: { path: { asset_id: result.file.asset_id } } });
    expect(shown.asset_state).toBe('ACTIVED');

    // The state: started after CreateFile, part 1 after the PUT; never the signed URL.
    expect(states.map((s) => s.parts.length)).toEqual([0, 0, 1]);
    expect(states[1]!.upload).toEqual({ asset_id: result.file.asset_id, file_id: result.file.file_id, file_name: 'clip.mp4', file_type: 'mp4', asset_file_category: 'MAIN' });
    expect(JSON.stringify(states)).not.toMatch(/Signature|https?:/);
    expect(result.state.parts).toEqual([{ partNumber: 1, size: bytes.length, etag: `"${md5(bytes).digest('hex')}"` }]);
    expect(progress.map((p) => p.phase)).toEqual(['hashing', 'hashing', 'starting', 'uploading', 'uploading', 'completing']);
    expect(progress.at(-2)).toMatchObject({ bytes: bytes.length, parts: 1, totalParts: 1 });
  });

  it('a file path into an existing asset: the PUT streams a file-backed Blob through the injected fetch', async () => {
    const path = join(work, 'photo.PNG');
    const bytes = content(1024 * 1024 + 13);
    writeFileSync(path, bytes);
    const { client, sent, calls } = clientWith();
    const assetId = await newAsset(client, 'IMAGE');
    const result = await client.upload(path, { asset_id: assetId, file_name: 'photo.PNG', asset_file_category: 'MAIN' });
    expect(calls()).toEqual(['CreateDigitalAsset', 'CreateFile', 'PUT', 'ConfirmFileUpload CREATED', 'ShowAsset']);
    const put = sent.find(isPut)!;
    expect(put.body).toBeInstanceOf(Blob);
    expect((put.body as Blob).size).toBe(bytes.length);
    expect(put.headers.get('content-type')).toBe('image/png'); // png, compared case-insensitively
    expect(result.file).toMatchObject({ asset_id: assetId, file_type: 'PNG', file_md5: md5(bytes).digest('base64'), state: 'CREATED' });
  });

  it.each([
    ['doc.pdf', undefined, 'application/octet-stream'],
    ['song.mp3', undefined, 'audio/mp3'],
    ['README', 'txt', 'application/octet-stream'],
    ['clip', 'mp4', 'video/mp4'],
  ])('%s (file_type %s): Content-Type %s', async (name, fileType, contentType) => {
    const { client, sent } = clientWith();
    const assetId = await newAsset(client, 'COMMON_FILE');
    const result = await client.upload(content(10), { asset_id: assetId, file_name: name, asset_file_category: 'MAIN', ...(fileType ? { file_type: fileType } : {}) });
    expect(sent.find(isPut)!.headers.get('content-type')).toBe(contentType);
    expect(result.file.state).toBe('CREATED');
  });

  it('a 1-byte file works', async () => {
    const { client } = clientWith();
    const result = await client.upload(Uint8Array.of(0x5a), video());
    expect(result.file).toMatchObject({ file_size: 1, file_md5: md5(Uint8Array.of(0x5a)).digest('base64'), state: 'CREATED' });
  });

  it('a Blob works', async () => {
    const bytes = content(4097);
    const { client } = clientWith();
    const result = await client.upload(new Blob([bytes]), video());
    expect(result.file).toMatchObject({ file_size: bytes.length, file_md5: md5(bytes).digest('base64') });
  });
});

describe('refused before anything is created', () => {
  it.each([
    ['an empty file', new Uint8Array(0), {}, InputError, /empty.*1 to 5368709120/],
    [
      'a stream (its MD5 is needed first)',
      new Blob([content(10)]).stream(),
      { size: 10 },
      ConfigurationError,
      /source: MetaStudio needs the whole file’s MD5 before its bytes are sent/,
    ],
  ])('%s', async (_name, source, options, ErrorClass, message) => {
    const { client, sent } = clientWith();
    const error = await rejection(client.upload(source as Uint8Array, video(), options));
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.message).toMatch(message);
    expect(sent).toEqual([]);
    expect(uploadStateOf(error)).toBeUndefined();
  });

  it.each([
    [{ asset_id: 'a', asset: { asset_name: 'x', asset_type: 'VIDEO' }, file_name: 'a.mp4', asset_file_category: 'MAIN' }, /target: give either asset_id/],
    [{ file_name: 'a.mp4', asset_file_category: 'MAIN' }, /target: give either asset_id/],
    [{ asset_id: 'a', file_name: 'a.mp4', asset_file_category: 'HEAD' }, /target: \/asset_file_category must be one of/],
    [{ asset_id: 'a', file_name: 'x'.repeat(253) + '.mp4', asset_file_category: 'MAIN' }, /target: \/file_name/],
    [{ asset: { asset_name: 'x', asset_type: 'MOVIE' }, file_name: 'a.mp4', asset_file_category: 'MAIN' }, /target\.asset: \/asset_type must be one of/],
    [{ asset_id: 'a', file_name: 'noextension', asset_file_category: 'MAIN' }, /target\.file_type: file_name "noextension" has no extension/],
    [{ asset_id: 'a', file_name: 'a.mp4', asset_file_category: 'MAIN', name: 'a.mp4' }, /target\.name: is not a MetaStudio upload target field/],
  ])('target %j', async (target, message) => {
    const { client, sent } = clientWith();
    const error = await rejection(client.upload(content(3), target as HuaweiMetaStudioUploadTarget));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(message);
    expect(sent).toEqual([]);
  });
});

describe('never a false success', () => {
  it('a byte corrupted in flight: OBS refuses it (400 BadDigest) as HuaweiMetaStudioApiError; nothing is confirmed', async () => {
    const bytes = content(65_537);
    const { client, sent } = clientWith(async (s, init, next) => {
      if (!isPut(s)) return next();
      const changed = new Uint8Array(await (init.body as Blob).arrayBuffer());
      changed[40_000]! ^= 0x01;
      return next({ ...init, body: changed });
    });
    const error = await rejection(client.upload(bytes, video()));
    expect(error).toBeInstanceOf(HuaweiMetaStudioApiError);
    expect(error).toMatchObject({ status: 400, code: 'BadDigest', operationId: 'PutObject' });
    expect(sent.some(isConfirm)).toBe(false);
    const state = uploadStateOf(error)!;
    expect(state.parts).toEqual([]);
    expect(error.message).not.toMatch(/Signature=|AccessKeyId=/);
    const shown = await client.showAsset({ params: { path: { asset_id: String(state.upload.asset_id) } } });
    expect(shown.files?.map((f) => f.state)).toEqual(['CREATING']);
  });

  it('a 200 whose ETag is not the file’s MD5 is no stored file (ETagMismatch), and nothing is confirmed', async () => {
    const { client, sent } = clientWith(async (s, _init, next) =>
      isPut(s) ? new Response(null, { status: 200, headers: { etag: `"${'0'.repeat(32)}"` } }) : next(),
    );
    const error = await rejection(client.upload(content(100), video()));
    expect(error).toBeInstanceOf(HuaweiMetaStudioApiError);
    expect(error).toMatchObject({ code: 'ETagMismatch' });
    expect(sent.some(isConfirm)).toBe(false);
  });

  it.each([
    ['FAILED', (f: Record<string, unknown>) => ({ ...f, state: 'FAILED' }), 'FileNotUploaded'],
    ['another MD5', (f: Record<string, unknown>) => ({ ...f, file_md5: md5(Uint8Array.of(1)).digest('base64') }), 'FileMismatch'],
    ['another size', (f: Record<string, unknown>) => ({ ...f, file_size: 99 }), 'FileMismatch'],
    ['no file', () => undefined, 'FileNotListed'],
  ])('ShowAsset listing the file %s after the confirmation: an error', async (_name, change, code) => {
    const { client } = clientWith(async (s, _init, next) => {
      const answer = await next();
      if (s.method !== 'GET') return answer;
      const body = (await answer.json()) as { files: Record<string, unknown>[] };
      body.files = body.files.flatMap((f) => change(f) ?? []);
      return Response.json(body, { headers: { 'x-request-id': 'r' } });
    });
    const error = await rejection(client.upload(content(100), video()));
    expect(error).toBeInstanceOf(HuaweiMetaStudioApiError);
    expect(error).toMatchObject({ code, operationId: 'ShowAsset' });
    expect(uploadStateOf(error)?.parts).toHaveLength(1);
  });

  it('a file changed after it was hashed: InputError saying so (not a network error), nothing confirmed', async () => {
    const path = join(work, 'changing.mp4');
    const bytes = content(5000);
    writeFileSync(path, bytes);
    const { client, sent } = clientWith(async (s, _init, next) => {
      // Same size, other bytes, before the PUT: the file-backed Blob refuses to read it.
      if (isPut(s)) writeFileSync(path, content(5000).reverse());
      return next();
    });
    const error = await rejection(client.upload(path, video()));
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(/changing\.mp4 changed during the upload/);
    expect(sent.some(isConfirm)).toBe(false);
    expect(uploadStateOf(error)?.parts).toEqual([]);
  });
});

describe('abort and resume', () => {
  it('abort during the PUT rejects with AbortError at once; the resume cancels the stale file and sends the whole file again', async () => {
    const bytes = content(200_000);
    const controller = new AbortController();
    const first = clientWith(async (s, init, next) => {
      if (!isPut(s)) return next();
      // A PUT that never answers: only the abort can end it.
      queueMicrotask(() => controller.abort());
      return new Promise<Response>((_resolve, reject) => init.signal!.addEventListener('abort', () => reject(init.signal!.reason)));
    });
    const error = await rejection(first.client.upload(bytes, video(), { signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    const state = uploadStateOf(error)!;
    expect(state).toMatchObject({ provider: 'huawei-metastudio', parts: [] });

    const again = clientWith();
    const result = await again.client.upload(bytes, video(), { resume: state });
    expect(again.calls()).toEqual(['ShowAsset', 'ConfirmFileUpload CANCELLED', 'CreateFile', 'PUT', 'ConfirmFileUpload CREATED', 'ShowAsset']);
    expect(result.file).toMatchObject({ asset_id: state.upload.asset_id, file_md5: md5(bytes).digest('base64'), state: 'CREATED' });
    expect(result.file.file_id).not.toBe(state.upload.file_id);
    const shown = await again.client.showAsset({ params: { path: { asset_id: String(state.upload.asset_id) } } });
    expect(shown.files?.map((f) => [f.file_id, f.state])).toEqual([
      [state.upload.file_id, 'CANCELLED'],
      [result.file.file_id, 'CREATED'],
    ]);
  });

  it('the PUT was stored but the confirmation never sent: the resume confirms, no byte sent', async () => {
    const bytes = content(12_345);
    const first = clientWith(async (s, _init, next) => {
      if (isConfirm(s)) throw new TypeError('fetch failed');
      return next();
    });
    const error = await rejection(first.client.upload(bytes, video()));
    expect(error).toBeInstanceOf(TransportError);
    const state = uploadStateOf(error)!;
    expect(state.parts).toHaveLength(1);

    const again = clientWith();
    const result = await again.client.upload(bytes, video(), { resume: state });
    expect(again.calls()).toEqual(['ShowAsset', 'ConfirmFileUpload CREATED', 'ShowAsset']);
    expect(result).toMatchObject({ bytesSent: 0, partsSent: 0 });
    expect(result.file).toMatchObject({ file_id: state.upload.file_id, state: 'CREATED', file_md5: md5(bytes).digest('base64') });
  });

  it('the confirmation’s answer was lost: the resume finds the file uploaded and returns it', async () => {
    const bytes = content(777);
    const first = clientWith(async (s, _init, next) => {
      if (!isConfirm(s)) return next();
      await next();
      throw new TypeError('fetch failed');
    });
    const state = uploadStateOf(await rejection(first.client.upload(bytes, video())))!;
    const again = clientWith();
    const result = await again.client.upload(bytes, video(), { resume: state });
    expect(again.calls()).toEqual(['ShowAsset']);
    expect(result.file).toMatchObject({ file_id: state.upload.file_id, state: 'CREATED' });
  });

  it('an asset created, CreateFile refused: the resume uploads into that asset (no second asset)', async () => {
    const first = clientWith(async (s, _init, next) =>
      describeCall(s) === 'CreateFile' ? Response.json({ error_code: 'MSS.00000004', error_msg: 'internal' }, { status: 500 }) : next(),
    );
    const error = await rejection(first.client.upload(content(50), video()));
    expect(error).toBeInstanceOf(HuaweiMetaStudioApiError);
    const state = uploadStateOf(error)!;
    expect(Object.keys(state.upload).sort()).toEqual(['asset_file_category', 'asset_id', 'file_name', 'file_type']);
    const again = clientWith();
    const result = await again.client.upload(content(50), video(), { resume: state });
    expect(again.calls()).toEqual(['CreateFile', 'PUT', 'ConfirmFileUpload CREATED', 'ShowAsset']);
    expect(result.file.asset_id).toBe(state.upload.asset_id);
  });

  it('a resume with other bytes of the same size is refused, never confirmed as the earlier upload', async () => {
    const first = clientWith(async (s, _init, next) => {
      if (isConfirm(s)) throw new TypeError('fetch failed');
      return next();
    });
    const state = uploadStateOf(await rejection(first.client.upload(content(100), video())))!;
    const again = clientWith();
    const error = await rejection(again.client.upload(content(100).reverse(), video(), { resume: state }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^resume: the source's MD5 .* is not that of the earlier upload/);
    expect(again.calls()).toEqual(['ShowAsset']);
  });

  it.each([
    ['another asset', { asset_id: 'f'.repeat(32), file_name: 'clip.mp4', asset_file_category: 'MAIN' }, /resume: the state is of an upload to asset/],
    ['another file name', { ...video('other.mp4') }, /resume: the state is of an upload with another file_name/],
  ])('a resume state of %s is refused before anything is sent', async (_name, target, message) => {
    const first = clientWith(async (s, _init, next) => {
      if (isConfirm(s)) throw new TypeError('fetch failed');
      return next();
    });
    const state = uploadStateOf(await rejection(first.client.upload(content(100), video())))!;
    const again = clientWith();
    const error = await rejection(again.client.upload(content(100), target as HuaweiMetaStudioUploadTarget, { resume: state }));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(message);
    expect(again.sent).toEqual([]);
  });

  it('a resume state of another provider or source is refused (the engine’s checks)', async () => {
    const { client, sent } = clientWith();
    const foreign = { version: 1, provider: 'tencent-smh', upload: { path: 'a' }, source: { size: 3, kind: 'bytes' }, partSize: 3, parts: [], startedAt: T0.toISOString() };
    expect((await rejection(client.upload(content(3), video(), { resume: foreign as never }))).message).toMatch(/^resume: .*tencent-smh/);
    const otherSize = { ...foreign, provider: 'huawei-metastudio', source: { size: 4, kind: 'bytes' } };
    expect((await rejection(client.upload(content(3), video(), { resume: otherSize as never }))).message).toMatch(/^resume: the state is of another source/);
    expect(sent).toEqual([]);
  });

  it('an expired upload_url (403 AccessDenied after 24 h): the stale file is cancelled and a new one made, within the same call', async () => {
    const bytes = content(3000);
    let puts = 0;
    const { client, calls } = clientWith(async (s, _init, next) => {
      // The first PUT arrives 24 hours after CreateFile (the emulator's clock).
      if (isPut(s) && puts++ === 0) h.clock.now = new Date(T0.getTime() + 24 * 60 * 60 * 1000);
      return next();
    });
    const states: UploadState[] = [];
    const result = await client.upload(bytes, video(), { onState: (s) => states.push(s) });
    expect(calls()).toEqual(['CreateDigitalAsset', 'CreateFile', 'PUT', 'ConfirmFileUpload CANCELLED', 'CreateFile', 'PUT', 'ConfirmFileUpload CREATED', 'ShowAsset']);
    expect(result.file.state).toBe('CREATED');
    expect(new Set(states.map((s) => s.upload.file_id)).size).toBe(3); // asset only, first file, second file
    expect(result.state.upload.file_id).toBe(result.file.file_id);
  });
});

describe('options', () => {
  it('rapidUpload has no effect (MetaStudio has no instant upload): the bytes are sent', async () => {
    const { client, sent } = clientWith();
    const result = await client.upload(content(10), video(), { rapidUpload: true });
    expect(result.rapidUpload).toBe(false);
    expect(sent.filter(isPut)).toHaveLength(1);
  });

  it('an unknown option is refused by name', async () => {
    const { client } = clientWith();
    const error = await rejection(client.upload(content(10), video(), { partsize: 5 } as never));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('partsize');
  });
});
