/**
 * CRC-64/XZ of a concatenation from the CRCs of its parts, without re-reading data: zlib's
 * `crc32_combine` (crc32.c, `multmodp` / `x2nmodp`) with the CRC-64/XZ polynomial. Multipart
 * uploads hash parts separately, possibly in parallel, and combine (shared/PROVIDERS.md,
 * "Content hashes").
 *
 *   crc(A || B) = crc(A) * x^(8 |B|) mod P  xor  crc(B)
 *
 * The init and xorout values (all ones) cancel out, as they do for zlib's CRC-32.
 */
import { InputError } from '../core/errors.js';
import { CRC64_POLY_HI, CRC64_POLY_LO, type Crc64State } from './crc64-js.js';
import { crc64ToBigInt, parseCrc64 } from './crc64-format.js';

/** a * b mod P, polynomials in the reflected representation (bit 63 is x^0). */
function multmodp(a: Crc64State, b: Crc64State): Crc64State {
  let pLo = 0;
  let pHi = 0;
  let bLo = b.lo;
  let bHi = b.hi;
  for (let i = 63; i >= 0; i--) {
    const bit = i >= 32 ? (a.hi >>> (i - 32)) & 1 : (a.lo >>> i) & 1;
    if (bit) {
      pLo ^= bLo;
      pHi ^= bHi;
    }
    // b *= x: shift towards the low end, reduce when the x^63 coefficient falls out.
    const carry = bLo & 1;
    bLo = (bLo >>> 1) | (bHi << 31);
    bHi >>>= 1;
    if (carry) {
      bLo ^= CRC64_POLY_LO;
      bHi ^= CRC64_POLY_HI;
    }
  }
  return { lo: pLo >>> 0, hi: pHi >>> 0 };
}

let x2nTable: Crc64State[] | undefined;

/** Lengths are below 2^64 bytes, so x^(8 n) needs x^(2^k) for k up to 66. */
const X2N_ENTRIES = 67;
const MAX_LENGTH = (1n << 64n) - 1n;

/** x^(2^k) mod P for k = 0 .. 66. */
function x2n(): Crc64State[] {
  if (!x2nTable) {
    let p: Crc64State = { lo: 0, hi: 0x40000000 }; // x^1
    x2nTable = [p];
    for (let k = 1; k < X2N_ENTRIES; k++) {
      p = multmodp(p, p);
      x2nTable.push(p);
    }
  }
  return x2nTable;
}

/** x^(8 n) mod P. */
function xPow8n(n: bigint): Crc64State {
  const table = x2n();
  let p: Crc64State = { lo: 0, hi: 0x80000000 }; // x^0
  // x^(8 n) = product of x^(2^(k + 3)) over the set bits k of n.
  for (let k = 3; n > 0n; n >>= 1n, k++) {
    if (n & 1n) p = multmodp(table[k]!, p);
  }
  return p;
}

/** Combines two CRC states in place of re-reading: `a` becomes crc(A || B). */
export function combineCrc64State(a: Crc64State, b: Crc64State, lengthOfB: bigint): Crc64State {
  const shifted = multmodp(xPow8n(lengthOfB), a);
  return { lo: (shifted.lo ^ b.lo) >>> 0, hi: (shifted.hi ^ b.hi) >>> 0 };
}

/**
 * The CRC-64/XZ of A followed by B, given crc(A), crc(B) and the length of B in bytes.
 * CRCs are unsigned 64-bit values, as `bigint` or as the decimal wire string; the result is a
 * `bigint` when both inputs are, otherwise the decimal string.
 */
export function combineCrc64(crcA: string, crcB: string | bigint, lengthOfB: number | bigint): string;
export function combineCrc64(crcA: string | bigint, crcB: string, lengthOfB: number | bigint): string;
export function combineCrc64(crcA: bigint, crcB: bigint, lengthOfB: number | bigint): bigint;
export function combineCrc64(
  crcA: string | bigint,
  crcB: string | bigint,
  lengthOfB: number | bigint,
): string | bigint;
export function combineCrc64(
  crcA: string | bigint,
  crcB: string | bigint,
  lengthOfB: number | bigint,
): string | bigint {
  const length = typeof lengthOfB === 'bigint' ? lengthOfB : BigInt(checkLength(lengthOfB));
  if (length < 0n || length > MAX_LENGTH) {
    throw new InputError(`combineCrc64: lengthOfB must be in 0 .. 2^64 - 1, got ${length}`);
  }
  const combined = combineCrc64State(parseCrc64(crcA, 'crcA'), parseCrc64(crcB, 'crcB'), length);
  const value = crc64ToBigInt(combined);
  return typeof crcA === 'bigint' && typeof crcB === 'bigint' ? value : value.toString();
}

function checkLength(length: number): number {
  if (!Number.isSafeInteger(length) || length < 0) {
    throw new InputError(`combineCrc64: lengthOfB must be a non-negative integer, got ${String(length)}`);
  }
  return length;
}
