/**
 * The cryptographic side of one pass (everything but CRC-64, which `hash-source.ts` may move to a
 * worker): whole-input digests, the upload flows' prefix hashes, and SHA chaining states at part
 * boundaries, all fed the same chunks once. Shared by `MultiHash` and `hashSource`.
 *
 * - `extras` (shared/docs/upload/*.md): `sha1First1KiB` = SHA-1 of the first min(1024, size)
 *   bytes (PDS `pre_hash`); `sha256First1MiB` = SHA-256 of the first min(1 MiB, size) bytes (SMH
 *   `beginningHash`); `sha256MiBChain` = SMH `fullHash`: h = SHA-256(first MiB), then
 *   h = SHA-256(h ‖ next MiB) for each further MiB (the last may be shorter). Lowercase hex.
 * - `partSize`: the SHA-1 / SHA-256 state words after each `k × partSize` bytes that a part starts
 *   at (k ≥ 1; PDS `parallel_sha1_ctx`, KooDrive `hashCtx`). Only then is `sha-state.ts` used, for
 *   that algorithm's whole digest too (one hash, not two); otherwise the platform digest does
 *   everything (src/platform/digest.ts: node:crypto on Node, our kernels in the universal build).
 */
import { ConfigurationError } from '../core/errors.js';
import { createDigest, type StreamingDigest } from '../platform/digest.js';
import { bytesToHex } from './hex-base64.js';
import type { HashAlgorithm } from './multi-hash.js';
import { ShaState, type ShaStateAlgorithm } from './sha-state.js';

export const hashExtras = ['sha1First1KiB', 'sha256First1MiB', 'sha256MiBChain'] as const;
export type HashExtra = (typeof hashExtras)[number];

/** The state of a hash after the `offset` bytes before a part: `h` = h0..h4 (SHA-1) or H0..H7 (SHA-256), unsigned. */
export interface HashContext {
  offset: number;
  h: number[];
}

/** One context per part after the first, in part order; present for the algorithms computed. */
export interface HashContexts {
  sha1?: HashContext[];
  sha256?: HashContext[];
}

const KiB = 1024;
const MiB = 1 << 20;

/** Validates `extras` (removing duplicates). */
export function checkExtras<E extends HashExtra>(extras: readonly E[] | undefined): E[] {
  if (extras === undefined) return [];
  if (!Array.isArray(extras)) throw new ConfigurationError('extras', `expected an array of ${hashExtras.join(', ')}`);
  for (const name of extras) {
    if (!(hashExtras as readonly string[]).includes(name)) {
      throw new ConfigurationError('extras', `unknown extra ${JSON.stringify(name)} (known: ${hashExtras.join(', ')})`);
    }
  }
  return [...new Set(extras)];
}

/** `partSize` must be a positive safe integer multiple of 64: a SHA state exists only at block boundaries. */
export function checkPartSize(partSize: unknown): number | undefined {
  if (partSize === undefined) return undefined;
  if (typeof partSize !== 'number' || !Number.isSafeInteger(partSize) || partSize <= 0 || partSize % 64 !== 0) {
    const shown = typeof partSize === 'number' ? String(partSize) : typeof partSize;
    throw new ConfigurationError('partSize', `must be a positive whole multiple of 64 bytes (SHA block boundaries), got ${shown}`);
  }
  return partSize;
}

/** SHA-256 of a prefix of at most `limit` bytes. */
class PrefixHash {
  readonly #hash: StreamingDigest;
  #left: number;
  constructor(algorithm: 'sha1' | 'sha256', limit: number) {
    this.#hash = createDigest(algorithm);
    this.#left = limit;
  }
  update(bytes: Uint8Array): void {
    if (this.#left === 0) return;
    const piece = bytes.length <= this.#left ? bytes : bytes.subarray(0, this.#left);
    this.#hash.update(piece);
    this.#left -= piece.length;
  }
  digest(): string {
    return this.#hash.digestHex();
  }
}

/** SMH's chain over 1 MiB blocks; also yields the first block's digest (`beginningHash`). */
class MiBChain {
  #hash: StreamingDigest | undefined = createDigest('sha256');
  #filled = 0;
  #previous: Uint8Array | undefined;
  first: string | undefined;

  update(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      if (!this.#hash) {
        this.#hash = createDigest('sha256');
        this.#hash.update(this.#previous!);
        this.#filled = 0;
      }
      const take = Math.min(MiB - this.#filled, bytes.length - offset);
      this.#hash.update(offset === 0 && take === bytes.length ? bytes : bytes.subarray(offset, offset + take));
      this.#filled += take;
      offset += take;
      if (this.#filled === MiB) this.#close();
    }
  }

  #close(): void {
    this.#previous = this.#hash!.digest();
    this.#hash = undefined;
    this.first ??= bytesToHex(this.#previous);
  }

  /** The chained digest (a block is open only if it has bytes, or if it is the first). */
  digest(): string {
    if (this.#hash) this.#close();
    return bytesToHex(this.#previous!);
  }
}

/** A ShaState that records its state each time a part boundary is crossed. */
class PartStates {
  readonly state: ShaState;
  readonly contexts: HashContext[] = [];
  readonly #partSize: number;
  #next: number;

  constructor(algorithm: ShaStateAlgorithm, partSize: number) {
    this.state = new ShaState(algorithm);
    this.#partSize = partSize;
    this.#next = partSize;
  }

  update(bytes: Uint8Array): void {
    let offset = 0;
    let position = this.state.size;
    while (position + (bytes.length - offset) > this.#next) {
      // Bytes up to the boundary, then the state there: a part starts at `#next` and has bytes.
      const take = this.#next - position;
      this.state.update(take === bytes.length ? bytes : bytes.subarray(offset, offset + take));
      offset += take;
      position += take;
      this.contexts.push({ offset: position, h: this.state.state() });
      this.#next += this.#partSize;
    }
    if (offset < bytes.length) this.state.update(offset === 0 ? bytes : bytes.subarray(offset));
  }
}

/** Every digest but CRC-64 of one stream of chunks. */
export class CryptoPass {
  readonly #plain: [HashAlgorithm, StreamingDigest][] = [];
  readonly #parts: [ShaStateAlgorithm, PartStates][] = [];
  readonly #sha1First1KiB: PrefixHash | undefined;
  readonly #sha256First1MiB: PrefixHash | undefined;
  readonly #chain: MiBChain | undefined;
  readonly #extras: readonly HashExtra[];
  readonly #partSize: number | undefined;
  /** Bytes fed so far. */
  size = 0;

  constructor(algorithms: readonly HashAlgorithm[], extras: readonly HashExtra[] = [], partSize?: number) {
    this.#extras = extras;
    this.#partSize = partSize;
    for (const name of algorithms) {
      if (name === 'crc64') continue;
      if (partSize !== undefined && (name === 'sha1' || name === 'sha256')) this.#parts.push([name, new PartStates(name, partSize)]);
      else this.#plain.push([name, createDigest(name)]);
    }
    if (extras.includes('sha1First1KiB')) this.#sha1First1KiB = new PrefixHash('sha1', KiB);
    if (extras.includes('sha256MiBChain')) this.#chain = new MiBChain();
    else if (extras.includes('sha256First1MiB')) this.#sha256First1MiB = new PrefixHash('sha256', MiB);
  }

  /** Whether there is anything to compute (a worker-offload policy asks). */
  get hasWork(): boolean {
    return this.#plain.length + this.#parts.length > 0 || this.#extras.length > 0;
  }

  update(bytes: Uint8Array): void {
    this.size += bytes.length;
    for (const [, hash] of this.#plain) hash.update(bytes);
    for (const [, parts] of this.#parts) parts.update(bytes);
    this.#sha1First1KiB?.update(bytes);
    this.#sha256First1MiB?.update(bytes);
    this.#chain?.update(bytes);
  }

  /** Writes the digests (lowercase hex), the extras and, with `partSize`, `contexts` into `result`. */
  finish(result: Record<string, unknown>): void {
    for (const [name, hash] of this.#plain) result[name] = hash.digestHex();
    for (const [name, parts] of this.#parts) result[name] = parts.state.digest();
    if (this.#sha1First1KiB) result.sha1First1KiB = this.#sha1First1KiB.digest();
    if (this.#chain) {
      const full = this.#chain.digest();
      if (this.#extras.includes('sha256First1MiB')) result.sha256First1MiB = this.#chain.first;
      if (this.#extras.includes('sha256MiBChain')) result.sha256MiBChain = full;
    } else if (this.#sha256First1MiB) {
      result.sha256First1MiB = this.#sha256First1MiB.digest();
    }
    if (this.#partSize !== undefined) {
      const contexts: HashContexts = {};
      for (const [name, parts] of this.#parts) contexts[name] = parts.contexts;
      result.contexts = contexts;
    }
  }
}
