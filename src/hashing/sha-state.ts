/**
 * SHA-1 and SHA-256 (FIPS 180-4) whose chaining state can be read between blocks: what PDS
 * `parallel_sha1_ctx` and KooDrive `hashCtx` carry (the words h0..h4 / H0..H7 after the bytes
 * before a part). `node:crypto` keeps that state inside OpenSSL, so these run only where a state
 * is needed (hashSource with `partSize`); everywhere else node:crypto does the hashing.
 *
 * Two engines, no dependency: WebAssembly (every round written out by scripts/build-sha-wasm.ts,
 * bytes in wasm/sha-wasm-bytes.ts; the state words sit in its memory, swapped in and out per call,
 * so any number of ShaStates share one instance), and plain JavaScript where WebAssembly is
 * unavailable (or a browser main thread refuses to compile 13 KiB synchronously). The JS engine
 * reads blocks straight from the caller's bytes through a DataView; the WebAssembly one copies
 * them into its memory 64 KiB at a time. bench/sha-state.ts measures both paths against
 * node:crypto and hash-wasm.
 */
import { DrivespecError } from '../core/errors.js';
import { BlockBuffer, dataView } from './block-buffer.js';
import { base64ToBytes } from './hex-base64.js';
import { shaWasmBase64 } from './wasm/sha-wasm-bytes.js';
import { SHA256_ROUND_CONSTANTS } from './sha-constants.js';

export type ShaStateAlgorithm = 'sha1' | 'sha256';

const SHA1_INIT = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const SHA256_INIT = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const SHA256_K = Int32Array.from(SHA256_ROUND_CONSTANTS);

/** Compresses `blocks` 64-byte blocks of `bytes` from `offset` into `h` (signed words); `view` as in BlockCompress. */
type Compress = (h: Int32Array, bytes: Uint8Array, offset: number, blocks: number, view: DataView | undefined) => void;

/** The JS kernels' block routine: reads through a DataView into the scratch schedule `w`. */
type JsCompress = (h: Int32Array, w: Int32Array, view: DataView, offset: number, blocks: number) => void;

const sha1Blocks: JsCompress = (h, w, view, offset, blocks) => {
  let h0 = h[0]!, h1 = h[1]!, h2 = h[2]!, h3 = h[3]!, h4 = h[4]!;
  for (let block = 0; block < blocks; block++, offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(offset + 4 * t);
    for (let t = 16; t < 80; t++) {
      const x = w[t - 3]! ^ w[t - 8]! ^ w[t - 14]! ^ w[t - 16]!;
      w[t] = (x << 1) | (x >>> 31);
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4;
    for (let t = 0; t < 20; t++) {
      const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + w[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (let t = 20; t < 40; t++) {
      const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + w[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (let t = 40; t < 60; t++) {
      const temp = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + w[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    for (let t = 60; t < 80; t++) {
      const temp = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + w[t]!) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = temp;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
  }
  h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4;
};

const sha256Blocks: JsCompress = (h, w, view, offset, blocks) => {
  const k = SHA256_K;
  let h0 = h[0]!, h1 = h[1]!, h2 = h[2]!, h3 = h[3]!, h4 = h[4]!, h5 = h[5]!, h6 = h[6]!, h7 = h[7]!;
  for (let block = 0; block < blocks; block++, offset += 64) {
    for (let t = 0; t < 16; t++) w[t] = view.getInt32(offset + 4 * t);
    for (let t = 16; t < 64; t++) {
      const x = w[t - 15]!;
      const y = w[t - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[t] = (w[t - 16]! + s0 + w[t - 7]! + s1) | 0;
    }
    let a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7;
    for (let t = 0; t < 64; t++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const t1 = (hh + S1 + (g ^ (e & (f ^ g))) + k[t]! + w[t]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const t2 = (S0 + ((a & b) | (c & (a | b)))) | 0;
      hh = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + hh) | 0;
  }
  h[0] = h0; h[1] = h1; h[2] = h2; h[3] = h3; h[4] = h4; h[5] = h5; h[6] = h6; h[7] = h7;
};

const jsScratch = new Int32Array(80);

function jsEngine(blocksOf: JsCompress): Compress {
  return (h, bytes, offset, blocks, view) => blocksOf(h, jsScratch, view ?? dataView(bytes), offset, blocks);
}

export const jsEngines: Record<ShaStateAlgorithm, Compress> = { sha1: jsEngine(sha1Blocks), sha256: jsEngine(sha256Blocks) };

interface ShaWasmExports {
  memory: WebAssembly.Memory;
  sha1: (pointer: number, blocks: number) => void;
  sha256: (pointer: number, blocks: number) => void;
  dataOffset: WebAssembly.Global;
  dataSize: WebAssembly.Global;
}

function instantiateWasm(): Record<ShaStateAlgorithm, Compress> {
  const module = new WebAssembly.Module(base64ToBytes(shaWasmBase64));
  const exports = new WebAssembly.Instance(module, {}).exports as unknown as ShaWasmExports;
  const memory = new Uint8Array(exports.memory.buffer);
  const state = new Int32Array(exports.memory.buffer, 0, 8);
  const dataOffset = exports.dataOffset.value as number;
  const maxBlocks = (exports.dataSize.value as number) >>> 6;
  const engine =
    (run: (pointer: number, blocks: number) => void, words: number): Compress =>
    (h, bytes, offset, blocks) => {
      for (let i = 0; i < words; i++) state[i] = h[i]!;
      while (blocks > 0) {
        const n = Math.min(blocks, maxBlocks);
        memory.set(bytes.subarray(offset, offset + n * 64), dataOffset);
        run(dataOffset, n);
        offset += n * 64;
        blocks -= n;
      }
      for (let i = 0; i < words; i++) h[i] = state[i]!;
    };
  return { sha1: engine(exports.sha1, 5), sha256: engine(exports.sha256, 8) };
}

let wasmEngines: Record<ShaStateAlgorithm, Compress> | null | undefined;

/** The WebAssembly engines, or undefined where WebAssembly cannot be compiled here. */
export function shaWasmEngines(): Record<ShaStateAlgorithm, Compress> | undefined {
  if (wasmEngines === undefined) {
    try {
      wasmEngines = instantiateWasm();
    } catch {
      wasmEngines = null;
    }
  }
  return wasmEngines ?? undefined;
}

export type ShaStateImplementation = 'auto' | 'wasm' | 'js';

/** A SHA-1 or SHA-256 whose state words can be read at any 64-byte boundary. */
export class ShaState {
  readonly algorithm: ShaStateAlgorithm;
  readonly #h: Int32Array;
  readonly #blocks: BlockBuffer;

  /** `implementation`: `'auto'` (default) WebAssembly where it compiles, else JS; `'wasm'` throws without it. */
  constructor(algorithm: ShaStateAlgorithm, implementation: ShaStateImplementation = 'auto') {
    this.algorithm = algorithm;
    this.#h = Int32Array.from(algorithm === 'sha1' ? SHA1_INIT : SHA256_INIT);
    const wasm = implementation === 'js' ? undefined : shaWasmEngines();
    if (implementation === 'wasm' && !wasm) throw new DrivespecError('ShaState: WebAssembly is unavailable here');
    const compress = (wasm ?? jsEngines)[algorithm];
    const h = this.#h;
    // FIPS 180-4 section 5.1.1: the bit length goes in big-endian.
    this.#blocks = new BlockBuffer('ShaState', (bytes, offset, blocks, view) => compress(h, bytes, offset, blocks, view), 'big-endian');
  }

  /** Bytes fed so far. */
  get size(): number {
    return this.#blocks.size;
  }

  update(bytes: Uint8Array): this {
    this.#blocks.update(bytes);
    return this;
  }

  /**
   * The chaining state h0..h4 (SHA-1) or H0..H7 (SHA-256) as unsigned 32-bit numbers, after the
   * `size` bytes fed so far; `size` must be a multiple of 64, where such a state exists.
   */
  state(): number[] {
    if (this.#blocks.pending !== 0) {
      throw new DrivespecError(`ShaState: no ${this.algorithm} state after ${this.#blocks.size} bytes (not a multiple of 64)`);
    }
    return Array.from(this.#h, (word) => word >>> 0);
  }

  /** The digest as lowercase hex; ends the hash. */
  digest(): string {
    this.#blocks.finish();
    let hex = '';
    for (const word of this.#h) hex += (word >>> 0).toString(16).padStart(8, '0');
    return hex;
  }
}
