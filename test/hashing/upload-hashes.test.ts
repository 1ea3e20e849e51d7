/**
 * The upload flows' hashes (issue 11, "Hashing"): SHA-1/SHA-256 states at part boundaries, the
 * 1 KiB / 1 MiB prefixes and SMH's chain, checked against sha-state-vectors.json, which
 * test/hashing/vectors/sha_states.py computes with its own FIPS 180-4 code (nothing shared with
 * src/), and against the fact sheets' published vectors.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, DrivespecError } from '../../src/core/errors.js';
import { hashSource, MultiHash } from '../../src/hashing/index.js';
import { ShaState } from '../../src/hashing/sha-state.js';
import { caseBytes, shaVectors, type ShaStateCase } from './support.js';

const label = (c: ShaStateCase) => `${c.size} bytes, parts of ${c.partSize}`;
const contextsOf = (states: ShaStateCase['sha1States']) => states.map((s) => ({ offset: s.offset, h: s.h }));

/** Splits bytes into uneven chunks (1, 7, 63, 64, 65, 1000, … bytes) so boundaries fall mid-chunk. */
function unevenChunks(bytes: Uint8Array): Uint8Array[] {
  const sizes = [1, 7, 63, 64, 65, 1000, 4093, 70_000];
  const out: Uint8Array[] = [];
  for (let i = 0, k = 0; i < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

describe('SHA states at part boundaries', () => {
  it('the vectors hold the fact sheets’ published values (aliyun-pds-upload.md, huawei-koodrive-upload.md, tencent-smh-upload.md)', () => {
    const sheet = shaVectors.cases.find((c) => c.size === 1024 && c.partSize === 512)!;
    expect(sheet.sha1States).toEqual([{ offset: 512, h: [1515086328, 3479375821, 3754207072, 286636669, 1980405049] }]);
    expect(sheet.sha256States).toEqual([
      { offset: 512, h: [3837587770, 946796121, 3943053993, 2402944882, 717042383, 864852049, 1011465530, 681457579] },
    ]);
    expect(sheet.sha1.toUpperCase()).toBe('5B00669C480D5CFFBDFA8BDBA99561160F2D1B77');
    const smh = shaVectors.cases.find((c) => c.size === 2_621_440)!;
    expect(smh.sha256First1MiB).toBe('fbbab289f7f94b25736c58be46a994c441fd02552cc6022352e3d86d2fab7c83');
    expect(smh.sha256MiBChain).toBe('92389183bfa175b31cffad45018aa7e19b8bae611a76b2f59ee31c0e08f08139');
    expect(shaVectors.cases.find((c) => c.size === 12)!.md5Base64).toBe('7Qdih1MuhjZehB6Sv8UNjA==');
  });

  it.each(shaVectors.cases)('MultiHash with partSize: contexts and digests ($size bytes, parts of $partSize)', (c) => {
    const hash = new MultiHash(['sha1', 'sha256', 'md5'], { partSize: c.partSize, extras: ['sha1First1KiB', 'sha256First1MiB', 'sha256MiBChain'] });
    for (const chunk of unevenChunks(caseBytes(c.input))) hash.update(chunk);
    const result = hash.digest();
    expect(result.contexts).toEqual({ sha1: contextsOf(c.sha1States), sha256: contextsOf(c.sha256States) });
    expect(result.sha1).toBe(c.sha1);
    expect(result.sha256).toBe(c.sha256);
    expect(Buffer.from(result.md5, 'hex').toString('base64')).toBe(c.md5Base64);
    expect(result.sha1First1KiB).toBe(c.sha1First1KiB);
    expect(result.sha256First1MiB).toBe(c.sha256First1MiB);
    expect(result.sha256MiBChain).toBe(c.sha256MiBChain);
    expect(result.size).toBe(c.size);
  });

  it.each(shaVectors.cases)('hashSource over bytes, a stream and a file: the same answers ($size bytes)', async (c) => {
    const bytes = caseBytes(c.input);
    const options = { algorithms: ['crc64', 'sha1', 'sha256'] as const, partSize: c.partSize, extras: ['sha256MiBChain', 'sha1First1KiB'] as const };
    const expected = {
      sha1: c.sha1,
      sha256: c.sha256,
      sha1First1KiB: c.sha1First1KiB,
      sha256MiBChain: c.sha256MiBChain,
      contexts: { sha1: contextsOf(c.sha1States), sha256: contextsOf(c.sha256States) },
    };
    expect(await hashSource(bytes, options)).toMatchObject(expected);
    expect(await hashSource(Readable.from(unevenChunks(bytes)), options)).toMatchObject(expected);
    const path = join(dir, `case-${c.size}.bin`);
    await writeFile(path, bytes);
    expect(await hashSource(path, options)).toMatchObject(expected);
    expect(await hashSource(path, { ...options, worker: true })).toMatchObject(expected);
  });

  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drivespec-upload-hashes-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('only the extras asked for appear, and no contexts without partSize (results as before)', async () => {
    const data = caseBytes({ lcg: 1, length: 3000 });
    const plain = await hashSource(data, { algorithms: ['sha1', 'sha256'] });
    expect(Object.keys(plain).sort()).toEqual(['sha1', 'sha256', 'size']);
    const one = await hashSource(data, { algorithms: ['sha1'], extras: ['sha256First1MiB'] });
    expect(Object.keys(one).sort()).toEqual(['sha1', 'sha256First1MiB', 'size']);
    expect(new MultiHash(['md5']).update(data).digest()).not.toHaveProperty('contexts');
  });

  it('contexts stop before the end: a file of exactly k parts has k - 1 contexts; an empty one none', async () => {
    const data = caseBytes({ lcg: 2, length: 256 });
    expect((await hashSource(data, { algorithms: ['sha1'], partSize: 64 })).contexts!.sha1!.map((c) => c.offset)).toEqual([64, 128, 192]);
    expect((await hashSource(data, { algorithms: ['sha1'], partSize: 256 })).contexts).toEqual({ sha1: [] });
    expect((await hashSource(new Uint8Array(0), { algorithms: ['sha256'], partSize: 64 })).contexts).toEqual({ sha256: [] });
    // A context only for the algorithms computed; none at all for md5/crc64.
    expect((await hashSource(data, { algorithms: ['md5', 'crc64'], partSize: 64 })).contexts).toEqual({});
  });

  it.each([0, -64, 100, 64.5, 2 ** 60, '64', null])('refuses partSize %s (a positive multiple of 64)', async (partSize) => {
    await expect(hashSource(new Uint8Array(10), { partSize: partSize as number })).rejects.toThrow(ConfigurationError);
    expect(() => new MultiHash(['sha1'], { partSize: partSize as number })).toThrow(/partSize: must be a positive whole multiple of 64/);
  });

  it('refuses unknown extras, naming the known ones', async () => {
    await expect(hashSource(new Uint8Array(1), { extras: ['md5First1KiB' as never] })).rejects.toThrow(
      /extras: unknown extra "md5First1KiB" \(known: sha1First1KiB, sha256First1MiB, sha256MiBChain\)/,
    );
    expect(() => new MultiHash(['sha1'], { extras: 'sha1First1KiB' as never })).toThrow(ConfigurationError);
  });

  it('MultiHash.reset() starts the contexts and extras over', () => {
    const c = shaVectors.cases.find((v) => v.size === 1024)!;
    const hash = new MultiHash(['sha1'], { partSize: c.partSize, extras: ['sha1First1KiB'] });
    hash.update(caseBytes({ lcg: 9, length: 5000 })).digest();
    hash.reset();
    const result = hash.update(caseBytes(c.input)).digest();
    expect(result.contexts).toEqual({ sha1: contextsOf(c.sha1States) });
    expect(result.sha1First1KiB).toBe(c.sha1First1KiB);
  });
});

describe.each(['wasm', 'js'] as const)('ShaState (%s engine)', (engine) => {
  it('the states at every boundary of every vector case', () => {
    for (const c of shaVectors.cases) {
      for (const algorithm of ['sha1', 'sha256'] as const) {
        const state = new ShaState(algorithm, engine);
        const bytes = caseBytes(c.input);
        const seen: { offset: number; h: number[] }[] = [];
        for (let offset = c.partSize; offset < c.size; offset += c.partSize) {
          state.update(bytes.subarray(state.size, offset));
          seen.push({ offset, h: state.state() });
        }
        state.update(bytes.subarray(state.size));
        expect(seen, `${algorithm}, ${label(c)}`).toEqual(c[algorithm === 'sha1' ? 'sha1States' : 'sha256States']);
        expect(state.digest()).toBe(c[algorithm]);
      }
    }
  });

  it('has no state between block boundaries, and ends at digest()', () => {
    const state = new ShaState('sha256', engine);
    state.update(new Uint8Array(65));
    expect(() => state.state()).toThrow(/no sha256 state after 65 bytes/);
    state.update(new Uint8Array(63));
    expect(state.state()).toHaveLength(8);
    state.digest();
    expect(() => state.update(new Uint8Array(1))).toThrow(DrivespecError);
    expect(() => state.digest()).toThrow(DrivespecError);
  });

  it.each(['sha1', 'sha256'] as const)('%s: padding at every tail length 0..130 matches the vectors’ digests', (algorithm) => {
    // The tail lengths around 55/56/64 decide whether padding takes one block or two.
    for (const c of shaVectors.cases.filter((v) => v.size <= 1024)) {
      const state = new ShaState(algorithm, engine);
      state.update(caseBytes(c.input));
      expect(state.digest(), label(c)).toBe(c[algorithm]);
    }
    const reference = new MultiHash([algorithm]);
    for (let n = 0; n <= 130; n++) {
      const bytes = caseBytes({ lcg: n + 1, length: n });
      const state = new ShaState(algorithm, engine);
      state.update(bytes.subarray(0, n >> 1)).update(bytes.subarray(n >> 1));
      reference.reset();
      expect(state.digest(), `${n} bytes`).toBe(reference.update(bytes).digest()[algorithm]);
    }
  });
});
