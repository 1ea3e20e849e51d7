/**
 * Deterministic pseudo-random test data (xorshift32, G. Marsaglia 2003), so a failure reproduces.
 * Free of node: imports: test/upload/web-build.test.ts bundles it into the universal build's
 * test entry (test/upload/support/web-upload-entry.ts), which must not pull in a Node built-in.
 */

/** The xorshift32 sequence from `seed` (0 would stay 0, so it becomes 1), as signed 32-bit words. */
function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x;
  };
}

/** `length` pseudo-random bytes: the low byte of each xorshift32 word from `seed`. */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array<ArrayBuffer> {
  const next = xorshift32(seed);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = next() & 0xff;
  return out;
}

/** Pseudo-random integers in [0, n) from `seed`. */
export function prng(seed: number): (n: number) => number {
  const next = xorshift32(seed);
  return (n) => (next() >>> 0) % n;
}
