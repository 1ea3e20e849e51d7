/**
 * Runs CRC-64 in a worker thread while the calling thread runs SHA-1/SHA-256 (OpenSSL, synchronous):
 * on a 2-core machine this hides most of the CRC's cost, where computing it inline adds a third to
 * the time of sha1 + sha256.
 *
 * Chunks are not transferred: the pool of buffers is one SharedArrayBuffer that both threads see,
 * and messages carry only slot numbers. A file is read straight into a slot, hashed there by the
 * caller and CRC'd there by the worker, with no copy; stream chunks are copied into slots (small
 * ones coalesced, so the worker gets few, large messages). Transferring (detaching) ArrayBuffers was the
 * first design and was dropped: the first detach in a process permanently invalidates V8's
 * "array buffer detaching protector", after which every optimised typed-array access in the whole
 * process carries a detached check (measured: pure-JS typed-array loops 25% slower), a side effect
 * no library should have. The fixed pool keeps memory constant (`buffers * bufferSize`) and makes a
 * slow worker apply backpressure to the reader through `acquire()`.
 *
 * The worker is an `eval` script (plain JS, no loader), so it starts the same under tsx, vitest, the
 * built package or a bundler; the compiled WebAssembly module is passed to it, not recompiled.
 *
 * node:worker_threads is loaded when the first worker starts, not at import (every provider entry
 * reaches this module through upload(): issue 13's cold start), with `process.getBuiltinModule`
 * (synchronous, Node >= 20.16; engines say >= 20.19) so starting stays synchronous.
 *
 * Node only: the universal twin (offload.web.ts) starts nothing, and hashSource computes the CRC
 * on the calling thread.
 */
import type { Worker } from 'node:worker_threads';
import { nodeBuiltin } from './node-builtin.js';
import { DrivespecError } from '../core/errors.js';
import type { Crc64Offload, Crc64OffloadOptions } from '../hashing/crc64-offload.js';
import type { Crc64State } from '../hashing/crc64-js.js';
import { crc64WasmModule } from '../hashing/crc64-wasm.js';

export type { Crc64Offload, Crc64OffloadOptions } from '../hashing/crc64-offload.js';

/** Starts a worker continuing from `initial`, or returns undefined where that is not possible. */
export function startCrc64Offload(initial: Crc64State, options: Crc64OffloadOptions): Crc64Offload | undefined {
  const module = crc64WasmModule();
  if (!module) return undefined;
  try {
    return new WorkerCrc64Offload(module, initial, options);
  } catch {
    return undefined;
  }
}

const workerSource = `
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const wasm = new WebAssembly.Instance(workerData.module, {}).exports;
wasm.init();
const memory = new Uint8Array(wasm.memory.buffer);
const state = new Uint32Array(wasm.memory.buffer, wasm.stateOffset.value, 2);
const bufferOffset = wasm.bufferOffset.value;
const bufferSize = wasm.bufferSize.value;
state[0] = workerData.lo;
state[1] = workerData.hi;
const pool = workerData.pool;
const slotSize = workerData.slotSize;
parentPort.on('message', (message) => {
  if (message.slot !== undefined) {
    const bytes = new Uint8Array(pool, message.slot * slotSize, message.length);
    for (let i = 0; i < bytes.length; i += bufferSize) {
      const piece = bytes.subarray(i, i + bufferSize);
      memory.set(piece, bufferOffset);
      wasm.update(bufferOffset, piece.length);
    }
    parentPort.postMessage({ slot: message.slot });
  } else if (message.finish) {
    parentPort.postMessage({ lo: state[0], hi: state[1] });
  }
});
`;

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

class WorkerCrc64Offload implements Crc64Offload {
  readonly #worker: Worker;
  readonly #bufferSize: number;
  readonly #pool: SharedArrayBuffer;
  readonly #free: number[] = [];
  readonly #waiters: Waiter<Uint8Array>[] = [];
  #result: Waiter<Crc64State> | undefined;
  #failure: Error | undefined;
  #fill: Uint8Array | undefined;
  #fillLength = 0;
  #closed = false;

  constructor(module: WebAssembly.Module, initial: Crc64State, options: Crc64OffloadOptions) {
    this.#bufferSize = options.bufferSize;
    this.#pool = new SharedArrayBuffer(options.bufferSize * options.buffers);
    for (let slot = options.buffers - 1; slot >= 0; slot--) this.#free.push(slot);
    const { Worker } = nodeBuiltin('node:worker_threads');
    this.#worker = new Worker(workerSource, {
      eval: true,
      // Plain JS: inheriting tsx's or vitest's loader flags would only slow the start.
      execArgv: [],
      workerData: { module, lo: initial.lo, hi: initial.hi, pool: this.#pool, slotSize: options.bufferSize },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    this.#worker.on('message', (message: { slot?: number; lo?: number; hi?: number }) => {
      if (message.slot !== undefined) this.#release(message.slot);
      else if (message.lo !== undefined && message.hi !== undefined) {
        this.#result?.resolve({ lo: message.lo, hi: message.hi });
        this.#result = undefined;
      }
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(`exited with code ${code}`);
    });
  }

  /** A free pool buffer (a view of shared memory) if one is available now. */
  tryAcquire(): Uint8Array | undefined {
    if (this.#failure) return undefined;
    const slot = this.#free.pop();
    return slot === undefined ? undefined : this.#view(slot);
  }

  /** A free pool buffer, waiting for the worker to hand one back if needed. */
  acquire(): Promise<Uint8Array> {
    if (this.#failure) return Promise.reject(this.#failure);
    const slot = this.#free.pop();
    if (slot !== undefined) return Promise.resolve(this.#view(slot));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /**
   * Hands a pool buffer (from `acquire`) holding `length` bytes to the worker. The caller must not
   * touch it afterwards: the worker reads it until it hands the slot back.
   */
  submit(buffer: Uint8Array, length: number): void {
    if (this.#failure) throw this.#failure;
    if (buffer.buffer !== this.#pool) throw new DrivespecError('Crc64Offload.submit: not a pool buffer');
    this.#worker.postMessage({ slot: buffer.byteOffset / this.#bufferSize, length });
  }

  /** Copies `chunk` into pool buffers (coalescing small chunks) and submits each one when full. */
  async write(chunk: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < chunk.length) {
      if (!this.#fill) {
        this.#fill = this.tryAcquire() ?? (await this.acquire());
        this.#fillLength = 0;
      }
      const n = Math.min(chunk.length - offset, this.#bufferSize - this.#fillLength);
      this.#fill.set(chunk.subarray(offset, offset + n), this.#fillLength);
      this.#fillLength += n;
      offset += n;
      if (this.#fillLength === this.#bufferSize) this.#flushFill();
    }
  }

  /** Waits for every submitted byte, returns the CRC and stops the worker. */
  async finish(): Promise<Crc64State> {
    this.#flushFill();
    if (this.#failure) throw this.#failure;
    const result = new Promise<Crc64State>((resolve, reject) => {
      this.#result = { resolve, reject };
    });
    this.#worker.postMessage({ finish: true });
    try {
      return await result;
    } finally {
      this.destroy();
    }
  }

  /** Stops the worker; pending and later calls reject. Safe to call more than once. */
  destroy(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#fail('stopped');
    void this.#worker.terminate();
  }

  #flushFill(): void {
    if (this.#fill && this.#fillLength > 0) this.submit(this.#fill, this.#fillLength);
    else if (this.#fill) this.#free.push(this.#fill.byteOffset / this.#bufferSize);
    this.#fill = undefined;
    this.#fillLength = 0;
  }

  #view(slot: number): Uint8Array {
    return new Uint8Array(this.#pool, slot * this.#bufferSize, this.#bufferSize);
  }

  #release(slot: number): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(this.#view(slot));
    else this.#free.push(slot);
  }

  #fail(cause: unknown): void {
    if (this.#failure) return;
    this.#failure = new DrivespecError(
      `crc64 worker thread failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#failure);
    this.#result?.reject(this.#failure);
    this.#result = undefined;
  }
}
