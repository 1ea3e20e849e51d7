/**
 * Whole uploads (issue 12, Benchmarks), per provider, against the emulator on loopback:
 *
 * - throughput of `client.upload(file, target, { partSize: 8 MiB, concurrency: 4 })` (defaults
 *   otherwise: the hashing pre-pass, the rapid-upload try, create, part PUTs, complete) against
 *   the ceiling, the same file's bytes PUT as 8 MiB parts, 4 at a time, by plain `fetch` to the
 *   same emulator's storage route (URLs from a PDS CreateFile sent by plain fetch, untimed).
 *   Goal: upload() >= 0.8x the ceiling;
 * - peak RSS growth of the uploading process for the same upload: goal <= 96 MiB.
 *
 * The emulator runs in a child process of its own, shared by both contenders (its CPU competes
 * with theirs alike, its memory is not counted); it is reset after every run, so the stored bytes
 * are freed and no rapid upload can match a file of an earlier run (a rapid upload sends nothing:
 * the run is refused, as is any answer that is not the success documented). Each round runs the
 * two contenders one after the other, the order flipping by round; the goal is judged on best
 * rounds, as the hashing benchmark does (other processes on a shared machine only ever slow a
 * round down), with the per-round ratios beside. The RSS of a fresh child process (only the
 * client loaded) is sampled every 5 ms through one upload, growth over its RSS just before it.
 */
import { randomFillSync } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { best, mbPerSecond, spread, type Benchmark, type BenchOptions, type BenchReport, type BenchRow } from './harness.js';
import type { Subject } from './subjects.js';
import { forkRss, forkUploadEmulator } from './upload-child.js';

const MiB = 1 << 20;

export const UPLOAD_GOAL = 0.8;
export const RSS_GOAL_MIB = 96;
export const PART_SIZE = 8 * MiB;
export const CONCURRENCY = 4;

export type BenchProvider = 'aliyun-pds' | 'huawei-metastudio' | 'tencent-smh' | 'huawei-koodrive';
export const benchProviders: readonly BenchProvider[] = ['aliyun-pds', 'huawei-koodrive', 'huawei-metastudio', 'tencent-smh'];

/** The emulator's credentials, by provider (the shape of `EmulatorCredentials`). */
export type EmulatorCredentialSet = Record<BenchProvider, Record<string, string>>;

/** What the contenders upload to. */
export interface BenchEmulator {
  url: string;
  credentials: EmulatorCredentialSet;
  /** Empties the emulator (frees the stored bytes). */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/** `client.upload()` as the CLI calls it (src/cli/upload.ts `UploadClient`). */
export interface BenchClient {
  upload(source: string, target: object, options: Record<string, unknown>): Promise<{
    file: unknown;
    rapidUpload: boolean;
    bytesSent: number;
    partsSent: number;
  }>;
}
export type CreateBenchClient = (connection: { provider: BenchProvider; baseUrl: string; credentials: Record<string, string> }) => BenchClient;

export interface RssSpec {
  provider: BenchProvider;
  url: string;
  credentials: Record<string, string>;
  path: string;
  target: object;
  partSize: number;
  concurrency: number;
}

export interface RssResult {
  /** Peak RSS over the RSS just before upload(), MiB. */
  growthMiB: number;
  /**
   * Peak `process.memoryUsage().arrayBuffers` over its value before upload(), MiB (sampled with
   * the RSS): where part bodies and fetch's body chunks live, so a growth of RSS can be told apart
   * from one of the JS heap or of native memory.
   */
  arrayBuffersMiB: number;
  ms: number;
  bytesSent: number;
}

export interface UploadBenchDeps {
  load(root: string): Promise<{ createClient: CreateBenchClient; subjects: Subject[] }>;
  startEmulator(): Promise<BenchEmulator>;
  /** One upload in a process where nothing else ran (a child in `npm run bench`). */
  measureRss(spec: RssSpec): Promise<RssResult>;
  /** Tests: smaller sizes and fewer providers. */
  size?: number;
  partSize?: number;
  concurrency?: number;
  rounds?: number;
  providers?: readonly BenchProvider[];
}

/** The target of each provider's upload() on a fresh emulator (what it has seeded, or creates). */
export function benchTarget(provider: BenchProvider, name: string): object {
  switch (provider) {
    case 'aliyun-pds':
      return { drive_id: '1', parent_file_id: 'root', name: `${name}.bin` };
    case 'huawei-metastudio':
      return { asset: { asset_name: name, asset_type: 'VIDEO' }, file_name: `${name}.mp4`, asset_file_category: 'MAIN' };
    case 'tencent-smh':
      return { path: `${name}.bin` };
    case 'huawei-koodrive':
      return { parentFolder: 'root', fileName: `${name}.bin` };
  }
}

/** A file of `size` bytes, every MiB different (a random block, its first 8 bytes the MiB's index). */
export async function writeBenchFile(path: string, size: number): Promise<void> {
  const block = randomFillSync(Buffer.alloc(MiB));
  const handle = await open(path, 'w');
  try {
    for (let offset = 0, i = 0; offset < size; offset += MiB, i++) {
      block.writeBigUInt64BE(BigInt(i), 0);
      await handle.write(block, 0, Math.min(MiB, size - offset), offset);
    }
  } finally {
    await handle.close();
  }
}

/** Runs `work(0..count-1)` with at most `concurrency` at once; the first failure rejects. */
async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < count) {
      const i = next++;
      try {
        await work(i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/**
 * The ceiling: the file's parts PUT by plain fetch to the emulator's storage route (`oss`, the
 * URLs of a PDS CreateFile, untimed), `concurrency` at a time, each part read from the file into
 * its own buffer as an upload must. Every PUT must answer 200 with an ETag. Resolves to the ms of
 * the PUTs.
 */
export async function ceilingRun(emulator: BenchEmulator, path: string, size: number, partSize: number, concurrency: number, name: string): Promise<number> {
  const count = Math.max(1, Math.ceil(size / partSize));
  const create = await fetch(`${emulator.url}/v2/file/create`, {
    method: 'POST',
    headers: { authorization: `Bearer ${emulator.credentials['aliyun-pds'].accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      drive_id: '1',
      parent_file_id: 'root',
      name: `${name}.bin`,
      type: 'file',
      size,
      part_info_list: Array.from({ length: count }, (_, i) => ({ part_number: i + 1 })),
    }),
  });
  const answer = (await create.json()) as { part_info_list?: { part_number: number; upload_url: string }[] };
  if (create.status !== 200 || answer.part_info_list?.length !== count) {
    throw new Error(`the ceiling's CreateFile answered ${create.status} without ${count} part URLs`);
  }
  const urls = answer.part_info_list.map((p) => p.upload_url);
  const handle = await open(path, 'r');
  try {
    const start = performance.now();
    await pool(count, concurrency, async (i) => {
      const length = Math.min(partSize, size - i * partSize);
      const body = Buffer.allocUnsafe(length);
      const { bytesRead } = await handle.read(body, 0, length, i * partSize);
      if (bytesRead !== length) throw new Error(`short read of part ${i + 1}`);
      const res = await fetch(urls[i]!, { method: 'PUT', body });
      const text = await res.text();
      if (res.status !== 200 || !res.headers.get('etag')) {
        throw new Error(`the ceiling's PUT of part ${i + 1} answered ${res.status}: ${text.slice(0, 200)}`);
      }
    });
    return performance.now() - start;
  } finally {
    await handle.close();
  }
}

/** drivespec's upload(): the ms it took; a rapid upload or fewer bytes than the file is refused. */
export async function oursRun(client: BenchClient, path: string, size: number, target: object, partSize: number, concurrency: number): Promise<number> {
  const start = performance.now();
  const result = await client.upload(path, target, { partSize, concurrency });
  const ms = performance.now() - start;
  if (result.rapidUpload) throw new Error('upload() reported a rapid upload: no byte was sent, so nothing was measured');
  if (result.bytesSent < size) throw new Error(`upload() sent ${result.bytesSent} bytes of ${size}`);
  return ms;
}

/** One upload with RSS sampled every 5 ms (the body of the RSS child; in-process in tests). */
export async function runRss(createClient: CreateBenchClient, spec: RssSpec): Promise<RssResult> {
  const client = createClient({ provider: spec.provider, baseUrl: spec.url, credentials: spec.credentials });
  // fetch (undici) loads and sets itself up on first use: a one-time cost of any process that uses fetch, not the upload's.
  await (await fetch(`${spec.url}/__drivespec/health`)).text();
  const base = process.memoryUsage.rss();
  const baseBuffers = process.memoryUsage().arrayBuffers;
  let peak = base;
  let peakBuffers = baseBuffers;
  // rss() alone is cheap; the full memoryUsage() (arrayBuffers) walks the heap spaces, so every 4th sample.
  let tick = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
    if (tick++ % 4 === 0) peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers);
  }, 5);
  try {
    const start = performance.now();
    const result = await client.upload(spec.path, spec.target, { partSize: spec.partSize, concurrency: spec.concurrency });
    const ms = performance.now() - start;
    peak = Math.max(peak, process.memoryUsage.rss());
    peakBuffers = Math.max(peakBuffers, process.memoryUsage().arrayBuffers);
    if (result.rapidUpload) throw new Error('upload() reported a rapid upload: no byte was sent');
    return { growthMiB: (peak - base) / MiB, arrayBuffersMiB: (peakBuffers - baseBuffers) / MiB, ms, bytesSent: result.bytesSent };
  } finally {
    clearInterval(timer);
  }
}

function ratioNote(ours: number[], ceiling: number[]): string {
  const r = spread(ours.map((v, i) => v / ceiling[i]!));
  return `rounds ${[r.min, r.median, r.max].map((x) => x.toFixed(2)).join(' / ')} (min / median / max)`;
}

export async function runUploadBench(options: BenchOptions, deps: UploadBenchDeps): Promise<BenchReport> {
  const size = deps.size ?? (options.quick ? 128 * MiB : 1024 * MiB);
  const partSize = deps.partSize ?? PART_SIZE;
  const concurrency = deps.concurrency ?? CONCURRENCY;
  const rounds = deps.rounds ?? (options.quick ? 1 : 3);
  const providers = deps.providers ?? benchProviders;
  const label = size % (1024 * MiB) === 0 ? `${size / (1024 * MiB)} GiB` : size % MiB === 0 ? `${size / MiB} MiB` : `${size} bytes`;
  const { createClient, subjects } = await deps.load(options.root);
  for (const s of subjects) options.log(`${s.role}: ${s.file} (${s.detail})`);

  await mkdir(options.scratchDir, { recursive: true });
  const path = join(options.scratchDir, `upload-${size}.bin`);
  options.log(`writing ${label} to ${path}`);
  await writeBenchFile(path, size);
  const emulator = await deps.startEmulator();
  const rows: BenchRow[] = [];
  const details: Record<string, unknown> = {};
  let serial = 0;
  try {
    for (const provider of providers) {
      const client = createClient({ provider, baseUrl: emulator.url, credentials: emulator.credentials[provider] });
      const ours: number[] = [];
      const ceiling: number[] = [];
      options.log(`${provider}: ${rounds} round(s) of upload() and plain fetch PUTs, ${label}, ${partSize / MiB} MiB parts, ${concurrency} at a time`);
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 ? ['ours', 'ceiling'] : ['ceiling', 'ours'];
        for (const who of order) {
          const name = `bench-${++serial}`;
          try {
            if (who === 'ours') {
              ours.push(mbPerSecond(size, await oursRun(client, path, size, benchTarget(provider, name), partSize, concurrency)));
            } else {
              ceiling.push(mbPerSecond(size, await ceilingRun(emulator, path, size, partSize, concurrency, name)));
            }
          } finally {
            await emulator.reset();
          }
        }
      }
      const rss = await deps.measureRss({
        provider,
        url: emulator.url,
        credentials: emulator.credentials[provider],
        path,
        target: benchTarget(provider, `bench-${++serial}`),
        partSize,
        concurrency,
      });
      await emulator.reset();
      const spreadOf = (v: number[]) => `rounds ${[spread(v).min, spread(v).max].map((x) => x.toFixed(0)).join(' / ')} (min / max)`;
      rows.push(
        { metric: `${provider} upload() (${label})`, value: best(ours), unit: 'MB/s', note: spreadOf(ours) },
        { metric: `plain fetch PUTs, same bytes (${label}, next to ${provider})`, value: best(ceiling), unit: 'MB/s', note: spreadOf(ceiling) },
        {
          metric: `${provider} upload() / plain fetch PUTs (${label})`,
          value: best(ours) / best(ceiling),
          unit: 'x',
          goal: UPLOAD_GOAL,
          note: ratioNote(ours, ceiling),
        },
        {
          metric: `${provider} upload() peak RSS growth (${label}, concurrency ${concurrency}, ${partSize / MiB} MiB parts)`,
          value: rss.growthMiB,
          unit: 'MiB',
          goal: RSS_GOAL_MIB,
          atMost: true,
          note: `a fresh process (fetch warmed by one request); sampled every 5 ms; includes the hashing worker thread; arrayBuffers peak growth ${rss.arrayBuffersMiB.toFixed(0)} MiB`,
        },
      );
      details[provider] = { oursMBps: ours, ceilingMBps: ceiling, rss };
    }
  } finally {
    await emulator.close();
    await rm(path, { force: true });
  }
  return {
    rows,
    details: {
      statistic: 'MB/s = file size / wall time of the upload; ratio = best round / best round, per-round ratios in the note',
      size,
      partSize,
      concurrency,
      rounds,
      subjects,
      ...details,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// `npm run bench`: the built code, the emulator and the RSS measurement in child processes.

function builtFile(root: string, file: string): string {
  const path = join(root, file);
  if (!existsSync(path)) throw new Error(`${file} is missing: \`npm run bench\` builds it first (npm run build)`);
  return pathToFileURL(path).href;
}

export async function loadBuiltUploadClients(root: string): Promise<{ createClient: CreateBenchClient; subjects: Subject[] }> {
  const url = builtFile(root, 'dist/src/cli/upload.js');
  const mod = (await import(url)) as { defaultCreateClient: CreateBenchClient };
  const built = statSync(join(root, 'dist/src/cli/upload.js')).mtime.toISOString();
  return {
    createClient: mod.defaultCreateClient,
    subjects: [
      { role: 'ours', file: 'dist/src/clients/*.js', detail: `client.upload() built by npm run build (${built}), as drivespec upload creates the clients` },
      { role: 'ceiling', file: 'bench/upload.ts (bundled)', detail: `plain fetch PUTs of the same parts, node ${process.version}` },
      { role: 'server', file: 'dist/src/emulator/index.js', detail: 'startEmulator() in a child process, shared by both' },
    ],
  };
}

export function uploadBenchmark(script: string): Benchmark {
  return {
    name: 'upload',
    description: `client.upload() per provider vs plain fetch PUTs of the same bytes to the emulator (goal >= ${UPLOAD_GOAL}x); peak RSS growth (goal <= ${RSS_GOAL_MIB} MiB)`,
    run: async (options) => {
      // DRIVESPEC_BENCH_UPLOAD_PROVIDERS=aliyun-pds,tencent-smh: only those (a run of one provider takes minutes).
      const only = process.env.DRIVESPEC_BENCH_UPLOAD_PROVIDERS?.split(',').map((p) => p.trim()).filter(Boolean);
      const unknown = only?.filter((p) => !(benchProviders as readonly string[]).includes(p)) ?? [];
      if (unknown.length > 0) throw new Error(`DRIVESPEC_BENCH_UPLOAD_PROVIDERS: unknown provider ${unknown.join(', ')}`);
      return runUploadBench(options, {
        ...(only?.length ? { providers: only as BenchProvider[] } : {}),
        load: loadBuiltUploadClients,
        startEmulator: () => forkUploadEmulator(script, builtFile(options.root, 'dist/src/emulator/index.js')),
        measureRss: (spec) => forkRss(script, builtFile(options.root, 'dist/src/cli/upload.js'), spec),
      });
    },
  };
}
