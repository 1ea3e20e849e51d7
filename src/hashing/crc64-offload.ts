/**
 * Runs CRC-64 in a worker thread while the calling thread runs SHA-1/SHA-256 (OpenSSL, synchronous):
 * on a 2-core machine this hides the CRC's cost almost entirely, where computing it inline would
 * add a third of the time of sha1 + sha256.
 *
 * Chunks move by transfer, not copy: a fixed pool of buffers goes to the worker and comes back, so
 * memory stays constant (`buffers * bufferSize`) and a slow worker applies backpressure to the
 * reader through `acquire()`.
 *
 * The worker is an `eval` script (plain JS, no loader), so it starts the same under tsx, vitest, the
 * built package or a bundler; the compiled WebAssembly module is passed to it, not recompiled.
 */
import { Worker } from 'node:worker_threads';
import { DrivespecError } from '../core/errors.js';
import type { Crc64State } from './crc64-js.js';
import { crc64WasmModule } from './crc64-wasm.js';

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
parentPort.on('message', (message) => {
  if (message.buffer) {
    const bytes = new Uint8Array(message.buffer, 0, message.length);
    for (let i = 0; i < bytes.length; i += bufferSize) {
      const piece = bytes.subarray(i, i + bufferSize);
      memory.set(piece, bufferOffset);
      wasm.update(bufferOffset, piece.length);
    }
    parentPort.postMessage({ buffer: message.buffer }, [message.buffer]);
  } else if (message.finish) {
    parentPort.postMessage({ lo: state[0], hi: state[1] });
  }
});
`;

export interface Crc64OffloadOptions {
  /** Bytes per transferred buffer. */
  bufferSize: number;
  /** Buffers in the pool: bounds memory and how far the reader may run ahead of the worker. */
  buffers: number;
}

interface Waiter<T> {
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

export class Crc64Offload {
  readonly #worker: Worker;
  readonly #bufferSize: number;
  readonly #free: ArrayBuffer[] = [];
  readonly #waiters: Waiter<Uint8Array>[] = [];
  #result: Waiter<Crc64State> | undefined;
  #failure: Error | undefined;
  #fill: Uint8Array | undefined;
  #fillLength = 0;
  #closed = false;

  /** Starts a worker continuing from `initial`, or returns undefined where that is not possible. */
  static start(initial: Crc64State, options: Crc64OffloadOptions): Crc64Offload | undefined {
    const module = crc64WasmModule();
    if (!module) return undefined;
    try {
      return new Crc64Offload(module, initial, options);
    } catch {
      return undefined;
    }
  }

  private constructor(module: WebAssembly.Module, initial: Crc64State, options: Crc64OffloadOptions) {
    this.#bufferSize = options.bufferSize;
    for (let i = 0; i < options.buffers; i++) this.#free.push(new ArrayBuffer(options.bufferSize));
    this.#worker = new Worker(workerSource, {
      eval: true,
      // Plain JS: inheriting tsx's or vitest's loader flags would only slow the start.
      execArgv: [],
      workerData: { module, lo: initial.lo, hi: initial.hi },
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 4 },
    });
    this.#worker.on('message', (message: { buffer?: ArrayBuffer; lo?: number; hi?: number }) => {
      if (message.buffer) this.#release(message.buffer);
      else if (message.lo !== undefined && message.hi !== undefined) {
        this.#result?.resolve({ lo: message.lo, hi: message.hi });
        this.#result = undefined;
      }
    });
    this.#worker.on('error', (error) => this.#fail(error));
    this.#worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(new Error(`exited with code ${code}`));
    });
  }

  /** A free pool buffer if one is available now. */
  tryAcquire(): Uint8Array | undefined {
    if (this.#failure) return undefined;
    const buffer = this.#free.pop();
    return buffer && new Uint8Array(buffer);
  }

  /** A free pool buffer, waiting for the worker to hand one back if needed. */
  acquire(): Promise<Uint8Array> {
    if (this.#failure) return Promise.reject(this.#failure);
    const buffer = this.#free.pop();
    if (buffer) return Promise.resolve(new Uint8Array(buffer));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /** Hands a pool buffer (from `acquire`) holding `length` bytes to the worker; it is detached here. */
  submit(buffer: Uint8Array, length: number): void {
    if (this.#failure) throw this.#failure;
    const raw = buffer.buffer as ArrayBuffer;
    this.#worker.postMessage({ buffer: raw, length }, [raw]);
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
    this.#fail(new Error('stopped'));
    void this.#worker.terminate();
  }

  #flushFill(): void {
    if (this.#fill && this.#fillLength > 0) this.submit(this.#fill, this.#fillLength);
    else if (this.#fill) this.#free.push(this.#fill.buffer as ArrayBuffer);
    this.#fill = undefined;
    this.#fillLength = 0;
  }

  #release(buffer: ArrayBuffer): void {
    const waiter = this.#waiters.shift();
    if (waiter) waiter.resolve(new Uint8Array(buffer));
    else this.#free.push(buffer);
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
