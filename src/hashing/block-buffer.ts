/**
 * The Merkle–Damgård framing MD5 (RFC 1321 section 3.1–3.2) and SHA-1 / SHA-256 (FIPS 180-4
 * section 5.1.1) share: bytes arrive in chunks of any size, whole 64-byte blocks go to the
 * compression function straight from the caller's bytes, a tail shorter than a block waits in a
 * 64-byte buffer, and the end pads with 0x80, zeros and the message length in bits as a 64-bit
 * word. The only difference is that length's byte order: little-endian for MD5, big-endian for SHA.
 */
import { DrivespecError } from '../core/errors.js';

/**
 * Compresses `blocks` 64-byte blocks of `bytes` from `offset` into the hash's state. `view` is a
 * DataView over `bytes` when the buffer has one at hand (its own tail, compressed once per 64
 * bytes however small the updates), else undefined: a JS kernel makes one per call, a
 * WebAssembly one copies `bytes` and needs none.
 */
export type BlockCompress = (bytes: Uint8Array, offset: number, blocks: number, view: DataView | undefined) => void;

/** A DataView over exactly `bytes` (a subarray's view starts at its own first byte). */
export function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The byte order of the 64-bit bit length in the last block. */
export type LengthByteOrder = 'little-endian' | 'big-endian';

/** Feeds a compression function whole 64-byte blocks and pads the end; `name` goes into its errors. */
export class BlockBuffer {
  readonly #name: string;
  readonly #compress: BlockCompress;
  readonly #littleEndian: boolean;
  readonly #tail = new Uint8Array(64);
  readonly #tailView = new DataView(this.#tail.buffer);
  #tailLength = 0;
  #size = 0;
  #done = false;

  constructor(name: string, compress: BlockCompress, lengthByteOrder: LengthByteOrder) {
    this.#name = name;
    this.#compress = compress;
    this.#littleEndian = lengthByteOrder === 'little-endian';
  }

  /** Bytes fed so far. */
  get size(): number {
    return this.#size;
  }

  /** Bytes waiting for the rest of their block (0 exactly when `size` is a multiple of 64). */
  get pending(): number {
    return this.#tailLength;
  }

  update(bytes: Uint8Array): void {
    if (this.#done) throw new DrivespecError(`${this.#name}: update() after digest()`);
    let offset = 0;
    const length = bytes.length;
    this.#size += length;
    if (this.#tailLength > 0) {
      const take = Math.min(64 - this.#tailLength, length);
      this.#tail.set(bytes.subarray(0, take), this.#tailLength);
      this.#tailLength += take;
      offset = take;
      if (this.#tailLength < 64) return;
      this.#compress(this.#tail, 0, 1, this.#tailView);
      this.#tailLength = 0;
    }
    const blocks = (length - offset) >>> 6;
    if (blocks > 0) {
      this.#compress(bytes, offset, blocks, undefined);
      offset += blocks * 64;
    }
    if (offset < length) {
      this.#tail.set(bytes.subarray(offset), 0);
      this.#tailLength = length - offset;
    }
  }

  /** Pads and compresses the last block or two; after this, `update()` and `finish()` throw. */
  finish(): void {
    if (this.#done) throw new DrivespecError(`${this.#name}: digest() called twice`);
    this.#done = true;
    const tail = this.#tail;
    const view = this.#tailView;
    let used = this.#tailLength;
    tail[used++] = 0x80;
    if (used > 56) {
      tail.fill(0, used);
      this.#compress(tail, 0, 1, view);
      used = 0;
    }
    tail.fill(0, used, 56);
    // The bit length as two 32-bit halves, from a Number (no BigInt per digest): `size * 8` is
    // exact below 2^53 bits, i.e. for any input up to 1 PiB.
    const bits = this.#size * 8;
    const low = bits >>> 0;
    const high = Math.floor(bits / 2 ** 32);
    view.setUint32(this.#littleEndian ? 56 : 60, low, this.#littleEndian);
    view.setUint32(this.#littleEndian ? 60 : 56, high, this.#littleEndian);
    this.#compress(tail, 0, 1, view);
  }
}
