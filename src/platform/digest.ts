/**
 * Streaming MD5 / SHA-1 / SHA-256 on Node: node:crypto (OpenSSL), faster than the universal
 * twin's kernels (digest.web.ts; bench/hashing.ts "digest twins" measures both under Node).
 *
 * node:crypto is loaded on first use, not at import: a top-level import is part of every provider
 * entry's cold start (issue 13). The API is synchronous, so the load is `process.getBuiltinModule`
 * (synchronous, Node >= 20.16; our engines say >= 20.19), not a dynamic import().
 */
import type * as NodeCrypto from 'node:crypto';
import { nodeBuiltin } from './node-builtin.js';
import type { DigestAlgorithm, StreamingDigest } from '../hashing/streaming-digest.js';

export type { DigestAlgorithm, StreamingDigest } from '../hashing/streaming-digest.js';

/** Which implementation this build hashes with (for bench output and error reports). */
export const digestImplementation: string = 'node:crypto';

let nodeCrypto: typeof NodeCrypto | undefined;

function createHash(algorithm: DigestAlgorithm): NodeCrypto.Hash {
  nodeCrypto ??= nodeBuiltin('node:crypto');
  return nodeCrypto.createHash(algorithm);
}

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
