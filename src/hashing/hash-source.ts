/**
 * One pass over a file, a stream, a Blob or bytes, computing any subset of crc64, sha1, sha256 and
 * md5 in constant memory: data moves through a few 1 MiB buffers and nothing else is kept, so a
 * multi-GiB file costs the same few MiB as a small one.
 *
 * With crc64 and a cryptographic hash together on a large input, the CRC runs in a worker thread
 * on Node (src/platform/offload.ts) so it costs next to nothing on top of sha1 + sha256; in the
 * universal build it runs inline. File paths are read through src/platform/files.ts (Node only:
 * the universal build refuses them with an InputError).
 */
import { AbortError, DrivespecError, InputError } from '../core/errors.js';
import { filePathOf, openRegularFile, type RegularFile } from '../platform/files.js';
import { startCrc64Offload } from '../platform/offload.js';
import { Crc64 } from './crc64.js';
import { crc64FromBigInt, crc64ToDecimal } from './crc64-format.js';
import type { Crc64Offload } from './crc64-offload.js';
import { fileError } from './file-error.js';
import {
  checkAlgorithms,
  defaultHashAlgorithms,
  type DefaultHashAlgorithm,
  type HashAlgorithm,
  type UploadHashOptions,
  type UploadHashResult,
} from './multi-hash.js';
import { checkExtras, checkPartSize, CryptoPass, type HashExtra } from './one-pass.js';
import { toBytes, type BinaryChunk } from './to-bytes.js';
import { checkOneOf, checkOptions, describeValue } from './arguments.js';

/**
 * What can be hashed: a file path (string or `file:` URL; a string is always a path, never
 * content), bytes, a Blob/File, a web `ReadableStream`, or any async iterable of byte chunks (a
 * Node `Readable` is one).
 */
export type HashSource =
  | string
  | URL
  | BinaryChunk
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<BinaryChunk>;

export interface HashSourceOptions<A extends HashAlgorithm = HashAlgorithm, E extends HashExtra = never>
  extends UploadHashOptions<E> {
  /** Default: crc64, sha1, sha256. */
  algorithms?: readonly A[];
  /**
   * Run CRC-64 in a worker thread: `'auto'` (default) when crc64 is computed with another hash on
   * 64 MiB or more; `true` for any input with crc64; `false` never. Falls back to the calling
   * thread where workers or WebAssembly are unavailable.
   */
  worker?: boolean | 'auto';
  /** Aborting rejects with `AbortError` and stops reading. */
  signal?: AbortSignal;
  /**
   * Called after each chunk is hashed with the bytes hashed so far (a progress display for a long
   * pre-pass, issue 12). A throw from it is ignored: a progress display must not fail the hashing.
   */
  onProgress?: (bytesHashed: number) => void;
}

/** Read size, and the size of each buffer handed to the worker. */
const CHUNK_SIZE = 1 << 20;
/** Buffers in flight to the worker: 4 MiB in all, enough to keep both threads busy. */
const OFFLOAD_BUFFERS = 4;
/**
 * Below this a worker's start-up (~20 ms) costs more than it saves: measured on this machine class,
 * crc64 + sha1 + sha256 of 16 MiB takes 28 ms inline and 42 ms with a worker; at 64 MiB the worker
 * is ahead (96 vs 105 ms), and at 1 GiB by a quarter.
 */
const AUTO_WORKER_MIN_BYTES = 64 << 20;

export function hashSource<A extends HashAlgorithm, E extends HashExtra = never>(
  source: HashSource,
  options: HashSourceOptions<A, E> & { algorithms: readonly A[] },
): Promise<UploadHashResult<A, E>>;
export function hashSource<E extends HashExtra = never>(
  source: HashSource,
  options?: HashSourceOptions<DefaultHashAlgorithm, E>,
): Promise<UploadHashResult<DefaultHashAlgorithm, E>>;
export async function hashSource(
  source: HashSource,
  options?: HashSourceOptions<HashAlgorithm, HashExtra>,
): Promise<{ size: number }> {
  const given = checkOptions('hashSource', options) as HashSourceOptions<HashAlgorithm, HashExtra>;
  const algorithms = checkAlgorithms(given.algorithms ?? defaultHashAlgorithms);
  const pass = new CryptoPass(algorithms, checkExtras(given.extras), checkPartSize(given.partSize));
  const worker = checkOneOf('hashSource', 'options.worker', given.worker, [true, false, 'auto', undefined] as const);
  if (given.signal !== undefined && !isAbortSignal(given.signal)) {
    throw new InputError(`hashSource: options.signal must be an AbortSignal, got ${describeValue(given.signal)}`);
  }
  if (given.onProgress !== undefined && typeof given.onProgress !== 'function') {
    throw new InputError(`hashSource: options.onProgress must be a function, got ${describeValue(given.onProgress)}`);
  }
  const digester = new Digester(algorithms, pass, worker ?? 'auto', given.signal, given.onProgress);
  try {
    digester.checkAborted();
    if (typeof source === 'string' || source instanceof URL) await hashFile(source, digester);
    else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) await hashBytes(toBytes(source), digester);
    else if (isBlob(source)) await hashBlob(source, digester);
    else if (isWebStream(source)) await hashWebStream(source, digester);
    else if (isAsyncIterable(source)) await hashIterable(source, digester);
    else throw new InputError(`hashSource: unsupported source ${describeType(source)}`);
    return await digester.finish();
  } finally {
    digester.destroy();
  }
}

/** An AbortSignal, also one of another realm or a polyfill: what is used of it is there. */
function isAbortSignal(value: unknown): value is AbortSignal {
  const v = value as Partial<AbortSignal> | null;
  return typeof v === 'object' && v !== null && typeof v.aborted === 'boolean' && typeof v.addEventListener === 'function' && typeof v.removeEventListener === 'function';
}

/** The hashes of one pass, with the CRC inline or in a worker. */
class Digester {
  size = 0;
  offload: Crc64Offload | undefined;
  readonly #pass: CryptoPass;
  readonly #crc: Crc64 | undefined;
  readonly #worker: boolean | 'auto';
  readonly #algorithms: readonly HashAlgorithm[];
  readonly signal: AbortSignal | undefined;

  readonly #onProgress: ((bytesHashed: number) => void) | undefined;

  constructor(
    algorithms: readonly HashAlgorithm[],
    pass: CryptoPass,
    worker: boolean | 'auto',
    signal: AbortSignal | undefined,
    onProgress?: (bytesHashed: number) => void,
  ) {
    this.#onProgress = onProgress;
    this.#algorithms = algorithms;
    this.#pass = pass;
    this.#crc = algorithms.includes('crc64') ? new Crc64() : undefined;
    this.#worker = worker;
    this.signal = signal;
  }

  checkAborted(): void {
    if (this.signal?.aborted) throw new AbortError('hashSource', { cause: this.signal.reason });
  }

  /** Moves the CRC to a worker if the policy says so for an input of (at least) `expectedSize`. */
  considerOffload(expectedSize: number): void {
    if (this.offload || !this.#crc || this.#worker === false) return;
    if (this.#worker === 'auto' && (!this.#pass.hasWork || expectedSize < AUTO_WORKER_MIN_BYTES)) return;
    this.offload = startCrc64Offload(crc64FromBigInt(this.#crc.digestBigInt()), {
      bufferSize: CHUNK_SIZE,
      buffers: OFFLOAD_BUFFERS,
    });
  }

  /** Hashes a chunk the caller keeps (copied for the worker). */
  async write(bytes: Uint8Array): Promise<void> {
    this.checkAborted();
    this.#pass.update(bytes);
    this.size += bytes.length;
    this.#report();
    if (!this.#crc) return;
    if (!this.offload) this.considerOffload(this.size);
    if (this.offload) await this.offload.write(bytes);
    else this.#crc.update(bytes);
  }

  /**
   * Hashes `length` bytes of a buffer from `offload.acquire()` (or a local one without offload);
   * with offload the buffer then belongs to the worker until it hands it back.
   */
  consumeOwned(buffer: Uint8Array, length: number): void {
    const bytes = buffer.subarray(0, length);
    this.#pass.update(bytes);
    this.size += length;
    this.#report();
    if (this.offload) this.offload.submit(buffer, length);
    else this.#crc?.update(bytes);
  }

  #report(): void {
    if (!this.#onProgress) return;
    try {
      this.#onProgress(this.size);
    } catch {
      // The caller's progress display failed; the hashing goes on.
    }
  }

  async finish(): Promise<UploadHashResult<HashAlgorithm, HashExtra>> {
    this.checkAborted();
    const crc64 = this.offload ? crc64ToDecimal(await this.offload.finish()) : this.#crc?.digest();
    const result: Record<string, unknown> = { size: this.size };
    for (const name of this.#algorithms) if (name === 'crc64' && crc64 !== undefined) result.crc64 = crc64;
    this.#pass.finish(result);
    return result as UploadHashResult<HashAlgorithm, HashExtra>;
  }

  destroy(): void {
    this.offload?.destroy();
  }
}

async function hashFile(path: string | URL, digester: Digester): Promise<void> {
  if (path instanceof URL && path.protocol !== 'file:') {
    throw new InputError(`cannot read ${path.href}: only file: URLs are files`);
  }
  let name: string;
  try {
    name = filePathOf(path);
  } catch (error) {
    throw fileError(String(path), error);
  }
  const { handle, stats } = await openRegularFile(path, name);
  try {
    const size = stats.size;
    digester.considerOffload(size);
    await readFileChunks(handle, name, digester);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Reads straight into the buffers that get hashed (with a worker, shared-memory slots the worker
 * reads in place), keeping one read in flight while the previous chunk is hashed so disk and
 * hashing overlap.
 */
async function readFileChunks(handle: RegularFile, name: string, digester: Digester): Promise<void> {
  const local = digester.offload ? [] : [new Uint8Array(CHUNK_SIZE), new Uint8Array(CHUNK_SIZE)];
  let turn = 0;
  const nextBuffer = (): Uint8Array | Promise<Uint8Array> => {
    const offload = digester.offload;
    if (!offload) return local[turn++ & 1]!;
    return offload.tryAcquire() ?? offload.acquire();
  };
  const read = async (buffer: Uint8Array): Promise<{ buffer: Uint8Array; length: number }> => {
    try {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      return { buffer, length: bytesRead };
    } catch (error) {
      throw fileError(name, error);
    }
  };
  const start = (next: Uint8Array | Promise<Uint8Array>) => {
    const pending = next instanceof Uint8Array ? read(next) : next.then(read);
    pending.catch(() => undefined); // awaited below; this only keeps an early exit from leaving it unhandled
    return pending;
  };

  let pending = start(nextBuffer());
  for (;;) {
    const { buffer, length } = await pending;
    digester.checkAborted();
    if (length === 0) return;
    pending = start(nextBuffer());
    digester.consumeOwned(buffer, length);
  }
}

async function hashBytes(bytes: Uint8Array, digester: Digester): Promise<void> {
  for (let i = 0; i < bytes.length; i += CHUNK_SIZE) await digester.write(bytes.subarray(i, i + CHUNK_SIZE));
}

async function hashBlob(blob: Blob, digester: Digester): Promise<void> {
  digester.considerOffload(blob.size);
  for (let offset = 0; offset < blob.size; offset += CHUNK_SIZE) {
    let chunk: ArrayBuffer;
    try {
      chunk = await blob.slice(offset, offset + CHUNK_SIZE).arrayBuffer();
    } catch (error) {
      throw sourceError('blob', error);
    }
    await digester.write(new Uint8Array(chunk));
  }
}

async function hashWebStream(stream: ReadableStream<BinaryChunk>, digester: Digester): Promise<void> {
  let reader: ReadableStreamDefaultReader<BinaryChunk>;
  try {
    reader = stream.getReader();
  } catch (error) {
    throw sourceError('stream', error);
  }
  const onAbort = () => void reader.cancel(digester.signal?.reason).catch(() => undefined);
  digester.signal?.addEventListener('abort', onAbort, { once: true });
  let done = false;
  try {
    for (;;) {
      let next: ReadableStreamReadResult<BinaryChunk>;
      try {
        next = await reader.read();
      } catch (error) {
        throw sourceError('stream', error);
      }
      digester.checkAborted();
      if (next.done) break;
      await digester.write(toBytes(next.value, 'stream chunk'));
    }
    done = true;
  } finally {
    digester.signal?.removeEventListener('abort', onAbort);
    if (!done) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

async function hashIterable(iterable: AsyncIterable<BinaryChunk>, digester: Digester): Promise<void> {
  // A Node stream can be destroyed to interrupt a pending read; any other iterator's pending
  // `next()` is raced against the signal (nextOrAbort), so an abort rejects promptly either way.
  const destroyable = iterable as { destroy?: (error?: Error) => void };
  const onAbort = () => destroyable.destroy?.(new AbortError('hashSource', { cause: digester.signal?.reason }));
  digester.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    let iterator: AsyncIterator<BinaryChunk>;
    try {
      iterator = iterable[Symbol.asyncIterator]();
    } catch (error) {
      throw sourceError('stream', error);
    }
    let finished = false;
    try {
      for (;;) {
        let next: IteratorResult<BinaryChunk>;
        try {
          next = await nextOrAbort(iterator, digester.signal);
        } catch (error) {
          if (error instanceof InterruptedByAbort) {
            // next() is still pending: an async generator queues return() behind it, so awaiting
            // return() could hang exactly like next(). Ask the iterator to close, don't wait.
            finished = true;
            closeWithoutWaiting(iterator);
            throw new AbortError('hashSource', { cause: digester.signal?.reason });
          }
          finished = true; // a throwing iterator is already closed
          throw sourceError('stream', error);
        }
        digester.checkAborted();
        if (next.done) {
          finished = true;
          break;
        }
        await digester.write(toBytes(next.value, 'stream chunk'));
      }
    } finally {
      // Closing the iterator early destroys a Node stream, so its file or socket is released.
      if (!finished) await Promise.resolve(iterator.return?.()).catch(() => undefined);
    }
  } finally {
    digester.signal?.removeEventListener('abort', onAbort);
  }
}

/** `iterator.next()` lost the race against the signal (internal; becomes an AbortError). */
class InterruptedByAbort extends Error {}

/**
 * `iterator.next()`, or a rejection with InterruptedByAbort as soon as the signal fires. One
 * listener per call, removed once next() settles: a race against one long-lived abort promise
 * would keep a reaction (and with it every chunk) alive per call until the end of the input.
 */
function nextOrAbort<T>(iterator: AsyncIterator<T>, signal: AbortSignal | undefined): Promise<IteratorResult<T>> {
  if (!signal) return Promise.resolve(iterator.next());
  if (signal.aborted) return Promise.reject(new InterruptedByAbort());
  return new Promise<IteratorResult<T>>((resolve, reject) => {
    const onAbort = () => reject(new InterruptedByAbort());
    signal.addEventListener('abort', onAbort, { once: true });
    let pending: Promise<IteratorResult<T>>;
    try {
      pending = Promise.resolve(iterator.next());
    } catch (error) {
      pending = Promise.reject(error);
    }
    // Both handlers are attached even after an abort, so a late rejection is never unhandled.
    pending.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function closeWithoutWaiting(iterator: AsyncIterator<unknown>): void {
  try {
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  } catch {
    // A return() that throws synchronously: nothing more can be done for it.
  }
}

function sourceError(what: string, error: unknown): DrivespecError {
  if (error instanceof DrivespecError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new InputError(`cannot read ${what}: ${firstLine(message)}`, { cause: error });
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}

function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}

function isWebStream(value: unknown): value is ReadableStream<BinaryChunk> {
  return typeof (value as { getReader?: unknown } | null)?.getReader === 'function';
}

function isAsyncIterable(value: unknown): value is AsyncIterable<BinaryChunk> {
  return typeof (value as { [Symbol.asyncIterator]?: unknown } | null)?.[Symbol.asyncIterator] === 'function';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return `(${value.constructor?.name ?? 'object'})`;
  return `(${typeof value})`;
}
