/**
 * `client.upload()` on aliyun-pds against the embedded emulator, through the client's injected
 * fetch: the whole upload for every source kind and size edge, rapid upload, and never a false
 * success (a corrupted part, a completion answer that is not the source's hashes, a name clash).
 * Expected hashes come from node:crypto and crc64-ecma182.js, never from drivespec's hashers.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, AliyunPdsApiError, ConfigurationError, InputError, uploadStateOf } from '../../src/clients/aliyun-pds.js';
import type { UploadProgress } from '../../src/upload/types.js';
import { T0, rejection, startHarness, type Harness } from '../emulator/support/fixture.js';
import { MIN_PART, bytes, callsTo, crc64Of, md5Hex, sha1Upper, tappedClient, target } from './support/aliyun-pds-client.js';

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'drivespec-pds-upload-'));
});
afterAll(async () => {
  await h.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

/** Four parts, the last one short. */
const SIZE = 3 * MIN_PART + 4321;

describe('aliyun-pds upload()', () => {
  it('uploads bytes in parallel parts: the file GetFile reports has node:crypto’s SHA-1 and the CRC-64 of the content', async () => {
    const { pds, tap } = tappedClient(h);
    const content = bytes(SIZE);
    const states: number[] = [];
    const result = await pds.upload(content, target('video.bin'), { partSize: MIN_PART, onState: (s) => states.push(s.parts.length) });

    expect(result.rapidUpload).toBe(false);
    expect(result.partsSent).toBe(4);
    expect(result.bytesSent).toBe(SIZE);
    expect(tap.storageBytes()).toBe(SIZE); // every part once, through the client's own fetch
    expect(tap.puts.map((p) => p.partNumber).sort()).toEqual([1, 2, 3, 4]);
    expect(result.file.content_hash).toBe(sha1Upper(content));
    expect(result.file.size).toBe(SIZE);
    expect(result.file.crc64_hash).toBe(crc64Of(content));
    // The state after start and after each stored part; the final one lists every part.
    expect(states).toEqual([0, 1, 2, 3, 4]);
    expect(result.state.parts.map((p) => [p.partNumber, p.size, p.etag])).toEqual(
      [0, 1, 2, 3].map((i) => [i + 1, i < 3 ? MIN_PART : 4321, `"${md5Hex(content.subarray(i * MIN_PART, (i + 1) * MIN_PART))}"`]),
    );
    expect(JSON.stringify(result.state)).not.toMatch(/Signature|access|token|http/i);

    const create = callsTo(tap, 'create')[0]!.body;
    expect(create).toMatchObject({ drive_id: '1', parent_file_id: 'root', name: 'video.bin', type: 'file', size: SIZE, parallel_upload: true });
    expect((create.part_info_list as unknown[]).length).toBe(4);
    expect(callsTo(tap, 'complete')[0]!.body.crc64_hash).toBe(crc64Of(content));

    const file = await pds.getFile({ body: { drive_id: '1', file_id: result.file.file_id } });
    expect(file.content_hash).toBe(sha1Upper(content));
    expect(file.size).toBe(SIZE);
  });

  it('uploads a file path and a Blob', async () => {
    const { pds } = tappedClient(h);
    const content = bytes(MIN_PART + 1, 2);
    const path = join(dir, 'report.pdf');
    await writeFile(path, content);
    const fromFile = await pds.upload(path, target('report.pdf'), { partSize: MIN_PART });
    expect(fromFile.file.content_hash).toBe(sha1Upper(content));
    expect(fromFile.state.source).toMatchObject({ kind: 'file', name: 'report.pdf', size: content.length });

    const blob = new Blob([bytes(5000, 3) as Uint8Array<ArrayBuffer>]);
    const fromBlob = await pds.upload(blob, target('blob.bin'), { rapidUpload: false });
    expect(fromBlob.file.content_hash).toBe(sha1Upper(bytes(5000, 3)));
    expect(fromBlob.partsSent).toBe(1);
  });

  it('uploads an empty file as one empty part, and a 1-byte file', async () => {
    const { pds, tap } = tappedClient(h);
    const empty = await pds.upload(new Uint8Array(0), target('empty.txt'), { rapidUpload: false });
    expect(empty.file.size).toBe(0);
    expect(empty.file.content_hash).toBe('DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'); // SHA-1 of nothing (FIPS 180 / RFC 3174)
    expect(empty.file.crc64_hash).toBe('0');
    expect(empty.partsSent).toBe(1);

    const one = await pds.upload(Uint8Array.of(0x61), target('a.txt'), { rapidUpload: false });
    expect(one.file.content_hash).toBe('86F7E437FAA5A7FCE15D1DDCB9EAEAEA377667B8'); // SHA-1("a"), RFC 3174 test vector family
    expect(one.file.size).toBe(1);
    expect(tap.storageBytes()).toBe(1);
  });

  it('a default part size of 8 MiB: a 9 MiB file goes in two parts', async () => {
    const { pds, tap } = tappedClient(h);
    const content = bytes(9 * 1024 * 1024, 4);
    const result = await pds.upload(content, target('big.bin'), { rapidUpload: false });
    expect(result.state.partSize).toBe(8 * 1024 * 1024);
    expect(tap.puts.map((p) => p.body.length).sort((a, b) => a - b)).toEqual([1024 * 1024, 8 * 1024 * 1024]);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('reports progress through every phase, bytes and parts counting up to the whole file', async () => {
    const { pds } = tappedClient(h);
    const seen: UploadProgress[] = [];
    await pds.upload(bytes(SIZE, 14), target('progress.bin'), { partSize: MIN_PART, concurrency: 1, onProgress: (p) => seen.push(p) });
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['hashing', 'starting', 'uploading', 'completing']);
    const uploading = seen.filter((p) => p.phase === 'uploading');
    expect(uploading.map((p) => p.parts)).toEqual([0, 1, 2, 3, 4]);
    expect(uploading.at(-1)).toMatchObject({ bytes: SIZE, total: SIZE, totalParts: 4 });
  });

  it('a domain that refuses parallel_upload gets a serial upload: parts in order, one at a time', async () => {
    let inFlight = 0;
    let most = 0;
    const { pds, tap } = tappedClient(h, {
      onPut: (put) => {
        most = Math.max(most, ++inFlight);
        return put.body;
      },
      onAnswer: (path, answer, put) => {
        if (put) inFlight--;
        const last = tap.calls.at(-1);
        if (path === '/v2/file/create' && last?.body.parallel_upload === true) {
          // aliyun-pds-js-sdk's case: the domain does not support parallel upload.
          return Response.json({ code: 'InvalidParameterNotSupported.ParallelUpload', message: 'parallel upload is not supported' }, { status: 400 });
        }
        return answer;
      },
    });
    const content = bytes(SIZE, 15);
    const result = await pds.upload(content, target('serial.bin'), { partSize: MIN_PART, concurrency: 4 });
    const creates = callsTo(tap, 'create');
    expect(creates.map((c) => c.body.parallel_upload)).toEqual([true, undefined]);
    expect((creates[1]!.body.part_info_list as Record<string, unknown>[]).every((p) => p.parallel_sha1_ctx === undefined)).toBe(true);
    expect(tap.puts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
    expect(most).toBe(1);
    expect(result.state.upload.parallel).toBe(false);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('an abort while a part is on its way rejects with AbortError and leaves the upload resumable', async () => {
    const controller = new AbortController();
    const { pds } = tappedClient(h, {
      before: (_path, put) => {
        if (put?.partNumber === 2) controller.abort();
      },
    });
    const error = await rejection(pds.upload(bytes(SIZE, 16), target('abort.bin'), { partSize: MIN_PART, concurrency: 1, signal: controller.signal }));
    expect(error).toBeInstanceOf(AbortError);
    expect(uploadStateOf(error)?.parts.map((p) => p.partNumber)).toEqual([1]);
  });

  it('refuses part sizes PDS does not take, before any call', async () => {
    const { pds, tap } = tappedClient(h);
    for (const partSize of [MIN_PART - 64, MIN_PART + 1, 5 * 1024 ** 3 + 64]) {
      const error = await rejection(pds.upload(bytes(10), target('x'), { partSize }));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as unknown as ConfigurationError).option).toBe('partSize');
    }
    expect(tap.calls).toEqual([]);
  });

  it('refuses a malformed target with a ConfigurationError naming the field', async () => {
    const { pds, tap } = tappedClient(h);
    const cases: [unknown, string][] = [
      [null, 'target'],
      [{ parent_file_id: 'root', name: 'x' }, 'target.drive_id'],
      [{ drive_id: '1', parent_file_id: 'root', name: '' }, 'target.name'],
      [{ drive_id: '1', parent_file_id: 'root', name: 'x', check_name_mode: 'overwrite' }, 'target.check_name_mode'],
      [{ drive_id: '1', parent_file_id: 'root', name: 'x', share_id: 's' }, 'target.share_id'],
    ];
    for (const [value, option] of cases) {
      const error = await rejection(pds.upload(bytes(10), value as never));
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as unknown as ConfigurationError).option).toBe(option);
    }
    expect(tap.calls).toEqual([]);
  });
});

describe('aliyun-pds upload(): rapid upload', () => {
  it('content the service holds: pre_hash → 409 PreHashMatched → content_hash → rapid_upload, 0 bytes sent', async () => {
    const content = bytes(SIZE, 5);
    await tappedClient(h).pds.upload(content, target('original.bin'), { partSize: MIN_PART });

    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(content, target('copy.bin'), { partSize: MIN_PART });
    expect(result.rapidUpload).toBe(true);
    expect(result.bytesSent).toBe(0);
    expect(tap.puts).toEqual([]);
    const creates = callsTo(tap, 'create');
    expect(creates.map((c) => [c.body.pre_hash, c.body.content_hash])).toEqual([
      [sha1Upper(content.subarray(0, 1024)), undefined],
      [undefined, sha1Upper(content)],
    ]);
    expect(result.file.content_hash).toBe(sha1Upper(content));
    expect(result.file.name).toBe('copy.bin');
  });

  it('rapidUpload: false sends no hash to CreateFile and the bytes anyway', async () => {
    const content = bytes(2000, 6);
    await tappedClient(h).pds.upload(content, target('original.bin'));
    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(content, target('again.bin'), { rapidUpload: false });
    expect(result.rapidUpload).toBe(false);
    expect(tap.storageBytes()).toBe(2000);
    const body = callsTo(tap, 'create')[0]!.body;
    expect(body.pre_hash).toBeUndefined();
    expect(body.content_hash).toBeUndefined();
  });

  it('a pre_hash that matches other content: the full SHA-1 decides, and the bytes are sent', async () => {
    const original = bytes(4000, 7);
    await tappedClient(h).pds.upload(original, target('original.bin'));
    // Same first KiB, different rest: PreHashMatched, then no rapid upload.
    const content = original.slice();
    content[3000] ^= 0xff;
    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(content, target('lookalike.bin'));
    expect(result.rapidUpload).toBe(false);
    expect(callsTo(tap, 'create')).toHaveLength(2);
    expect(tap.storageBytes()).toBe(4000);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });
});

describe('aliyun-pds upload(): never a false success', () => {
  it('a part corrupted in flight on every attempt rejects with AliyunPdsApiError, the file never readable', async () => {
    const { pds } = tappedClient(h, {
      onPut: (put) => (put.partNumber === 2 ? put.body.map((b, i) => (i === 7 ? b ^ 1 : b)) : put.body),
    }, { maxRetries: 2 });
    const error = await rejection(pds.upload(bytes(SIZE, 8), target('corrupt.bin'), { partSize: MIN_PART }));
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    const state = uploadStateOf(error);
    expect(state?.upload.file_id).toEqual(expect.any(String));
    expect(state?.parts.map((p) => p.partNumber)).not.toContain(2);
    const lookup = await rejection(pds.getFile({ body: { drive_id: '1', file_id: String(state!.upload.file_id) } }));
    expect(lookup).toMatchObject({ code: 'NotFound' });
  });

  it('a corrupted part whose storage answer claims the right ETag is caught at completion (CRC-64), with AliyunPdsApiError', async () => {
    const content = bytes(SIZE, 9);
    const { pds, tap } = tappedClient(h, {
      onPut: (put) => (put.partNumber === 3 ? put.body.map((b, i) => (i === 0 ? b ^ 0x80 : b)) : put.body),
      // A proxy that hides the damage: the ETag of the bytes the client meant to send.
      onAnswer: (path, answer, put) => {
        if (!put || put.partNumber !== 3) return answer;
        const headers = new Headers(answer.headers);
        headers.set('etag', `"${md5Hex(content.subarray(2 * MIN_PART, 3 * MIN_PART))}"`);
        return new Response(answer.body, { status: answer.status, headers });
      },
    });
    const error = await rejection(pds.upload(content, target('hidden.bin'), { partSize: MIN_PART }));
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    expect(error).toMatchObject({ operationId: 'CompleteFile', status: 400, code: 'InvalidParameter' });
    expect(callsTo(tap, 'complete')[0]!.body.crc64_hash).toBe(crc64Of(content));
    expect(uploadStateOf(error)?.parts).toHaveLength(4);
  });

  it('a completion answer whose content_hash is not the source’s SHA-1 rejects (HashMismatch), never success', async () => {
    const { pds } = tappedClient(h, {
      onAnswer: async (path, answer) => {
        if (path !== '/v2/file/complete' || answer.status !== 200) return answer;
        const body = (await answer.json()) as Record<string, unknown>;
        return Response.json({ ...body, content_hash: '0'.repeat(40) }, { status: 200, headers: answer.headers });
      },
    });
    const error = await rejection(pds.upload(bytes(3000, 10), target('lie.bin')));
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    expect(error).toMatchObject({ operationId: 'CompleteFile', code: 'HashMismatch' });
    expect(uploadStateOf(error)).toBeDefined();
  });

  it('a completion answer without hashes is checked through GetFile; a GetFile of other size rejects', async () => {
    const { pds, tap } = tappedClient(h, {
      onAnswer: async (path, answer) => {
        if (answer.status !== 200 || (path !== '/v2/file/complete' && path !== '/v2/file/get')) return answer;
        const { content_hash: _c, ...body } = (await answer.json()) as Record<string, unknown>;
        const changed = path === '/v2/file/get' ? { ...body, content_hash: _c, size: 2999 } : body;
        return Response.json(changed, { status: 200, headers: answer.headers });
      },
    });
    const error = await rejection(pds.upload(bytes(3000, 11), target('short.bin')));
    expect(callsTo(tap, 'get')).toHaveLength(1);
    expect(error).toMatchObject({ operationId: 'GetFile', code: 'HashMismatch' });
    expect(error.message).toMatch(/size 2999/);
  });

  it("check_name_mode 'refuse' with a file of that name rejects with AlreadyExist and sends nothing", async () => {
    await tappedClient(h).pds.upload(bytes(100, 12), target('taken.txt'));
    const { pds, tap } = tappedClient(h);
    const error = await rejection(pds.upload(bytes(200, 13), { ...target('taken.txt'), check_name_mode: 'refuse' }));
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    expect(error).toMatchObject({ operationId: 'CreateFile', code: 'AlreadyExist' });
    expect(tap.puts).toEqual([]);
  });

  it('an unreadable file is an InputError before any call', async () => {
    const { pds, tap } = tappedClient(h);
    const error = await rejection(pds.upload(join(dir, 'missing.bin'), target('missing.bin')));
    expect(error).toBeInstanceOf(InputError);
    expect(tap.calls).toEqual([]);
  });
});
