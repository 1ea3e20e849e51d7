/**
 * What hashSource needs from a CRC-64 running off the calling thread. The one implementation is
 * Node's worker thread (src/platform/offload.ts); the universal twin (offload.web.ts) starts
 * none, so the CRC runs inline there.
 */
import type { Crc64State } from './crc64-js.js';

export interface Crc64OffloadOptions {
  /** Bytes per pool buffer. */
  bufferSize: number;
  /** Buffers in the pool: bounds memory and how far the reader may run ahead of the worker. */
  buffers: number;
}

export interface Crc64Offload {
  /** A free pool buffer (a view of shared memory) if one is available now. */
  tryAcquire(): Uint8Array | undefined;
  /** A free pool buffer, waiting for the worker to hand one back if needed. */
  acquire(): Promise<Uint8Array>;
  /**
   * Hands a pool buffer (from `acquire`) holding `length` bytes to the worker. The caller must not
   * touch it afterwards: the worker reads it until it hands the slot back.
   */
  submit(buffer: Uint8Array, length: number): void;
  /** Copies `chunk` into pool buffers (coalescing small chunks) and submits each one when full. */
  write(chunk: Uint8Array): Promise<void>;
  /** Waits for every submitted byte, returns the CRC and stops the worker. */
  finish(): Promise<Crc64State>;
  /** Stops the worker; pending and later calls reject. Safe to call more than once. */
  destroy(): void;
}

