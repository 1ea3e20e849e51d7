/**
 * The ordered hashing pass of one upload: reads its parts from disk in part order (1, 2, ...) as
 * soon as they are contiguous, 1 MiB at a time, into one `ObjectHasher`, so whole-object digests
 * and the SHA states before each part are ready when the last part arrives, in bounded memory,
 * whatever order the parts came in. One run at a time per upload (the pass is serialized); a part
 * PUT that extends the contiguous prefix waits for the pass to cover it before it is answered,
 * which is what makes `complete()` synchronous once every PUT was answered.
 *
 * A part replaced after the pass read it (or while it reads it) makes the pass start again from
 * part 1: the SHA states cannot be rewound, and a re-PUT is rare (a retry after an error), so a
 * simple restart beats keeping a state per part.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { DrivespecError } from '../../core/errors.js';
import { ObjectHasher } from './object-hasher.js';
import type { ObjectDigests } from './upload-store.js';

const CHUNK = 1024 * 1024;

/** A part as the pass reads it: `version` changes each time the part is stored again. */
export interface PassPart {
  readonly version: number;
  readonly file: string;
  readonly size: number;
}

export interface PassSource {
  part(partNumber: number): PassPart | undefined;
  readonly partStates: readonly ('sha1' | 'sha256')[];
  /** Discarded: stop, nothing more to compute. */
  readonly gone: boolean;
}

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export class OrderedPass {
  readonly #source: PassSource;
  #hasher: ObjectHasher;
  /** Versions of parts 1..n the hasher was fed, in order. */
  #covered: number[] = [];
  /** The part being fed (its bytes are partly in the hasher). */
  #current: { partNumber: number; version: number } | undefined;
  #restart = false;
  #running: Promise<void> | undefined;
  #waiters: Waiter[] = [];

  constructor(source: PassSource) {
    this.#source = source;
    this.#hasher = new ObjectHasher(source.partStates);
  }

  /** Part `partNumber` was stored again: if the pass has read any of it, start over. */
  invalidate(partNumber: number): void {
    if (partNumber <= this.#covered.length || this.#current?.partNumber === partNumber) this.#restart = true;
  }

  /** Whether the hasher holds exactly parts 1..count in their current versions. */
  covers(count: number): boolean {
    if (this.#restart || this.#current !== undefined || this.#covered.length !== count) return false;
    return this.#covered.every((version, i) => this.#source.part(i + 1)?.version === version);
  }

  /** The digests of parts 1..count, from the running pass when it covers them, else read from disk now (blocking). */
  digests(count: number): ObjectDigests {
    if (this.covers(count)) return this.#hasher.digests();
    return hashPartsSync(this.#source, count);
  }

  /** Resolves once the pass covered parts 1..target, or has nothing more it can read. */
  waitFor(target: number): Promise<void> {
    if (this.covers(target)) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#waiters.push({ target, resolve, reject });
      this.#ensureRunning();
    });
  }

  #ensureRunning(): void {
    if (this.#running) return;
    let failure: unknown;
    this.#running = this.#run()
      .catch((error: unknown) => {
        failure = error;
        this.#restart = true;
      })
      .finally(() => {
        this.#running = undefined;
        this.#settle(failure);
      });
  }

  /** After a run: more to read (a part arrived as the run ended) → run again; else answer the waiters. */
  #settle(failure: unknown): void {
    if (failure === undefined && !this.#source.gone && (this.#restart || this.#source.part(this.#covered.length + 1))) {
      this.#ensureRunning();
      return;
    }
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) {
      if (failure === undefined) w.resolve();
      else w.reject(failure);
    }
  }

  #resolveCovered(): void {
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (w.target <= this.#covered.length) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }

  async #run(): Promise<void> {
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      if (this.#restart) {
        this.#restart = false;
        this.#hasher = new ObjectHasher(this.#source.partStates);
        this.#covered = [];
      }
      if (this.#source.gone) return;
      const partNumber = this.#covered.length + 1;
      const part = this.#source.part(partNumber);
      if (!part) return;
      this.#current = { partNumber, version: part.version };
      try {
        if (!(await this.#feed(partNumber, part, buffer))) {
          this.#restart = true;
          continue;
        }
      } finally {
        this.#current = undefined;
      }
      this.#covered.push(part.version);
      this.#resolveCovered();
    }
  }

  /** Feeds one part; `false` when it was replaced (or the upload discarded) meanwhile. */
  async #feed(partNumber: number, part: PassPart, buffer: Buffer): Promise<boolean> {
    const stale = () => this.#restart || this.#source.gone || this.#source.part(partNumber)?.version !== part.version;
    let handle;
    try {
      handle = await open(part.file, 'r');
    } catch (error) {
      if (stale()) return false;
      throw error;
    }
    try {
      if (stale()) return false;
      this.#hasher.beginPart(partNumber);
      let read = 0;
      while (read < part.size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(CHUNK, part.size - read), read);
        if (stale()) return false;
        if (bytesRead === 0) throw new DrivespecError(`storage part file ${part.file} is shorter than its ${part.size} bytes`);
        this.#hasher.update(buffer.subarray(0, bytesRead));
        read += bytesRead;
      }
      return true;
    } finally {
      await handle.close();
    }
  }
}

/** The digests of parts 1..count read from disk synchronously (a completion that came before its PUTs were answered). */
export function hashPartsSync(source: PassSource, count: number): ObjectDigests {
  const hasher = new ObjectHasher(source.partStates);
  const buffer = Buffer.allocUnsafe(CHUNK);
  for (let partNumber = 1; partNumber <= count; partNumber++) {
    const part = source.part(partNumber);
    if (!part) throw new DrivespecError(`storage part ${partNumber} is missing`);
    hasher.beginPart(partNumber);
    const fd = openSync(part.file, 'r');
    try {
      let read = 0;
      while (read < part.size) {
        const bytesRead = readSync(fd, buffer, 0, Math.min(CHUNK, part.size - read), read);
        if (bytesRead === 0) throw new DrivespecError(`storage part file ${part.file} is shorter than its ${part.size} bytes`);
        hasher.update(buffer.subarray(0, bytesRead));
        read += bytesRead;
      }
    } finally {
      closeSync(fd);
    }
  }
  return hasher.digests();
}
