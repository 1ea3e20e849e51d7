/**
 * hashSource's onProgress (issue 12: the upload's hashing phase shows progress): the bytes hashed
 * so far after each chunk, for every kind of source, ending at the size; a throwing callback does
 * not change the result (digests from node:crypto).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { hashSource } from '../../src/hashing/hash-source.js';

const MiB = 1024 * 1024;
const data = new Uint8Array(3 * MiB + 12345).map((_, i) => (i * 7 + (i >> 12)) & 0xff);
const sha1 = createHash('sha1').update(data).digest('hex');

async function* chunks() {
  for (let i = 0; i < data.length; i += 700_000) yield data.subarray(i, i + 700_000);
}

describe('hashSource onProgress', () => {
  it('reports the bytes hashed so far, rising to the size, for a file, bytes, a Blob and a stream', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hash-progress-'));
    const path = join(dir, 'f.bin');
    await writeFile(path, data);
    for (const source of [path, data, new Blob([data as Uint8Array<ArrayBuffer>]), chunks()]) {
      const seen: number[] = [];
      const result = await hashSource(source, { algorithms: ['sha1'], onProgress: (n) => seen.push(n) });
      expect(result.sha1.toLowerCase()).toBe(sha1);
      expect(seen.length).toBeGreaterThanOrEqual(4);
      expect(seen.at(-1)).toBe(data.length);
      for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
    }
  });

  it('a throwing onProgress changes nothing', async () => {
    let calls = 0;
    const result = await hashSource(data, {
      algorithms: ['sha1'],
      onProgress: () => {
        calls++;
        throw new Error('broken progress bar');
      },
    });
    expect(result.sha1.toLowerCase()).toBe(sha1);
    expect(calls).toBeGreaterThan(1);
  });

  it('an onProgress that is no function is an InputError', async () => {
    await expect(hashSource(data, { onProgress: 'yes' as never })).rejects.toBeInstanceOf(InputError);
  });
});
