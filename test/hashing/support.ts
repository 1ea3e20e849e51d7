import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { crc64 as ecmaCrc64 } from 'crc64-ecma182.js';
import { vectorBytes, type VectorInput } from './vectors/inputs.js';

// The generators live in a node-free module (the web build's test entry uses them too).
export { prng, pseudoRandomBytes } from '../support/pseudo-random-bytes.js';

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

/**
 * CRC-64/XZ as a decimal string, by `crc64-ecma182.js` (an Emscripten build of a C implementation,
 * not drivespec's code): the reference expected values are computed with. Fed 1 MiB at a time,
 * because it fails on single buffers above ~11 MiB; `prev` continues a running CRC.
 */
export function referenceCrc64(bytes: Uint8Array, prev = '0'): string {
  let crc = prev;
  for (let i = 0; i < bytes.length; i += 1 << 20) crc = ecmaCrc64(Buffer.from(bytes.buffer, bytes.byteOffset + i, Math.min(1 << 20, bytes.length - i)), crc);
  return crc;
}

/** One case of sha-state-vectors.json. */
export interface ShaStateCase {
  input: VectorInput | { cycle256: true; length: number };
  size: number;
  partSize: number;
  sha1: string;
  sha256: string;
  md5Base64: string;
  sha1First1KiB: string;
  sha256First1MiB: string;
  sha256MiBChain: string;
  sha1States: { offset: number; h: number[] }[];
  sha256States: { offset: number; h: number[] }[];
}

/** sha-state-vectors.json, written by vectors/sha_states.py (FIPS 180-4 in plain Python). */
export const shaVectors = loadJson<{ source: string; cases: ShaStateCase[] }>('sha-state-vectors.json');

/** The bytes of a case: `cycle256` is bytes(range(256)) repeated (the fact sheets' inputs). */
export function caseBytes(input: ShaStateCase['input']): Uint8Array {
  if ('cycle256' in input) return Uint8Array.from({ length: input.length }, (_, i) => i & 0xff);
  return vectorBytes(input);
}

/**
 * What `hashSource(bytes, { sha1, sha256, md5, extras })` must answer for every digest and extra,
 * computed with node:crypto and referenceCrc64, never with drivespec's own hashers.
 */
export function referenceHashSource(bytes: Uint8Array) {
  const hex = (algorithm: string, data: Uint8Array) => createHash(algorithm).update(data).digest('hex');
  // SMH fullHash: h = SHA-256(first MiB), then h = SHA-256(h ‖ next MiB).
  let chain = createHash('sha256').update(bytes.subarray(0, 1 << 20)).digest();
  for (let i = 1 << 20; i < bytes.length; i += 1 << 20) chain = createHash('sha256').update(chain).update(bytes.subarray(i, i + (1 << 20))).digest();
  return {
    size: bytes.length,
    crc64: referenceCrc64(bytes),
    sha1: hex('sha1', bytes),
    sha256: hex('sha256', bytes),
    md5: hex('md5', bytes),
    sha1First1KiB: hex('sha1', bytes.subarray(0, 1024)),
    sha256First1MiB: hex('sha256', bytes.subarray(0, 1 << 20)),
    sha256MiBChain: chain.toString('hex'),
  };
}
