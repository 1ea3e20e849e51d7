import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Crc64 } from '../../../src/hashing/crc64.js';
import { bytes, errorCode, put, startStorageHarness, upload, type StorageHarness } from './support.js';

const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const md5Base64 = (b: Uint8Array) => createHash('md5').update(b).digest('base64');
const hex = (algorithm: string, b: Uint8Array) => createHash(algorithm).update(b).digest('hex');

let h: StorageHarness;
beforeEach(async () => {
  h = await startStorageHarness();
});
afterEach(async () => {
  await h.close();
});

describe('storage PUTs', () => {
  it('stores each part on disk and answers ETag, CRC-64 header and request id (oss)', async () => {
    const key = h.storage.create(upload());
    const one = bytes(100_000, 1);
    const two = bytes(5_000, 2);
    const r2 = await put(h.storage.putUrl(key, h.emulator.url, 2), two);
    const r1 = await put(h.storage.putUrl(key, h.emulator.url, 1), one);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.headers.etag).toBe(`"${md5(one)}"`);
    expect(r1.headers['x-oss-hash-crc64ecma']).toBe(new Crc64().update(one).digest());
    expect(r1.headers['x-oss-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(h.storage.parts(key).map((p) => [p.partNumber, p.size, p.md5])).toEqual([
      [1, one.length, md5(one)],
      [2, two.length, md5(two)],
    ]);
    const completion = h.storage.complete(key);
    if (!completion.ok) throw new Error('not complete');
    const whole = Buffer.concat([one, two]);
    expect(completion.digests).toMatchObject({
      size: whole.length,
      md5: hex('md5', whole),
      sha1: hex('sha1', whole),
      sha256: hex('sha256', whole),
      crc64: new Crc64({ implementation: 'js' }).update(whole).digest(),
      preHashSha1: hex('sha1', whole.subarray(0, 1024)),
      smhBeginningHash: hex('sha256', whole),
      smhFullHash: hex('sha256', whole),
    });
  });

  it('refuses a Content-MD5 that does not match, keeping the part stored before', async () => {
    const key = h.storage.create(upload({ flavor: 'obs', provider: 'huawei-metastudio', mode: 'single' }));
    const url = h.storage.putUrl(key, h.emulator.url);
    const good = bytes(2048, 3);
    expect((await put(url, good, { 'content-md5': md5Base64(good) })).status).toBe(200);
    const bad = await put(url, bytes(2048, 4), { 'content-md5': md5Base64(good) });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.text)).toBe('BadDigest');
    expect(bad.headers['x-obs-request-id']).toBeDefined();
    expect(h.storage.parts(key)).toHaveLength(1);
    expect(h.storage.parts(key)[0]!.md5).toBe(md5(good));
  });

  it('refuses a tampered signature or part number before reading the body', async () => {
    const key = h.storage.create(upload({ flavor: 's3', provider: 'huawei-koodrive' }));
    const url = new URL(h.storage.putUrl(key, h.emulator.url, 1));
    url.searchParams.set('partNumber', '2');
    const r = await put(url.toString(), 'abc');
    expect(r.status).toBe(403);
    expect(errorCode(r.text)).toBe('SignatureDoesNotMatch');
    expect(r.headers['x-amz-request-id']).toBeDefined();
    expect(h.storage.parts(key)).toEqual([]);
  });

  it('refuses an expired URL (injected clock)', async () => {
    const key = h.storage.create(upload());
    const url = h.storage.putUrl(key, h.emulator.url, 1, { expiresAt: new Date(h.clock.now.getTime() + 60_000) });
    h.clock.now = new Date(h.clock.now.getTime() + 60_000);
    const r = await put(url, 'abc');
    expect(r.status).toBe(403);
    expect(errorCode(r.text)).toBe('AccessDenied');
    expect(r.text).toContain('Request has expired');
  });

  it('writes the bytes to the data directory', async () => {
    const dir = (h.env.storage as unknown as { files: { root: string } }).files.root;
    const key = h.storage.create(upload());
    const body = bytes(70_000, 9);
    expect((await put(h.storage.putUrl(key, h.emulator.url, 1), body)).status).toBe(200);
    expect(Buffer.compare(readFileSync(join(dir, 'uploads', key, '1.part')), Buffer.from(body))).toBe(0);
  });
});

describe('cos (SMH) targets', () => {
  it('PUTs with the returned headers; a missing or changed required header is refused', async () => {
    const key = h.storage.create(upload({ provider: 'tencent-smh', flavor: 'cos', requiredHeaders: { 'Content-Type': 'video/mp4', 'x-cos-acl': 'default' } }));
    const target = h.storage.cosTarget(key, h.emulator.url);
    expect(target.domain).toBe(h.emulator.url.replace('http://', ''));
    const url = `http://${target.domain}${target.path}?uploadId=u&partNumber=1`;
    const body = bytes(3000, 5);
    const ok = await put(url, body, target.headers);
    expect(ok.status).toBe(200);
    expect(ok.headers['x-cos-hash-crc64ecma']).toBe(new Crc64().update(body).digest());
    expect(ok.headers['x-cos-request-id']).toBeDefined();
    const changed = await put(url, body, { ...target.headers, 'Content-Type': 'video/mp5' });
    expect([changed.status, errorCode(changed.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    const { Authorization: _, ...unsigned } = target.headers;
    const anonymous = await put(url, body, unsigned);
    expect([anonymous.status, errorCode(anonymous.text)]).toEqual([403, 'AccessDenied']);
    expect(h.storage.parts(key).map((p) => [p.partNumber, p.query.uploadId])).toEqual([[1, 'u']]);
  });
});

describe('required headers', () => {
  it('an empty required value (PDS Content-Type) accepts the header empty or absent, not another value', async () => {
    const key = h.storage.create(upload({ mode: 'single', requiredHeaders: { 'Content-Type': '' } }));
    const url = h.storage.putUrl(key, h.emulator.url);
    expect((await put(url, 'a')).status).toBe(200);
    expect((await put(url, 'b', { 'content-type': '' })).status).toBe(200);
    const typed = await put(url, 'c', { 'content-type': 'application/octet-stream' });
    expect([typed.status, errorCode(typed.text)]).toEqual([403, 'SignatureDoesNotMatch']);
    const other = h.storage.create(upload({ mode: 'single', provider: 'huawei-metastudio', flavor: 'obs', requiredHeaders: { 'Content-Type': 'video/mp4' } }));
    const absent = await put(h.storage.putUrl(other, h.emulator.url), 'a');
    expect([absent.status, errorCode(absent.text)]).toEqual([403, 'SignatureDoesNotMatch']);
  });
});
