/**
 * The upload benchmark's honesty, not its timings (those are `npm run bench -- upload`): at a small
 * size, from source, the emulator in-process, it measures two contenders, computes each ratio from
 * their measured rounds, and refuses runs that measured nothing (a rapid upload, a refused PUT).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { startEmulator } from '../../src/emulator/index.js';
import {
  benchProviders,
  CONCURRENCY,
  PART_SIZE,
  RSS_GOAL_MIB,
  runRss,
  runUploadBench,
  UPLOAD_GOAL,
  writeBenchFile,
  type BenchClient,
  type BenchEmulator,
  type CreateBenchClient,
  type UploadBenchDeps,
} from '../../bench/upload.js';
import { best } from '../../bench/harness.js';

const scratch = mkdtempSync(join(tmpdir(), 'drivespec-bench-upload-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const options = { quick: true, root: '/nowhere', scratchDir: scratch, log: () => {} };
const MiB = 1 << 20;

async function inProcessEmulator(log: string[] = []): Promise<BenchEmulator> {
  const emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
  return {
    url: emulator.url,
    credentials: emulator.credentials as unknown as BenchEmulator['credentials'],
    reset: async () => {
      log.push('reset');
      emulator.seed.reset();
    },
    close: () => emulator.close(),
  };
}

/**
 * A stand-in for a provider client (PDS CreateFile → part PUTs → CompleteFile by plain fetch), so
 * this test does not depend on which clients have upload() yet; upload.emulator tests use the real ones.
 */
const pdsByFetch: CreateBenchClient = ({ baseUrl, credentials }) => ({
  async upload(source, target, opts) {
    const bytes = await readFile(source);
    const partSize = opts.partSize as number;
    const count = Math.ceil(bytes.length / partSize);
    const headers = { authorization: `Bearer ${credentials.accessToken}`, 'content-type': 'application/json' };
    const created = (await (
      await fetch(`${baseUrl}/v2/file/create`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...target, type: 'file', size: bytes.length, part_info_list: Array.from({ length: count }, (_, i) => ({ part_number: i + 1 })) }),
      })
    ).json()) as { file_id: string; upload_id: string; part_info_list: { upload_url: string }[] };
    for (const [i, part] of created.part_info_list.entries()) {
      const res = await fetch(part.upload_url, { method: 'PUT', body: bytes.subarray(i * partSize, (i + 1) * partSize) });
      if (res.status !== 200) throw new Error(`PUT ${res.status}`);
    }
    const done = await fetch(`${baseUrl}/v2/file/complete`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ drive_id: '1', file_id: created.file_id, upload_id: created.upload_id }),
    });
    const file = (await done.json()) as { size: number };
    if (done.status !== 200) throw new Error(`CompleteFile ${done.status}`);
    return { file, rapidUpload: false, bytesSent: bytes.length, partsSent: count };
  },
});

function deps(overrides: Partial<UploadBenchDeps> = {}, log: string[] = []): UploadBenchDeps {
  return {
    load: async () => ({ createClient: pdsByFetch, subjects: [] }),
    startEmulator: () => inProcessEmulator(log),
    measureRss: (spec) => runRss(pdsByFetch, spec),
    size: 3 * MiB + 5,
    partSize: MiB,
    concurrency: 2,
    rounds: 2,
    providers: ['aliyun-pds'],
    ...overrides,
  };
}

describe('upload benchmark (small, from source)', () => {
  it('the goals are the issue\'s: >= 0.8x the plain PUTs, <= 96 MiB RSS growth at concurrency 4 and 8 MiB parts, every provider', () => {
    expect([UPLOAD_GOAL, RSS_GOAL_MIB, CONCURRENCY, PART_SIZE]).toEqual([0.8, 96, 4, 8 * MiB]);
    expect([...benchProviders].sort()).toEqual(['aliyun-pds', 'huawei-koodrive', 'huawei-metastudio', 'tencent-smh']);
  });

  it('measures upload() and the plain fetch PUTs on one emulator, the ratio from their best rounds, resetting after every run', async () => {
    const log: string[] = [];
    const report = await runUploadBench(options, deps({}, log));
    expect(report.rows.map((r) => [r.metric, r.unit, r.goal, r.atMost])).toEqual([
      ['aliyun-pds upload() (3145733 bytes)', 'MB/s', undefined, undefined],
      ['plain fetch PUTs, same bytes (3145733 bytes, next to aliyun-pds)', 'MB/s', undefined, undefined],
      ['aliyun-pds upload() / plain fetch PUTs (3145733 bytes)', 'x', 0.8, undefined],
      ['aliyun-pds upload() peak RSS growth (3145733 bytes, concurrency 2, 1 MiB parts)', 'MiB', 96, true],
    ]);
    const d = report.details!['aliyun-pds'] as { oursMBps: number[]; ceilingMBps: number[]; rss: { bytesSent: number } };
    expect(d.oursMBps).toHaveLength(2);
    expect(d.ceilingMBps).toHaveLength(2);
    for (const v of [...d.oursMBps, ...d.ceilingMBps]) expect(v).toBeGreaterThan(0);
    expect(report.rows[0]!.value).toBe(best(d.oursMBps));
    expect(report.rows[1]!.value).toBe(best(d.ceilingMBps));
    expect(report.rows[2]!.value).toBe(best(d.oursMBps) / best(d.ceilingMBps));
    expect(d.rss.bytesSent).toBe(3 * MiB + 5);
    // 2 rounds x 2 contenders, then the RSS run.
    expect(log).toEqual(['reset', 'reset', 'reset', 'reset', 'reset']);
  }, 60_000);

  it('refuses a rapid upload (no byte sent is not a speed) and a ceiling whose PUTs are refused', async () => {
    const rapid: CreateBenchClient = () => ({ upload: async () => ({ file: {}, rapidUpload: true, bytesSent: 0, partsSent: 0 }) }) satisfies BenchClient;
    await expect(runUploadBench(options, deps({ load: async () => ({ createClient: rapid, subjects: [] }), rounds: 1 }))).rejects.toThrow(
      'upload() reported a rapid upload: no byte was sent, so nothing was measured',
    );
    const wrongToken = async () => {
      const e = await inProcessEmulator();
      return { ...e, credentials: { ...e.credentials, 'aliyun-pds': { accessToken: 'wrong-token-for-bench' } } };
    };
    await expect(runUploadBench(options, deps({ startEmulator: wrongToken, rounds: 1 }))).rejects.toThrow(
      /the ceiling's CreateFile answered 401 without 4 part URLs/,
    );
  }, 60_000);

  it('the bench file differs in every MiB (no two parts alike)', async () => {
    const path = join(scratch, 'f.bin');
    await writeBenchFile(path, 3 * MiB + 1);
    const bytes = await readFile(path);
    expect(bytes.length).toBe(3 * MiB + 1);
    expect(bytes.subarray(0, MiB).equals(bytes.subarray(MiB, 2 * MiB))).toBe(false);
    expect(bytes.readBigUInt64BE(2 * MiB)).toBe(2n);
  });
});
