import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { combineCrc64 } from '../../src/hashing/index.js';
import { prng, pseudoRandomBytes, referenceCrc64 } from './support.js';

// Every CRC, of the parts and of the whole, from crc64-ecma182.js: combineCrc64 is checked against
// code drivespec did not write, not against its own Crc64.
const crc = (bytes: Uint8Array) => referenceCrc64(bytes);
const crcBig = (bytes: Uint8Array) => BigInt(referenceCrc64(bytes));

describe('combineCrc64', () => {
  it('gives the CRC of the concatenation at every split point of random buffers', () => {
    const next = prng(1234);
    for (let trial = 0; trial < 6; trial++) {
      const data = pseudoRandomBytes(trial === 0 ? 0 : 1 + next(400), trial + 1);
      const whole = crc(data);
      for (let split = 0; split <= data.length; split++) {
        const a = data.subarray(0, split);
        const b = data.subarray(split);
        expect(combineCrc64(crc(a), crc(b), b.length), `length ${data.length}, split ${split}`).toBe(whole);
      }
    }
  });

  it('combines multipart-sized parts hashed separately', () => {
    const data = pseudoRandomBytes(5 * 1024 * 1024 + 333, 77);
    const partSize = 1024 * 1024 + 17;
    let combined = '0';
    for (let i = 0; i < data.length; i += partSize) {
      const part = data.subarray(i, i + partSize);
      combined = combineCrc64(combined, crc(part), part.length);
    }
    expect(combined).toBe(crc(data));
  });

  it('is associative: ((A B) C) = (A (B C))', () => {
    const [a, b, c] = [pseudoRandomBytes(100, 1), pseudoRandomBytes(2_000, 2), pseudoRandomBytes(33, 3)];
    const left = combineCrc64(combineCrc64(crc(a), crc(b), b.length), crc(c), c.length);
    const right = combineCrc64(crc(a), combineCrc64(crc(b), crc(c), c.length), b.length + c.length);
    const all = new Uint8Array([...a, ...b, ...c]);
    expect(left).toBe(crc(all));
    expect(right).toBe(crc(all));
  });

  it('handles long runs of zeros without reading them', () => {
    const zeros = new Uint8Array(3 * 1024 * 1024 + 1);
    const a = pseudoRandomBytes(10, 5);
    const expected = crc(new Uint8Array([...a, ...zeros]));
    expect(combineCrc64(crc(a), crc(zeros), zeros.length)).toBe(expected);
    expect(combineCrc64(crc(a), crc(zeros), BigInt(zeros.length))).toBe(expected);
  });

  it('shifts by lengths no one can hash (2^32, 2^63, 2^64 - 1 bytes) to the independent known answers', () => {
    // vectors/crc64_combine_shift.py: crc("123456789") * x^(8n) mod P by plain GF(2) arithmetic.
    const check = 11051210869376104954n;
    expect(combineCrc64(check, 0n, 1n << 32n)).toBe(15669462119588375275n);
    expect(combineCrc64(check, 0n, 1n << 63n)).toBe(7805518348951459078n);
    expect(combineCrc64(check, 0n, (1n << 64n) - 1n)).toBe(14925469069462993167n);
    expect(combineCrc64('11051210869376104954', '0', (1n << 64n) - 1n)).toBe('14925469069462993167');
  });

  it('returns a bigint only when both CRCs are bigints', () => {
    const a = pseudoRandomBytes(50, 8);
    const b = pseudoRandomBytes(70, 9);
    const whole = new Uint8Array([...a, ...b]);
    const big: bigint = combineCrc64(crcBig(a), crcBig(b), b.length);
    expect(big).toBe(crcBig(whole));
    const mixed: string = combineCrc64(crcBig(a), crc(b), b.length);
    expect(mixed).toBe(crc(whole));
    expect(combineCrc64(crc(a), crcBig(b), 70n)).toBe(crc(whole));
  });

  it('with an empty second part returns the first CRC', () => {
    expect(combineCrc64('11051210869376104954', '0', 0)).toBe('11051210869376104954');
    expect(combineCrc64('0', '5895031849087642824', 5)).toBe('5895031849087642824');
  });

  it('rejects malformed CRCs and lengths with InputError', () => {
    expect(() => combineCrc64('-1', '0', 0)).toThrow(InputError);
    expect(() => combineCrc64('0x12', '0', 0)).toThrow(InputError);
    expect(() => combineCrc64('18446744073709551616', '0', 0)).toThrow(/out of range/);
    expect(() => combineCrc64(-1n, 0n, 0)).toThrow(InputError);
    expect(() => combineCrc64('', '0', 0)).toThrow(/crcA/);
    expect(() => combineCrc64('0', 'abc', 0)).toThrow(/crcB/);
    expect(() => combineCrc64('0', '0', -1)).toThrow(InputError);
    expect(() => combineCrc64('0', '0', 1.5)).toThrow(InputError);
    expect(() => combineCrc64('0', '0', 1n << 64n)).toThrow(InputError);
    expect(() => combineCrc64(12 as never, '0', 0)).toThrow(InputError);
  });
});
