/**
 * What `upload()` reads: a file, bytes, a Blob or a stream of known size, behind one interface.
 * Random-access sources (file, bytes, Blob) can read any range again: a part's retry re-reads its
 * bytes, the hashing pre-pass reads the whole, and a resume skips what is stored. A stream is read
 * once, in order, and is checked to hold exactly the size it was declared with.
 *
 * Whatever goes wrong with the input itself (a file that cannot be read, that changed while it
 * was uploaded, a stream that ends early or runs long) is an InputError with a message that says
 * so, never a raw error from `fs` or a stream.
 *
 * Files are read through src/platform/files.ts: in the universal build a path is an InputError
 * ("file paths need Node; pass a Blob or File") before anything else happens.
 */
import { AbortError, ConfigurationError, DrivespecError, InputError } from '../core/errors.js';
import { fileError } from '../hashing/file-error.js';
import type { HashSource } from '../hashing/hash-source.js';
import { baseName, filePathOf, openFileAsBlob, openRegularFile, statFile, type FileStats, type RegularFile } from '../platform/files.js';
import { toBytes } from '../hashing/to-bytes.js';
import type { SourceFingerprint, UploadSource } from './types.js';
import { untilSignal } from './until-signal.js';

export interface OpenedSource {
  readonly size: number;
  readonly fingerprint: SourceFingerprint;
  /** file, bytes, Blob: any range can be read again (retries, the hashing pre-pass, resume). */
  readonly randomAccess: boolean;
  /**
   * Random access only: a body for bytes [start, end) — a Uint8Array, or a Blob slice (file-backed
   * in Node via fs.openAsBlob) when `asBlob` (one huge PUT, e.g. MetaStudio's single ≤5 GB PUT).
   */
  read(start: number, end: number, options?: { signal?: AbortSignal; asBlob?: boolean }): Promise<Uint8Array | Blob>;
  /**
   * The next `length` bytes in order (the last call may get fewer); concurrent calls are served
   * in the order they were made. Throws InputError when a stream ends early or has more than
   * `size`. Random-access sources support it too (a cursor over `read`).
   */
  next(length: number, signal?: AbortSignal): Promise<Uint8Array>;
  /** What `hashSource()` (drivespec/hashing) reads for the pre-pass (random-access sources only). */
  hashInput(): HashSource;
  /** Throws InputError if a file changed since open (size / mtime). Call before completing. */
  checkUnchanged(): Promise<void>;
  close(): Promise<void>;
}

/** The operation named in an AbortError raised while reading the source. */
const OPERATION = 'upload';

export async function openSource(source: UploadSource, options: { size?: number; signal?: AbortSignal } = {}): Promise<OpenedSource> {
  const { size, signal } = options;
  if (size !== undefined && (!Number.isSafeInteger(size) || size < 0)) {
    throw new ConfigurationError('size', `must be a whole number of bytes, 0 or more, got ${String(size)}`);
  }
  throwIfAborted(signal);
  if (typeof source === 'string' || source instanceof URL) return openFile(source, size, signal);
  if (source instanceof Uint8Array || source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return new BytesSource(toBytes(source), checkDeclared(size, (source as ArrayBufferView | ArrayBuffer).byteLength, 'the bytes'));
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) return new BlobSource(source, checkDeclared(size, source.size, 'the Blob'));
  if (isWebStream(source) || isAsyncIterable(source)) {
    if (size === undefined) {
      throw new ConfigurationError('size', 'a stream source needs its size in bytes (options.size): the parts and the hashes depend on it');
    }
    return new StreamSource(source, size);
  }
  throw new InputError(`upload: unsupported source ${describeType(source)} (a file path, file: URL, Uint8Array, Blob, ReadableStream or async iterable)`);
}

/** A declared size must agree with the source's own. */
function checkDeclared(declared: number | undefined, actual: number, what: string): number {
  if (declared !== undefined && declared !== actual) {
    throw new InputError(`options.size says ${declared} bytes but ${what} hold${what === 'the bytes' ? '' : 's'} ${actual}`);
  }
  return actual;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortError(OPERATION, { cause: signal.reason });
}

function checkRange(size: number, start: number, end: number): void {
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end < start || end > size) {
    throw new InputError(`read: bytes [${start}, ${end}) are not within the source's ${size} bytes`);
  }
}

/** `next()` over `read()`: a cursor, with calls served one after another. */
abstract class RandomAccessSource implements OpenedSource {
  readonly randomAccess = true;
  abstract readonly size: number;
  abstract readonly fingerprint: SourceFingerprint;
  #cursor = 0;
  #queue: Promise<unknown> = Promise.resolve();
  abstract read(start: number, end: number, options?: { signal?: AbortSignal; asBlob?: boolean }): Promise<Uint8Array | Blob>;
  abstract hashInput(): HashSource;
  abstract checkUnchanged(): Promise<void>;
  async close(): Promise<void> {}

  next(length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const turn = this.#queue.then(async () => {
      const start = this.#cursor;
      const end = Math.min(this.size, start + Math.max(0, length));
      const bytes = (await this.read(start, end, signal ? { signal } : {})) as Uint8Array;
      this.#cursor = end;
      return bytes;
    });
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }
}

class BytesSource extends RandomAccessSource {
  readonly fingerprint: SourceFingerprint;
  constructor(
    private readonly bytes: Uint8Array,
    readonly size: number,
  ) {
    super();
    this.fingerprint = { size, kind: 'bytes' };
  }

  async read(start: number, end: number, options: { signal?: AbortSignal; asBlob?: boolean } = {}): Promise<Uint8Array | Blob> {
    throwIfAborted(options.signal);
    checkRange(this.size, start, end);
    await this.checkUnchanged();
    // A view, not a copy: the caller's bytes are sent as they are.
    const view = this.bytes.subarray(start, end);
    return options.asBlob ? new Blob([view as Uint8Array<ArrayBuffer>]) : view;
  }

  hashInput(): HashSource {
    return this.bytes;
  }

  /** A transferred or shrunk (resizable) ArrayBuffer no longer holds the bytes that were planned. */
  async checkUnchanged(): Promise<void> {
    if (this.bytes.byteLength !== this.size) {
      throw new InputError(`the source bytes changed during the upload: ${this.size} bytes when opened, ${this.bytes.byteLength} now (was their ArrayBuffer transferred?)`);
    }
  }
}

class BlobSource extends RandomAccessSource {
  readonly fingerprint: SourceFingerprint;
  constructor(
    private readonly blob: Blob,
    readonly size: number,
  ) {
    super();
    const file = blob as Blob & { name?: unknown; lastModified?: unknown };
    this.fingerprint = {
      size,
      kind: 'blob',
      ...(typeof file.name === 'string' && file.name !== '' ? { name: file.name } : {}),
      ...(typeof file.lastModified === 'number' && Number.isFinite(file.lastModified) ? { mtimeMs: file.lastModified } : {}),
    };
  }

  async read(start: number, end: number, options: { signal?: AbortSignal; asBlob?: boolean } = {}): Promise<Uint8Array | Blob> {
    throwIfAborted(options.signal);
    checkRange(this.size, start, end);
    const slice = this.blob.slice(start, end);
    if (options.asBlob) return slice;
    let buffer: ArrayBuffer;
    try {
      buffer = await slice.arrayBuffer();
    } catch (error) {
      // A file-backed Blob whose file changed or went away (NotReadableError).
      throw new InputError(`cannot read the Blob: ${firstLine(error)}`, { cause: error });
    }
    throwIfAborted(options.signal);
    if (buffer.byteLength !== end - start) {
      throw new InputError(`the Blob gave ${buffer.byteLength} bytes for [${start}, ${end}): it changed during the upload`);
    }
    return new Uint8Array(buffer);
  }

  hashInput(): HashSource {
    return this.blob;
  }

  async checkUnchanged(): Promise<void> {}
}

async function openFile(path: string | URL, declared: number | undefined, signal: AbortSignal | undefined): Promise<OpenedSource> {
  if (path instanceof URL && path.protocol !== 'file:') throw new InputError(`cannot read ${path.protocol} URLs: only file: URLs are files`);
  let name: string;
  try {
    name = filePathOf(path);
  } catch (error) {
    throw new InputError(`cannot read ${String(path)}: ${firstLine(error)}`, { cause: error });
  }
  if (name === '') throw new InputError('cannot read the file: the path is empty');
  // Only a regular file, refused before any open (src/platform/files.ts openRegularFile says why).
  const { handle, stats } = await openRegularFile(name, name);
  try {
    const file = new FileSource(handle, name, stats, checkDeclared(declared, stats.size, `the file ${name}`));
    throwIfAborted(signal);
    return file;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The part buffers of file sources, used again once a PUT of them was answered with the MD5 of
 * its bytes (transfer.ts `recycleBody`): a 1 GiB upload in 8 MiB parts would otherwise leave
 * 1 GiB of buffers for the garbage collector, which V8 reclaims late (external memory), and the
 * process's memory would grow far past `concurrency × partSize`. Only a verified PUT proves that
 * the buffer was read to its end (the storage hashed every byte), so nothing else returns one:
 * an aborted or failed attempt's buffer may still be queued on a socket and is left to the GC.
 */
const pools = new WeakMap<Uint8Array, BufferPool>();
/** Free buffers kept per source: enough for the default concurrency and its retries. */
const MAX_FREE_BUFFERS = 8;

class BufferPool {
  readonly #free: Uint8Array[] = [];

  take(length: number): Uint8Array {
    const i = this.#free.findIndex((b) => b.length === length);
    if (i >= 0) return this.#free.splice(i, 1)[0]!;
    const buffer = new Uint8Array(length);
    pools.set(buffer, this);
    return buffer;
  }

  give(buffer: Uint8Array): void {
    if (this.#free.length < MAX_FREE_BUFFERS && !this.#free.includes(buffer)) this.#free.push(buffer);
  }

  clear(): void {
    this.#free.length = 0;
  }
}

/** Hands a part body back to the file source it came from, for its next read (see `pools`). */
export function recycleBody(body: Uint8Array | Blob): void {
  if (body instanceof Uint8Array) pools.get(body)?.give(body);
}

class FileSource extends RandomAccessSource {
  readonly fingerprint: SourceFingerprint;
  #closed = false;
  #blob: Promise<Blob> | undefined;
  readonly #pool = new BufferPool();

  constructor(
    private readonly handle: RegularFile,
    private readonly path: string,
    private readonly opened: FileStats,
    readonly size: number,
  ) {
    super();
    this.fingerprint = { size, kind: 'file', name: baseName(path), mtimeMs: opened.mtimeMs };
  }

  async read(start: number, end: number, options: { signal?: AbortSignal; asBlob?: boolean } = {}): Promise<Uint8Array | Blob> {
    throwIfAborted(options.signal);
    checkRange(this.size, start, end);
    if (this.#closed) throw new InputError(`cannot read ${this.path}: the source was closed`);
    if (options.asBlob) {
      // Node's file-backed Blob refuses to read once the file's size or mtime changed
      // (NotReadableError), so the check stays with the bytes even when fetch reads them later.
      this.#blob ??= openFileAsBlob(this.path).catch((error: unknown) => {
        this.#blob = undefined;
        throw fileError(this.path, error);
      });
      return (await this.#blob).slice(start, end);
    }
    const buffer = this.#pool.take(end - start);
    let filled = 0;
    while (filled < buffer.length) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await this.handle.read(buffer, filled, buffer.length - filled, start + filled));
      } catch (error) {
        throw fileError(this.path, error);
      }
      throwIfAborted(options.signal);
      if (bytesRead === 0) {
        throw new InputError(`${this.path} changed during the upload: it ends at ${start + filled} bytes, ${this.size} when it was opened`);
      }
      filled += bytesRead;
    }
    return buffer;
  }

  hashInput(): HashSource {
    return this.path;
  }

  /** The open file's size and mtime, and the path still naming a file of that size and mtime. */
  async checkUnchanged(): Promise<void> {
    let now: FileStats;
    let atPath: FileStats;
    try {
      now = await this.handle.stat();
      atPath = await statFile(this.path);
    } catch (error) {
      throw fileError(this.path, error);
    }
    for (const current of [now, atPath]) {
      if (current.size !== this.opened.size || current.mtimeMs !== this.opened.mtimeMs) {
        throw new InputError(
          `${this.path} changed during the upload (size ${this.opened.size} → ${current.size} bytes, mtime ${new Date(this.opened.mtimeMs).toISOString()} → ${new Date(current.mtimeMs).toISOString()}): upload it again`,
        );
      }
    }
  }

  override async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#pool.clear();
    await this.handle.close().catch(() => undefined);
  }
}

/**
 * A stream read once, in order. `next()` calls are chained so concurrent callers get consecutive
 * ranges; a chunk larger than what was asked for is kept (as a view) for the next call. The
 * declared size is enforced both ways: the stream ending early, and any byte after the last.
 */
class StreamSource implements OpenedSource {
  readonly randomAccess = false;
  readonly fingerprint: SourceFingerprint;
  #pull: (signal: AbortSignal | undefined) => Promise<Uint8Array | undefined>;
  #cancel: () => Promise<void>;
  #leftover: Uint8Array | undefined;
  #consumed = 0;
  #queue: Promise<unknown> = Promise.resolve();
  /** Set once a read failed or was interrupted: the stream's position is then unknown. */
  #broken: DrivespecError | undefined;
  #closed = false;

  constructor(
    stream: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
    readonly size: number,
  ) {
    this.fingerprint = { size, kind: 'stream' };
    if (isWebStream(stream)) {
      let reader: ReadableStreamDefaultReader<Uint8Array>;
      try {
        reader = stream.getReader();
      } catch (error) {
        throw new InputError(`cannot read the stream: ${firstLine(error)}`, { cause: error });
      }
      this.#pull = async (signal) => {
        const result = await untilAborted(reader.read(), signal);
        return result.done ? undefined : toBytes(result.value, 'stream chunk');
      };
      this.#cancel = async () => {
        await reader.cancel().catch(() => undefined);
      };
    } else {
      let iterator: AsyncIterator<Uint8Array>;
      try {
        iterator = stream[Symbol.asyncIterator]();
      } catch (error) {
        throw new InputError(`cannot read the stream: ${firstLine(error)}`, { cause: error });
      }
      let finished = false;
      this.#pull = async (signal) => {
        let result: IteratorResult<Uint8Array>;
        try {
          result = await untilAborted(Promise.resolve(iterator.next()), signal);
        } catch (error) {
          if (!(error instanceof Interrupted)) finished = true; // a throwing iterator is closed
          throw error;
        }
        if (result.done) {
          finished = true;
          return undefined;
        }
        return toBytes(result.value, 'stream chunk');
      };
      this.#cancel = async () => {
        if (finished) return;
        finished = true;
        // Not awaited when next() is still pending: an async generator queues return() behind it.
        void Promise.resolve()
          .then(() => iterator.return?.())
          .catch(() => undefined);
      };
    }
  }

  read(): Promise<Uint8Array | Blob> {
    return Promise.reject(new InputError('a stream source can only be read once, in order (next); it has no random access'));
  }

  hashInput(): HashSource {
    throw new InputError('a stream source can only be read once: it cannot be hashed ahead of the upload');
  }

  next(length: number, signal?: AbortSignal): Promise<Uint8Array> {
    const turn = this.#queue.then(() => this.#next(length, signal));
    this.#queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  async #next(length: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
    if (this.#broken) throw this.#broken;
    if (this.#closed) throw new InputError('cannot read the stream: the source was closed');
    throwIfAborted(signal);
    const want = Math.min(Math.max(0, Math.floor(length)), this.size - this.#consumed);
    // Always a copy: a producer may reuse its chunk's memory after yielding it.
    const out = new Uint8Array(want);
    let filled = 0;
    try {
      while (filled < want) {
        const chunk = this.#leftover ?? (await this.#chunk(signal));
        this.#leftover = undefined;
        if (chunk === undefined) {
          throw new InputError(`the stream ended after ${this.#consumed + filled} bytes; options.size said ${this.size}`);
        }
        const take = Math.min(chunk.byteLength, want - filled);
        out.set(chunk.subarray(0, take), filled);
        filled += take;
        if (take < chunk.byteLength) this.#leftover = chunk.subarray(take);
      }
      this.#consumed += want;
      if (this.#consumed === this.size) await this.#checkEnd(signal);
    } catch (error) {
      this.#broken = error instanceof AbortError ? new InputError('the stream was interrupted by an abort: its position is lost, it cannot be read further') : (error as DrivespecError);
      await this.#cancel();
      throw error;
    }
    return out;
  }

  /** After the last declared byte the stream must end: one more byte means the size was wrong. */
  async #checkEnd(signal: AbortSignal | undefined): Promise<void> {
    const extra = this.#leftover ?? (await this.#chunk(signal));
    if (extra !== undefined) {
      this.#leftover = undefined;
      throw new InputError(`the stream has more than the ${this.size} bytes options.size said`);
    }
  }

  /** The next non-empty chunk, or undefined at the end. */
  async #chunk(signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    for (;;) {
      let chunk: Uint8Array | undefined;
      try {
        chunk = await this.#pull(signal);
      } catch (error) {
        if (error instanceof Interrupted) throw new AbortError(OPERATION, { cause: signal?.reason });
        if (error instanceof DrivespecError) throw error;
        throw new InputError(`cannot read the stream: ${firstLine(error)}`, { cause: error });
      }
      if (chunk === undefined || chunk.byteLength > 0) return chunk;
    }
  }

  /** A stream has nothing to compare: the size is enforced as it is read. */
  async checkUnchanged(): Promise<void> {
    if (this.#broken) throw this.#broken;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#cancel();
  }
}

/** A pending read lost the race against the signal (internal; becomes an AbortError). */
class Interrupted extends Error {}

const untilAborted = <T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> => untilSignal(promise, signal, () => new Interrupted());

function isWebStream(value: unknown): value is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== 'undefined' && value instanceof ReadableStream;
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n', 1)[0] ?? '';
}
