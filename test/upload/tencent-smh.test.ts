/**
 * `client.upload()` for tencent-smh against the embedded emulator, through the client's injected
 * fetch (which counts and can tamper with what goes to COS). Expected digests are Python's
 * (test/emulator/support/smh-upload.ts, and the vectors below), never drivespec's own hasher.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AbortError, InputError, TencentSmhApiError, createClient, uploadStateOf, type TencentSmhClient } from '../../src/clients/tencent-smh.js';
import { T0, startHarness, type Harness } from '../emulator/support/fixture.js';
import { HELLO, MiB, PATTERN } from '../emulator/support/smh-upload.js';

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

/** Python 3 (test/hashing/vectors/crc64_bitwise.py `crc64_xz`, hashlib). */
const VECTORS = {
  /** b'a' */
  oneByte: { crc64: '3675645893302102789', md5: '0cc175b9c0f1b6a831c399e269772661' },
  /** The 2.5 MiB pattern with its last byte XOR 1: the same first MiB, another file. */
  patternLastByteFlipped: { crc64: '884348904352331149', md5: 'fd8907d0902e7cee2805ca599794c497' },
};

interface Sent {
  method: string;
  url: string;
  bytes: number;
}

/** A fetch that records every request (API and COS) and may rewrite a storage request or answer. */
function tracingFetch(hooks: { storage?: (url: string, body: Uint8Array) => Uint8Array | Promise<Uint8Array>; answer?: (url: string, method: string, response: Response) => Response | Promise<Response> } = {}) {
  const sent: Sent[] = [];
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = request.url;
    let body: Uint8Array | undefined = request.body ? new Uint8Array(await request.arrayBuffer()) : undefined;
    const storage = url.includes('/__drivespec/storage/');
    if (storage && body && hooks.storage) body = await hooks.storage(url, body);
    sent.push({ method: request.method, url, bytes: storage ? (body?.length ?? 0) : 0 });
    const response = await globalThis.fetch(url, {
      method: request.method,
      headers: request.headers,
      ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}),
      signal: init?.signal ?? null,
    });
    return hooks.answer ? hooks.answer(url, request.method, response) : response;
  };
  const storageBytes = () => sent.filter((s) => s.url.includes('/__drivespec/storage/')).reduce((n, s) => n + s.bytes, 0);
  const api = (flag: string) => sent.filter((s) => s.url.includes('/api/v1/file/') && new URL(s.url).searchParams.has(flag));
  return { fetch, sent, storageBytes, api };
}

function client(fetch: typeof globalThis.fetch, extra: { maxRetries?: number } = {}): TencentSmhClient<true> {
  const c = h.emulator.credentials['tencent-smh'];
  return createClient({ baseUrl: h.emulator.url, fetch, now: () => h.clock.now, maxRetries: extra.maxRetries ?? 0, libraryId: c.libraryId, credentials: { accessToken: c.accessToken } });
}

const pattern = PATTERN.bytes();

describe('upload', () => {
  it('multipart (2.5 MiB, 1 MiB parts): 3 PUTs of the parts, confirm with the crc64 Python computes; the answer is the file', async () => {
    const t = tracingFetch();
    const states: unknown[] = [];
    const result = await client(t.fetch).upload(pattern, { path: 'docs/pattern.bin' }, { rapidUpload: false, onState: (s) => states.push(s) });
    expect(result.rapidUpload).toBe(false);
    expect(result.file).toMatchObject({ path: ['docs', 'pattern.bin'], size: String(PATTERN.size), crc64: PATTERN.crc64, eTag: `"${PATTERN.md5}"` });
    expect(result.bytesSent).toBe(PATTERN.size);
    expect(result.partsSent).toBe(3);
    const puts = t.sent.filter((s) => s.url.includes('/__drivespec/storage/'));
    expect(puts.map((p) => new URL(p.url).searchParams.get('partNumber')).sort()).toEqual(['1', '2', '3']);
    expect(puts.map((p) => p.bytes).sort((a, b) => a - b)).toEqual([MiB / 2, MiB, MiB]);
    // The emulator serves plain HTTP on the API's own host: its scheme is used for COS there.
    expect(puts.every((p) => p.url.startsWith(`${h.emulator.url}/`))).toBe(true);
    expect(t.api('multipart')).toHaveLength(1);
    expect(result.state.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    expect(states.length).toBeGreaterThanOrEqual(4); // after start and after each part
  });

  it('a small file goes in one PUT after initUpload (Hello World!)', async () => {
    const t = tracingFetch();
    const result = await client(t.fetch).upload(new TextEncoder().encode(HELLO.text), { path: 'docs/hello.txt' });
    expect(result.file).toMatchObject({ size: '12', crc64: HELLO.crc64, eTag: `"${HELLO.md5}"` });
    const puts = t.sent.filter((s) => s.url.includes('/__drivespec/storage/'));
    expect(puts).toHaveLength(1);
    expect(new URL(puts[0]!.url).searchParams.has('partNumber')).toBe(false);
    expect(t.api('multipart')).toHaveLength(0);
  });

  it('an empty file and a 1-byte file work', async () => {
    const t = tracingFetch();
    const empty = await client(t.fetch).upload(new Uint8Array(0), { path: 'docs/empty.txt' });
    expect(empty.file).toMatchObject({ size: '0', crc64: '0' });
    const one = await client(t.fetch).upload(new TextEncoder().encode('a'), { path: 'docs/a.txt' }, { rapidUpload: false });
    expect(one.file).toMatchObject({ size: '1', crc64: VECTORS.oneByte.crc64, eTag: `"${VECTORS.oneByte.md5}"` });
    expect(one.bytesSent).toBe(1);
  });

  it('a Blob and a file path are sources too', async () => {
    const t = tracingFetch();
    const blob = await client(t.fetch).upload(new Blob([pattern as Uint8Array<ArrayBuffer>]), { path: 'docs/blob.bin' }, { rapidUpload: false });
    expect(blob.file.crc64).toBe(PATTERN.crc64);
    const dir = await mkdtemp(join(tmpdir(), 'drivespec-smh-'));
    try {
      await writeFile(join(dir, 'pattern.bin'), pattern);
      const file = await client(t.fetch).upload(join(dir, 'pattern.bin'), { path: 'docs/file.bin' }, { rapidUpload: false });
      expect(file.file).toMatchObject({ size: String(PATTERN.size), crc64: PATTERN.crc64 });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a stream part refused once (503) is sent again with the same bytes', async () => {
    let refused = false;
    const t = tracingFetch({
      answer: (url, _m, response) => {
        if (!refused && new URL(url).searchParams.get('partNumber') === '2') {
          refused = true;
          return new Response('<Error><Code>ServiceUnavailable</Code></Error>', { status: 503 });
        }
        return response;
      },
    });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(pattern.slice());
        c.close();
      },
    });
    const result = await client(t.fetch).upload(stream, { path: 'docs/retried.bin' }, { size: PATTERN.size, maxRetries: 1, concurrency: 2 });
    expect(result.file.crc64).toBe(PATTERN.crc64);
    expect(t.storageBytes()).toBe(PATTERN.size + MiB);
  });

  it('a stream source (size given): parts read in order, crc64 computed while sending', async () => {
    const t = tracingFetch();
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        // Chunks that do not line up with the parts.
        for (let offset = 0; offset < pattern.length; offset += 300_000) controller.enqueue(pattern.slice(offset, offset + 300_000));
        controller.close();
      },
    });
    const result = await client(t.fetch).upload(stream, { path: 'docs/stream.bin' }, { size: PATTERN.size });
    expect(result.file).toMatchObject({ size: String(PATTERN.size), crc64: PATTERN.crc64 });
    expect(t.storageBytes()).toBe(PATTERN.size);
  });
});

describe('instant upload', () => {
  it('a second upload of stored content sends 0 bytes: 202 on beginningHash, then the file for fullHash', async () => {
    await client(tracingFetch().fetch).upload(pattern, { path: 'docs/original.bin' });
    const t = tracingFetch();
    const result = await client(t.fetch).upload(pattern, { path: 'docs/copy.bin' });
    expect(result.rapidUpload).toBe(true);
    expect(result.bytesSent).toBe(0);
    expect(t.storageBytes()).toBe(0);
    expect(result.file).toMatchObject({ path: ['docs', 'copy.bin'], size: String(PATTERN.size), crc64: PATTERN.crc64 });
    expect(t.sent.filter((s) => s.method === 'PUT' && s.url.includes('/api/v1/file/'))).toHaveLength(2);
    expect(t.api('confirm')).toHaveLength(0);
  });

  it('the same first MiB but another file: 202, no match for fullHash, then the whole file is sent and confirmed', async () => {
    await client(tracingFetch().fetch).upload(pattern, { path: 'docs/original.bin' });
    const other = pattern.slice();
    other[other.length - 1]! ^= 1;
    const t = tracingFetch();
    const result = await client(t.fetch).upload(other, { path: 'docs/other.bin' });
    expect(result.rapidUpload).toBe(false);
    expect(result.file).toMatchObject({ crc64: VECTORS.patternLastByteFlipped.crc64, eTag: `"${VECTORS.patternLastByteFlipped.md5}"` });
    expect(t.storageBytes()).toBe(PATTERN.size);
  });

  it('rapidUpload: false asks nothing of the instant upload', async () => {
    await client(tracingFetch().fetch).upload(pattern, { path: 'docs/original.bin' });
    const t = tracingFetch();
    const result = await client(t.fetch).upload(pattern, { path: 'docs/again.bin' }, { rapidUpload: false });
    expect(result.rapidUpload).toBe(false);
    expect(t.storageBytes()).toBe(PATTERN.size);
    expect(t.sent.filter((s) => s.method === 'PUT' && s.url.includes('/api/v1/file/'))).toHaveLength(0);
  });
});

describe('never a false success', () => {
  it('a byte corrupted in flight (every attempt) rejects with TencentSmhApiError', async () => {
    const t = tracingFetch({
      storage: (url, body) => {
        if (new URL(url).searchParams.get('partNumber') !== '2') return body;
        const copy = body.slice();
        copy[1234]! ^= 0x40;
        return copy;
      },
    });
    const error = await client(t.fetch).upload(pattern, { path: 'docs/corrupt.bin' }, { rapidUpload: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect(t.api('confirm')).toHaveLength(0);
  });

  it('a corrupted part whose answer lies about its ETag is caught by ConfirmUpload’s crc64 (400 BadCrc64)', async () => {
    const t = tracingFetch({
      storage: (url, body) => {
        if (new URL(url).searchParams.get('partNumber') !== '2') return body;
        const copy = body.slice();
        copy[1234]! ^= 0x40;
        return copy;
      },
      // A proxy that answers the ETag of the bytes the client meant to send.
      answer: async (url, _method, response) => {
        if (new URL(url).searchParams.get('partNumber') !== '2' || response.status !== 200) return response;
        const { createHash } = await import('node:crypto');
        const headers = new Headers(response.headers);
        headers.set('etag', `"${createHash('md5').update(pattern.subarray(MiB, 2 * MiB)).digest('hex')}"`);
        return new Response(await response.arrayBuffer(), { status: 200, headers });
      },
    });
    const error = await client(t.fetch).upload(pattern, { path: 'docs/corrupt.bin' }, { rapidUpload: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as TencentSmhApiError).code).toBe('BadCrc64');
    expect(uploadStateOf(error)?.upload.confirmKey).toEqual(expect.any(String));
  });

  it('a ConfirmUpload answer reporting another crc64 rejects (UploadMismatch), never resolves', async () => {
    const t = tracingFetch({
      answer: async (url, _method, response) => {
        if (!new URL(url).searchParams.has('confirm') || response.status !== 200) return response;
        const body = (await response.json()) as Record<string, unknown>;
        return Response.json({ ...body, crc64: '1' }, { status: 200 });
      },
    });
    const error = await client(t.fetch).upload(pattern, { path: 'docs/lie.bin' }, { rapidUpload: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as TencentSmhApiError).code).toBe('UploadMismatch');
  });

  it('an instant-upload answer for another size rejects', async () => {
    await client(tracingFetch().fetch).upload(pattern, { path: 'docs/original.bin' });
    const t = tracingFetch({
      answer: async (url, method, response) => {
        if (method !== 'PUT' || !url.includes('/api/v1/file/') || response.status !== 200) return response;
        const body = (await response.json()) as Record<string, unknown>;
        return Response.json(Array.isArray(body.path) ? { ...body, size: '5' } : body, { status: 200 });
      },
    });
    const error = await client(t.fetch).upload(pattern, { path: 'docs/copy.bin' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as TencentSmhApiError).code).toBe('UploadMismatch');
  });
});

describe('resume', () => {
  it('abort after the first part → AbortError with the state; resuming sends only the missing parts', async () => {
    const controller = new AbortController();
    const first = tracingFetch();
    const error = await client(first.fetch)
      .upload(pattern, { path: 'docs/resumed.bin' }, {
        rapidUpload: false,
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.parts === 1) controller.abort();
        },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    const state = uploadStateOf(error);
    expect(state?.parts.map((p) => p.partNumber)).toEqual([1]);
    // Not cancelled: the upload is still there to resume.
    expect(first.sent.filter((s) => s.method === 'DELETE')).toHaveLength(0);

    const second = tracingFetch();
    const result = await client(second.fetch).upload(pattern, { path: 'docs/resumed.bin' }, { resume: JSON.parse(JSON.stringify(state)) });
    expect(second.storageBytes()).toBe(PATTERN.size - MiB);
    expect(result.bytesSent).toBe(PATTERN.size - MiB);
    expect(result.partsSent).toBe(2);
    expect(second.api('upload')).toHaveLength(1); // GetUploadStatus
    expect(result.file).toMatchObject({ path: ['docs', 'resumed.bin'], crc64: PATTERN.crc64 });
  });

  it('a stream given again resumes too: the stored parts are read and checked, only part 3 is sent', async () => {
    const streamOf = (bytes: Uint8Array) =>
      new ReadableStream<Uint8Array>({
        start(c) {
          for (let offset = 0; offset < bytes.length; offset += 700_000) c.enqueue(bytes.slice(offset, offset + 700_000));
          c.close();
        },
      });
    const controller = new AbortController();
    const error = await client(tracingFetch().fetch)
      .upload(streamOf(pattern), { path: 'docs/stream-resumed.bin' }, { size: PATTERN.size, concurrency: 1, signal: controller.signal, onProgress: (p) => p.parts === 2 && controller.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    const state = uploadStateOf(error)!;
    expect(state.parts.map((p) => p.partNumber)).toEqual([1, 2]);
    const t = tracingFetch();
    const result = await client(t.fetch).upload(streamOf(pattern), { path: 'docs/stream-resumed.bin' }, { size: PATTERN.size, resume: state });
    expect(t.storageBytes()).toBe(PATTERN.size - 2 * MiB);
    expect(result.file.crc64).toBe(PATTERN.crc64);

    // Another stream of the same size whose first part differs: refused, never confirmed.
    const again = await client(tracingFetch().fetch).upload(streamOf(new Uint8Array(PATTERN.size)), { path: 'docs/stream-resumed.bin' }, { size: PATTERN.size, resume: state }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Error);
    expect((again as Error).name).not.toBe('AbortError');
  });

  it('a stored part that is not the source’s (other bytes, same size) is sent again', async () => {
    const controller = new AbortController();
    const other = pattern.slice();
    other[10]! ^= 1; // part 1 differs
    const error = await client(tracingFetch().fetch)
      .upload(other, { path: 'docs/changed.bin' }, { rapidUpload: false, concurrency: 1, signal: controller.signal, onProgress: (p) => p.parts === 1 && controller.abort() })
      .catch((e: unknown) => e);
    const state = uploadStateOf(error)!;
    const t = tracingFetch();
    const result = await client(t.fetch).upload(pattern, { path: 'docs/changed.bin' }, { resume: state });
    expect(t.storageBytes()).toBe(PATTERN.size);
    expect(result.file.crc64).toBe(PATTERN.crc64);
  });
});

describe('expired credentials', () => {
  it('a part refused as expired (403 AccessDenied) → RenewMultipartUpload once, the part is sent again', async () => {
    let moved = false;
    const t = tracingFetch({
      storage: (url, body) => {
        // After part 1 is stored, the emulator's clock passes the credentials' one-hour expiry.
        if (!moved && new URL(url).searchParams.get('partNumber') === '2') {
          moved = true;
          h.clock.now = new Date(T0.getTime() + 61 * 60 * 1000);
        }
        return body;
      },
    });
    const result = await client(t.fetch, { maxRetries: 2 }).upload(pattern, { path: 'docs/renewed.bin' }, { rapidUpload: false, concurrency: 1 });
    expect(result.file.crc64).toBe(PATTERN.crc64);
    expect(t.api('renew')).toHaveLength(1);
    const part2 = t.sent.filter((s) => new URL(s.url).searchParams.get('partNumber') === '2');
    expect(part2).toHaveLength(2);
  });
});

describe('resume after the credentials expired', () => {
  it('the status’s uploadPartInfo has expired: the first part refused as expired renews it, then only the missing parts go', async () => {
    const controller = new AbortController();
    const error = await client(tracingFetch().fetch)
      .upload(pattern, { path: 'docs/late.bin' }, { rapidUpload: false, concurrency: 1, signal: controller.signal, onProgress: (p) => p.parts === 1 && controller.abort() })
      .catch((e: unknown) => e);
    const state = uploadStateOf(error)!;
    h.clock.now = new Date(T0.getTime() + 2 * 60 * 60 * 1000);
    const t = tracingFetch();
    const result = await client(t.fetch).upload(pattern, { path: 'docs/late.bin' }, { resume: state, concurrency: 1 });
    expect(result.file.crc64).toBe(PATTERN.crc64);
    expect(t.api('renew')).toHaveLength(1);
    expect(result.partsSent).toBe(2);
  });

  it('a failing status call hands back the state it was given (the parts it listed)', async () => {
    const controller = new AbortController();
    const error = await client(tracingFetch().fetch)
      .upload(pattern, { path: 'docs/kept.bin' }, { rapidUpload: false, concurrency: 1, signal: controller.signal, onProgress: (p) => p.parts === 1 && controller.abort() })
      .catch((e: unknown) => e);
    const state = uploadStateOf(error)!;
    const failing = tracingFetch({ answer: (url, _m, r) => (new URL(url).searchParams.has('upload') ? Response.json({ code: 'InternalServerError', message: 'x' }, { status: 500 }) : r) });
    const again = await client(failing.fetch).upload(pattern, { path: 'docs/kept.bin' }, { resume: state }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(TencentSmhApiError);
    expect(uploadStateOf(again)?.parts).toEqual(state.parts);
  });

  it('the state of an instant upload cannot be resumed', async () => {
    await client(tracingFetch().fetch).upload(pattern, { path: 'docs/original.bin' });
    const instant = await client(tracingFetch().fetch).upload(pattern, { path: 'docs/copy.bin' });
    expect(instant.rapidUpload).toBe(true);
    await expect(client(tracingFetch().fetch).upload(pattern, { path: 'docs/copy.bin' }, { resume: instant.state })).rejects.toMatchObject({ name: 'ConfigurationError', option: 'resume', message: expect.stringMatching(/instant upload/) });
  });
});

describe('expired credentials of a simple upload', () => {
  it('a simple upload has no renew: it is started again (a new confirmKey in the state) and sent again', async () => {
    let moved = false;
    const states: string[] = [];
    const t = tracingFetch({
      storage: (_url, body) => {
        if (!moved) {
          moved = true;
          h.clock.now = new Date(T0.getTime() + 61 * 60 * 1000);
        }
        return body;
      },
    });
    const result = await client(t.fetch, { maxRetries: 1 }).upload(new TextEncoder().encode(HELLO.text), { path: 'docs/hello.txt' }, { onState: (s) => states.push(String(s.upload.confirmKey)) });
    expect(result.file.crc64).toBe(HELLO.crc64);
    expect(new Set(states).size).toBe(2);
    expect(t.api('confirm')).toHaveLength(1);
    expect(t.api('confirm')[0]!.url).toContain(states[states.length - 1]!);
  });
});

describe('secrets', () => {
  it('no access token in an error message, its cause or the state (403 from COS, 404 from the API)', async () => {
    const token = h.emulator.credentials['tencent-smh'].accessToken;
    const refusing = tracingFetch({
      answer: async (url, _m, response) =>
        url.includes('/__drivespec/storage/')
          ? new Response(`<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>echo ${url} ${token}</Message></Error>`, { status: 403 })
          : response,
    });
    const error = (await client(refusing.fetch).upload(pattern, { path: 'docs/secret.bin' }, { rapidUpload: false }).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(TencentSmhApiError);
    const texts = [error.message, String((error as { cause?: unknown }).cause), JSON.stringify(uploadStateOf(error)), JSON.stringify(error)];
    for (const text of texts) expect(text).not.toContain(token);

    const gone = await client(tracingFetch().fetch)
      .upload(pattern, { path: 'docs/secret.bin' }, { resume: { ...uploadStateOf(error)!, upload: { ...uploadStateOf(error)!.upload, confirmKey: '00000000000000000000000000000000' } } })
      .catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(TencentSmhApiError);
    expect((gone as TencentSmhApiError).code).toBe('UploadNotFound');
    expect((gone as Error).message).not.toContain(token);
  });
});

describe('bad input', () => {
  it('a target without a path, or with an unknown field, is a ConfigurationError naming it', async () => {
    const smh = client(tracingFetch().fetch);
    await expect(smh.upload(pattern, { path: '' })).rejects.toMatchObject({ name: 'ConfigurationError', option: 'target.path' });
    await expect(smh.upload(pattern, { path: 'a', name: 'x' } as never)).rejects.toMatchObject({ option: 'target.name' });
    await expect(smh.upload(pattern, { path: 'a', conflict_resolution_strategy: 'keep' as never })).rejects.toMatchObject({ option: 'target.conflict_resolution_strategy' });
  });

  it('a resume state of another path is refused before anything is sent', async () => {
    const controller = new AbortController();
    const error = await client(tracingFetch().fetch)
      .upload(pattern, { path: 'docs/one.bin' }, { rapidUpload: false, concurrency: 1, signal: controller.signal, onProgress: (p) => p.parts === 1 && controller.abort() })
      .catch((e: unknown) => e);
    const t = tracingFetch();
    await expect(client(t.fetch).upload(pattern, { path: 'docs/two.bin' }, { resume: uploadStateOf(error)! })).rejects.toMatchObject({ name: 'ConfigurationError', option: 'resume' });
    expect(t.sent).toHaveLength(0);
  });

  it('a stream shorter than its size is an InputError', async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(pattern.slice(0, 1000));
        c.close();
      },
    });
    const error = await client(tracingFetch().fetch).upload(stream, { path: 'docs/short.bin' }, { size: 5000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
  });
});
