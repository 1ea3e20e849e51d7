/**
 * What a whole `client.upload()` of a large file holds at once, per provider (slow suite: CI=true
 * or DRIVESPEC_SLOW=1). A 128 MiB file goes to the emulator, which runs in a child process, so
 * only the uploading process is measured: `process.memoryUsage().arrayBuffers` (the Buffers and
 * ArrayBuffers alive, where part bodies and fetch's body chunks live) after a full collection,
 * sampled all through the upload. A collection before each sample makes it a count of what is
 * reachable, not of the collector's backlog or of timing.
 *
 * The bounds: the parts in flight (`concurrency × partSize`) plus slack for the chunks between
 * the file and the socket. Before the fixes of this suite's commit, MetaStudio's single PUT held
 * the whole file (fetch's redirect copy of its Blob body: src/core/transport.ts `streamedBody`),
 * and the part uploads held a copy of every part in flight besides the part itself (fetch copies a
 * Uint8Array body: src/platform/request-body.ts).
 */
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCreateClient, type UploadConnection } from '../../src/cli/upload.js';
import { defaultEmulatorCredentials } from '../../src/emulator/credentials.js';
import { startEmulatorProcess, type EmulatorProcess } from '../emulator/support/emulator-process.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MiB = 1024 * 1024;
const SIZE = 128 * MiB;
const PART_SIZE = 8 * MiB;
const CONCURRENCY = 4;
/** Chunks read from the file but not yet written to the socket, and the hashing pre-pass's buffers. */
const SLACK = 16 * MiB;

type Provider = UploadConnection['provider'];

const cases: { provider: Provider; target: object; limit: number }[] = [
  { provider: 'aliyun-pds', target: { drive_id: '1', parent_file_id: 'root', name: 'memory.bin' }, limit: CONCURRENCY * PART_SIZE + SLACK },
  { provider: 'huawei-koodrive', target: { parentFolder: 'root', fileName: 'memory.bin' }, limit: CONCURRENCY * PART_SIZE + SLACK },
  // One PUT of the whole file, streamed from disk: no part is held, only chunks (6-15 MiB seen,
  // the MD5 pre-pass's reads included); the defect held the whole file.
  { provider: 'huawei-metastudio', target: { asset: { asset_name: 'memory', asset_type: 'VIDEO' }, file_name: 'memory.mp4', asset_file_category: 'MAIN' }, limit: 2 * SLACK },
  { provider: 'tencent-smh', target: { path: 'memory.bin' }, limit: CONCURRENCY * PART_SIZE + SLACK },
];

let emulator: EmulatorProcess;
let dir: string;
let path: string;

beforeAll(async () => {
  emulator = await startEmulatorProcess({ requestTimeoutMs: 600_000, headersTimeoutMs: 60_000 });
  dir = await mkdtemp(join(tmpdir(), 'upload-memory-'));
  path = join(dir, 'large.bin');
  // Every MiB different (no rapid upload can match, no part equals another).
  const block = new Uint8Array(MiB);
  const handle = await open(path, 'w');
  try {
    for (let i = 0; i < SIZE / MiB; i++) {
      for (let j = 0; j < MiB; j += 4096) block[j] = (i * 31 + j / 4096) & 0xff;
      block[0] = i & 0xff;
      block[1] = i >>> 8;
      await handle.write(block, 0, MiB, i * MiB);
    }
  } finally {
    await handle.close();
  }
}, 120_000);

afterAll(async () => {
  await emulator?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe(`upload() of ${SIZE / MiB} MiB holds at most its parts in flight`, () => {
  for (const { provider, target, limit } of cases) {
    it(`${provider}: arrayBuffers after a collection stay within ${limit / MiB} MiB over the start`, { timeout: 240_000 }, async () => {
      const client = defaultCreateClient({ provider, baseUrl: emulator.url, credentials: { ...defaultEmulatorCredentials[provider] } as never });
      // fetch sets itself up on its first request: not the upload's memory.
      await (await fetch(`${emulator.url}/__drivespec/health`)).text();
      gc();
      gc();
      const base = process.memoryUsage().arrayBuffers;
      let peak = 0;
      let samples = 0;
      const sample = () => {
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - base);
        samples++;
      };
      // Not more often: a full collection stops the upload too, and every 25 ms made it 20 times slower.
      const timer = setInterval(sample, 100);
      let result;
      try {
        result = await client.upload(path, target, { partSize: PART_SIZE, concurrency: CONCURRENCY });
      } finally {
        clearInterval(timer);
      }
      sample();
      console.log(`${provider}: peak arrayBuffers ${(peak / MiB).toFixed(1)} MiB over ${samples} samples`);
      expect(result.rapidUpload).toBe(false);
      expect(result.bytesSent).toBe(SIZE);
      // Enough samples that the upload was watched, not just its end.
      expect(samples).toBeGreaterThan(10);
      expect(peak).toBeLessThanOrEqual(limit);
    });
  }
});
