import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time comparison of two signatures as text. A length difference returns early: the
 * expected length is public (it is fixed by the algorithm), only the content is secret.
 */
export function timingSafeEqualText(actual: string, expected: string): boolean {
  const a = Buffer.from(actual, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) return false;
  return timingSafeEqual(a, b);
}
