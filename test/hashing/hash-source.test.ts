import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Readable } from 'node:stream';
import { ReadableStream as NodeWebReadableStream } from 'node:stream/web';
import { afterAll, describe, expect, it } from 'vitest';
import { AbortError, ConfigurationError, InputError } from '../../src/core/errors.js';
import { hashSource, type HashResult } from '../../src/hashing/index.js';
import { prng, pseudoRandomBytes, referenceCrc64 } from './support.js';

const dir = mkdtempSync(join(tmpdir(), 'drivespec-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Above the 64 MiB automatic-worker threshold would be slow for the default suite; `worker: true`
// forces the worker on small inputs instead.
const data = pseudoRandomBytes(3 * 1024 * 1024 + 12_345, 99);
const file = join(dir, 'data.bin');
writeFileSync(file, data);

const expected: HashResult<'crc64' | 'sha1' | 'sha256' | 'md5'> = {
  size: data.length,
  crc64: referenceCrc64(data), // crc64-ecma182.js
  sha1: createHash('sha1').update(data).digest('hex'),
  sha256: createHash('sha256').update(data).digest('hex'),
  md5: createHash('md5').update(data).digest('hex'),
};
const all = ['crc64', 'sha1', 'sha256', 'md5'] as const;

function oddChunks(bytes: Uint8Array, seed: number): Uint8Array[] {
  const next = prng(seed);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; ) {
    const size = next(4) === 0 ? next(3) : next(300_000);
    chunks.push(bytes.slice(i, i + size));
    i += size;
  }
  return chunks;
}

function webStream(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++]!);
      else controller.close();
    },
  });
}

const sources: [string, () => Parameters<typeof hashSource>[0]][] = [
  ['a file path', () => file],
  ['a file: URL', () => pathToFileURL(file)],
  ['a Buffer', () => Buffer.from(data)],
  ['an ArrayBuffer', () => data.slice().buffer],
  ['a DataView', () => new DataView(data.slice().buffer)],
  ['a Blob', () => new Blob([data.slice()])],
  ['a web ReadableStream', () => webStream(oddChunks(data, 1))],
  ['a node:stream/web ReadableStream', () => NodeWebReadableStream.from(oddChunks(data, 2))],
  ['a Node Readable', () => Readable.from(oddChunks(data, 3))],
  [
    'an async generator',
    () =>
      (async function* () {
        yield* oddChunks(data, 4);
      })(),
  ],
];

describe('hashSource', () => {
  describe.each([
    ['inline', false],
    ['worker thread', true],
  ] as const)('crc64 %s', (_, worker) => {
    it.each(sources)('hashes %s in one pass, equal to node:crypto and crc64-ecma182.js', async (_, make) => {
      expect(await hashSource(make(), { algorithms: all, worker })).toEqual(expected);
    });
  });

  it('computes crc64, sha1 and sha256 by default (auto worker policy)', async () => {
    const { md5: _md5, ...rest } = expected;
    expect(await hashSource(file)).toEqual(rest);
  });

  it('computes exactly the requested subset', async () => {
    expect(await hashSource(file, { algorithms: ['sha256'] })).toEqual({ size: data.length, sha256: expected.sha256 });
    expect(await hashSource(Readable.from([data]), { algorithms: ['crc64'], worker: true })).toEqual({
      size: data.length,
      crc64: expected.crc64,
    });
    expect(await hashSource(file, { algorithms: [] })).toEqual({ size: data.length });
  });

  it('hashes empty sources', async () => {
    const empty = join(dir, 'empty.bin');
    writeFileSync(empty, '');
    const emptyResult = {
      size: 0,
      crc64: '0',
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    };
    expect(await hashSource(empty)).toEqual(emptyResult);
    expect(await hashSource(empty, { worker: true })).toEqual(emptyResult);
    expect(await hashSource(new Uint8Array(0))).toEqual(emptyResult);
    expect(await hashSource(Readable.from([]))).toEqual(emptyResult);
    expect(await hashSource(new Blob([]))).toEqual(emptyResult);
  });

  it('leaves the caller\'s buffers untouched when the worker copies them', async () => {
    const chunks = oddChunks(data, 5);
    await hashSource(Readable.from(chunks), { worker: true });
    expect(chunks.every((c) => c.buffer.byteLength > 0 || c.length === 0)).toBe(true);
    expect(Buffer.concat(chunks).equals(Buffer.from(data))).toBe(true);
  });
});

describe('hashSource errors', () => {
  it('a missing file rejects with a one-line InputError naming the file', async () => {
    const missing = join(dir, 'no-such-file.bin');
    const error = await hashSource(missing).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`cannot read ${missing}: no such file or directory`);
  });

  it('a directory rejects with InputError', async () => {
    await expect(hashSource(dir)).rejects.toThrow(new InputError(`cannot read ${dir}: is a directory`));
  });

  it('a directory given as a file: URL rejects with InputError too', async () => {
    await expect(hashSource(pathToFileURL(dir))).rejects.toThrow(new InputError(`cannot read ${dir}: is a directory`));
  });

  // open(2) on a FIFO blocks until a writer appears, and no signal can interrupt it: a FIFO (or a
  // device) is refused from its stat, before any open.
  const fifo = join(dir, 'fifo');
  const mkfifo = process.platform === 'win32' ? undefined : spawnSync('mkfifo', [fifo]);
  const fifoSkip = !mkfifo ? 'no FIFOs on Windows' : mkfifo.error ? `mkfifo unavailable: ${mkfifo.error.message}` : mkfifo.status !== 0 ? `mkfifo failed: ${String(mkfifo.stderr).trim()}` : '';
  it.skipIf(fifoSkip !== '')(`a FIFO rejects with InputError at once, without waiting for a writer${fifoSkip ? ` (skipped: ${fifoSkip})` : ''}`, async () => {
    const controller = new AbortController();
    const error = await hashSource(fifo, { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`cannot read ${fifo}: not a regular file`);
  });

  it.skipIf(process.getuid?.() === 0)('an unreadable file rejects with InputError', async () => {
    const locked = join(dir, 'locked.bin');
    writeFileSync(locked, 'x');
    chmodSync(locked, 0o000);
    await expect(hashSource(locked)).rejects.toThrow(/permission denied/);
  });

  it('a non-file URL rejects with InputError', async () => {
    await expect(hashSource(new URL('https://example.com/x'))).rejects.toThrow(InputError);
  });

  describe.each([
    ['inline', false],
    ['worker thread', true],
  ] as const)('with crc64 %s', (_, worker) => {
    it('a Node stream that errors mid-way rejects (no hang, no partial result)', async () => {
      const stream = new Readable({ read() {} });
      stream.push(data.subarray(0, 2_000_000));
      setTimeout(() => stream.destroy(new Error('disk on fire')), 10);
      const error = await hashSource(stream, { worker }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toBe('cannot read stream: disk on fire');
      expect((error as Error).cause).toBeInstanceOf(Error);
    });

    it('a web stream that errors rejects', async () => {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(data.subarray(0, 100_000));
        },
        pull(controller) {
          controller.error(new TypeError('connection reset'));
        },
      });
      await expect(hashSource(stream, { worker })).rejects.toThrow(new InputError('cannot read stream: connection reset'));
    });

    it('an async iterable that throws rejects', async () => {
      async function* failing() {
        yield data.subarray(0, 10);
        throw new Error('boom');
      }
      await expect(hashSource(failing(), { worker })).rejects.toThrow(/cannot read stream: boom/);
    });
  });

  it('a stream of strings is refused (bytes depend on an encoding)', async () => {
    await expect(hashSource(Readable.from(['abc']))).rejects.toThrow(InputError);
    await expect(hashSource(Readable.from(['abc']))).rejects.toThrow(/string/);
  });

  it('an unsupported source is refused with InputError', async () => {
    await expect(hashSource(42 as never)).rejects.toThrow(InputError);
    await expect(hashSource(null as never)).rejects.toThrow(InputError);
    await expect(hashSource({} as never)).rejects.toThrow(/unsupported source/);
  });

  it('an unknown algorithm is a ConfigurationError', async () => {
    await expect(hashSource(file, { algorithms: ['crc32' as never] })).rejects.toThrow(ConfigurationError);
  });

  it('an aborted signal rejects with AbortError before reading', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(hashSource(file, { signal: controller.signal })).rejects.toThrow(AbortError);
  });

  it('aborting a stalled Node stream rejects with AbortError', async () => {
    const controller = new AbortController();
    const stalled = new Readable({ read() {} });
    stalled.push(data.subarray(0, 1000));
    setTimeout(() => controller.abort(), 20);
    await expect(hashSource(stalled, { signal: controller.signal })).rejects.toThrow(AbortError);
    expect(stalled.destroyed).toBe(true);
  });

  it('aborting a plain async iterable whose next() never settles rejects with AbortError and asks it to close', async () => {
    const controller = new AbortController();
    let returned = 0;
    const hanging: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => new Promise<IteratorResult<Uint8Array>>(() => {}),
        return: () => {
          returned++;
          return new Promise<IteratorResult<Uint8Array>>(() => {}); // a close that never finishes either
        },
      }),
    };
    setTimeout(() => controller.abort(), 20);
    await expect(hashSource(hanging, { signal: controller.signal })).rejects.toThrow(AbortError);
    expect(returned).toBe(1);
  });

  it('aborting an async generator stalled between chunks rejects with AbortError', async () => {
    const controller = new AbortController();
    async function* stalled() {
      yield data.subarray(0, 1000);
      await new Promise(() => {});
    }
    setTimeout(() => controller.abort(), 20);
    await expect(hashSource(stalled(), { signal: controller.signal, worker: true })).rejects.toThrow(AbortError);
  });

  it('a late rejection of an abandoned next() is not left unhandled', async () => {
    const controller = new AbortController();
    let fail!: (e: Error) => void;
    const iterable: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({ next: () => new Promise<IteratorResult<Uint8Array>>((_, reject) => (fail = reject)) }),
    };
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      setTimeout(() => controller.abort(), 10);
      await expect(hashSource(iterable, { signal: controller.signal })).rejects.toThrow(AbortError);
      fail(new Error('late'));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('aborting a stalled web stream rejects with AbortError', async () => {
    const controller = new AbortController();
    const stalled = new ReadableStream<Uint8Array>({ start: (c) => c.enqueue(data.subarray(0, 10)) });
    setTimeout(() => controller.abort(), 20);
    await expect(hashSource(stalled, { signal: controller.signal, worker: true })).rejects.toThrow(AbortError);
  });
});
