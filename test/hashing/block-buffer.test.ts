/**
 * src/hashing/block-buffer.ts, the 64-byte framing under Md5 and ShaState: chunks of 0, 1, 55, 56,
 * 63, 64, 65, 119 and 120 bytes (the padding's one-block / two-block edges at 55/56 and 119/120,
 * a block's edges at 63/64/65) in every order across update boundaries, each result against
 * node:crypto (OpenSSL) and MD5 also against @noble/hashes; the blocks handed to the compression
 * function; the bit length's byte order and high word; and the errors after the end.
 */
import { createHash } from 'node:crypto';
import { md5 as nobleMd5 } from '@noble/hashes/legacy.js';
import { describe, expect, it } from 'vitest';
import { DrivespecError } from '../../src/core/errors.js';
import { BlockBuffer, type BlockCompress, type LengthByteOrder } from '../../src/hashing/block-buffer.js';
import { Md5 } from '../../src/hashing/md5.js';
import { ShaState } from '../../src/hashing/sha-state.js';
import { pseudoRandomBytes } from '../support/pseudo-random-bytes.js';

const SIZES = [0, 1, 55, 56, 63, 64, 65, 119, 120];
const data = pseudoRandomBytes(4 * 120 + 64, 21);
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

interface Kernel {
  name: string;
  algorithm: 'md5' | 'sha1' | 'sha256';
  hash: (chunks: Uint8Array[]) => string;
}

const KERNELS: Kernel[] = [
  { name: 'Md5', algorithm: 'md5', hash: (chunks) => hex(chunks.reduce((h, c) => h.update(c), new Md5()).digestBytes()) },
  ...(['js', 'wasm'] as const).flatMap((engine) =>
    (['sha1', 'sha256'] as const).map(
      (algorithm): Kernel => ({
        name: `ShaState ${algorithm} (${engine})`,
        algorithm,
        hash: (chunks) => chunks.reduce((h, c) => h.update(c), new ShaState(algorithm, engine)).digest(),
      }),
    ),
  ),
];

/** Consecutive pieces of `data` of the given sizes (distinct bytes, so a misplaced piece shows). */
function piecesOf(sizes: number[], start = 0): Uint8Array[] {
  let offset = start;
  return sizes.map((size) => data.subarray(offset, (offset += size)));
}

const joined = (chunks: Uint8Array[]) => Buffer.concat(chunks);

describe.each(KERNELS)('$name over BlockBuffer', ({ algorithm, hash }) => {
  it.each(SIZES)('a %i-byte message in one update equals node:crypto', (size) => {
    const message = data.subarray(0, size);
    expect(hash([message])).toBe(createHash(algorithm).update(message).digest('hex'));
  });

  it('chunks of 0, 1, 55, 56, 63, 64, 65, 119, 120 bytes in every ordered pair, twice over, equal node:crypto', () => {
    for (const first of SIZES) {
      for (const second of SIZES) {
        // From an odd offset into `data`, so the chunks are subarrays that do not start at byte 0 of their buffer.
        const chunks = piecesOf([first, second, first, second], 3);
        const expected = createHash(algorithm).update(joined(chunks)).digest('hex');
        expect(hash(chunks), `chunks ${first}, ${second}, ${first}, ${second}`).toBe(expected);
      }
    }
  });

  it('a tail left by each size, then each size, equals one update of the whole', () => {
    for (const lead of SIZES) {
      for (const size of SIZES) {
        const chunks = piecesOf([lead, size, 64 - (lead % 64)]);
        expect(hash(chunks), `${lead} then ${size}`).toBe(createHash(algorithm).update(joined(chunks)).digest('hex'));
      }
    }
  });
});

describe('Md5 against @noble/hashes (an independent JS implementation)', () => {
  it('agrees for every chunk pair and for every length 0..200 of pseudo-random bytes', () => {
    for (const first of SIZES) {
      for (const second of SIZES) {
        const chunks = piecesOf([first, second, second, first], 5);
        expect(hex(chunks.reduce((h, c) => h.update(c), new Md5()).digestBytes())).toBe(hex(nobleMd5(joined(chunks))));
      }
    }
    for (let length = 0; length <= 200; length++) {
      const message = data.subarray(0, length);
      expect(hex(new Md5().update(message).digestBytes()), `${length} bytes`).toBe(hex(nobleMd5(message)));
    }
  });
});

/** A BlockBuffer whose compress records every call (a copy of the blocks it was given). */
function recording(order: LengthByteOrder): { buffer: BlockBuffer; calls: { blocks: Uint8Array; count: number; viewMatches: boolean | undefined }[] } {
  const calls: { blocks: Uint8Array; count: number; viewMatches: boolean | undefined }[] = [];
  const compress: BlockCompress = (bytes, offset, blocks, view) => {
    const taken = bytes.slice(offset, offset + 64 * blocks);
    // When a view comes, it must read the very bytes given (the tail), from its own first byte.
    const viewMatches = view === undefined ? undefined : view.byteLength === 64 && hex(new Uint8Array(view.buffer, view.byteOffset, 64)) === hex(bytes.subarray(0, 64));
    calls.push({ blocks: taken, count: blocks, viewMatches });
  };
  return { buffer: new BlockBuffer('Test', compress, order), calls };
}

describe('BlockBuffer', () => {
  it('hands over whole blocks only, in order, the caller bytes without a tail copy, and reports size and pending', () => {
    const { buffer, calls } = recording('big-endian');
    const chunks = piecesOf([63, 1, 130, 0, 55, 65]);
    const seen: [number, number][] = [];
    for (const chunk of chunks) {
      buffer.update(chunk);
      seen.push([buffer.size, buffer.pending]);
    }
    expect(seen).toEqual([
      [63, 63],
      [64, 0],
      [194, 2],
      [194, 2],
      [249, 57],
      [314, 58],
    ]);
    // 63 + 1 completes a block in the tail; 130 gives two whole blocks from the caller plus 2 bytes;
    // 2 + 55 + 7 completes the next block in the tail.
    expect(calls.map((c) => c.count)).toEqual([1, 2, 1]);
    expect(calls.map((c) => c.viewMatches)).toEqual([true, undefined, true]);
    expect(hex(joined(calls.map((c) => c.blocks)))).toBe(hex(joined(chunks).subarray(0, 256)));
  });

  it.each([
    ['little-endian', 'MD5 (RFC 1321 section 3.2)'],
    ['big-endian', 'SHA (FIPS 180-4 section 5.1.1)'],
  ] as const)('pads with 0x80, zeros and the bit length %s, as %s', (order, source) => {
    for (const size of SIZES) {
      const { buffer, calls } = recording(order);
      const message = data.subarray(0, size);
      buffer.update(message);
      buffer.finish();
      // The padded message, built by hand: the bytes, 0x80, zeros to 56 mod 64, then 8 bytes of length.
      const padded = new Uint8Array(Math.ceil((size + 9) / 64) * 64);
      padded.set(message);
      padded[size] = 0x80;
      const lengthField = new DataView(padded.buffer, padded.length - 8);
      lengthField.setBigUint64(0, BigInt(size * 8), order === 'little-endian');
      expect(hex(joined(calls.map((c) => c.blocks))), `${size} bytes, ${source}`).toBe(hex(padded));
    }
  });

  it.each(['little-endian', 'big-endian'] as const)('writes the high word of a bit length above 2^32 (%s)', (order) => {
    // 513 MiB plus 3 bytes: 4303355928 bits, beyond 32 bits. Compression is recorded, not run, so this is cheap.
    const compress: BlockCompress = (bytes, offset, blocks) => {
      last = bytes.slice(offset + 64 * (blocks - 1), offset + 64 * blocks);
    };
    let last = new Uint8Array(0);
    const buffer = new BlockBuffer('Test', compress, order);
    const mib = new Uint8Array(1 << 20);
    for (let i = 0; i < 513; i++) buffer.update(mib);
    buffer.update(Uint8Array.of(1, 2, 3));
    buffer.finish();
    const bits = BigInt((513 * 2 ** 20 + 3) * 8);
    expect(bits > 2n ** 32n).toBe(true);
    expect(new DataView(last.buffer, 56, 8).getBigUint64(0, order === 'little-endian')).toBe(bits);
    expect(Array.from(last.subarray(0, 4))).toEqual([1, 2, 3, 0x80]);
  });

  it('refuses update() and finish() after finish() with DrivespecErrors naming the hash', () => {
    const { buffer } = recording('little-endian');
    buffer.update(Uint8Array.of(1));
    buffer.finish();
    expect(() => buffer.update(Uint8Array.of(2))).toThrow(DrivespecError);
    expect(() => buffer.update(Uint8Array.of(2))).toThrow('Test: update() after digest()');
    expect(() => buffer.finish()).toThrow('Test: digest() called twice');
    const md5 = new Md5();
    md5.digestBytes();
    expect(() => md5.update(new Uint8Array(1))).toThrow('Md5: update() after digest()');
    const sha = new ShaState('sha1', 'js');
    sha.digest();
    expect(() => sha.digest()).toThrow('ShaState: digest() called twice');
  });

  it('lets ShaState give its state only at a block boundary', () => {
    const sha = new ShaState('sha256', 'js');
    sha.update(data.subarray(0, 65));
    expect(() => sha.state()).toThrow('ShaState: no sha256 state after 65 bytes (not a multiple of 64)');
    sha.update(data.subarray(65, 128));
    expect(sha.state()).toHaveLength(8);
  });
});
