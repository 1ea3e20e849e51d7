import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Constant-time equality of a presented secret and the expected one. Both sides are hashed
 * first so the comparison never short-cuts on length either (a token's length is secret too,
 * unlike a signature's).
 */
export function secretEquals(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b) && presented.length === expected.length;
}
