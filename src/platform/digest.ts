/**
 * Streaming MD5 / SHA-1 / SHA-256 on Node: node:crypto (OpenSSL), faster than the universal
 * twin's kernels (digest.web.ts; bench/hashing.ts "digest twins" measures both under Node).
 */
import { createHash } from 'node:crypto';
import type { DigestAlgorithm, StreamingDigest } from '../hashing/streaming-digest.js';

export type { DigestAlgorithm, StreamingDigest } from '../hashing/streaming-digest.js';

/** Which implementation this build hashes with (for bench output and error reports). */
export const digestImplementation: string = 'node:crypto';

export function createDigest(algorithm: DigestAlgorithm): StreamingDigest {
  const hash = createHash(algorithm);
  return {
    update: (bytes) => void hash.update(bytes),
    digest: () => hash.digest(),
    digestHex: () => hash.digest('hex'),
  };
}

/** The lowercase hex digest of `bytes` in one call. */
export function digestHex(algorithm: DigestAlgorithm, bytes: Uint8Array): string {
  return createHash(algorithm).update(bytes).digest('hex');
}
