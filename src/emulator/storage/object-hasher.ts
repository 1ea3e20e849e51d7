/**
 * Every whole-object digest the providers compare at completion, fed the parts' bytes in order:
 * CRC-64/XZ (src/hashing's Crc64), MD5, SHA-1 and SHA-256 (node:crypto), PDS `pre_hash` (SHA-1 of
 * the first 1 KiB), SMH `beginningHash` / `fullHash` (shared/docs/upload/tencent-smh-upload.md §7)
 * and, only for the algorithms asked for, the SHA chaining state before each part
 * (src/hashing/sha-state.ts, several times slower than node:crypto, so never run otherwise).
 *
 * `digests()` does not end anything (node:crypto `Hash.copy()`), so the same running hasher
 * answers every completion of an upload whose parts are all covered.
 */
import { createHash, type Hash } from 'node:crypto';
import { Crc64 } from '../../hashing/crc64.js';
import { ShaState } from '../../hashing/sha-state.js';
import type { ObjectDigests, PartState } from './upload-store.js';

const KiB = 1024;
const MiB = 1024 * 1024;

/** SHA-256 chained per MiB: h = SHA-256(first MiB), then h = SHA-256(h ‖ next MiB). */
class MiBChain {
  #open: Hash | undefined = createHash('sha256');
  #filled = 0;
  #previous: Buffer | undefined;
  #first: Buffer | undefined;

  update(bytes: Uint8Array): void {
    let offset = 0;
    while (offset < bytes.length) {
      if (!this.#open) {
        this.#open = createHash('sha256').update(this.#previous!);
        this.#filled = 0;
      }
      const take = Math.min(MiB - this.#filled, bytes.length - offset);
      this.#open.update(bytes.subarray(offset, offset + take));
      this.#filled += take;
      offset += take;
      if (this.#filled === MiB) {
        this.#previous = this.#open.digest();
        this.#first ??= this.#previous;
        this.#open = undefined;
      }
    }
  }

  /** [beginningHash, fullHash]: a block is open only when it has bytes (or is the first, of an object under 1 MiB). */
  digests(): [string, string] {
    const full = this.#open ? this.#open.copy().digest() : this.#previous!;
    return [(this.#first ?? full).toString('hex'), full.toString('hex')];
  }
}

export class ObjectHasher {
  readonly #crc = new Crc64();
  readonly #md5 = createHash('md5');
  readonly #sha1 = createHash('sha1');
  readonly #sha256 = createHash('sha256');
  readonly #preHash = createHash('sha1');
  readonly #chain = new MiBChain();
  readonly #states: [('sha1' | 'sha256'), ShaState][];
  readonly #partStates: PartState[] = [];
  #size = 0;

  constructor(partStates: readonly ('sha1' | 'sha256')[] = []) {
    this.#states = [...new Set(partStates)].map((name) => [name, new ShaState(name)]);
  }

  get size(): number {
    return this.#size;
  }

  /** Records the state before part `partNumber`, which starts at the bytes fed so far. */
  beginPart(partNumber: number): void {
    const state: PartState = { partNumber, offset: this.#size };
    if (this.#size % 64 === 0) for (const [name, sha] of this.#states) state[name] = sha.state();
    this.#partStates.push(state);
  }

  update(bytes: Uint8Array): void {
    if (this.#size < KiB) this.#preHash.update(bytes.subarray(0, KiB - this.#size));
    this.#size += bytes.length;
    this.#crc.update(bytes);
    this.#md5.update(bytes);
    this.#sha1.update(bytes);
    this.#sha256.update(bytes);
    this.#chain.update(bytes);
    for (const [, sha] of this.#states) sha.update(bytes);
  }

  digests(): ObjectDigests {
    const [smhBeginningHash, smhFullHash] = this.#chain.digests();
    return {
      size: this.#size,
      crc64: this.#crc.digest(),
      sha1: this.#sha1.copy().digest('hex'),
      sha256: this.#sha256.copy().digest('hex'),
      md5: this.#md5.copy().digest('hex'),
      preHashSha1: this.#preHash.copy().digest('hex'),
      smhBeginningHash,
      smhFullHash,
      partStates: this.#partStates.map((s) => ({ ...s, ...(s.sha1 ? { sha1: [...s.sha1] } : {}), ...(s.sha256 ? { sha256: [...s.sha256] } : {}) })),
    };
  }
}
