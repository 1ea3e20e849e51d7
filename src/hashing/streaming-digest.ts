/**
 * The streaming digest both platform twins hand out (src/platform/digest.ts: node:crypto;
 * digest.web.ts: our WebAssembly/JS SHA kernels and MD5). WebCrypto's `crypto.subtle.digest`
 * takes the whole input at once, so it cannot hash a multi-GiB file in constant memory.
 */
export type DigestAlgorithm = 'md5' | 'sha1' | 'sha256';

export interface StreamingDigest {
  update(bytes: Uint8Array): void;
  /** The raw digest; ends the hash (one of `digest`/`digestHex`, once). */
  digest(): Uint8Array;
  /** The digest as lowercase hex; ends the hash. */
  digestHex(): string;
}
