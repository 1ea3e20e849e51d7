/**
 * Reproducible flow content: xorshift32 bytes, the same for a size and seed on every run and
 * platform, and different between seeds (so a rapid-upload flow can use content no other flow
 * stored).
 */
import { ConfigurationError } from '../../core/errors.js';

export function flowContent(size: number, seed = 1): Uint8Array {
  if (!Number.isSafeInteger(size) || size < 0) throw new ConfigurationError('size', `must be a whole number of bytes, not ${size}`);
  const out = new Uint8Array(size);
  let x = (seed * 0x9e3779b1) >>> 0 || 0x6d2b79f5;
  // Each 32-bit output gives four bytes, little-endian; a shorter content is a prefix of a longer one.
  for (let i = 0; i < size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    for (let b = 0; b < 4 && i + b < size; b++) out[i + b] = (x >>> (8 * b)) & 0xff;
  }
  return out;
}
