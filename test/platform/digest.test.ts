/**
 * src/platform/digest.ts and its universal twin: the same exports, and the web twin (our
 * WebAssembly SHA and JS MD5 kernels) run under Node against published vectors (RFC 1321 A.5,
 * FIPS 180-2 / RFC 3174 / RFC 6234 "abc" and the 448-bit message) and node:crypto, with chunking
 * invariance (0-byte, 1-byte and odd chunks equal one update).
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as node from '../../src/platform/digest.js';
import * as web from '../../src/platform/digest.web.js';
import { pseudoRandomBytes } from '../hashing/support.js';

// Type parity: each twin is assignable to the other (tsc checks this file).
const asWeb: typeof web = node;
const asNode: typeof node = web;

const text = (s: string) => new TextEncoder().encode(s);
const VECTORS: { algorithm: node.DigestAlgorithm; input: string; hex: string; source: string }[] = [
  { algorithm: 'md5', input: '', hex: 'd41d8cd98f00b204e9800998ecf8427e', source: 'RFC 1321 A.5' },
  { algorithm: 'md5', input: 'a', hex: '0cc175b9c0f1b6a831c399e269772661', source: 'RFC 1321 A.5' },
  { algorithm: 'md5', input: 'abc', hex: '900150983cd24fb0d6963f7d28e17f72', source: 'RFC 1321 A.5' },
  { algorithm: 'md5', input: 'message digest', hex: 'f96b697d7cb7938d525a2f31aaf161d0', source: 'RFC 1321 A.5' },
  { algorithm: 'md5', input: 'abcdefghijklmnopqrstuvwxyz', hex: 'c3fcd3d76192e4007dfb496cca67e13b', source: 'RFC 1321 A.5' },
  { algorithm: 'md5', input: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', hex: 'd174ab98d277d9f5a5611c2c9f419d9f', source: 'RFC 1321 A.5' },
  { algorithm: 'md5', input: '1234567890'.repeat(8), hex: '57edf4a22be3c955ac49da2e2107b67a', source: 'RFC 1321 A.5' },
  { algorithm: 'sha1', input: 'abc', hex: 'a9993e364706816aba3e25717850c26c9cd0d89d', source: 'FIPS 180-2 / RFC 3174' },
  { algorithm: 'sha1', input: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', hex: '84983e441c3bd26ebaae4aa1f95129e5e54670f1', source: 'FIPS 180-2 / RFC 3174' },
  { algorithm: 'sha256', input: 'abc', hex: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', source: 'FIPS 180-2 / RFC 6234' },
  { algorithm: 'sha256', input: 'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', hex: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1', source: 'FIPS 180-2 / RFC 6234' },
];

describe('platform digest twins', () => {
  it('export the same names', () => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
    expect([asWeb, asNode]).toHaveLength(2);
  });

  it.each(VECTORS)('$algorithm of "$input" ($source), both twins', ({ algorithm, input, hex }) => {
    for (const twin of [node, web]) {
      expect(twin.digestHex(algorithm, text(input))).toBe(hex);
      const d = twin.createDigest(algorithm);
      d.update(text(input));
      expect(Buffer.from(d.digest()).toString('hex')).toBe(hex);
    }
  });

  it('web twin equals node:crypto for every length 0..300 and around 1 MiB, fed in odd chunks', () => {
    const data = pseudoRandomBytes((1 << 20) + 131, 7);
    const lengths = [...Array.from({ length: 301 }, (_, i) => i), (1 << 20) - 1, 1 << 20, (1 << 20) + 131];
    for (const algorithm of ['md5', 'sha1', 'sha256'] as const) {
      for (const length of lengths) {
        const bytes = data.subarray(0, length);
        const d = web.createDigest(algorithm);
        d.update(new Uint8Array(0));
        d.update(bytes.subarray(0, 1));
        for (let i = 1; i < length; i += 97) d.update(bytes.subarray(i, i + 97));
        expect(d.digestHex(), `${algorithm} of ${length} bytes`).toBe(createHash(algorithm).update(bytes).digest('hex'));
      }
    }
  });
});
