/**
 * HMAC, SHA-256, random ids and constant-time comparison on Node: node:crypto, loaded on first
 * use rather than at import (a top-level `node:crypto` import is part of every provider entry's
 * cold start, issue 13), and faster than WebCrypto under Node (bench/signing.ts measures both:
 * `crypto.subtle` hands each call to a thread pool). The universal twin (crypto.web.ts) uses
 * WebCrypto.
 */
import type * as NodeCrypto from 'node:crypto';

export type CryptoBytes = string | Uint8Array;

/** Which implementation this build signs with (for bench output and error reports). */
export const cryptoImplementation: string = 'node:crypto';

let loaded: Promise<typeof NodeCrypto> | undefined;
let nodeCrypto: typeof NodeCrypto | undefined;

/**
 * Runs `use` with node:crypto, imported once. Once loaded, `use` runs synchronously and only its
 * result is wrapped in a promise (an extra `await` per call showed in bench/signing.ts).
 */
function withCrypto<T>(use: (crypto: typeof NodeCrypto) => T): Promise<T> {
  if (nodeCrypto === undefined) {
    loaded ??= import('node:crypto').then((module) => (nodeCrypto = module));
    return loaded.then(use);
  }
  try {
    return Promise.resolve(use(nodeCrypto));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** HMAC-SHA1(key, message), strings taken as UTF-8. */
export function hmacSha1(key: CryptoBytes, message: CryptoBytes): Promise<Uint8Array> {
  return withCrypto((c) => c.createHmac('sha1', key).update(message).digest());
}

/** HMAC-SHA256(key, message), strings taken as UTF-8. */
export function hmacSha256(key: CryptoBytes, message: CryptoBytes): Promise<Uint8Array> {
  return withCrypto((c) => c.createHmac('sha256', key).update(message).digest());
}

/** Lowercase hex SHA-256 of `data` (a string taken as UTF-8). */
export function sha256Hex(data: CryptoBytes): Promise<string> {
  return withCrypto((c) => c.createHash('sha256').update(data).digest('hex'));
}

/**
 * A random (version 4) UUID, for nonces. Synchronous because a nonce is read inside the signing
 * of one attempt; `globalThis.crypto` is there on every supported Node (≥ 20.19) and loads
 * lazily (on first access), so no import is needed.
 */
export function randomId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Constant-time equality of two byte strings of the same length (false for different lengths,
 * which return early: callers compare values whose length is public, such as signatures).
 */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): Promise<boolean> {
  if (a.length !== b.length) return Promise.resolve(false);
  return withCrypto((c) => c.timingSafeEqual(a, b));
}
