/**
 * PDS's whole upload against the emulator, through the typed client and plain `fetch` PUTs to the
 * part URLs: CreateFile → PUT parts → CompleteFile → GetFile, rapid upload (pre_hash → 409
 * PreHashMatched → content_hash → rapid_upload), declared hashes checked against the stored
 * bytes, URL expiry and re-issue, resume from ListUploadedParts, name clashes.
 *
 * Expected hashes come from node:crypto (SHA-1, MD5), crc64-ecma182.js (CRC-64/XZ), @noble/hashes
 * (the SHA-1 state before a part, which node:crypto cannot export) and the fact sheet's
 * Python-computed vector (shared/docs/upload/aliyun-pds-upload.md §6), never from drivespec's hashers.
 */
import { createHash } from 'node:crypto';
import { sha1 as nobleSha1 } from '@noble/hashes/legacy.js';
import { crc64 as crc64Ecma } from 'crc64-ecma182.js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../src/core/errors.js';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';

let h: Harness;
let c: ReturnType<typeof clients>;
/** Body bytes PUT to storage URLs in the current test. */
let storageBytes = 0;
beforeAll(async () => {
  h = await startHarness();
  c = clients(h);
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
  storageBytes = 0;
});
afterEach(() => expect(h.violations).toEqual([]));

const sha1Hex = (b: Uint8Array) => createHash('sha1').update(b).digest('hex').toUpperCase();
const md5Hex = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const crc64Of = (b: Uint8Array) => crc64Ecma(Buffer.from(b)).toString();

/** Deterministic bytes (not all equal, so a swapped or shifted part changes every hash). */
function bytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** The SHA-1 state words before `offset` bytes, from @noble/hashes (an implementation drivespec did not write). */
function nobleState(data: Uint8Array, offset: number): number[] {
  if (offset === 0) return [];
  const hash = nobleSha1.create();
  hash.update(data.subarray(0, offset));
  return (hash as unknown as { get(): number[] }).get().map((w) => w >>> 0);
}

function split(data: Uint8Array, partSize: number): { partNumber: number; offset: number; bytes: Uint8Array }[] {
  const parts = [];
  for (let offset = 0, n = 1; offset < data.length || n === 1; offset += partSize, n++) {
    parts.push({ partNumber: n, offset, bytes: data.subarray(offset, Math.min(offset + partSize, data.length)) });
    if (offset + partSize >= data.length) break;
  }
  return parts;
}

async function put(url: string, body: Uint8Array): Promise<Response> {
  storageBytes += body.length;
  // The URL is signed with no Content-Type: send an empty one, as the official SDKs do.
  return fetch(url, { method: 'PUT', body: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': '' } });
}

const parallelParts = (data: Uint8Array, partSize: number) =>
  split(data, partSize).map((p) => ({ part_number: p.partNumber, parallel_sha1_ctx: { h: nobleState(data, p.offset), part_offset: p.offset } }));

async function start(data: Uint8Array, partSize: number, extra: Record<string, unknown> = {}) {
  return c.pds.createFile({
    body: {
      drive_id: '1',
      parent_file_id: 'root',
      name: 'video.bin',
      type: 'file',
      size: data.length,
      parallel_upload: true,
      part_info_list: parallelParts(data, partSize),
      ...extra,
    },
  });
}

async function putAll(data: Uint8Array, partSize: number, urls: { part_number: number; upload_url?: string }[]) {
  for (const part of split(data, partSize)) {
    const url = urls.find((u) => u.part_number === part.partNumber)?.upload_url;
    if (!url) throw new Error(`no URL for part ${part.partNumber}`);
    const res = await put(url, part.bytes);
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe(`"${md5Hex(part.bytes)}"`);
    await res.arrayBuffer();
  }
}

const complete = (file: { file_id: string; upload_id?: string }, extra: Record<string, string> = {}) =>
  c.pds.completeFile({ body: { drive_id: '1', file_id: file.file_id, upload_id: file.upload_id!, ...extra } });

async function apiError(promise: Promise<unknown>): Promise<ApiError> {
  const error = await rejection(promise);
  expect(error).toBeInstanceOf(ApiError);
  return error as unknown as ApiError;
}

describe('aliyun-pds upload: CreateFile → PUT parts → CompleteFile → GetFile', () => {
  const partSize = 64 * 1024;
  const data = bytes(3 * partSize + 1000);

  it('a fresh emulator takes a three-part parallel upload into drive 1, folder root, and reports the bytes’ hashes', async () => {
    const created = await start(data, partSize, { content_hash: sha1Hex(data), content_hash_name: 'sha1' });
    expect(created).toMatchObject({ drive_id: '1', parent_file_id: 'root', file_name: 'video.bin', rapid_upload: false, status: 'uploading' });
    expect(created.part_info_list?.map((p) => p.part_number)).toEqual([1, 2, 3, 4]);
    for (const p of created.part_info_list ?? []) {
      expect(p.upload_url).toMatch(new RegExp(`^${h.emulator.url}/`));
      expect(p.content_type).toBe('');
    }
    // Not readable before completion.
    expect((await apiError(c.pds.getFile({ body: { drive_id: '1', file_id: created.file_id } }))).code).toBe('NotFound');
    await putAll(data, partSize, created.part_info_list ?? []);
    const done = await complete(created, { crc64_hash: crc64Of(data) });
    const expected = { size: data.length, content_hash: sha1Hex(data), content_hash_name: 'sha1', crc64_hash: crc64Of(data), status: 'available' };
    expect(done).toMatchObject({ file_id: created.file_id, upload_id: created.upload_id, name: 'video.bin', ...expected });
    const file = await c.pds.getFile({ body: { drive_id: '1', file_id: created.file_id } });
    expect(file).toMatchObject(expected);
    expect(storageBytes).toBe(data.length);
  });

  it('accepts the fact sheet’s Python vector: bytes(range(256))*4 in two parts, part 2 declaring the SHA-1 state at 512', async () => {
    const vector = new Uint8Array(1024).map((_, i) => i % 256);
    const created = await c.pds.createFile({
      body: {
        drive_id: '1',
        parent_file_id: 'root',
        name: 'vector.bin',
        type: 'file',
        size: 1024,
        parallel_upload: true,
        content_hash: '5B00669C480D5CFFBDFA8BDBA99561160F2D1B77',
        content_hash_name: 'sha1',
        part_info_list: [
          { part_number: 1, parallel_sha1_ctx: { h: [], part_offset: 0 } },
          { part_number: 2, parallel_sha1_ctx: { h: [1515086328, 3479375821, 3754207072, 286636669, 1980405049], part_offset: 512 } },
        ],
      },
    });
    await putAll(vector, 512, created.part_info_list ?? []);
    const done = await complete(created);
    expect(done.content_hash).toBe('5B00669C480D5CFFBDFA8BDBA99561160F2D1B77');
  });

  it('a wrong parallel_sha1_ctx word fails CompleteFile with 400 InvalidParameter naming the part; the file stays unreadable', async () => {
    const list = parallelParts(data, partSize);
    list[2]!.parallel_sha1_ctx.h[4] = (list[2]!.parallel_sha1_ctx.h[4]! + 1) >>> 0;
    const created = await c.pds.createFile({
      body: { drive_id: '1', parent_file_id: 'root', name: 'bad-ctx.bin', type: 'file', size: data.length, parallel_upload: true, part_info_list: list },
    });
    await putAll(data, partSize, created.part_info_list ?? []);
    const error = await apiError(complete(created));
    expect(error.status).toBe(400);
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toContain('parallel_sha1_ctx.h of part 3');
    expect((await apiError(c.pds.getFile({ body: { drive_id: '1', file_id: created.file_id } }))).code).toBe('NotFound');
  });

  it('a part_offset that is not where the part starts fails CompleteFile', async () => {
    const list = parallelParts(data, partSize);
    // Part 2 claims to start 64 bytes later, with the state that goes with that offset.
    list[1]!.parallel_sha1_ctx = { h: nobleState(data, partSize + 64), part_offset: partSize + 64 };
    const created = await c.pds.createFile({
      body: { drive_id: '1', parent_file_id: 'root', name: 'bad-offset.bin', type: 'file', size: data.length, parallel_upload: true, part_info_list: list },
    });
    await putAll(data, partSize, created.part_info_list ?? []);
    const error = await apiError(complete(created));
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toContain('part_offset of part 2');
  });

  it('a corrupted part fails against the declared content_hash; PUTting the part again replaces it and the upload completes', async () => {
    const created = await c.pds.createFile({
      body: {
        drive_id: '1',
        parent_file_id: 'root',
        name: 'corrupt.bin',
        type: 'file',
        size: data.length,
        content_hash: sha1Hex(data),
        content_hash_name: 'sha1',
        part_info_list: [{ part_number: 1 }, { part_number: 2 }, { part_number: 3 }, { part_number: 4 }],
      },
    });
    const parts = split(data, partSize);
    const urls = created.part_info_list ?? [];
    for (const part of parts) {
      const body = part.partNumber === 2 ? part.bytes.map((b, i) => (i === 100 ? b ^ 1 : b)) : part.bytes;
      expect((await put(urls[part.partNumber - 1]!.upload_url!, body)).status).toBe(200);
    }
    const error = await apiError(complete(created));
    expect(error.status).toBe(400);
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toContain('content_hash');
    expect((await put(urls[1]!.upload_url!, parts[1]!.bytes)).status).toBe(200);
    expect((await complete(created)).content_hash).toBe(sha1Hex(data));
  });

  it('a wrong crc64_hash or size fails CompleteFile on a stored upload', async () => {
    const created = await start(data, partSize);
    await putAll(data, partSize, created.part_info_list ?? []);
    const wrongCrc = (BigInt(crc64Of(data)) ^ 1n).toString();
    expect((await apiError(complete(created, { crc64_hash: wrongCrc }))).message).toContain('crc64_hash');

    const small = bytes(1000, 7);
    const sized = await c.pds.createFile({ body: { drive_id: '1', parent_file_id: 'root', name: 's.bin', type: 'file', size: 999 } });
    const res = await put(sized.part_info_list![0]!.upload_url!, small);
    // Storage may already refuse bytes beyond the declared size; either way nothing completes.
    await res.arrayBuffer();
    expect((await apiError(complete(sized))).code).toBe('InvalidParameter');
  });

  it('a PUT with a Content-Type the URL was not signed with is 403 SignatureDoesNotMatch and stores nothing', async () => {
    const created = await start(data, partSize);
    const url = created.part_info_list![0]!.upload_url!;
    const refused = await fetch(url, { method: 'PUT', body: data.subarray(0, partSize) as Uint8Array<ArrayBuffer>, headers: { 'content-type': 'application/octet-stream' } });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const listed = await c.pds.listUploadedParts({ body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id! } });
    expect(listed.uploaded_parts).toEqual([]);
  });

  it('missing parts fail CompleteFile naming them; no part at all too', async () => {
    const created = await start(data, partSize);
    const parts = split(data, partSize);
    const urls = created.part_info_list ?? [];
    for (const n of [1, 3]) expect((await put(urls[n - 1]!.upload_url!, parts[n - 1]!.bytes)).status).toBe(200);
    const error = await apiError(complete(created));
    expect(error.code).toBe('InvalidParameter');
    expect(error.message).toMatch(/part 2\b/);

    const empty = await start(data, partSize);
    expect((await apiError(complete(empty))).code).toBe('InvalidParameter');
  });

  it('a part’s declared content_md5 (Base64 or hex of its MD5) is checked against the bytes stored: other bytes fail CompleteFile naming the part', async () => {
    const parts = split(data, partSize);
    const md5Base64 = (b: Uint8Array) => createHash('md5').update(b).digest('base64');
    const declare = (n: number) => ({ part_number: n, content_md5: n === 2 ? md5Hex(parts[1]!.bytes).toUpperCase() : md5Base64(parts[n - 1]!.bytes) });
    const body = { drive_id: '1', parent_file_id: 'root', type: 'file' as const, size: data.length, part_info_list: [1, 2, 3, 4].map(declare) };
    const created = await c.pds.createFile({ body: { ...body, name: 'md5.bin' } });
    const urls = created.part_info_list ?? [];
    for (const part of parts) {
      const sent = part.partNumber === 3 ? part.bytes.map((b, i) => (i === 7 ? b ^ 1 : b)) : part.bytes;
      expect((await put(urls[part.partNumber - 1]!.upload_url!, sent)).status).toBe(200);
    }
    const error = await apiError(complete(created));
    expect([error.status, error.code]).toEqual([400, 'InvalidParameter']);
    expect(error.message).toContain('content_md5 of part 3');
    expect((await apiError(c.pds.getFile({ body: { drive_id: '1', file_id: created.file_id } }))).code).toBe('NotFound');
    // The right bytes again: complete.
    expect((await put(urls[2]!.upload_url!, parts[2]!.bytes)).status).toBe(200);
    expect((await complete(created)).size).toBe(data.length);

    // GetUploadUrl restating a part's content_md5 replaces the one CreateFile declared.
    const second = await c.pds.createFile({ body: { ...body, name: 'md5-restated.bin' } });
    const fresh = await c.pds.getUploadUrl({
      body: { drive_id: '1', file_id: second.file_id, upload_id: second.upload_id!, part_info_list: [{ part_number: 1, content_md5: md5Base64(parts[1]!.bytes) }] },
    });
    for (const part of parts) {
      const url = part.partNumber === 1 ? fresh.part_info_list![0]!.upload_url! : second.part_info_list![part.partNumber - 1]!.upload_url!;
      expect((await put(url, part.bytes)).status).toBe(200);
    }
    expect((await apiError(complete(second))).message).toContain('content_md5 of part 1');

    // A value that is no MD5 in either encoding cannot be checked: refused when declared.
    const bad = await apiError(c.pds.createFile({ body: { ...body, name: 'md5-bad.bin', part_info_list: [{ part_number: 1, content_md5: 'not-an-md5' }] } }));
    expect([bad.status, bad.code]).toEqual([400, 'InvalidParameter']);
    expect(bad.message).toContain('content_md5');
  });

  it('a parallel upload whose part after the first has no parallel_sha1_ctx is not completed (the service needs the state to chain the parts); GetUploadUrl can restate it', async () => {
    const list = parallelParts(data, partSize).map((p) => (p.part_number === 3 ? { part_number: 3 } : p));
    const created = await c.pds.createFile({
      body: { drive_id: '1', parent_file_id: 'root', name: 'no-ctx.bin', type: 'file', size: data.length, parallel_upload: true, part_info_list: list },
    });
    await putAll(data, partSize, created.part_info_list ?? []);
    const error = await apiError(complete(created));
    expect([error.status, error.code]).toEqual([400, 'InvalidParameterMissing']);
    expect(error.message).toContain('parallel_sha1_ctx of part 3');
    const restated = parallelParts(data, partSize)[2]!;
    await c.pds.getUploadUrl({ body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id!, part_info_list: [restated] } });
    expect((await complete(created)).content_hash).toBe(sha1Hex(data));
  });

  it('completing twice: the second is 404 NotFound, GetUploadUrl then says AlreadyExist.File', async () => {
    const created = await start(data, partSize);
    await putAll(data, partSize, created.part_info_list ?? []);
    await complete(created);
    expect((await apiError(complete(created))).code).toBe('NotFound');
    const again = await apiError(
      c.pds.getUploadUrl({ body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id!, part_info_list: [{ part_number: 1 }] } }),
    );
    expect([again.status, again.code]).toEqual([409, 'AlreadyExist.File']);
  });
});

describe('aliyun-pds rapid upload', () => {
  const content = bytes(5000, 3);
  async function stored(data: Uint8Array) {
    const created = await c.pds.createFile({ body: { drive_id: '1', parent_file_id: 'root', name: 'first.bin', type: 'file', size: data.length } });
    await putAll(data, data.length, created.part_info_list ?? []);
    return complete(created);
  }

  it('pre_hash of stored content → 409 PreHashMatched; content_hash → rapid_upload true, no byte sent, the file readable with the hashes', async () => {
    await stored(content);
    storageBytes = 0;
    const preHash = sha1Hex(content.subarray(0, 1024));
    const base = { drive_id: '1', parent_file_id: 'root', name: 'copy.bin', type: 'file' as const, size: content.length };
    const matched = await apiError(c.pds.createFile({ body: { ...base, pre_hash: preHash } }));
    expect([matched.status, matched.code]).toEqual([409, 'PreHashMatched']);
    // Lower case is compared without case (the Alipan Android SDK sends it so).
    expect((await apiError(c.pds.createFile({ body: { ...base, pre_hash: preHash.toLowerCase() } }))).code).toBe('PreHashMatched');

    const rapid = await c.pds.createFile({ body: { ...base, content_hash: sha1Hex(content), content_hash_name: 'sha1' } });
    expect(rapid.rapid_upload).toBe(true);
    expect(rapid.part_info_list).toBeUndefined();
    expect(rapid.file_name).toBe('copy.bin');
    const file = await c.pds.getFile({ body: { drive_id: '1', file_id: rapid.file_id } });
    expect(file).toMatchObject({ name: 'copy.bin', size: content.length, content_hash: sha1Hex(content), crc64_hash: crc64Of(content), status: 'available' });
    expect(storageBytes).toBe(0);
    // Nothing left to upload for it.
    const done = await apiError(
      c.pds.getUploadUrl({ body: { drive_id: '1', file_id: rapid.file_id, upload_id: rapid.upload_id!, part_info_list: [{ part_number: 1 }] } }),
    );
    expect(done.code).toBe('AlreadyExist.File');
  });

  it('a file shorter than 1 KiB: pre_hash is the SHA-1 of all of it', async () => {
    const short = bytes(100, 9);
    await stored(short);
    const error = await apiError(
      c.pds.createFile({ body: { drive_id: '1', parent_file_id: 'root', name: 'x', type: 'file', size: 100, pre_hash: sha1Hex(short) } }),
    );
    expect(error.code).toBe('PreHashMatched');
  });

  it('no match (other first KiB, other size, unknown content_hash): an ordinary upload, whose bytes must then match the content_hash', async () => {
    await stored(content);
    const base = { drive_id: '1', parent_file_id: 'root', name: 'other.bin', type: 'file' as const };
    const otherSize = await c.pds.createFile({ body: { ...base, size: content.length + 1, pre_hash: sha1Hex(content.subarray(0, 1024)) } });
    expect(otherSize.part_info_list).toHaveLength(1);
    const other = bytes(5000, 4);
    const unknown = await c.pds.createFile({ body: { ...base, size: other.length, content_hash: sha1Hex(other), content_hash_name: 'sha1' } });
    expect(unknown.rapid_upload).toBe(false);
    // Send different bytes than the declared content_hash describes.
    await putAll(content, content.length, unknown.part_info_list ?? []);
    expect((await apiError(complete(unknown))).message).toContain('content_hash');
  });

  it('a seeded file (seed.pdsUpload, completed) is found by pre_hash and content_hash too', async () => {
    h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'seeded', uploadId: 'u', content: 'hello, rapid' });
    await c.pds.completeFile({ body: { drive_id: '1', file_id: 'seeded', upload_id: 'u' } });
    const hello = new TextEncoder().encode('hello, rapid');
    const base = { drive_id: '1', parent_file_id: 'root', name: 'h.txt', type: 'file' as const, size: hello.length };
    expect((await apiError(c.pds.createFile({ body: { ...base, pre_hash: sha1Hex(hello) } }))).code).toBe('PreHashMatched');
    expect((await c.pds.createFile({ body: { ...base, content_hash: sha1Hex(hello), content_hash_name: 'sha1' } })).rapid_upload).toBe(true);
  });
});

describe('aliyun-pds part URLs: expiry, GetUploadUrl, ListUploadedParts (resume)', () => {
  const partSize = 1000;
  const data = bytes(2500, 5);
  const three = [{ part_number: 1 }, { part_number: 2 }, { part_number: 3 }];
  const create = () =>
    c.pds.createFile({ body: { drive_id: '1', parent_file_id: 'root', name: 'r.bin', type: 'file', size: data.length, part_info_list: three } });

  it('a URL expires after 15 minutes (403 AccessDenied); GetUploadUrl issues a fresh one that works', async () => {
    const created = await create();
    const parts = split(data, partSize);
    h.clock.now = new Date(T0.getTime() + 15 * 60 * 1000 - 1000);
    expect((await put(created.part_info_list![0]!.upload_url!, parts[0]!.bytes)).status).toBe(200);
    h.clock.now = new Date(T0.getTime() + 15 * 60 * 1000 + 1000);
    const expired = await put(created.part_info_list![1]!.upload_url!, parts[1]!.bytes);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
    const fresh = await c.pds.getUploadUrl({
      body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id!, part_info_list: [{ part_number: 2 }, { part_number: 3 }] },
    });
    expect(fresh).toMatchObject({ file_id: created.file_id, upload_id: created.upload_id, create_at: T0.toISOString() });
    expect(fresh.part_info_list.map((p) => p.part_number)).toEqual([2, 3]);
    // Part 1 went before the expiry; parts 2 and 3 go to the fresh URLs.
    for (const p of fresh.part_info_list) expect((await put(p.upload_url!, parts[p.part_number - 1]!.bytes)).status).toBe(200);
    expect((await complete(created)).content_hash).toBe(sha1Hex(data));
  });

  it('ListUploadedParts lists what storage holds, in pages; the upload resumes from it', async () => {
    const created = await create();
    const parts = split(data, partSize);
    for (const n of [2, 1]) expect((await put(created.part_info_list![n - 1]!.upload_url!, parts[n - 1]!.bytes)).status).toBe(200);
    const ids = { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id! };
    const all = await c.pds.listUploadedParts({ body: ids });
    expect(all).toMatchObject({ file_id: created.file_id, upload_id: created.upload_id, next_part_number_marker: '' });
    expect(all.uploaded_parts).toEqual([
      expect.objectContaining({ part_number: 1, part_size: 1000, etag: `"${md5Hex(parts[0]!.bytes)}"` }),
      expect.objectContaining({ part_number: 2, part_size: 1000, etag: `"${md5Hex(parts[1]!.bytes)}"` }),
    ]);
    const page1 = await c.pds.listUploadedParts({ body: { ...ids, limit: 1 } });
    expect([page1.uploaded_parts.map((p) => p.part_number), page1.next_part_number_marker]).toEqual([[1], '1']);
    const page2 = await c.pds.listUploadedParts({ body: { ...ids, limit: 1, part_number_marker: page1.next_part_number_marker! } });
    expect([page2.uploaded_parts.map((p) => p.part_number), page2.next_part_number_marker]).toEqual([[2], '']);
    expect((await c.pds.listUploadedParts({ body: { ...ids, part_number_marker: 1 } })).uploaded_parts.map((p) => p.part_number)).toEqual([2]);
    // The JS SDK asks for 1000 a page: accepted.
    expect((await c.pds.listUploadedParts({ body: { ...ids, limit: 1000 } })).uploaded_parts).toHaveLength(2);
    expect((await apiError(c.pds.listUploadedParts({ body: { ...ids, part_number_marker: 'not-a-marker' } }))).code).toBe('InvalidParameter');

    // Resume: only the part not listed is sent.
    const missing = three.map((p) => p.part_number).filter((n) => !all.uploaded_parts.some((p) => p.part_number === n));
    expect(missing).toEqual([3]);
    const url = (await c.pds.getUploadUrl({ body: { ...ids, part_info_list: [{ part_number: 3 }] } })).part_info_list[0]!.upload_url!;
    expect((await put(url, parts[2]!.bytes)).status).toBe(200);
    expect((await complete(created)).content_hash).toBe(sha1Hex(data));
  });

  it('unknown upload of an existing file: 404 NotFound.UploadId; unknown file: 404 NotFound', async () => {
    const created = await create();
    const e1 = await apiError(c.pds.listUploadedParts({ body: { drive_id: '1', file_id: created.file_id, upload_id: 'nope' } }));
    expect([e1.status, e1.code]).toEqual([404, 'NotFound.UploadId']);
    const e2 = await apiError(
      c.pds.getUploadUrl({ body: { drive_id: '1', file_id: 'nope', upload_id: created.upload_id!, part_info_list: [{ part_number: 1 }] } }),
    );
    expect([e2.status, e2.code]).toEqual([404, 'NotFound']);
  });

  it('a seeded upload (bytes in place) lists them as one part', async () => {
    h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f', uploadId: 'u', content: '123456789' });
    const list = await c.pds.listUploadedParts({ body: { drive_id: '1', file_id: 'f', upload_id: 'u' } });
    expect(list.uploaded_parts).toEqual([expect.objectContaining({ part_number: 1, part_size: 9 })]);
  });
});

describe('aliyun-pds CreateFile: targets, names and refusals', () => {
  const base = { drive_id: '1', parent_file_id: 'root', type: 'file' as const };

  it('check_name_mode refuse answers the existing file with exist true and creates nothing; auto_rename appends the time', async () => {
    const data = bytes(10);
    const first = await c.pds.createFile({ body: { ...base, name: 'a.txt', size: 10 } });
    await putAll(data, 10, first.part_info_list ?? []);
    await complete(first);
    const refused = await c.pds.createFile({ body: { ...base, name: 'a.txt', size: 10, check_name_mode: 'refuse' } });
    expect(refused).toMatchObject({ exist: true, file_id: first.file_id, file_name: 'a.txt' });
    expect(refused.part_info_list).toBeUndefined();
    h.clock.now = new Date('2026-03-04T05:06:07.000Z');
    const renamed = await c.pds.createFile({ body: { ...base, name: 'a.txt', size: 10, check_name_mode: 'auto_rename' } });
    expect(renamed.file_name).toBe('a_20260304_050607.txt');
    const ignored = await c.pds.createFile({ body: { ...base, name: 'a.txt', size: 10 } });
    expect(ignored.file_name).toBe('a.txt');
    expect(ignored.file_id).not.toBe(first.file_id);
  });

  it('without part_info_list the service returns one part', async () => {
    const created = await c.pds.createFile({ body: { ...base, name: 'one.txt' } });
    expect(created.part_info_list?.map((p) => p.part_number)).toEqual([1]);
  });

  it('unknown drive or parent: 404 NotFound; a folder: 400 (not emulated); a bad part list: 400', async () => {
    expect((await apiError(c.pds.createFile({ body: { ...base, drive_id: '2', name: 'x' } }))).code).toBe('NotFound');
    expect((await apiError(c.pds.createFile({ body: { ...base, parent_file_id: 'folder-1', name: 'x' } }))).code).toBe('NotFound');
    expect((await apiError(c.pds.createFile({ body: { ...base, type: 'folder', name: 'x' } }))).status).toBe(400);
    const twice = await apiError(c.pds.createFile({ body: { ...base, name: 'x', part_info_list: [{ part_number: 1 }, { part_number: 1 }] } }));
    expect(twice.code).toBe('InvalidParameter');
    const noWords = await apiError(
      c.pds.createFile({ body: { ...base, name: 'x', part_info_list: [{ part_number: 2, parallel_sha1_ctx: { h: [], part_offset: 64 } }] } }),
    );
    expect(noWords.code).toBe('InvalidParameter');
  });

  it('the client refuses what the spec refuses before sending: proof_code, a / in the name, an offset not a multiple of 64', async () => {
    const refusals = await Promise.all([
      rejection(c.pds.createFile({ body: { ...base, name: 'x', proof_code: 'bG8gV29ybGQ=' } as never })),
      rejection(c.pds.createFile({ body: { ...base, name: 'a/b' } })),
      rejection(
        c.pds.createFile({
          body: { ...base, name: 'x', part_info_list: [{ part_number: 2, parallel_sha1_ctx: { h: [1, 2, 3, 4, 5], part_offset: 100 } }] },
        }),
      ),
    ]);
    for (const r of refusals) expect((r as Error).name).toBe('RequestValidationError');
  });
});
