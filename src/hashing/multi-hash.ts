/**
 * Several digests over one stream of chunks, for callers that already hold the bytes (for example
 * while uploading them): feed each chunk once, read every digest at the end. `hashSource` builds on
 * the same algorithms for files, streams and blobs.
 */
import { ConfigurationError, DrivespecError } from '../core/errors.js';
import { Crc64 } from './crc64.js';
import { checkExtras, checkPartSize, CryptoPass, type HashContexts, type HashExtra } from './one-pass.js';
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

/**
 * What the upload flows need beyond whole-input digests (one-pass.ts): `extras` adds prefix
 * hashes (PDS `pre_hash`, SMH `beginningHash`/`fullHash`) under their own names; `partSize` adds
 * `contexts`, the SHA-1/SHA-256 state where each part after the first starts (PDS
 * `parallel_sha1_ctx`, KooDrive `hashCtx`).
 */
export interface UploadHashOptions<E extends HashExtra = never> {
  extras?: readonly E[];
  /** Part size in bytes, a multiple of 64: yields `contexts` for sha1 / sha256. */
  partSize?: number;
}

/** A hash result with the extras asked for and, with `partSize`, the part contexts. */
export type UploadHashResult<A extends HashAlgorithm, E extends HashExtra = never> = HashResult<A> & {
  [K in E]: string;
} & { contexts?: HashContexts };

export class MultiHash<A extends HashAlgorithm = DefaultHashAlgorithm, E extends HashExtra = never> {
  readonly algorithms: readonly A[];
  readonly #crc: Crc64 | undefined;
  readonly #extras: readonly E[];
  readonly #partSize: number | undefined;
  #pass: CryptoPass;
  #result: UploadHashResult<A, E> | undefined;

  constructor(algorithms: readonly A[] = defaultHashAlgorithms as unknown as readonly A[], options: UploadHashOptions<E> = {}) {
    this.algorithms = checkAlgorithms(algorithms);
    this.#extras = checkExtras(options?.extras);
    this.#partSize = checkPartSize(options?.partSize);
    this.#crc = this.algorithms.includes('crc64' as A) ? new Crc64() : undefined;
    this.#pass = new CryptoPass(this.algorithms, this.#extras, this.#partSize);
  }

  /** Bytes fed so far. */
  get size(): number {
    return this.#pass.size;
  }

  update(chunk: BinaryChunk): this {
    if (this.#result) throw new DrivespecError('MultiHash: update() after digest(); call reset() first');
    const bytes = toBytes(chunk);
    this.#crc?.update(bytes);
    this.#pass.update(bytes);
    return this;
  }

  /** Every digest of the bytes fed so far. Ends the stream: later calls return the same result. */
  digest(): UploadHashResult<A, E> {
    if (!this.#result) {
      const result: Record<string, unknown> = { size: this.#pass.size };
      if (this.#crc) result.crc64 = this.#crc.digest();
      this.#pass.finish(result);
      this.#result = result as UploadHashResult<A, E>;
    }
    return this.#result;
  }

  reset(): void {
    this.#crc?.reset();
    this.#pass = new CryptoPass(this.algorithms, this.#extras, this.#partSize);
    this.#result = undefined;
  }
}
