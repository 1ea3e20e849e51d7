/**
 * Several digests over one stream of chunks, for callers that already hold the bytes (for example
 * while uploading them): feed each chunk once, read every digest at the end. `hashSource` builds on
 * the same algorithms for files, streams and blobs.
 */
import { createHash, type Hash } from 'node:crypto';
import { ConfigurationError, DrivespecError } from '../core/errors.js';
import { Crc64 } from './crc64.js';
import { toBytes, type BinaryChunk } from './to-bytes.js';

export const hashAlgorithms = ['crc64', 'sha1', 'sha256', 'md5'] as const;
export type HashAlgorithm = (typeof hashAlgorithms)[number];

/** What `hashSource` computes when no `algorithms` are given: what the providers ask for. */
export const defaultHashAlgorithms = ['crc64', 'sha1', 'sha256'] as const satisfies readonly HashAlgorithm[];
export type DefaultHashAlgorithm = (typeof defaultHashAlgorithms)[number];

/**
 * `size` in bytes, `crc64` as the unsigned decimal wire string, the others as lowercase hex
 * (provider-specific casing is applied by the provider helpers, e.g. PDS's uppercase SHA-1).
 */
export type HashResult<A extends HashAlgorithm = HashAlgorithm> = { size: number } & {
  [K in A]: string;
};

/** Validates a list of algorithm names and removes duplicates. */
export function checkAlgorithms<A extends HashAlgorithm>(algorithms: readonly A[]): A[] {
  if (!Array.isArray(algorithms)) {
    throw new ConfigurationError('algorithms', `expected an array of ${hashAlgorithms.join(', ')}`);
  }
  for (const name of algorithms) {
    if (!(hashAlgorithms as readonly string[]).includes(name)) {
      throw new ConfigurationError(
        'algorithms',
        `unknown algorithm ${JSON.stringify(name)} (known: ${hashAlgorithms.join(', ')})`,
      );
    }
  }
  return [...new Set(algorithms)];
}

/** One `node:crypto` hash per cryptographic algorithm in `algorithms` (everything but crc64). */
export function createCryptoHashes<A extends HashAlgorithm>(algorithms: readonly A[]): [A, Hash][] {
  return algorithms.filter((name) => name !== 'crc64').map((name) => [name, createHash(name)]);
}

export class MultiHash<A extends HashAlgorithm = DefaultHashAlgorithm> {
  readonly algorithms: readonly A[];
  #size = 0;
  readonly #crc: Crc64 | undefined;
  #hashes: [A, Hash][];
  #result: HashResult<A> | undefined;

  constructor(algorithms: readonly A[] = defaultHashAlgorithms as unknown as readonly A[]) {
    this.algorithms = checkAlgorithms(algorithms);
    this.#crc = this.algorithms.includes('crc64' as A) ? new Crc64() : undefined;
    this.#hashes = createCryptoHashes(this.algorithms);
  }

  /** Bytes fed so far. */
  get size(): number {
    return this.#size;
  }

  update(chunk: BinaryChunk): this {
    if (this.#result) throw new DrivespecError('MultiHash: update() after digest(); call reset() first');
    const bytes = toBytes(chunk);
    this.#size += bytes.length;
    this.#crc?.update(bytes);
    for (const [, hash] of this.#hashes) hash.update(bytes);
    return this;
  }

  /** Every digest of the bytes fed so far. Ends the stream: later calls return the same result. */
  digest(): HashResult<A> {
    if (!this.#result) {
      const result: Record<string, string | number> = { size: this.#size };
      if (this.#crc) result.crc64 = this.#crc.digest();
      for (const [name, hash] of this.#hashes) result[name] = hash.digest('hex');
      this.#result = result as HashResult<A>;
    }
    return this.#result;
  }

  reset(): void {
    this.#size = 0;
    this.#crc?.reset();
    this.#hashes = createCryptoHashes(this.algorithms);
    this.#result = undefined;
  }
}
