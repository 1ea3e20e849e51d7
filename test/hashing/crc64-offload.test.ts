import { describe, expect, it } from 'vitest';
import { DrivespecError } from '../../src/core/errors.js';
import type { Crc64Offload } from '../../src/hashing/crc64-offload.js';
import { startCrc64Offload } from '../../src/platform/offload.js';
import { crc64FromBigInt, crc64ToDecimal } from '../../src/hashing/crc64-format.js';
import { prng, pseudoRandomBytes, referenceCrc64 } from './support.js';

const data = pseudoRandomBytes(2 * 1024 * 1024 + 777, 31);
const expected = referenceCrc64(data); // crc64-ecma182.js
const options = { bufferSize: 256 * 1024, buffers: 3 };

function start(initial = { lo: 0, hi: 0 }): Crc64Offload {
  const offload = startCrc64Offload(initial, options);
  if (!offload) throw new Error('worker threads or WebAssembly unavailable');
  return offload;
}

describe('Crc64Offload (CRC-64 in a worker thread)', () => {
  it('copies and coalesces odd chunks, equal to crc64-ecma182.js', async () => {
    const offload = start();
    const next = prng(8);
    for (let i = 0; i < data.length; ) {
      const size = next(3) === 0 ? 1 : next(100_000);
      await offload.write(data.subarray(i, i + size));
      i += size;
    }
    expect(crc64ToDecimal(await offload.finish())).toBe(expected);
  });

  it('takes filled pool buffers (shared memory, never detached), waiting for the worker when all are out', async () => {
    const offload = start();
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += options.bufferSize) {
      const buffer = offload.tryAcquire() ?? (await offload.acquire());
      expect(buffer.buffer).toBeInstanceOf(SharedArrayBuffer);
      seen.add(buffer.byteOffset);
      const piece = data.subarray(i, i + options.bufferSize);
      buffer.set(piece);
      offload.submit(buffer, piece.length);
      expect(buffer.byteLength).toBe(options.bufferSize); // not transferred
    }
    expect(seen.size).toBe(options.buffers); // slots were recycled, memory stayed fixed
    expect(crc64ToDecimal(await offload.finish())).toBe(expected);
  });

  it('refuses a buffer that is not from its pool', () => {
    const offload = start();
    try {
      expect(() => offload.submit(new Uint8Array(10), 10)).toThrow(DrivespecError);
    } finally {
      offload.destroy();
    }
  });

  it('continues from a CRC computed before it started', async () => {
    const head = data.subarray(0, 1000);
    const offload = start(crc64FromBigInt(BigInt(referenceCrc64(head))));
    await offload.write(data.subarray(1000));
    expect(crc64ToDecimal(await offload.finish())).toBe(expected);
  });

  it('after destroy, waiting and new calls reject with DrivespecError instead of hanging', async () => {
    const offload = start();
    const held = [offload.tryAcquire(), offload.tryAcquire(), offload.tryAcquire()];
    expect(held.every(Boolean)).toBe(true);
    const waiting = offload.acquire();
    offload.destroy();
    await expect(waiting).rejects.toThrow(DrivespecError);
    await expect(offload.acquire()).rejects.toThrow(DrivespecError);
    await expect(offload.finish()).rejects.toThrow(DrivespecError);
    offload.destroy(); // idempotent
  });
});
