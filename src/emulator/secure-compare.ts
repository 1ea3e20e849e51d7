import { hash, timingSafeEqual } from 'node:crypto';

/**
 * The expected secrets' digests: a handful of credential values, hashed once instead of per
 * request (bounded, in case a caller compares against many values).
 */
const expectedDigests = new Map<string, Buffer>();
const MAX_CACHED = 64;

function digestOf(expected: string): Buffer {
  let digest = expectedDigests.get(expected);
  if (digest === undefined) {
    if (expectedDigests.size >= MAX_CACHED) expectedDigests.clear();
    digest = hash('sha256', expected, 'buffer');
    expectedDigests.set(expected, digest);
  }
  return digest;
}

/**
 * Constant-time equality of a presented secret and the expected one. Both sides are hashed
 * first so the comparison never short-cuts on length either (a token's length is secret too,
 * unlike a signature's). The presented value is hashed on every call; the expected one's digest
 * is remembered.
 */
export function secretEquals(presented: string, expected: string): boolean {
  const a = hash('sha256', presented, 'buffer');
  return timingSafeEqual(a, digestOf(expected)) && presented.length === expected.length;
}
