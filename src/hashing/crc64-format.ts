/**
 * CRC-64 values on the wire are unsigned 64-bit decimal strings (values above 2^63 occur, so never a
 * JS number): shared/PROVIDERS.md, "Content hashes". In code they are `bigint` or that string.
 */
import { InputError } from '../core/errors.js';
import type { Crc64State } from './crc64-js.js';

const MAX_U64 = (1n << 64n) - 1n;

export function crc64ToBigInt(state: Crc64State): bigint {
  return (BigInt(state.hi) << 32n) | BigInt(state.lo);
}

export function crc64ToDecimal(state: Crc64State): string {
  return crc64ToBigInt(state).toString();
}

export function crc64FromBigInt(value: bigint): Crc64State {
  return { lo: Number(value & 0xffffffffn), hi: Number((value >> 32n) & 0xffffffffn) };
}

/** Accepts a bigint or an unsigned decimal string in 0 .. 2^64 - 1; `name` goes into the error. */
export function parseCrc64(value: bigint | string, name: string): Crc64State {
  let big: bigint;
  if (typeof value === 'bigint') {
    big = value;
  } else if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) {
    big = BigInt(value);
  } else {
    throw new InputError(`${name}: expected an unsigned 64-bit decimal CRC-64, got ${describe(value)}`);
  }
  if (big < 0n || big > MAX_U64) {
    throw new InputError(`${name}: CRC-64 out of range 0 .. 2^64 - 1: ${big}`);
  }
  return crc64FromBigInt(big);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
}
