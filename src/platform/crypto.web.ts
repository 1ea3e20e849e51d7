/**
 * HMAC, SHA-256, random ids and constant-time comparison anywhere (browsers, Workers, Deno, Bun):
 * WebCrypto (`crypto.subtle`, `crypto.getRandomValues`). The Node twin (crypto.ts) uses
 * node:crypto, which bench/signing.ts measures as faster under Node.
 */
import { uuidV4 } from '../core/uuid-v4.js';
import { bytesToHex } from '../hashing/hex-base64.js';

export type CryptoBytes = string | Uint8Array;

/** Which implementation this build signs with (for bench output and error reports). */
export const cryptoImplementation: string = 'WebCrypto (crypto.subtle)';

const utf8 = new TextEncoder();

type HmacHash = 'SHA-1' | 'SHA-256';

/**
 * Imported HMAC keys for string keys (the secrets a client signs every request with), so each
 * request pays for `sign` only; bench/signing.ts "web twin" shows what an import costs. Bounded:
 * a process signing with many secrets clears it rather than growing. Derived keys (ACS4's
 * chain, bytes) are imported per call: they change per day and region.
 */
const keyCache = new Map<string, Promise<CryptoKey>>();
const MAX_CACHED_KEYS = 32;

function bytesOf(data: CryptoBytes): Uint8Array<ArrayBuffer> {
  if (typeof data === 'string') return utf8.encode(data);
  // WebCrypto wants a BufferSource over an ArrayBuffer; a copy also detaches us from the caller's view.
  return new Uint8Array(data);
}

function importHmacKey(hash: HmacHash, key: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  // WebCrypto refuses an empty raw HMAC key (DataError). HMAC pads a short key with zero bytes to
  // the block size (RFC 2104 §2), so the empty key and a single zero byte are the same key.
  const raw = key.length === 0 ? new Uint8Array(1) : key;
  return globalThis.crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash }, false, ['sign']);
}

function hmacKey(hash: HmacHash, key: CryptoBytes): Promise<CryptoKey> {
  if (typeof key !== 'string') return importHmacKey(hash, bytesOf(key));
  const id = `${hash}\0${key}`;
  let cached = keyCache.get(id);
  if (cached === undefined) {
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    cached = importHmacKey(hash, utf8.encode(key));
    // A failed import is not remembered: the next call tries again.
    cached.catch(() => keyCache.delete(id));
    keyCache.set(id, cached);
  }
  return cached;
}

async function hmac(hash: HmacHash, key: CryptoBytes, message: CryptoBytes): Promise<Uint8Array> {
  const cryptoKey = await hmacKey(hash, key);
  return new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', cryptoKey, bytesOf(message)));
}

/** HMAC-SHA1(key, message), strings taken as UTF-8. */
export function hmacSha1(key: CryptoBytes, message: CryptoBytes): Promise<Uint8Array> {
  return hmac('SHA-1', key, message);
}

/** HMAC-SHA256(key, message), strings taken as UTF-8. */
export function hmacSha256(key: CryptoBytes, message: CryptoBytes): Promise<Uint8Array> {
  return hmac('SHA-256', key, message);
}

/** Lowercase hex SHA-256 of `data` (a string taken as UTF-8). */
export async function sha256Hex(data: CryptoBytes): Promise<string> {
  return bytesToHex(new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', bytesOf(data))));
}

/**
 * A random (version 4) UUID, for nonces: `crypto.randomUUID` where there is one (it is missing
 * outside secure contexts in browsers, e.g. a page on plain http://192.168.x.x), else the RFC 9562
 * §5.4 layout over `crypto.getRandomValues`, which every runtime has.
 */
export function randomId(): string {
  const webCrypto = globalThis.crypto;
  if (typeof webCrypto.randomUUID === 'function') return webCrypto.randomUUID();
  return uuidV4(webCrypto.getRandomValues(new Uint8Array(16)));
}

/**
 * Constant-time equality of two byte strings of the same length (false for different lengths,
 * which return early: callers compare values whose length is public, such as signatures).
 * WebCrypto has no comparison; every byte is visited and no branch depends on the content.
 */
export async function timingSafeEqual(a: Uint8Array, b: Uint8Array): Promise<boolean> {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}
