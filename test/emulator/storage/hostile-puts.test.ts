/**
 * Hostile PUTs: what the storage route refuses before reading a byte of the body, and what a client
 * that goes away (or stalls) leaves behind: nothing.
 */
import { existsSync, readdirSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiskUploadStore } from '../../../src/emulator/storage/disk-upload-store.js';
import type { EmulatorOptions } from '../../../src/emulator/types.js';
import { bytes, errorCode, put, startStorageHarness, upload, type StorageHarness } from './support.js';

let h: StorageHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function start(options: EmulatorOptions = {}): Promise<StorageHarness> {
  h = await startStorageHarness(options);
  return h;
}

const store = (x: StorageHarness) => x.storage as DiskUploadStore;
const uploadFiles = (x: StorageHarness, key: string) => readdirSync(join(store(x).files.root, 'uploads', key));

/** Sends the request head and `body` on a raw socket and reads what comes back (until close or `ms`). */
function rawPut(url: string, headers: Record<string, string>, body: Uint8Array | string = ''): { socket: Socket; answer: Promise<string> } {
  const target = new URL(url);
  const socket = connect(Number(target.port), target.hostname);
  const head = [`PUT ${target.pathname}${target.search} HTTP/1.1`, `Host: ${target.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), '', ''].join('\r\n');
  socket.write(head);
  if (body.length) socket.write(body);
  const answer = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (/\r\n\r\n[\s\S]*<\/Error>|\r\ncontent-length: 0\r\n[\s\S]*\r\n\r\n/i.test(text)) resolve(text);
    });
    socket.on('close', () => resolve(text));
    socket.on('error', () => resolve(text));
  });
  return { socket, answer };
}

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('refused before the body is read', () => {
  it('a declared 5 GiB + 1 part with a few bytes sent gets EntityTooLarge at once; RSS does not grow', async () => {
    const x = await start();
    const key = x.storage.create(upload());
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const { socket, answer } = rawPut(x.storage.putUrl(key, x.emulator.url, 1), { 'Content-Length': String(5 * 1024 ** 3 + 1) }, 'abcdef');
    const text = await answer;
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(errorCode(text)).toBe('EntityTooLarge');
    expect(text.toLowerCase()).toContain('connection: close');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(64 * 1024 * 1024);
    expect(uploadFiles(x, key)).toEqual([]);
  });

  it('a part within the limits but over the total storage limit, or over the declared size', async () => {
    const x = await start({ storageLimits: { maxTotalBytes: 1200 } });
    const key = x.storage.create(upload({ declaredSize: 600 }));
    expect((await put(x.storage.putUrl(key, x.emulator.url, 1), bytes(500))).status).toBe(200);
    const overDeclared = await put(x.storage.putUrl(key, x.emulator.url, 2), bytes(101));
    expect([overDeclared.status, errorCode(overDeclared.text)]).toEqual([400, 'EntityTooLarge']);
    expect(overDeclared.text).toContain('declared size');
    // Replacing part 1: both versions are on disk while the new one arrives (500 + 600), then only the new one.
    expect((await put(x.storage.putUrl(key, x.emulator.url, 1), bytes(600))).status).toBe(200);
    const other = x.storage.create(upload());
    const overTotal = await put(x.storage.putUrl(other, x.emulator.url, 1), bytes(601));
    expect([overTotal.status, errorCode(overTotal.text)]).toEqual([400, 'EntityTooLarge']);
    expect(overTotal.text).toContain('storage limit');
    expect((await put(x.storage.putUrl(other, x.emulator.url, 1), bytes(600))).status).toBe(200);
    // Discarding frees its bytes for others.
    x.storage.discard(key);
    expect((await put(x.storage.putUrl(other, x.emulator.url, 2), bytes(600))).status).toBe(200);
  });

  it('part numbers: beyond maxPartsPerUpload, missing on multipart, present on single', async () => {
    const x = await start({ storageLimits: { maxPartsPerUpload: 3, maxPartBytes: 100 } });
    const multi = x.storage.create(upload());
    const four = await put(x.storage.putUrl(multi, x.emulator.url, 4), 'x');
    expect([four.status, errorCode(four.text)]).toEqual([400, 'InvalidArgument']);
    const large = await put(x.storage.putUrl(multi, x.emulator.url, 1), bytes(101));
    expect([large.status, errorCode(large.text)]).toEqual([400, 'EntityTooLarge']);
    const single = x.storage.create(upload({ mode: 'single' }));
    const url = new URL(x.storage.putUrl(single, x.emulator.url));
    expect(url.searchParams.has('partNumber')).toBe(false);
    expect(() => x.storage.putUrl(single, x.emulator.url, 1)).toThrow(/single/);
    expect(() => x.storage.putUrl(multi, x.emulator.url)).toThrow(/part number/);
  });

  it('no Content-Length (chunked): 411 MissingContentLength', async () => {
    const x = await start();
    const key = x.storage.create(upload());
    const { socket, answer } = rawPut(x.storage.putUrl(key, x.emulator.url, 1), { 'Transfer-Encoding': 'chunked' }, '3\r\nabc\r\n0\r\n\r\n');
    const text = await answer;
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 411 /);
    expect(errorCode(text)).toBe('MissingContentLength');
  });

  it('Content-MD5: malformed → InvalidDigest; required but absent → SignatureDoesNotMatch; OSS calls a mismatch InvalidDigest', async () => {
    const x = await start();
    const obs = x.storage.create(upload({ provider: 'huawei-metastudio', flavor: 'obs', mode: 'single', requireContentMd5: true }));
    const malformed = await put(x.storage.putUrl(obs, x.emulator.url), 'abc', { 'content-md5': 'not-base64' });
    expect([malformed.status, errorCode(malformed.text)]).toEqual([400, 'InvalidDigest']);
    const absent = await put(x.storage.putUrl(obs, x.emulator.url), 'abc');
    expect([absent.status, errorCode(absent.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    const oss = x.storage.create(upload());
    const mismatch = await put(x.storage.putUrl(oss, x.emulator.url, 1), 'abc', { 'content-md5': Buffer.alloc(16).toString('base64') });
    expect([mismatch.status, errorCode(mismatch.text)]).toEqual([400, 'InvalidDigest']);
    expect(x.storage.parts(oss)).toEqual([]);
    expect(uploadFiles(x, oss)).toEqual([]);
  });

  it('other methods: 405 with Allow: PUT; unknown flavors and keys', async () => {
    const x = await start();
    const key = x.storage.create(upload());
    const url = x.storage.putUrl(key, x.emulator.url, 1);
    const get = await fetch(url);
    expect([get.status, get.headers.get('allow'), errorCode(await get.text())]).toEqual([405, 'PUT', 'MethodNotAllowed']);
    const wrongFlavor = await fetch(`${x.emulator.url}/__drivespec/storage/gcs/${key}`, { method: 'PUT', body: 'x' });
    expect(wrongFlavor.status).toBe(404);
    expect(await wrongFlavor.json()).toMatchObject({ code: 'RouteNotFound' });
    x.storage.discard(key);
    const gone = await put(url, 'x');
    expect([gone.status, errorCode(gone.text)]).toEqual([404, 'NoSuchUpload']);
  });
});

describe('capacity', () => {
  it('a PUT on a connection beyond maxConnections: the storage service\'s 503 in XML, Retry-After, closed', async () => {
    const x = await start({ maxConnections: 1 });
    const key = x.storage.create(upload());
    const holder = connect(x.emulator.port, '127.0.0.1');
    await new Promise((r) => holder.once('connect', r));
    await new Promise((r) => setTimeout(r, 50));
    const { socket, answer } = rawPut(x.storage.putUrl(key, x.emulator.url, 1), { 'Content-Length': '3' }, 'abc');
    const text = await answer;
    socket.destroy();
    holder.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 503 /);
    expect(errorCode(text)).toBe('ServiceUnavailable');
    expect(text.toLowerCase()).toContain('retry-after: 1');
    expect(text.toLowerCase()).toContain('x-oss-request-id');
    expect(x.storage.parts(key)).toEqual([]);
  });
});

describe('clients that go away or stall', () => {
  it('a disconnect half way through a part leaves no part and no temp file, and frees its reservation', async () => {
    const x = await start({ storageLimits: { maxTotalBytes: 2 * 1024 * 1024 } });
    const key = x.storage.create(upload());
    const { socket } = rawPut(x.storage.putUrl(key, x.emulator.url, 1), { 'Content-Length': String(2 * 1024 * 1024) }, bytes(1024 * 1024));
    await until(() => uploadFiles(x, key).some((f) => f.endsWith('.tmp')));
    socket.destroy();
    await until(() => uploadFiles(x, key).length === 0);
    expect(x.storage.parts(key)).toEqual([]);
    // The 2 MiB it reserved are free again: a full-size part fits.
    expect((await put(x.storage.putUrl(key, x.emulator.url, 1), bytes(2 * 1024 * 1024))).status).toBe(200);
  });

  it('an upload discarded while a part arrives: NoSuchUpload, and its bytes are gone', async () => {
    const x = await start();
    const key = x.storage.create(upload());
    const { socket, answer } = rawPut(x.storage.putUrl(key, x.emulator.url, 1), { 'Content-Length': String(2 * 1024 * 1024) }, bytes(1024 * 1024));
    await until(() => uploadFiles(x, key).some((f) => f.endsWith('.tmp')));
    x.storage.discard(key);
    socket.write(bytes(1024 * 1024));
    const text = await answer;
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 404 /);
    expect(errorCode(text)).toBe('NoSuchUpload');
    expect(existsSync(join(store(x).files.root, 'uploads', key))).toBe(false);
    expect(store(x).storedBytes).toBe(0);
  });

  it('a stalled part: the request timeout applies to storage PUTs (408), and nothing stays behind', async () => {
    const x = await start({ requestTimeoutMs: 400, headersTimeoutMs: 400 });
    const key = x.storage.create(upload());
    const { socket, answer } = rawPut(x.storage.putUrl(key, x.emulator.url, 1), { 'Content-Length': '1000' }, 'only a few bytes');
    const text = await answer;
    socket.destroy();
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    await until(() => uploadFiles(x, key).length === 0);
    expect(x.storage.parts(key)).toEqual([]);
  });
});
