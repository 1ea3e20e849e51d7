/**
 * KooDrive's `X-Amz-Iteration-Hash-Ctx`: the SHA-256 context signed into a part's upload link,
 * from which the storage continues the file's SHA-256 at the part's offset. Its base64 value in
 * the documented link decodes to an OpenSSL `SHA256_CTX` dump (docs/upload/huawei-koodrive-upload.md
 * §2-§3, DECODED):
 *
 *   {"md_len":32,"num":0,"h":[H0..H7],"nh":0,"nl":3774873600,"hash_type":"sha256"}
 *
 * `h` is the part's `hashCtx`, `nl`/`nh` the low and high 32 bits of the bit count before the
 * part (`partOffset × 8`; OpenSSL include/openssl/sha.h), `num` the bytes buffered (0: offsets
 * are multiples of 64), `md_len` the digest length.
 */

/** The query parameter of a part's link that carries the context. */
export const HASH_CTX_QUERY = 'X-Amz-Iteration-Hash-Ctx';

export interface IterationHashCtx {
  /** SHA-256 state words H0..H7 before the part. */
  h: number[];
  /** Bytes hashed before the part (the part's offset). */
  offset: number;
}

const TWO_32 = 2 ** 32;

/** The link's parameter value for a part at `offset` whose preceding bytes have SHA-256 state `h`. */
export function encodeHashCtx(h: readonly number[], offset: number): string {
  const bits = offset * 8; // at most 200 GiB × 8 < 2^53: exact
  const ctx = { md_len: 32, num: 0, h: [...h], nh: Math.floor(bits / TWO_32), nl: bits % TWO_32, hash_type: 'sha256' };
  return Buffer.from(JSON.stringify(ctx), 'utf8').toString('base64');
}

const isWord = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) < TWO_32;

/** The context a link carried, `undefined` when the value is not one this emulator wrote. */
export function decodeHashCtx(value: string): IterationHashCtx | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const c = parsed as Record<string, unknown>;
  if (c.hash_type !== 'sha256' || c.md_len !== 32 || c.num !== 0) return undefined;
  if (!Array.isArray(c.h) || c.h.length !== 8 || !c.h.every(isWord)) return undefined;
  if (!isWord(c.nl) || !isWord(c.nh)) return undefined;
  const bits = c.nh * TWO_32 + c.nl;
  if (!Number.isSafeInteger(bits) || bits % 8 !== 0) return undefined;
  return { h: c.h as number[], offset: bits / 8 };
}
