/**
 * `client.upload()` for Huawei KooDrive against the embedded emulator, through the client's
 * injectable fetch (which also counts and tampers with the bytes on their way to the storage).
 * Expected hashes come from node:crypto and from the Python vectors
 * (test/hashing/vectors/koodrive_upload_states.py), never from drivespec's own hasher.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  ConfigurationError,
  createClient,
  HuaweiKooDriveApiError,
  ResponseValidationError,
  uploadStateOf,
  type HuaweiKooDriveClient,
} from '../../src/clients/huawei-koodrive.js';
import { InputError } from '../../src/core/errors.js';
import type { UploadState } from '../../src/upload/types.js';
import { T0, startHarness, type Harness } from '../emulator/support/fixture.js';

const MiB = 1024 * 1024;
const PART = 5 * MiB;
const vectors = JSON.parse(readFileSync(new URL('../hashing/vectors/koodrive-upload-vectors.json', import.meta.url), 'utf8')) as {
  cases: { size: number; partSize: number; sha256: string; hashCtx: { partOffset: number; h: number[] }[] }[];
};
const vector = vectors.cases[0]!;
/** cycle256: bytes(range(256)) repeated, as the Python script builds it (3 parts of 5 MiB, the last 1 MiB + 17). */
const cycle = Uint8Array.from({ length: vector.size }, (_, i) => i % 256);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const target = { parentFolder: 'root', fileName: 'cycle.bin' };

/** What went over the wire: API calls by path, storage PUTs with their body sizes and answers. */
interface Wire {
  api: { path: string; body: unknown }[];
  puts: { partNumber: number; bytes: number; status: number }[];
  storageBytes(): number;
}

type Tamper = (partNumber: number, body: Uint8Array, attempt: number) => Uint8Array | Promise<Uint8Array>;

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

interface WireOptions {
  tamper?: Tamper;
  beforePut?: (partNumber: number) => void;
  afterPut?: (response: Response) => Response | Promise<Response>;
  /** Rewrites an API answer's JSON (a hostile or broken service). */
  answer?: (path: string, body: Record<string, unknown>) => Record<string, unknown>;
}

function kooClient(options: WireOptions = {}): { client: HuaweiKooDriveClient; wire: Wire } {
  const wire: Wire = { api: [], puts: [], storageBytes: () => wire.puts.reduce((n, p) => n + p.bytes, 0) };
  const attempts = new Map<number, number>();
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.pathname.startsWith('/__drivespec/storage/')) {
      const partNumber = Number(url.searchParams.get('partNumber'));
      const attempt = attempts.get(partNumber) ?? 0;
      attempts.set(partNumber, attempt + 1);
      options.beforePut?.(partNumber);
      let body: Uint8Array = new Uint8Array(await request.arrayBuffer());
      if (options.tamper) body = await options.tamper(partNumber, body, attempt);
      const headers = new Headers(request.headers);
      headers.delete('content-length'); // fetch sets it from the (possibly tampered) body
      const response = await globalThis.fetch(url, { method: 'PUT', body: body as Uint8Array<ArrayBuffer>, headers, signal: request.signal });
      wire.puts.push({ partNumber, bytes: body.length, status: response.status });
      return options.afterPut ? options.afterPut(response) : response;
    }
    const text = await request.text();
    wire.api.push({ path: url.pathname, body: text ? JSON.parse(text) : undefined });
    const response = await globalThis.fetch(url, { method: request.method, body: text || undefined, headers: request.headers, signal: request.signal });
    if (!options.answer) return response;
    const rewritten = options.answer(url.pathname.replace('/koodrive/ose/v1/files/', ''), (await response.json()) as Record<string, unknown>);
    return new Response(JSON.stringify(rewritten), { status: response.status, headers: { 'content-type': 'application/json' } });
  };
  const c = h.emulator.credentials['huawei-koodrive'];
  const client = createClient({ baseUrl: h.emulator.url, credentials: { accessToken: c.accessToken, userId: c.userId }, now: () => h.clock.now, maxRetries: 1, fetch });
  return { client, wire };
}

const streamOf = (content: Uint8Array, chunk = 777_777) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < content.length; i += chunk) controller.enqueue(content.slice(i, i + chunk));
      controller.close();
    },
  });

const calls = (wire: Wire, op: 'create' | 'multipart/uploadUrl' | 'complete') => wire.api.filter((a) => a.path === `/koodrive/ose/v1/files/${op}`);

/** Whether the service now holds bytes of this sha256 and size: flash upload answers for them (a fresh client, nothing sent). */
async function storedAs(content: Uint8Array): Promise<boolean> {
  const { client } = kooClient();
  const answer = await client.createFile({
    body: { fileName: `probe-${Math.random()}.bin`, fileType: '45', parentFolder: ['root'], length: content.length, uploadMode: 'multipart', sha256: sha256(content) },
  });
  return answer.rapidUpload === true;
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the upload to fail, it resolved (a false success)');
}

describe('huawei-koodrive upload(): the whole upload', () => {
  it('three parts with their hashCtx (the Python vector), CompleteFile with the node:crypto sha256; the service then holds exactly those bytes', async () => {
    const { client, wire } = kooClient();
    const progress: string[] = [];
    const result = await client.upload(cycle, target, { partSize: PART, onProgress: (p) => progress.push(p.phase) });
    expect(result.rapidUpload).toBe(false);
    expect(result.file).toMatchObject({ fileName: 'cycle.bin', length: vector.size, sha256: vector.sha256, parentFolder: ['root'] });
    expect(result.file.sha256).toBe(sha256(cycle));
    expect([result.bytesSent, result.partsSent]).toEqual([vector.size, 3]);
    expect(wire.storageBytes()).toBe(vector.size);
    expect(wire.puts.map((p) => p.partNumber).sort()).toEqual([1, 2, 3]);

    // CreateFile carried the sha256 (flash upload first) and the parts, each with the state of the bytes before it.
    const [create] = calls(wire, 'create');
    expect(create!.body).toMatchObject({ fileName: 'cycle.bin', parentFolder: ['root'], length: vector.size, uploadMode: 'multipart', sha256: vector.sha256 });
    expect((create!.body as { multiParts: unknown[] }).multiParts).toEqual([
      { partNumber: 1, partSize: PART, partOffset: 0 },
      { partNumber: 2, partSize: PART, partOffset: PART, hashCtx: vector.hashCtx[0]!.h },
      { partNumber: 3, partSize: vector.size - 2 * PART, partOffset: 2 * PART, hashCtx: vector.hashCtx[1]!.h },
    ]);
    expect(calls(wire, 'complete').map((c) => c.body)).toEqual([{ fileId: result.file.fileId, sha256: vector.sha256 }]);
    expect(calls(wire, 'multipart/uploadUrl')).toEqual([]);
    expect(progress[0]).toBe('hashing');
    expect(progress.at(-1)).toBe('completing');
    expect(result.state.parts.map((p) => [p.partNumber, p.size])).toEqual([[1, PART], [2, PART], [3, vector.size - 2 * PART]]);
    expect(await storedAs(cycle)).toBe(true);
  });

  it('bytes changed after the sha256 pass, before the contexts were read: InputError naming both SHA-256s, no CompleteFile', async () => {
    const changing = cycle.slice();
    const { client, wire } = kooClient();
    const error = await rejectionOf(
      client.upload(changing, target, {
        partSize: PART,
        // The first pass (node:crypto sha256) has just ended: the contexts' pass reads after it.
        onProgress: (p) => {
          if (p.phase === 'hashing' && p.bytes === changing.length) changing[PART + 7] ^= 0xff;
        },
      }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(`its SHA-256 was ${vector.sha256} when first read and ${sha256(changing)} when read again`);
    expect(calls(wire, 'complete')).toEqual([]);
  });

  it('flash upload: a stored file of the same sha256 and size is created at once, 0 bytes sent, no CompleteFile', async () => {
    h.emulator.seed.koodriveFile({ fileId: 'stored-cycle', content: cycle });
    const { client, wire } = kooClient();
    const result = await client.upload(cycle, { ...target, fileName: 'copy.bin' }, { partSize: PART });
    expect(result).toMatchObject({ rapidUpload: true, bytesSent: 0, partsSent: 0 });
    expect(result.file).toMatchObject({ fileName: 'copy.bin', sha256: sha256(cycle), length: cycle.length });
    expect(wire.puts).toEqual([]);
    expect(calls(wire, 'complete')).toEqual([]);

    // rapidUpload: false sends no sha256 at CreateFile, so the bytes go up (and CompleteFile checks them).
    const again = kooClient();
    const sent = await again.client.upload(cycle, { ...target, fileName: 'sent.bin' }, { partSize: PART, rapidUpload: false });
    expect(sent.rapidUpload).toBe(false);
    expect(again.wire.storageBytes()).toBe(cycle.length);
    expect(calls(again.wire, 'create')[0]!.body).not.toHaveProperty('sha256');
    expect(calls(again.wire, 'complete')[0]!.body).toEqual({ fileId: sent.file.fileId, sha256: sha256(cycle) });
  });

  it('a file path and a Blob upload the same bytes (parts read again from the source, 4 at a time)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drivespec-koodrive-'));
    try {
      const file = join(dir, 'cycle.bin');
      await writeFile(file, cycle);
      for (const source of [file, new Blob([cycle])]) {
        h.emulator.seed.reset();
        const { client, wire } = kooClient();
        const result = await client.upload(source, target, { partSize: PART });
        expect(result.file.sha256).toBe(sha256(cycle));
        expect(wire.storageBytes()).toBe(cycle.length);
        expect(result.state.source.kind).toBe(typeof source === 'string' ? 'file' : 'blob');
        expect(await storedAs(cycle)).toBe(true);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an empty file (one part of 0 bytes) and a 1-byte file complete with their node:crypto sha256', async () => {
    for (const content of [new Uint8Array(0), Uint8Array.of(0x61)]) {
      const { client, wire } = kooClient();
      const result = await client.upload(content, { ...target, fileName: `f${content.length}.bin` });
      expect(result.file).toMatchObject({ length: content.length, sha256: sha256(content) });
      expect(wire.puts.map((p) => [p.partNumber, p.bytes, p.status])).toEqual([[1, content.length, 200]]);
      expect(await storedAs(content)).toBe(true);
    }
  });
});

describe('huawei-koodrive upload(): never a false success', () => {
  it('a byte corrupted in flight on every attempt: the ETag is not the MD5 sent, the upload rejects with HuaweiKooDriveApiError and its state', async () => {
    const flip: Tamper = (n, body) => {
      if (n !== 2) return body;
      const copy = Uint8Array.from(body);
      copy[1000]! ^= 0x01;
      return copy;
    };
    const { client, wire } = kooClient({ tamper: flip });
    const error = await rejectionOf(client.upload(cycle, target, { partSize: PART, concurrency: 1 }));
    expect(error).toBeInstanceOf(HuaweiKooDriveApiError);
    expect(calls(wire, 'complete')).toEqual([]);
    const state = uploadStateOf(error);
    expect(state?.parts.map((p) => p.partNumber)).not.toContain(2);
  });

  it('a byte corrupted in flight and its ETag forged to the MD5 sent: CompleteFile refuses with 13000402', async () => {
    let forged: string | undefined;
    const flip: Tamper = (n, body) => {
      if (n !== 2) return body;
      forged = `"${createHash('md5').update(body).digest('hex')}"`;
      const copy = Uint8Array.from(body);
      copy[1000]! ^= 0x01;
      return copy;
    };
    const { client } = kooClient({
      tamper: flip,
      afterPut: (response) => {
        if (forged === undefined) return response;
        const headers = new Headers(response.headers);
        headers.set('etag', forged);
        forged = undefined;
        return new Response(response.body, { status: response.status, headers });
      },
    });
    const error = await rejectionOf(client.upload(cycle, target, { partSize: PART, concurrency: 1 }));
    expect(error).toBeInstanceOf(HuaweiKooDriveApiError);
    expect((error as HuaweiKooDriveApiError).code).toBe('13000402');
    expect((error as HuaweiKooDriveApiError).operationId).toBe('CompleteFile');
    expect(uploadStateOf(error)?.parts).toHaveLength(3);
    expect(await storedAs(cycle)).toBe(false);
  });

  it('a part stored short (fewer bytes than declared) is caught at its PUT by the ETag, sent again whole, and the upload completes right', async () => {
    const { client, wire } = kooClient({ tamper: (n, body, attempt) => (n === 3 && attempt === 0 ? body.subarray(0, body.length - 64) : body) });
    const result = await client.upload(cycle, target, { partSize: PART, concurrency: 1 });
    expect(wire.puts.filter((p) => p.partNumber === 3).map((p) => p.bytes)).toEqual([vector.size - 2 * PART - 64, vector.size - 2 * PART]);
    expect(result.file.sha256).toBe(sha256(cycle));
    expect(await storedAs(cycle)).toBe(true);
  });

  it('a source that changes between the hashing pass and completion is not completed', async () => {
    const content = Uint8Array.from(cycle);
    const { client, wire } = kooClient({
      beforePut: (n) => {
        // Part 3's bytes are read after part 2's PUT (concurrency 1): they are not the ones hashed.
        if (n === 2) content[content.length - 1]! ^= 0xff;
      },
    });
    const error = await rejectionOf(client.upload(content, target, { partSize: PART, concurrency: 1 }));
    expect(error).toBeInstanceOf(HuaweiKooDriveApiError);
    expect((error as HuaweiKooDriveApiError).code).toBe('13000402');
    expect(calls(wire, 'complete')).toHaveLength(1);
  });
});

describe('huawei-koodrive upload(): answers off the contract are errors, never a success', () => {
  it('CreateFile without the links asked for, or with a part of another size: ResponseValidationError, nothing completed', async () => {
    for (const rewrite of [
      (b: Record<string, unknown>) => ({ ...b, multiParts: undefined }),
      (b: Record<string, unknown>) => ({ ...b, multiParts: (b.multiParts as { partSize: number }[]).map((p) => ({ ...p, partSize: p.partSize + 64 })) }),
      (b: Record<string, unknown>) => ({ ...b, uploadId: undefined }),
    ]) {
      const { client, wire } = kooClient({ answer: (path, b) => (path === 'create' ? rewrite(b) : b) });
      const error = await rejectionOf(client.upload(cycle, target, { partSize: PART }));
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).operationId).toBe('CreateFile');
      expect(calls(wire, 'complete')).toEqual([]);
    }
  });

  it('a flash-upload hit answered although no sha256 was sent (rapidUpload: false) is not taken as an upload done', async () => {
    const { client, wire } = kooClient({ answer: (path, b) => (path === 'create' ? { fileId: b.fileId, rapidUpload: true, code: 0, msg: 'Success.' } : b) });
    const error = await rejectionOf(client.upload(cycle, target, { partSize: PART, rapidUpload: false }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(wire.puts).toEqual([]);
  });

  it('UploadUrl without a link for a part asked for: ResponseValidationError with the state', async () => {
    const { client } = kooClient({
      answer: (path, b) => (path === 'multipart/uploadUrl' ? { ...b, multiParts: [] } : path === 'create' ? { ...b, multiParts: (b.multiParts as unknown[]).slice(0, 1) } : b),
    });
    const error = await rejectionOf(client.upload(streamOf(cycle), target, { size: cycle.length, partSize: PART, concurrency: 1 }));
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).operationId).toBe('UploadUrl');
    expect(uploadStateOf(error)?.parts.map((p) => p.partNumber)).toEqual([1]);
  });
});

describe('huawei-koodrive upload(): links', () => {
  it('a link that expired on the way (403 AccessDenied) is replaced through UploadUrl and the part sent again', async () => {
    let moved = false;
    const { client, wire } = kooClient({
      beforePut: () => {
        if (moved) return;
        moved = true;
        // The emulator's (and the client's) clock passes the links' 3600 s after they were handed out.
        h.clock.now = new Date(T0.getTime() + 3601 * 1000);
      },
    });
    const result = await client.upload(cycle, target, { partSize: PART, concurrency: 1 });
    expect(wire.puts.filter((p) => p.status === 403)).toHaveLength(1);
    const renewed = calls(wire, 'multipart/uploadUrl');
    expect(renewed.length).toBeGreaterThanOrEqual(1);
    // The renewal asks again with the same parts and states (part 1 first, no hashCtx for it).
    expect((renewed[0]!.body as { multiParts: { partNumber: number }[] }).multiParts[0]).toEqual({ partNumber: 1, partSize: PART, partOffset: 0 });
    expect(result.file.sha256).toBe(sha256(cycle));
    expect(wire.storageBytes()).toBe(vector.size + PART);
  });

  it('a link near the end of its lifetime by the client’s clock is replaced before a byte is sent to it', async () => {
    const { client, wire } = kooClient();
    const result = await client.upload(cycle, target, {
      partSize: PART,
      onProgress: (p) => {
        if (p.phase === 'uploading' && p.parts === 0) h.clock.now = new Date(T0.getTime() + 3500 * 1000);
      },
    });
    expect(wire.puts.every((p) => p.status === 200)).toBe(true);
    expect(wire.storageBytes()).toBe(vector.size);
    expect(calls(wire, 'multipart/uploadUrl')).toHaveLength(1);
    expect(result.file.sha256).toBe(sha256(cycle));
  });
});

describe('huawei-koodrive upload(): abort and resume', () => {
  it('abort after the first part: AbortError with the state; resume sends only the two missing parts and completes', async () => {
    const controller = new AbortController();
    let saved: UploadState | undefined;
    const first = kooClient();
    const error = await rejectionOf(
      first.client.upload(cycle, target, {
        partSize: PART,
        concurrency: 1,
        signal: controller.signal,
        onState: (s) => {
          saved = s;
          if (s.parts.length === 1) controller.abort();
        },
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(calls(first.wire, 'complete')).toEqual([]);
    const state = uploadStateOf(error)!;
    expect(state.parts.map((p) => p.partNumber)).toEqual([1]);
    expect(saved).toEqual(state);
    // JSON round trip, as `drivespec upload --resume FILE` stores it: no URL, no token.
    const text = JSON.stringify(state);
    expect(text).not.toContain('http');
    expect(text).not.toContain(h.emulator.credentials['huawei-koodrive'].accessToken);

    const second = kooClient();
    const result = await second.client.upload(cycle, target, { resume: JSON.parse(text) as UploadState });
    expect(calls(second.wire, 'create')).toEqual([]);
    expect(second.wire.storageBytes()).toBe(vector.size - PART);
    expect(second.wire.puts.map((p) => p.partNumber).sort()).toEqual([2, 3]);
    expect([result.bytesSent, result.partsSent]).toEqual([vector.size - PART, 2]);
    // The links for the missing parts were asked with their states (the Python vector).
    expect((calls(second.wire, 'multipart/uploadUrl')[0]!.body as { multiParts: unknown[] }).multiParts).toEqual([
      { partNumber: 2, partSize: PART, partOffset: PART, hashCtx: vector.hashCtx[0]!.h },
      { partNumber: 3, partSize: vector.size - 2 * PART, partOffset: 2 * PART, hashCtx: vector.hashCtx[1]!.h },
    ]);
    expect(result.file).toMatchObject({ fileId: state.upload.fileId, sha256: vector.sha256 });
    expect(await storedAs(cycle)).toBe(true);
  });

  it('stopped after the last part, before CompleteFile: resume sends no byte and completes', async () => {
    const controller = new AbortController();
    const first = kooClient();
    const error = await rejectionOf(
      first.client.upload(cycle, target, { partSize: PART, signal: controller.signal, onState: (s) => s.parts.length === 3 && controller.abort() }),
    );
    expect(error).toBeInstanceOf(AbortError);
    expect(calls(first.wire, 'complete')).toEqual([]);
    const second = kooClient();
    const result = await second.client.upload(cycle, target, { resume: uploadStateOf(error)! });
    expect([second.wire.puts.length, result.bytesSent, result.partsSent]).toEqual([0, 0, 0]);
    expect(calls(second.wire, 'complete').map((c) => c.body)).toEqual([{ fileId: result.file.fileId, sha256: vector.sha256 }]);
    expect(await storedAs(cycle)).toBe(true);
  });

  it('resume of an upload task the service no longer has: HuaweiKooDriveApiError 13000401 from UploadUrl, nothing sent', async () => {
    const controller = new AbortController();
    const first = kooClient();
    const error = await rejectionOf(
      first.client.upload(cycle, target, { partSize: PART, concurrency: 1, signal: controller.signal, onState: (s) => s.parts.length === 1 && controller.abort() }),
    );
    h.emulator.seed.reset();
    const second = kooClient();
    const refused = await rejectionOf(second.client.upload(cycle, target, { resume: uploadStateOf(error)! }));
    expect(refused).toBeInstanceOf(HuaweiKooDriveApiError);
    expect([(refused as HuaweiKooDriveApiError).operationId, (refused as HuaweiKooDriveApiError).code]).toEqual(['UploadUrl', '13000401']);
    expect(uploadStateOf(refused)?.parts.map((p) => p.partNumber)).toEqual([1]);
    expect(second.wire.puts).toEqual([]);
  });

  it('resume refuses another content of the same size, another target and a state of another provider, before sending anything', async () => {
    const controller = new AbortController();
    const { client } = kooClient();
    const error = await rejectionOf(
      client.upload(cycle, target, { partSize: PART, concurrency: 1, signal: controller.signal, onState: (s) => s.parts.length === 1 && controller.abort() }),
    );
    const state = uploadStateOf(error)!;
    const other = Uint8Array.from(cycle);
    other[7]! ^= 1;
    const check = kooClient();
    const e1 = await rejectionOf(check.client.upload(other, target, { resume: state }));
    expect(e1).toBeInstanceOf(ConfigurationError);
    expect((e1 as ConfigurationError).option).toBe('resume');
    const e2 = await rejectionOf(check.client.upload(cycle, { ...target, fileName: 'elsewhere.bin' }, { resume: state }));
    expect((e2 as ConfigurationError).option).toBe('resume');
    const e3 = await rejectionOf(check.client.upload(cycle, target, { resume: { ...state, provider: 'tencent-smh' } }));
    expect(e3).toBeInstanceOf(ConfigurationError);
    // A part size KooDrive refuses (under 5 MiB), or a state of a flash upload (no upload task).
    for (const resume of [{ ...state, partSize: 1024 * 64, parts: [] }, { ...state, upload: { ...state.upload, uploadId: '' } }]) {
      const e = await rejectionOf(check.client.upload(cycle, target, { resume }));
      expect((e as ConfigurationError).option, JSON.stringify(resume.upload)).toBe('resume');
    }
    expect(check.wire.api).toEqual([]);
    expect(check.wire.puts).toEqual([]);
  });
});

describe('huawei-koodrive upload(): streams', () => {
  it('a stream is hashed as it is read: each part’s link is asked with the state before it (the Python vector), no flash upload, CompleteFile with the sha256', async () => {
    h.emulator.seed.koodriveFile({ fileId: 'stored-cycle', content: cycle });
    const { client, wire } = kooClient();
    const result = await client.upload(streamOf(cycle), target, { size: cycle.length, partSize: PART });
    expect(result.rapidUpload).toBe(false);
    expect(wire.storageBytes()).toBe(cycle.length);
    const create = calls(wire, 'create')[0]!.body as Record<string, unknown>;
    expect(create).not.toHaveProperty('sha256');
    expect(create.multiParts).toEqual([{ partNumber: 1, partSize: PART, partOffset: 0 }]);
    const asked = calls(wire, 'multipart/uploadUrl').flatMap((c) => (c.body as { multiParts: unknown[] }).multiParts);
    expect(asked).toEqual([
      { partNumber: 2, partSize: PART, partOffset: PART, hashCtx: vector.hashCtx[0]!.h },
      { partNumber: 3, partSize: vector.size - 2 * PART, partOffset: 2 * PART, hashCtx: vector.hashCtx[1]!.h },
    ]);
    expect(calls(wire, 'complete')[0]!.body).toEqual({ fileId: result.file.fileId, sha256: vector.sha256 });
    expect(result.file.sha256).toBe(vector.sha256);
  });

  it('a stream resumed from its first byte: the stored part is read and hashed, not sent', async () => {
    const controller = new AbortController();
    const first = kooClient();
    const error = await rejectionOf(
      first.client.upload(streamOf(cycle), target, {
        size: cycle.length,
        partSize: PART,
        concurrency: 1,
        signal: controller.signal,
        onState: (s) => s.parts.length === 1 && controller.abort(),
      }),
    );
    expect(error).toBeInstanceOf(AbortError);
    const second = kooClient();
    const result = await second.client.upload(streamOf(cycle), target, { size: cycle.length, resume: uploadStateOf(error)! });
    expect(second.wire.storageBytes()).toBe(cycle.length - PART);
    expect(result.file.sha256).toBe(vector.sha256);
    expect(await storedAs(cycle)).toBe(true);
  });
});

describe('huawei-koodrive upload(): a stream that is not the size declared', () => {
  it('shorter or longer than options.size: InputError with the state, never completed', async () => {
    for (const size of [cycle.length + 1, cycle.length - 1]) {
      const { client, wire } = kooClient();
      const error = await rejectionOf(client.upload(streamOf(cycle), target, { size, partSize: PART }));
      expect(error, String(size)).toBeInstanceOf(InputError);
      expect(uploadStateOf(error)).toBeDefined();
      expect(calls(wire, 'complete')).toEqual([]);
    }
  });
});

describe('huawei-koodrive upload(): bad targets', () => {
  it('a name or folder CreateFile would refuse is a ConfigurationError before a byte is read or sent', async () => {
    const { client, wire } = kooClient();
    for (const bad of [
      { parentFolder: 'root', fileName: 'a/b.bin' },
      { parentFolder: 'root', fileName: '' },
      { parentFolder: '', fileName: 'x.bin' },
      { parentFolder: ['root'], fileName: 'x.bin' },
      { parentFolder: 'root', fileName: 'x.bin', fileType: 45 },
      { parentFolder: 'root', fileName: 'x.bin', autoRename: 4 },
    ]) {
      const error = await rejectionOf(client.upload('/nonexistent/file', bad as never));
      expect(error, JSON.stringify(bad)).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toMatch(/^target/);
    }
    expect(wire.api).toEqual([]);
  });
});
