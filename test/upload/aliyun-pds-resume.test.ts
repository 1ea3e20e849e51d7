/**
 * `client.upload()` on aliyun-pds: abort and resume (only the missing parts sent, counted through
 * the injected fetch), expired part URLs refreshed through GetUploadUrl (the emulator's injected
 * clock), parts beyond CreateFile's batch declared through GetUploadUrl, and stream sources in
 * serial mode. Expected hashes from node:crypto and crc64-ecma182.js.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, AliyunPdsApiError, ConfigurationError, InputError, uploadStateOf } from '../../src/clients/aliyun-pds.js';
import type { UploadState } from '../../src/upload/types.js';
import { T0, rejection, startHarness, type Harness } from '../emulator/support/fixture.js';
import { MIN_PART, bytes, callsTo, crc64Of, md5Hex, sha1Upper, tappedClient, target } from './support/aliyun-pds-client.js';

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

/** Six parts, the last one short. */
const SIZE = 5 * MIN_PART + 777;

function streamOf(content: Uint8Array, chunk = 7000): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= content.length) return controller.close();
      controller.enqueue(content.slice(offset, offset + chunk));
      offset += chunk;
    },
  });
}

/** Uploads `content` until two parts are stored, then aborts; resolves to the AbortError. */
async function abortAfterTwoParts(source: Uint8Array | ReadableStream<Uint8Array>, content: Uint8Array) {
  const { pds, tap } = tappedClient(h);
  const controller = new AbortController();
  const error = await rejection(
    pds.upload(source, target('resumed.bin'), {
      partSize: MIN_PART,
      concurrency: 1,
      signal: controller.signal,
      ...(source instanceof Uint8Array ? {} : { size: content.length }),
      onState: (state) => {
        if (state.parts.length === 2) controller.abort();
      },
    }),
  );
  return { error, tap };
}

describe('aliyun-pds upload(): abort and resume', () => {
  it('abort rejects with AbortError carrying the state; resume sends only the missing parts', async () => {
    const content = bytes(SIZE, 21);
    const { error, tap: first } = await abortAfterTwoParts(content, content);
    expect(error).toBeInstanceOf(AbortError);
    const state = uploadStateOf(error)!;
    expect(state.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    expect(first.storageBytes()).toBe(2 * MIN_PART);
    expect(callsTo(first, 'complete')).toEqual([]);

    const { pds, tap } = tappedClient(h);
    const progress: number[] = [];
    const result = await pds.upload(content, target('resumed.bin'), {
      resume: JSON.parse(JSON.stringify(state)) as UploadState, // as read back from a file
      onProgress: (p) => progress.push(p.bytes),
    });
    expect(callsTo(tap, 'create')).toEqual([]);
    expect(callsTo(tap, 'list_uploaded_parts')).toHaveLength(1);
    expect(tap.puts.map((p) => p.partNumber).sort()).toEqual([3, 4, 5, 6]);
    expect(tap.storageBytes()).toBe(SIZE - 2 * MIN_PART);
    expect(result.bytesSent).toBe(SIZE - 2 * MIN_PART);
    expect(result.partsSent).toBe(4);
    expect(result.file.file_id).toBe(state.upload.file_id);
    expect(result.file.content_hash).toBe(sha1Upper(content));
    expect(result.file.crc64_hash).toBe(crc64Of(content));
    expect(progress.at(-1)).toBe(SIZE); // the parts stored earlier count too
    const file = await pds.getFile({ body: { drive_id: '1', file_id: result.file.file_id } });
    expect(file.content_hash).toBe(sha1Upper(content));
  });

  it('a stored part that is not the source’s bytes (ETag) is sent again on resume, and the upload completes', async () => {
    const content = bytes(4 * MIN_PART, 22);
    // Part 3 damaged on the way, the damage hidden behind the right ETag: CompleteFile refuses it.
    const { pds: first } = tappedClient(h, {
      onPut: (put) => (put.partNumber === 3 ? put.body.map((b, i) => (i === 5 ? b ^ 4 : b)) : put.body),
      onAnswer: (_path, answer, put) => {
        if (put?.partNumber !== 3) return answer;
        const headers = new Headers(answer.headers);
        headers.set('etag', `"${md5Hex(content.subarray(2 * MIN_PART, 3 * MIN_PART))}"`);
        return new Response(answer.body, { status: answer.status, headers });
      },
    });
    const error = await rejection(first.upload(content, target('healed.bin'), { partSize: MIN_PART }));
    expect(error).toMatchObject({ operationId: 'CompleteFile', code: 'InvalidParameter' });

    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(content, target('healed.bin'), { resume: uploadStateOf(error)! });
    expect(tap.puts.map((p) => p.partNumber)).toEqual([3]);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('a completion whose answer was lost: resume finds the upload complete and checks GetFile', async () => {
    const content = bytes(3000, 23);
    const { pds: first } = tappedClient(h, {
      onAnswer: (path, answer) => {
        if (path === '/v2/file/complete') throw new TypeError('fetch failed');
        return answer;
      },
    });
    const error = await rejection(first.upload(content, target('lost.bin')));
    const state = uploadStateOf(error)!;
    expect(state).toBeDefined();

    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(content, target('lost.bin'), { resume: state });
    expect(tap.puts).toEqual([]);
    expect(callsTo(tap, 'complete')).toEqual([]);
    expect(result.bytesSent).toBe(0);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('a CompleteFile whose answer was lost and whose retry meets 404 (already complete) resolves once GetFile reports the source', async () => {
    const content = bytes(3000, 33);
    let lost = false;
    const { pds, tap } = tappedClient(h, {
      onAnswer: (path, answer) => {
        if (path === '/v2/file/complete' && !lost) {
          lost = true; // the service completed; the answer never arrives
          throw new TypeError('fetch failed');
        }
        return answer;
      },
    }, { maxRetries: 1 });
    const result = await pds.upload(content, target('retried.bin'));
    expect(callsTo(tap, 'complete')).toHaveLength(2);
    expect(callsTo(tap, 'get')).toHaveLength(1);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('a CompleteFile 404 on the first attempt is the service’s answer: it rejects', async () => {
    const { pds } = tappedClient(h, {
      onAnswer: (path, answer) =>
        path === '/v2/file/complete' ? Response.json({ code: 'NotFound', message: 'The resource upload cannot be found.' }, { status: 404 }) : answer,
    });
    const error = await rejection(pds.upload(bytes(3000, 34), target('gone.bin')));
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    expect(error).toMatchObject({ operationId: 'CompleteFile', status: 404 });
  });

  it('an abort while hashing a resumed upload hands back the state it was given', async () => {
    const content = bytes(SIZE, 35);
    const { error } = await abortAfterTwoParts(content, content);
    const state = uploadStateOf(error)!;
    const controller = new AbortController();
    const { pds } = tappedClient(h);
    const again = await rejection(
      pds.upload(content, target('resumed.bin'), {
        resume: state,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'hashing') controller.abort();
        },
      }),
    );
    expect(again).toBeInstanceOf(AbortError);
    expect(uploadStateOf(again)).toEqual(state);
  });

  it('refuses a resume state that does not fit: other source, other drive, other part size, malformed', async () => {
    const content = bytes(SIZE, 24);
    const { error } = await abortAfterTwoParts(content, content);
    const state = uploadStateOf(error)!;
    const { pds, tap } = tappedClient(h);
    const cases: [Uint8Array, unknown, Record<string, unknown>, string][] = [
      [bytes(SIZE + 1, 24), state, {}, 'resume'],
      [content, state, { drive_id: '2' }, 'resume'],
      [content, state, { partSize: 2 * MIN_PART }, 'partSize'],
      [content, { ...state, upload: { drive_id: '1' } }, {}, 'resume'],
    ];
    for (const [source, resume, change, option] of cases) {
      const { partSize, ...t } = change;
      const failure = await rejection(
        pds.upload(source, { ...target('resumed.bin'), ...t }, { resume: resume as UploadState, ...(partSize ? { partSize: partSize as number } : {}) }),
      );
      expect(failure).toBeInstanceOf(ConfigurationError);
      expect((failure as unknown as ConfigurationError).option).toBe(option);
    }
    expect(tap.puts).toEqual([]);
  });

  it('refuses to resume from content that changed (same size, other SHA-1) with an InputError', async () => {
    const content = bytes(SIZE, 25);
    const { error } = await abortAfterTwoParts(content, content);
    const changed = content.slice();
    changed[SIZE - 1] ^= 1;
    const { pds, tap } = tappedClient(h);
    const failure = await rejection(pds.upload(changed, target('resumed.bin'), { resume: uploadStateOf(error)! }));
    expect(failure).toBeInstanceOf(InputError);
    expect(tap.puts).toEqual([]);
  });
});

describe('aliyun-pds upload(): part URLs', () => {
  it('URLs that expired (403 AccessDenied) are refreshed through GetUploadUrl and the parts re-sent', async () => {
    const content = bytes(4 * MIN_PART, 26);
    let moved = false;
    const { pds, tap } = tappedClient(h, {
      before: (_path, put) => {
        // The clock passes the URLs' 15 minutes while part 2 is on its way.
        if (put?.partNumber === 2 && !moved) {
          moved = true;
          h.clock.now = new Date(T0.getTime() + 16 * 60_000);
        }
      },
    });
    const result = await pds.upload(content, target('slow.bin'), { partSize: MIN_PART, concurrency: 1, maxRetries: 0 });
    const refreshes = callsTo(tap, 'get_upload_url');
    expect(refreshes).toHaveLength(1);
    // The refused part first, then the ones not sent yet, each with its SHA-1 state.
    expect((refreshes[0]!.body.part_info_list as { part_number: number }[]).map((p) => p.part_number)).toEqual([2, 3, 4]);
    expect(tap.puts.map((p) => p.partNumber)).toEqual([1, 2, 2, 3, 4]);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('concurrent parts meeting one expiry share one GetUploadUrl', async () => {
    const content = bytes(4 * MIN_PART, 27);
    const { pds, tap } = tappedClient(h, {
      before: (_path, put) => {
        if (put && tap.puts.length === 1) h.clock.now = new Date(T0.getTime() + 16 * 60_000);
      },
    });
    const result = await pds.upload(content, target('expired.bin'), { partSize: MIN_PART, concurrency: 4 });
    expect(callsTo(tap, 'get_upload_url')).toHaveLength(1);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('an expired URL refused again after the refresh rejects with AliyunPdsApiError AccessDenied', async () => {
    const { pds } = tappedClient(h, {
      onAnswer: (_path, answer, put) =>
        put
          ? new Response('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', { status: 403 })
          : answer,
    });
    const error = await rejection(pds.upload(bytes(3000, 28), target('denied.bin'), { maxRetries: 1 }));
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    expect(error).toMatchObject({ status: 403, code: 'AccessDenied' });
    expect(uploadStateOf(error)).toBeDefined();
  });

  it('declares 100 parts in CreateFile and the rest through GetUploadUrl, with their SHA-1 states', async () => {
    const content = bytes(130 * MIN_PART, 29);
    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(content, target('many.bin'), { partSize: MIN_PART, rapidUpload: false });
    expect((callsTo(tap, 'create')[0]!.body.part_info_list as unknown[]).length).toBe(100);
    const later = callsTo(tap, 'get_upload_url').flatMap((c) => c.body.part_info_list as { part_number: number; parallel_sha1_ctx: { part_offset: number } }[]);
    expect(later.map((p) => p.part_number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => 101 + i));
    expect(later.every((p) => p.parallel_sha1_ctx.part_offset === (p.part_number - 1) * MIN_PART)).toBe(true);
    expect(result.partsSent).toBe(130);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });
});

describe('aliyun-pds upload(): stream sources (serial mode)', () => {
  it('uploads a stream in order, one part at a time, without parallel_upload; the hashes computed on the way', async () => {
    const content = bytes(SIZE, 30);
    let inFlight = 0;
    let most = 0;
    const { pds, tap } = tappedClient(h, {
      onPut: async (put) => {
        most = Math.max(most, ++inFlight);
        return put.body;
      },
      onAnswer: (_path, answer, put) => {
        if (put) inFlight--;
        return answer;
      },
    });
    const result = await pds.upload(streamOf(content), target('stream.bin'), { size: SIZE, partSize: MIN_PART, concurrency: 8 });
    const create = callsTo(tap, 'create')[0]!.body;
    expect(create.parallel_upload).toBeUndefined();
    expect(create.pre_hash).toBeUndefined();
    expect((create.part_info_list as Record<string, unknown>[]).every((p) => p.parallel_sha1_ctx === undefined)).toBe(true);
    expect(tap.puts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(most).toBe(1);
    expect(callsTo(tap, 'complete')[0]!.body.crc64_hash).toBe(crc64Of(content));
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('a stream aborted after two parts resumes from the same content, sending only the missing parts', async () => {
    const content = bytes(SIZE, 31);
    const { error } = await abortAfterTwoParts(streamOf(content), content);
    expect(error).toBeInstanceOf(AbortError);
    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(streamOf(content, 4096), target('resumed.bin'), { size: SIZE, resume: uploadStateOf(error)! });
    expect(tap.puts.map((p) => p.partNumber)).toEqual([3, 4, 5, 6]);
    expect(tap.storageBytes()).toBe(SIZE - 2 * MIN_PART);
    expect(result.file.content_hash).toBe(sha1Upper(content));
  });

  it('a stream whose completion answer was lost: resume reads it (sending nothing) and checks GetFile', async () => {
    const content = bytes(SIZE, 37);
    const { pds: first } = tappedClient(h, {
      onAnswer: (path, answer) => {
        if (path === '/v2/file/complete') throw new TypeError('fetch failed');
        return answer;
      },
    });
    const error = await rejection(first.upload(streamOf(content), target('lost-stream.bin'), { size: SIZE, partSize: MIN_PART }));
    const { pds, tap } = tappedClient(h);
    const result = await pds.upload(streamOf(content), target('lost-stream.bin'), { size: SIZE, resume: uploadStateOf(error)! });
    expect(tap.puts).toEqual([]);
    expect(result.file.content_hash).toBe(sha1Upper(content));
    // Another stream of the same size is not the uploaded file.
    const other = content.slice();
    other[10] ^= 1;
    const wrong = await rejection(tappedClient(h).pds.upload(streamOf(other), target('lost-stream.bin'), { size: SIZE, resume: uploadStateOf(error)! }));
    expect(wrong).toMatchObject({ operationId: 'GetFile', code: 'HashMismatch' });
  });

  it('a stream longer than its size rejects with InputError, and nothing completes', async () => {
    const content = bytes(SIZE + 10, 36);
    const { pds, tap } = tappedClient(h);
    const error = await rejection(pds.upload(streamOf(content), target('long.bin'), { size: SIZE, partSize: MIN_PART }));
    expect(error).toBeInstanceOf(InputError);
    expect(callsTo(tap, 'complete')).toEqual([]);
  });

  it('a stream shorter than its size rejects with InputError carrying the state, and nothing completes', async () => {
    const content = bytes(SIZE, 32);
    const { pds, tap } = tappedClient(h);
    const error = await rejection(pds.upload(streamOf(content.subarray(0, SIZE - 10)), target('short.bin'), { size: SIZE, partSize: MIN_PART }));
    expect(error).toBeInstanceOf(InputError);
    expect(uploadStateOf(error)).toBeDefined();
    expect(callsTo(tap, 'complete')).toEqual([]);
  });
});
