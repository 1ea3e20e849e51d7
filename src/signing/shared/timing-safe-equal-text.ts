import { timingSafeEqual } from '../../platform/crypto.js';

const utf8 = new TextEncoder();

/**
 * Constant-time comparison of two signatures as text. A length difference returns early: the
 * expected length is public (it is fixed by the algorithm), only the content is secret.
 */
export function timingSafeEqualText(actual: string, expected: string): Promise<boolean> {
  return timingSafeEqual(utf8.encode(actual), utf8.encode(expected));
}
