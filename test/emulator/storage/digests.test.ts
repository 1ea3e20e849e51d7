/**
 * The digests `complete()` reports are those of the bytes received over HTTP, checked against
 * independent implementations: the Python FIPS 180-4 vectors (test/hashing/vectors/sha_states.py:
 * SHA states, SMH chain, prefixes), node:crypto, and crc64-ecma182.js for CRC-64.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DiskUploadStore } from '../../../src/emulator/storage/disk-upload-store.js';
import { caseBytes, referenceCrc64, shaVectors } from '../../hashing/support.js';
import { bytes, put, startStorageHarness, upload, type StorageHarness } from './support.js';

let h: StorageHarness;
beforeAll(async () => {
  h = await startStorageHarness();
});
afterAll(async () => {
  await h.close();
});

/** FIPS 180-4 §5.3.1 and §5.3.3: the initial hash values, the state before part 1. */
const SHA1_H0 = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0];
const SHA256_H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

function split(data: Uint8Array, partSize: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += partSize) parts.push(data.subarray(offset, offset + partSize));
  return parts;
}

describe('digests of the stored bytes', () => {
  it.each(shaVectors.cases.filter((c) => c.size > 0).map((c) => [`${JSON.stringify(c.input)} in parts of ${c.partSize}`, c] as const))(
    '%s, PUT last part first: whole-object digests and SHA states before each part match the Python vectors',
    async (_, c) => {
      const data = caseBytes(c.input);
      const key = h.storage.create(upload({ partStates: ['sha1', 'sha256'] }));
      const parts = split(data, c.partSize);
      // Last part first, then the others concurrently: the pass must still hash them in order.
      expect((await put(h.storage.putUrl(key, h.emulator.url, parts.length), parts.at(-1)!)).status).toBe(200);
      const answers = await Promise.all(parts.slice(0, -1).map((p, i) => put(h.storage.putUrl(key, h.emulator.url, i + 1), p)));
      expect(answers.map((a) => a.status).every((s) => s === 200)).toBe(true);
      // Every PUT answered: the running pass already covers every part (complete() reads nothing from disk).
      expect((h.storage as DiskUploadStore).lookup(key)!.pass.covers(parts.length)).toBe(true);
      const completion = h.storage.complete(key);
      if (!completion.ok) throw new Error(`not complete: ${JSON.stringify(completion)}`);
      const d = completion.digests;
      expect(d).toMatchObject({
        size: c.size,
        sha1: c.sha1,
        sha256: c.sha256,
        md5: Buffer.from(c.md5Base64, 'base64').toString('hex'),
        preHashSha1: c.sha1First1KiB,
        smhBeginningHash: c.sha256First1MiB,
        smhFullHash: c.sha256MiBChain,
        crc64: referenceCrc64(data),
      });
      expect(d.partStates[0]).toEqual({ partNumber: 1, offset: 0, sha1: SHA1_H0, sha256: SHA256_H0 });
      expect(d.partStates.slice(1).map((s) => ({ offset: s.offset, h: s.sha1 }))).toEqual(c.sha1States);
      expect(d.partStates.slice(1).map((s) => ({ offset: s.offset, h: s.sha256 }))).toEqual(c.sha256States);
    },
  );

  it('the empty object: every digest of zero bytes', async () => {
    const empty = shaVectors.cases.find((c) => c.size === 0)!;
    const key = h.storage.create(upload({ mode: 'single' }));
    expect((await put(h.storage.putUrl(key, h.emulator.url), new Uint8Array(0))).status).toBe(200);
    const completion = h.storage.complete(key);
    if (!completion.ok) throw new Error('not complete');
    expect(completion.digests).toMatchObject({ size: 0, sha1: empty.sha1, sha256: empty.sha256, smhFullHash: empty.sha256MiBChain, crc64: '0' });
  });

  it('states only where asked, and only at 64-byte boundaries', async () => {
    const key = h.storage.create(upload({ partStates: ['sha256'] }));
    const one = bytes(100, 1);
    const two = bytes(64, 2);
    await put(h.storage.putUrl(key, h.emulator.url, 1), one);
    await put(h.storage.putUrl(key, h.emulator.url, 2), two);
    const completion = h.storage.complete(key);
    if (!completion.ok) throw new Error('not complete');
    expect(completion.digests.partStates).toEqual([
      { partNumber: 1, offset: 0, sha256: SHA256_H0 },
      { partNumber: 2, offset: 100 },
    ]);
    const plain = h.storage.create(upload());
    await put(h.storage.putUrl(plain, h.emulator.url, 1), one);
    const c2 = h.storage.complete(plain);
    expect(c2.ok && c2.digests.partStates).toEqual([{ partNumber: 1, offset: 0 }]);
  });

  it('a part PUT again replaces the bytes and the digests follow (the pass starts over)', async () => {
    const key = h.storage.create(upload({ partStates: ['sha1'] }));
    const one = bytes(4096, 1);
    const two = bytes(1000, 2);
    const other = bytes(4096, 3);
    await put(h.storage.putUrl(key, h.emulator.url, 1), one);
    await put(h.storage.putUrl(key, h.emulator.url, 2), two);
    const before = h.storage.complete(key);
    expect(before.ok && before.digests.sha1).toBe(createHash('sha1').update(one).update(two).digest('hex'));
    expect((await put(h.storage.putUrl(key, h.emulator.url, 1), other)).status).toBe(200);
    const after = h.storage.complete(key);
    if (!after.ok) throw new Error('not complete');
    expect(after.digests.sha1).toBe(createHash('sha1').update(other).update(two).digest('hex'));
    expect(after.digests.crc64).toBe(referenceCrc64(Buffer.concat([other, two])));
    expect(after.parts.map((p) => p.md5)).toEqual([createHash('md5').update(other).digest('hex'), createHash('md5').update(two).digest('hex')]);
  });

  it('missing parts and no parts are reported, never digests', async () => {
    const key = h.storage.create(upload());
    expect(h.storage.complete(key)).toEqual({ ok: false, reason: 'no-parts', missing: [] });
    await put(h.storage.putUrl(key, h.emulator.url, 1), bytes(10));
    await put(h.storage.putUrl(key, h.emulator.url, 4), bytes(10));
    expect(h.storage.complete(key)).toEqual({ ok: false, reason: 'missing-parts', missing: [2, 3] });
  });
});
