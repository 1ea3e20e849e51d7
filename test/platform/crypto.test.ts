/**
 * src/platform/crypto.ts and its universal twin: the same exports; HMAC-SHA1 and HMAC-SHA256
 * against the RFCs' published vectors, both twins; the web twin (WebCrypto, run under Node)
 * against node:crypto on seeded random keys and messages; SHA-256, random ids (RFC 9562 v4
 * layout) and the constant-time comparison; and that the Node twin imports node:crypto only
 * dynamically (the cold-start rule of issue 13).
 */
import { createHash, createHmac } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { uuidV4 } from '../../src/core/uuid-v4.js';
import * as node from '../../src/platform/crypto.js';
import * as web from '../../src/platform/crypto.web.js';
import { createPrng } from '../signing/support/prng.js';

// Type parity: each twin is assignable to the other (tsc checks this file).
const asWeb: typeof web = node;
const asNode: typeof node = web;

const twins = [
  ['node', node],
  ['web', web],
] as const;

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fill = (byte: number, length: number) => new Uint8Array(length).fill(byte);
const ascii = (text: string) => new TextEncoder().encode(text);
const key0102 = Uint8Array.from({ length: 25 }, (_, i) => i + 1);

interface HmacVector {
  source: string;
  key: Uint8Array;
  data: Uint8Array;
  /** Hex; a shorter value is a truncated output (RFC 4231 test case 5 gives 128 bits). */
  mac: string;
}

const RFC2202_SHA1: HmacVector[] = [
  { source: 'RFC 2202 §3 test case 1', key: fill(0x0b, 20), data: ascii('Hi There'), mac: 'b617318655057264e28bc0b6fb378c8ef146be00' },
  { source: 'RFC 2202 §3 test case 2', key: ascii('Jefe'), data: ascii('what do ya want for nothing?'), mac: 'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79' },
  { source: 'RFC 2202 §3 test case 3', key: fill(0xaa, 20), data: fill(0xdd, 50), mac: '125d7342b9ac11cd91a39af48aa17b4f63f175d3' },
  { source: 'RFC 2202 §3 test case 4', key: key0102, data: fill(0xcd, 50), mac: '4c9007f4026250c6bc8414f9bf50c86c2d7235da' },
  { source: 'RFC 2202 §3 test case 5', key: fill(0x0c, 20), data: ascii('Test With Truncation'), mac: '4c1a03424b55e07fe7f27be1d58bb9324a9a5a04' },
  { source: 'RFC 2202 §3 test case 6', key: fill(0xaa, 80), data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'), mac: 'aa4ae5e15272d00e95705637ce8a3b55ed402112' },
  {
    source: 'RFC 2202 §3 test case 7',
    key: fill(0xaa, 80),
    data: ascii('Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data'),
    mac: 'e8e99d0f45237d786d6bbaa7965c7808bbff1a91',
  },
];

const RFC4231_SHA256: HmacVector[] = [
  { source: 'RFC 4231 §4.2 test case 1', key: fill(0x0b, 20), data: ascii('Hi There'), mac: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7' },
  { source: 'RFC 4231 §4.3 test case 2', key: ascii('Jefe'), data: ascii('what do ya want for nothing?'), mac: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843' },
  { source: 'RFC 4231 §4.4 test case 3', key: fill(0xaa, 20), data: fill(0xdd, 50), mac: '773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe' },
  { source: 'RFC 4231 §4.5 test case 4', key: key0102, data: fill(0xcd, 50), mac: '82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b' },
  { source: 'RFC 4231 §4.6 test case 5 (128-bit truncation)', key: fill(0x0c, 20), data: ascii('Test With Truncation'), mac: 'a3b6167473100ee06e0c796c2955552b' },
  {
    source: 'RFC 4231 §4.7 test case 6',
    key: fill(0xaa, 131),
    data: ascii('Test Using Larger Than Block-Size Key - Hash Key First'),
    mac: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
  },
  {
    source: 'RFC 4231 §4.8 test case 7',
    key: fill(0xaa, 131),
    data: ascii('This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.'),
    mac: '9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2',
  },
];

describe('platform crypto twins', () => {
  it('export the same names', () => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
    expect([asWeb, asNode]).toHaveLength(2);
    expect(node.cryptoImplementation).not.toBe(web.cryptoImplementation);
  });

  describe.each(twins)('%s twin', (_, twin) => {
    it.each(RFC2202_SHA1)('HMAC-SHA1, $source', async ({ key, data, mac }) => {
      expect(hex(await twin.hmacSha1(key, data)).slice(0, mac.length)).toBe(mac);
    });

    it.each(RFC4231_SHA256)('HMAC-SHA256, $source', async ({ key, data, mac }) => {
      expect(hex(await twin.hmacSha256(key, data)).slice(0, mac.length)).toBe(mac);
    });

    it('takes string keys and messages as UTF-8 (RFC 2202/4231 test case 2 as text)', async () => {
      expect(hex(await twin.hmacSha1('Jefe', 'what do ya want for nothing?'))).toBe(RFC2202_SHA1[1]!.mac);
      expect(hex(await twin.hmacSha256('Jefe', 'what do ya want for nothing?'))).toBe(RFC4231_SHA256[1]!.mac);
      expect(hex(await twin.hmacSha256('clé-ü', '中文 ✓'))).toBe(createHmac('sha256', Buffer.from('clé-ü', 'utf8')).update(Buffer.from('中文 ✓', 'utf8')).digest('hex'));
    });

    it('an empty key, which WebCrypto cannot import (HMAC pads keys with zeros to a block, RFC 2104 §2)', async () => {
      for (const key of ['', new Uint8Array(0)]) {
        expect(hex(await twin.hmacSha1(key, 'm'))).toBe(createHmac('sha1', '').update('m').digest('hex'));
        expect(hex(await twin.hmacSha256(key, 'm'))).toBe(createHmac('sha256', '').update('m').digest('hex'));
      }
    });

    it.each([
      ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'FIPS 180-2 / RFC 6234 (empty message)'],
      ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad', 'FIPS 180-2 / RFC 6234'],
      ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1', 'FIPS 180-2 / RFC 6234'],
    ])('sha256Hex of %j (%s), as text and as bytes', async (input, digest) => {
      expect(await twin.sha256Hex(input)).toBe(digest);
      expect(await twin.sha256Hex(ascii(input))).toBe(digest);
    });

    it('randomId is a version-4 UUID, different each time', () => {
      const ids = new Set(Array.from({ length: 200 }, () => twin.randomId()));
      expect(ids.size).toBe(200);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    });

    it('timingSafeEqual: equal bytes only, a difference at any position, any length mismatch', async () => {
      const a = Uint8Array.from({ length: 64 }, (_, i) => (i * 37) & 0xff);
      expect(await twin.timingSafeEqual(a, new Uint8Array(a))).toBe(true);
      expect(await twin.timingSafeEqual(new Uint8Array(0), new Uint8Array(0))).toBe(true);
      for (let i = 0; i < a.length; i++) {
        const b = new Uint8Array(a);
        b[i] ^= 1 << (i % 8);
        expect(await twin.timingSafeEqual(a, b), `byte ${i}`).toBe(false);
      }
      expect(await twin.timingSafeEqual(a, a.subarray(0, 63))).toBe(false);
      expect(await twin.timingSafeEqual(a.subarray(0, 63), a)).toBe(false);
    });
  });

  it('the web twin equals node:crypto on 300 seeded random keys and messages (bytes and text, keys past the 64-byte block)', async () => {
    const prng = createPrng(0x5eed13);
    const bytes = (length: number) => Uint8Array.from({ length }, () => prng.int(256));
    const text = (length: number) => Array.from({ length }, () => prng.pick(['a', 'Z', '0', ' ', '\n', 'é', '中', '✓', '😀'])).join('');
    for (let i = 0; i < 300; i++) {
      const key = prng.chance(0.5) ? bytes(prng.int(200)) : text(prng.int(90));
      const message = prng.chance(0.5) ? bytes(prng.int(3000)) : text(prng.int(600));
      const keyBytes = typeof key === 'string' ? Buffer.from(key, 'utf8') : key;
      const messageBytes = typeof message === 'string' ? Buffer.from(message, 'utf8') : message;
      const label = `case ${i}`;
      expect(hex(await web.hmacSha1(key, message)), label).toBe(createHmac('sha1', keyBytes).update(messageBytes).digest('hex'));
      expect(hex(await web.hmacSha256(key, message)), label).toBe(createHmac('sha256', keyBytes).update(messageBytes).digest('hex'));
      expect(await web.sha256Hex(message), label).toBe(createHash('sha256').update(messageBytes).digest('hex'));
      expect(hex(await node.hmacSha256(key, message)), label).toBe(hex(await web.hmacSha256(key, message)));
    }
  });

  it("the web twin's key cache: one string key under both hashes, and many keys past the cache bound, stay right", async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 70; i++) {
        const key = `secret-${i}`;
        expect(hex(await web.hmacSha256(key, 'm')), key).toBe(createHmac('sha256', key).update('m').digest('hex'));
        expect(hex(await web.hmacSha1(key, 'm')), key).toBe(createHmac('sha1', key).update('m').digest('hex'));
      }
    }
  });

  it('the web twin does not keep a view of the caller’s bytes (a key changed after the call is not used)', async () => {
    const key = ascii('key-bytes');
    const first = hex(await web.hmacSha256(key, 'm'));
    key[0] = 0;
    expect(hex(await web.hmacSha256(key, 'm'))).toBe(createHmac('sha256', key).update('m').digest('hex'));
    expect(first).toBe(createHmac('sha256', 'key-bytes').update('m').digest('hex'));
  });
});

describe('uuidV4 (the fallback where crypto.randomUUID is missing)', () => {
  it.each([
    [new Uint8Array(16), '00000000-0000-4000-8000-000000000000'],
    [fill(0xff, 16), 'ffffffff-ffff-4fff-bfff-ffffffffffff'],
    [Uint8Array.from({ length: 16 }, (_, i) => i * 17), '00112233-4455-4677-8899-aabbccddeeff'],
  ])('sets the version and variant bits of RFC 9562 §5.4 over the random bytes (%#)', (random, expected) => {
    expect(uuidV4(random)).toBe(expected);
  });

  it('leaves the caller’s bytes alone', () => {
    const random = fill(0xff, 16);
    uuidV4(random);
    expect([...random]).toEqual(Array(16).fill(0xff));
  });
});

describe('the Node twin loads node:crypto lazily', () => {
  it('imports node:crypto only dynamically (no static import to pay for at cold start)', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../src/platform/crypto.ts', import.meta.url))],
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
    const nodeCrypto = imports.filter((i) => i.path === 'node:crypto');
    expect(nodeCrypto.length).toBeGreaterThan(0);
    expect(nodeCrypto.map((i) => i.kind)).toEqual(nodeCrypto.map(() => 'dynamic-import'));
  });
});
