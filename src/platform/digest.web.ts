/**
 * Streaming MD5 / SHA-1 / SHA-256 anywhere (browsers, Workers, Deno, Bun): WebCrypto has no
 * streaming digest and no MD5, so SHA-1/SHA-256 run on our WebAssembly kernels
 * (src/hashing/sha-state.ts, plain JS where WebAssembly cannot compile) and MD5 on our JS kernel
 * (src/hashing/md5.ts). The Node twin (digest.ts) uses node:crypto.
 */
import { bytesToHex, hexToBytes } from '../hashing/hex-base64.js';
import { Md5 } from '../hashing/md5.js';
import { ShaState } from '../hashing/sha-state.js';
import type { DigestAlgorithm, StreamingDigest } from '../hashing/streaming-digest.js';

export type { DigestAlgorithm, StreamingDigest } from '../hashing/streaming-digest.js';

/** Which implementation this build hashes with (for bench output and error reports). */
export const digestImplementation: string = 'drivespec kernels (WebAssembly SHA, JS MD5)';

export function createDigest(algorithm: DigestAlgorithm): StreamingDigest {
  if (algorithm === 'md5') {
    const md5 = new Md5();
    return {
      update: (bytes) => void md5.update(bytes),
      digest: () => md5.digestBytes(),
      digestHex: () => bytesToHex(md5.digestBytes()),
    };
  }
  const sha = new ShaState(algorithm);
  return {
    update: (bytes) => void sha.update(bytes),
    digest: () => hexToBytes(sha.digest()),
    digestHex: () => sha.digest(),
  };
}

/** The lowercase hex digest of `bytes` in one call. */
export function digestHex(algorithm: DigestAlgorithm, bytes: Uint8Array): string {
  const digest = createDigest(algorithm);
  digest.update(bytes);
  return digest.digestHex();
}
