import { readFileSync } from 'node:fs';
import type { VectorInput } from './vectors/inputs.js';

export interface Crc64VectorFile {
  source: string;
  vectors: { input: VectorInput; crc64: string }[];
}

export interface ProviderCheckValues {
  source: string;
  crc64: { ascii: string; crc64: string; note?: string }[];
  notCrc64: { ascii: string; crc64: string; note?: string }[];
  pdsContentHash: { ascii: string; content_hash: string; note?: string }[];
}

export function loadJson<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`./vectors/${name}`, import.meta.url), 'utf8')) as T;
}

/** Deterministic pseudo-random bytes (xorshift32), so a failure reproduces. */
export function pseudoRandomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Deterministic pseudo-random integers in [0, n). */
export function prng(seed: number): (n: number) => number {
  let x = seed >>> 0 || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}
