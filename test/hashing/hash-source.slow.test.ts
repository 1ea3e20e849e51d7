/**
 * Constant memory on a multi-GiB file: hashing must not grow RSS by more than about 64 MiB,
 * whatever the file size (issue "drivespec/hashing"). Slow suite: writes and reads 2 GiB.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openAsBlob } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSource, type HashResult } from '../../src/hashing/index.js';
import { pseudoRandomBytes, referenceCrc64 } from './support.js';

const MiB = 1024 * 1024;
const SIZE = 2048 * MiB + 12_345; // odd on purpose: the last read is short
const LIMIT_MiB = 64;

let dir: string;
let file: string;
let expected: HashResult<'crc64' | 'sha1' | 'sha256'>;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drivespec-hash-slow-'));
  file = join(dir, 'large.bin');
  // Every MiB differs (the block is perturbed by its index), so a reader that skipped or repeated
  // a chunk would be caught. Expected digests are computed while writing, from the same bytes,
  // by node:crypto and crc64-ecma182.js (not by drivespec's MultiHash, the code under test).
  const block = pseudoRandomBytes(MiB, 2024);
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  let crc64 = '0';
  const handle = await open(file, 'w');
  try {
    for (let written = 0, index = 0; written < SIZE; index++) {
      new DataView(block.buffer).setUint32(0, index, true);
      const piece = block.subarray(0, Math.min(MiB, SIZE - written));
      sha1.update(piece);
      sha256.update(piece);
      crc64 = referenceCrc64(piece, crc64);
      await handle.write(piece);
      written += piece.length;
    }
  } finally {
    await handle.close();
  }
  expected = { size: SIZE, crc64, sha1: sha1.digest('hex'), sha256: sha256.digest('hex') };
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Runs `task` while sampling RSS every 10 ms; returns its result and the peak growth in MiB. */
async function withPeakRss<T>(task: () => Promise<T>): Promise<{ result: T; growthMiB: number }> {
  const base = process.memoryUsage.rss();
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const result = await task();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, growthMiB: (peak - base) / MiB };
  } finally {
    clearInterval(timer);
  }
}

describe('hashSource on a 2 GiB file (constant memory)', () => {
  it.each([
    ['a file path, CRC in a worker thread', () => hashSource(file, { worker: true })],
    ['a file path, CRC inline', () => hashSource(file, { worker: false })],
    ['a Node read stream (auto worker)', () => hashSource(createReadStream(file))],
    ['a Blob from fs.openAsBlob (auto worker)', async () => hashSource(await openAsBlob(file))],
  ] as const)(
    `%s: right digests, RSS growth under ${LIMIT_MiB} MiB`,
    async (_, task) => {
      const { result, growthMiB } = await withPeakRss(task);
      expect(result).toEqual(expected);
      expect(growthMiB).toBeLessThan(LIMIT_MiB);
    },
    180_000,
  );
});
