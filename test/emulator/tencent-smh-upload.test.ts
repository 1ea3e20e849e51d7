/**
 * SMH's whole upload against the emulator, through the typed client and real byte PUTs to the COS
 * targets it hands out: multipart and simple uploads verified from the stored bytes, instant
 * upload, renew after expiry, status for resuming, cancel, and the refusals. Expected digests are
 * Python's (support/smh-upload.ts), never drivespec's own hasher; every answer validates against
 * the spec (`h.violations`).
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core/errors.js';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';
import { HELLO, MiB, PATTERN, cosCode, putToCos, type UploadInfo } from './support/smh-upload.js';

let h: Harness;
let smh: ReturnType<typeof clients>['smh'];
beforeAll(async () => {
  h = await startHarness();
  smh = clients(h).smh;
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const pattern = PATTERN.bytes();
/** Three parts: 1 MiB, 1 MiB, 0.5 MiB. */
const parts = [pattern.subarray(0, MiB), pattern.subarray(MiB, 2 * MiB), pattern.subarray(2 * MiB)];

async function startMultipart(FilePath = 'docs/2024/report.mp4', query: Record<string, string> = {}) {
  return (await smh.initMultipartUpload({ params: { path: { FilePath }, query } })) as UploadInfo & { uploadId: string; confirmKey: string };
}

async function putParts(info: UploadInfo, which: number[] = [1, 2, 3]) {
  for (const n of which) {
    const r = await putToCos(info, parts[n - 1]!, n);
    expect(r.status, await r.clone().text()).toBe(200);
    expect(r.headers.get('etag')).toBe(`"${md5(parts[n - 1]!)}"`);
  }
}

describe('a fresh emulator has library smhdocs, space -, as a target', () => {
  it('matches the default credentials', () => {
    expect(h.emulator.credentials['tencent-smh'].libraryId).toBe('smhdocs');
  });
});

describe('multipart upload', () => {
  it('start → 3 parts → status → confirm with the crc64 of the bytes: the answer reports digests of the stored bytes', async () => {
    const info = await startMultipart();
    expect(info.domain).toBe(new URL(h.emulator.url).host);
    expect(info.headers['Content-Type']).toBe('application/octet-stream');
    expect(info.headers.Authorization).toEqual(expect.any(String));
    expect(info.expiration).toBe('2026-01-01T01:00:00.000Z');
    expect(info.uploadId).toMatch(/^[0-9a-f]{64}$/);
    await putParts(info);

    const status = await smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(status.confirmed).toBe(false);
    expect(status.path).toEqual(['docs', '2024', 'report.mp4']);
    expect(status.uploadId).toBe(info.uploadId);
    expect(status.parts).toEqual(
      parts.map((p, i) => ({ PartNumber: i + 1, LastModified: T0.toISOString(), ETag: `"${md5(p)}"`, Size: p.length })),
    );
    expect(status.uploadPartInfo).toMatchObject({ domain: info.domain, path: info.path, uploadId: info.uploadId });

    const file = await smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } });
    expect(file).toMatchObject({
      path: ['docs', '2024', 'report.mp4'],
      size: String(PATTERN.size),
      crc64: PATTERN.crc64,
      eTag: `"${PATTERN.md5}"`,
      contentType: 'video/mp4',
    });
    const after = await smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(after.confirmed).toBe(true);
    expect(after.uploadPartInfo).toBeUndefined();
    // The storage is sealed: a part sent after the confirm is refused.
    expect(await cosCode(await putToCos(info, parts[0]!, 1))).toBe('NoSuchUpload');
  });

  it('a wrong crc64 is 400 BadCrc64 (a typed ApiError); the upload stays and the right one completes it', async () => {
    const info = await startMultipart();
    await putParts(info);
    const wrong = await rejection(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: HELLO.crc64 } }));
    expect(wrong).toBeInstanceOf(ApiError);
    expect(wrong).toMatchObject({ status: 400, code: 'BadCrc64' });
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } })).resolves.toMatchObject({
      crc64: PATTERN.crc64,
    });
  });

  it('a part replaced by other bytes changes what confirm reports (the digests are of the bytes stored last)', async () => {
    const info = await startMultipart();
    await putParts(info);
    const other = new Uint8Array(parts[1]!.length).fill(7);
    expect((await putToCos(info, other, 2)).status).toBe(200);
    const wrong = await rejection(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } }));
    expect(wrong).toMatchObject({ status: 400, code: 'BadCrc64' });
    const file = await smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(file.eTag).toBe(`"${md5(Buffer.concat([parts[0]!, other, parts[2]!]))}"`);
  });

  it('parts that are not contiguous, or none at all: 404 UploadIncomplete', async () => {
    const gap = await startMultipart('a.bin');
    await putParts(gap, [1, 3]);
    expect(await rejection(smh.confirmUpload({ params: { path: { ConfirmKey: gap.confirmKey } } }))).toMatchObject({
      status: 404,
      code: 'UploadIncomplete',
    });
    const none = await startMultipart('b.bin');
    expect(await rejection(smh.confirmUpload({ params: { path: { ConfirmKey: none.confirmKey } } }))).toMatchObject({
      status: 404,
      code: 'UploadIncomplete',
    });
    // The missing part sent later completes the first.
    await putParts(gap, [2]);
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: gap.confirmKey } }, body: { crc64: PATTERN.crc64 } })).resolves.toMatchObject({
      size: String(PATTERN.size),
    });
  });

  it('expired credentials: the part PUT is COS 403 AccessDenied; renew moves the expiry and the parts go on', async () => {
    const info = await startMultipart();
    await putParts(info, [1]);
    h.clock.now = new Date(T0.getTime() + 60 * 60 * 1000);
    const expired = await putToCos(info, parts[1]!, 2);
    expect(expired.status).toBe(403);
    expect(await cosCode(expired)).toBe('AccessDenied');

    const renewed = await smh.renewMultipartUpload({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(renewed).toMatchObject({ confirmKey: info.confirmKey, uploadId: info.uploadId, expiration: '2026-01-01T02:00:00.000Z' });
    expect(renewed.headers.Authorization).not.toBe(info.headers.Authorization);
    await putParts(renewed, [2, 3]);
    const status = await smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(status.parts?.map((p) => p.PartNumber)).toEqual([1, 2, 3]);
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } })).resolves.toMatchObject({
      crc64: PATTERN.crc64,
    });
  });

  it('traffic_limit comes back in the headers (COS x-cos-traffic-limit), and renew can change it', async () => {
    const info = await startMultipart('t.bin', { traffic_limit: '102400' });
    expect(info.headers['x-cos-traffic-limit']).toBe('102400');
    await putParts(info, [1]);
    const renewed = await smh.renewMultipartUpload({ params: { path: { ConfirmKey: info.confirmKey }, query: { traffic_limit: '204800' } } });
    expect(renewed.headers['x-cos-traffic-limit']).toBe('204800');
  });

  it('headers not sent exactly are refused by the storage (COS 403 SignatureDoesNotMatch)', async () => {
    const info = await startMultipart();
    const r = await putToCos(info, parts[0]!, 1, { 'Content-Type': 'text/plain' });
    expect(r.status).toBe(403);
    expect(await cosCode(r)).toBe('SignatureDoesNotMatch');
  });
});

describe('cancel', () => {
  it('frees the bytes: later calls are 404 UploadNotFound and part PUTs COS 404 NoSuchUpload', async () => {
    const info = await startMultipart();
    await putParts(info, [1, 2]);
    await expect(smh.cancelUpload({ params: { path: { ConfirmKey: info.confirmKey } } })).resolves.toBeUndefined();
    for (const call of [
      () => smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } }),
      () => smh.renewMultipartUpload({ params: { path: { ConfirmKey: info.confirmKey } } }),
      () => smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } }),
      () => smh.cancelUpload({ params: { path: { ConfirmKey: info.confirmKey } } }),
    ]) {
      expect(await rejection(call())).toMatchObject({ status: 404, code: 'UploadNotFound' });
    }
    expect(await cosCode(await putToCos(info, parts[2]!, 3))).toBe('NoSuchUpload');
  });

  it('a confirmed upload cannot be cancelled or renewed (409 UploadComplete); the file stays', async () => {
    const info = await startMultipart();
    await putParts(info);
    await smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } });
    for (const call of [
      () => smh.cancelUpload({ params: { path: { ConfirmKey: info.confirmKey } } }),
      () => smh.renewMultipartUpload({ params: { path: { ConfirmKey: info.confirmKey } } }),
      () => smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } }),
    ]) {
      expect(await rejection(call())).toMatchObject({ status: 409, code: 'UploadComplete' });
    }
  });
});

describe('simple upload', () => {
  it('start → one PUT of the whole file with the headers → confirm: the stored bytes’ digests', async () => {
    const info = (await smh.initUpload({ params: { path: { FilePath: 'hello.txt' } } })) as UploadInfo & { confirmKey: string };
    expect(info.uploadId).toBeUndefined();
    expect(info.headers['Content-Type']).toBe('text/plain');
    const put = await putToCos(info, new TextEncoder().encode(HELLO.text));
    expect(put.status).toBe(200);
    expect(put.headers.get('etag')).toBe(`"${HELLO.md5}"`);
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: HELLO.crc64 } })).resolves.toMatchObject({
      path: ['hello.txt'],
      size: '12',
      crc64: HELLO.crc64,
      eTag: `"${HELLO.md5}"`,
    });
  });

  it('a simple upload has no multipart task: renew and status are 404 UploadNotFound; cancel works', async () => {
    const info = (await smh.initUpload({ params: { path: { FilePath: 'hello.txt' } } })) as UploadInfo & { confirmKey: string };
    expect(await rejection(smh.renewMultipartUpload({ params: { path: { ConfirmKey: info.confirmKey } } }))).toMatchObject({
      status: 404,
      code: 'UploadNotFound',
    });
    expect(await rejection(smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } }))).toMatchObject({
      status: 404,
      code: 'UploadNotFound',
    });
    await smh.cancelUpload({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(await cosCode(await putToCos(info, new TextEncoder().encode(HELLO.text)))).toBe('NoSuchUpload');
  });

  it('a filesize beyond 2^53 - 1 (digits the spec admits) starts an upload bounded by the storage limits', async () => {
    const info = (await smh.initUpload({
      params: { path: { FilePath: 'big.bin' }, query: { filesize: '9999999999999999', traffic_limit: '9999999999999999' } },
    })) as UploadInfo;
    expect(info.headers['x-cos-traffic-limit']).toBe('9999999999999999');
    expect((await putToCos(info, new TextEncoder().encode(HELLO.text))).status).toBe(200);
  });

  it('the body’s size is the declared size when filesize is absent', async () => {
    const info = (await smh.initUpload({ params: { path: { FilePath: 'hello.txt' } }, body: { size: '5' } })) as UploadInfo;
    expect((await putToCos(info, new TextEncoder().encode(HELLO.text))).status).toBe(400);
  });

  it('more bytes than filesize declared are refused by the storage', async () => {
    const info = (await smh.initUpload({ params: { path: { FilePath: 'hello.txt' }, query: { filesize: '5' } } })) as UploadInfo;
    const put = await putToCos(info, new TextEncoder().encode(HELLO.text));
    expect(put.status).toBe(400);
  });
});

describe('instant upload', () => {
  async function uploadPattern(FilePath: string) {
    const info = await startMultipart(FilePath);
    await putParts(info);
    await smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } });
  }

  it('beginningHash of an uploaded file → 202; with fullHash and size → 200 with the file created, no bytes sent', async () => {
    await uploadPattern('videos/original.mp4');
    const first = await smh.initUpload({
      params: { path: { FilePath: 'videos/copy.mp4' } },
      body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash },
    });
    expect(first).toBeUndefined();
    expect(h.answers.at(-1)).toMatchObject({ operationId: 'InitUpload', status: 202 });

    const second = await smh.initUpload({
      params: { path: { FilePath: 'videos/copy.mp4' } },
      body: { size: String(PATTERN.size), beginningHash: PATTERN.beginningHash, fullHash: PATTERN.fullHash, labels: ['copy'] },
    });
    expect(second).toMatchObject({ path: ['videos', 'copy.mp4'], name: 'copy.mp4', size: String(PATTERN.size), crc64: PATTERN.crc64 });
    expect(second).not.toHaveProperty('confirmKey');
    // The file exists: a second instant upload there with `ask` is a name conflict.
    expect(
      await rejection(
        smh.initUpload({
          params: { path: { FilePath: 'videos/copy.mp4' }, query: { conflict_resolution_strategy: 'ask' } },
          body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash, fullHash: PATTERN.fullHash },
        }),
      ),
    ).toMatchObject({ status: 409, code: 'SameNameDirectoryOrFileExists' });
  });

  it('a fullHash with another size, or no match at all, is an ordinary upload (upload information)', async () => {
    await uploadPattern('a.mp4');
    const wrongSize = await smh.initUpload({
      params: { path: { FilePath: 'b.mp4' } },
      body: { size: PATTERN.size - 1, beginningHash: PATTERN.beginningHash, fullHash: PATTERN.fullHash },
    });
    expect(wrongSize).toMatchObject({ confirmKey: expect.any(String), domain: expect.any(String) });
    const noMatch = await smh.initUpload({ params: { path: { FilePath: 'c.txt' } }, body: { beginningHash: HELLO.sha256 } });
    expect(noMatch).toMatchObject({ confirmKey: expect.any(String) });
  });

  it('a wrong fullHash, a file of another library, or no beginning match never creates a file', async () => {
    await uploadPattern('a.mp4');
    const wrongFull = await smh.initUpload({
      params: { path: { FilePath: 'b.mp4' } },
      body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash, fullHash: HELLO.sha256 },
    });
    expect(wrongFull).toMatchObject({ confirmKey: expect.any(String) });
    h.emulator.seed.reset();
    h.emulator.seed.smhFile({ libraryId: 'another-library', path: ['hello.txt'], content: HELLO.text });
    const otherLibrary = await smh.initUpload({ params: { path: { FilePath: 'c.txt' } }, body: { beginningHash: HELLO.sha256, fullHash: HELLO.sha256 } });
    expect(otherLibrary).toMatchObject({ confirmKey: expect.any(String) });
  });

  it('size is optional: fullHash alone (with beginningHash) matches', async () => {
    h.emulator.seed.smhFile({ path: ['hello.txt'], content: HELLO.text });
    await expect(
      smh.initUpload({ params: { path: { FilePath: 'copy.txt' } }, body: { beginningHash: HELLO.sha256, fullHash: HELLO.sha256 } }),
    ).resolves.toMatchObject({ path: ['copy.txt'], crc64: HELLO.crc64 });
  });

  it('a seeded file matches too (seed.smhFile computes its SMH hashes)', async () => {
    h.emulator.seed.smhFile({ path: ['seeded', 'hello.txt'], content: HELLO.text });
    // For a file of at most 1 MiB both hashes are its SHA-256 (§7).
    const first = await smh.initUpload({ params: { path: { FilePath: 'hello-copy.txt' } }, body: { size: 12, beginningHash: HELLO.sha256 } });
    expect(first).toBeUndefined();
    const second = await smh.initUpload({
      params: { path: { FilePath: 'hello-copy.txt' } },
      body: { size: 12, beginningHash: HELLO.sha256, fullHash: HELLO.sha256 },
    });
    expect(second).toMatchObject({ path: ['hello-copy.txt'], crc64: HELLO.crc64, eTag: `"${HELLO.md5}"` });
  });

  it('instant upload is a simple-upload feature: a multipart start with the hashes starts a multipart upload', async () => {
    await uploadPattern('a.mp4');
    const info = await smh.initMultipartUpload({
      params: { path: { FilePath: 'b.mp4' } },
      body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash, fullHash: PATTERN.fullHash },
    });
    expect(info).toMatchObject({ uploadId: expect.any(String), confirmKey: expect.any(String) });
  });
});

describe('names and users', () => {
  it('ask at start: an existing file is 409 before any byte is sent; a parent that is a file is 409 whatever the strategy', async () => {
    h.emulator.seed.smhFile({ path: ['docs', 'a.txt'] });
    expect(
      await rejection(smh.initUpload({ params: { path: { FilePath: 'docs/a.txt' }, query: { conflict_resolution_strategy: 'ask' } } })),
    ).toMatchObject({ status: 409, code: 'SameNameDirectoryOrFileExists' });
    expect(await rejection(smh.initMultipartUpload({ params: { path: { FilePath: 'docs/a.txt/b.txt' } } }))).toMatchObject({
      status: 409,
      code: 'SameNameDirectoryOrFileExists',
    });
    // rename: the start is fine and confirm picks the free name, which the status then reports.
    const info = await startMultipart('docs/a.txt');
    await putParts(info, [1]);
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } })).resolves.toMatchObject({ path: ['docs', 'a (1).txt'] });
    await expect(smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } })).resolves.toMatchObject({
      confirmed: true,
      path: ['docs', 'a (1).txt'],
    });
  });

  it('the strategy and the file fields given at start apply at confirm', async () => {
    h.emulator.seed.smhFile({ path: ['a.txt'] });
    const info = (await smh.initUpload({
      params: { path: { FilePath: 'a.txt' }, query: { conflict_resolution_strategy: 'overwrite' } },
      body: { labels: ['x'] },
    })) as UploadInfo & { confirmKey: string };
    await putToCos(info, new TextEncoder().encode(HELLO.text));
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } } })).resolves.toMatchObject({
      path: ['a.txt'],
      isOverwritten: true,
    });
  });

  it('force=1 is a forced upload, reported by the status; the default is not', async () => {
    const forced = await startMultipart('f.bin', { force: '1' });
    await expect(smh.getUploadStatus({ params: { path: { ConfirmKey: forced.confirmKey } } })).resolves.toMatchObject({ force: true });
    const plain = await startMultipart('g.bin');
    await expect(smh.getUploadStatus({ params: { path: { ConfirmKey: plain.confirmKey } } })).resolves.toMatchObject({
      force: false,
      conflictResolutionStrategy: 'rename',
    });
  });

  it('another user_id than the uploader’s is 403 UploadNotBelongYou', async () => {
    const info = await startMultipart('a.bin', { user_id: 'alice' });
    expect(
      await rejection(smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey }, query: { user_id: 'bob' } } })),
    ).toMatchObject({ status: 403, code: 'UploadNotBelongYou' });
    await expect(smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey }, query: { user_id: 'alice' } } })).resolves.toMatchObject({
      confirmed: false,
    });
  });
});
