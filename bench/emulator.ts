/**
 * Emulator throughput (issue 11, Throughput): requests per second of the built emulator answering
 * PDS `GetFile` (the documented request, a valid bearer token, the demo file seeded and completed
 * through the emulator's own CompleteFile) over N keep-alive connections, against a bare node:http
 * server answering the same status, headers and body bytes. Goal: emulator / bare >= 0.5.
 *
 * Three child processes (bench/emulator-load.ts): the emulator, the bare server, and the load
 * generator (raw keep-alive TCP connections, `runLoad`; each sends its next request when the
 * answer has arrived). Every answer must be the expected status and bytes, or the run fails: a
 * server that answered fast and wrong would look quick. A round runs the two servers in ABBA order
 * (the order flips by round) and its ratio is the emulator's requests/s over the bare server's in
 * the same round; the goal is judged on the median round.
 *
 * On 2 cores the load generator and the server each take about one: the bare server's rate is
 * partly the load generator's limit, which flatters the ratio. The note gives the load
 * generator's CPU share, and the rows beside it the servers' CPU per request (no goal), which does
 * not depend on the load generator.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  forkBare,
  forkEmulator,
  forkLoad,
  type EmulatorModule,
  type EmulatorSetup,
  type FixedAnswer,
  type LoadGenerator,
  type LoadResult,
  type Served,
} from './emulator-load.js';
import { median, spread, type Benchmark, type BenchOptions, type BenchReport, type BenchRow } from './harness.js';
import type { ExamplePair, Subject } from './subjects.js';

/** Emulator requests/s over a bare node:http server's, same answer bytes. */
export const THROUGHPUT_GOAL = 0.5;
export const CONNECTIONS = 10;

export interface EmulatorSubjects {
  /** The emulator module's URL, for a child process to import (dist/'s in `npm run bench`). */
  emulatorUrl: string;
  /** The PDS access token the emulator accepts. */
  accessToken: string;
  /** The PDS upload the demo seed creates (drivespec/emulator demo ids). */
  upload: { driveId: string; fileId: string; uploadId: string; name: string };
  pdsExamples: readonly ExamplePair[];
  subjects: Subject[];
}

export interface EmulatorBenchDeps {
  load(root: string): Promise<EmulatorSubjects>;
  startEmulator(s: EmulatorSubjects, setup: EmulatorSetup): Promise<Served>;
  startBare(answer: FixedAnswer): Promise<Served>;
  startLoad(): LoadGenerator;
}

/** Answer headers a server writes per connection or per moment, not per route. */
const VOLATILE_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);

function documented(examples: readonly ExamplePair[], operationId: string): { body: unknown } {
  const pair = examples.find((e) => e.operationId === operationId && e.scenario === 'success' && e.request?.body !== undefined);
  if (!pair) throw new Error(`no documented success example with a request body for ${operationId}`);
  return pair.request as { body: unknown };
}

/** The emulator's GetFile answer, checked to be the seeded file, as the bytes the bare server repeats. */
async function capture(origin: string, path: string, headers: Record<string, string>, body: string, fileId: string): Promise<FixedAnswer> {
  const res = await fetch(`${origin}${path}`, { method: 'POST', headers, body });
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  if (res.status !== 200) throw new Error(`the emulator answered GetFile ${res.status}: ${text.slice(0, 200)}`);
  const file = JSON.parse(text) as { file_id?: unknown; status?: unknown };
  if (file.file_id !== fileId || file.status !== 'available') {
    throw new Error(`the emulator's GetFile answer is not the seeded, completed file: ${text.slice(0, 200)}`);
  }
  const kept: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!VOLATILE_HEADERS.has(name)) kept[name] = value;
  });
  return { status: res.status, headers: kept, bodyBase64: bytes.toString('base64') };
}

export async function runEmulatorBench(options: BenchOptions, deps: EmulatorBenchDeps): Promise<BenchReport> {
  const s = await deps.load(options.root);
  const rounds = options.quick ? 2 : 5;
  const ms = options.quick ? 150 : 1_500;
  const warmUpMs = options.quick ? 50 : 500;
  const headers = { authorization: `Bearer ${s.accessToken}`, 'content-type': 'application/json' };
  const setup: EmulatorSetup = {
    seed: { ...s.upload },
    complete: { path: '/v2/file/complete', headers, body: JSON.stringify(documented(s.pdsExamples, 'CompleteFile').body) },
  };
  const path = '/v2/file/get';
  const body = JSON.stringify(documented(s.pdsExamples, 'GetFile').body);

  const servers: Served[] = [];
  let loader: LoadGenerator | undefined;
  try {
    const emulator = await deps.startEmulator(s, setup);
    servers.push(emulator);
    const answer = await capture(emulator.origin, path, headers, body, s.upload.fileId);
    const bare = await deps.startBare(answer);
    servers.push(bare);
    loader = deps.startLoad();
    const contenders = [
      { label: 'emulator', served: emulator },
      { label: 'bare node:http', served: bare },
    ];
    const rps = new Map<string, number[]>(contenders.map((c) => [c.label, []]));
    const serverCpu = new Map<string, number[]>(contenders.map((c) => [c.label, []]));
    const loaderShare = new Map<string, number[]>(contenders.map((c) => [c.label, []]));
    const run = async (served: Served): Promise<{ result: LoadResult; cpu: number }> => {
      const before = await served.cpuMicros();
      const result = await loader!.run({
        origin: served.origin,
        method: 'POST',
        path,
        headers,
        body,
        expectStatus: answer.status,
        expectBodyBase64: answer.bodyBase64,
        connections: CONNECTIONS,
        warmUpMs,
        ms,
      });
      const cpu = (await served.cpuMicros()) - before;
      if (result.wrong > 0) throw new Error(`${result.wrong} answers were not the expected GetFile answer, e.g. ${result.firstWrong}`);
      if (result.requests === 0) throw new Error('no request was answered within the measured window');
      return { result, cpu };
    };
    for (let round = 0; round < rounds; round++) {
      const order = round % 2 ? [1, 0, 0, 1] : [0, 1, 1, 0];
      const sums = new Map<string, { requests: number; ms: number; total: number; cpu: number; loaderCpu: number }>();
      for (const i of order) {
        const c = contenders[i]!;
        const { result, cpu } = await run(c.served);
        const sum = sums.get(c.label) ?? { requests: 0, ms: 0, total: 0, cpu: 0, loaderCpu: 0 };
        sum.requests += result.requests;
        sum.ms += result.ms;
        sum.total += result.total;
        sum.cpu += cpu;
        sum.loaderCpu += result.cpuMicros;
        sums.set(c.label, sum);
      }
      for (const [label, sum] of sums) {
        rps.get(label)!.push((sum.requests / sum.ms) * 1e3);
        serverCpu.get(label)!.push(sum.cpu / sum.total);
        loaderShare.get(label)!.push(sum.loaderCpu / (sum.ms * 1e3));
      }
    }
    const ours = rps.get('emulator')!;
    const base = rps.get('bare node:http')!;
    const ratios = ours.map((v, i) => v / base[i]!);
    const r = spread(ratios);
    const rows: BenchRow[] = [];
    for (const c of contenders) {
      const values = rps.get(c.label)!;
      rows.push({
        metric: `PDS GetFile, ${c.label}`,
        value: median(values),
        unit: 'requests/s',
        note: `${CONNECTIONS} keep-alive connections; rounds ${spread(values).min.toFixed(0)} / ${spread(values).max.toFixed(0)} (min / max); load generator CPU ${(median(loaderShare.get(c.label)!) * 100).toFixed(0)} % of a core`,
      });
    }
    rows.push({
      metric: 'PDS GetFile: emulator / bare node:http',
      value: r.median,
      unit: 'x',
      goal: THROUGHPUT_GOAL,
      note: `median of ${rounds} rounds; min / max ${r.min.toFixed(3)} / ${r.max.toFixed(3)}`,
    });
    for (const c of contenders) {
      rows.push({
        metric: `PDS GetFile, ${c.label}: server CPU per request`,
        value: median(serverCpu.get(c.label)!),
        unit: 'µs',
        note: 'process.cpuUsage() of the server process over the run (warm-up included) / requests answered; reported, no goal',
      });
    }
    return {
      rows,
      details: {
        statistic:
          'requests/s = requests answered as expected in the measured window / window; ratio = median of per-round ratios (emulator / bare, same round, ABBA order)',
        subjects: s.subjects,
        request: { method: 'POST', path, headers: { ...headers, authorization: 'Bearer <the emulator PDS access token>' }, body },
        answer: { status: answer.status, headers: answer.headers, bytes: Buffer.from(answer.bodyBase64, 'base64').length },
        connections: CONNECTIONS,
        rounds,
        windowMs: ms,
        warmUpMs,
        requestsPerSecond: Object.fromEntries(rps),
        ratios,
        serverCpuMicrosecondsPerRequest: Object.fromEntries(serverCpu),
        loadGeneratorCpuShare: Object.fromEntries(loaderShare),
      },
    };
  } finally {
    await loader?.close();
    for (const server of servers) await server.close();
  }
}

/** drivespec/emulator, its demo ids and the PDS examples from dist/. */
export async function loadBuiltEmulator(root: string): Promise<EmulatorSubjects> {
  const file = (f: string) => {
    const path = join(root, f);
    if (!existsSync(path)) throw new Error(`${f} is missing: \`npm run bench\` builds it first (npm run build)`);
    return pathToFileURL(path).href;
  };
  const emulatorUrl = file('dist/node/emulator.js');
  const mod = (await import(emulatorUrl)) as EmulatorModule & { defaultEmulatorCredentials: { 'aliyun-pds': { accessToken: string } } };
  const { demoIds } = (await import(file('dist/src/emulator/demo.js'))) as { demoIds: { 'aliyun-pds': EmulatorSubjects['upload'] } };
  const { examples } = (await import(file('dist/generated/aliyun-pds/examples.js'))) as { examples: ExamplePair[] };
  const built = statSync(join(root, 'dist/node/emulator.js')).mtime.toISOString();
  return {
    emulatorUrl,
    accessToken: mod.defaultEmulatorCredentials['aliyun-pds'].accessToken,
    upload: demoIds['aliyun-pds'],
    pdsExamples: examples,
    subjects: [
      { role: 'ours', file: 'dist/node/emulator.js', detail: `drivespec/emulator startEmulator() built by npm run build (${built}), in a child process` },
      { role: 'baseline', file: 'bench/emulator-load.ts (bundled)', detail: `node:http createServer answering the same bytes, node ${process.version}, in a child process` },
    ],
  };
}

export function emulatorBenchmark(script: string): Benchmark {
  return {
    name: 'emulator',
    description: `PDS GetFile requests/s of the emulator vs a bare node:http server answering the same bytes (${CONNECTIONS} keep-alive connections)`,
    run: (options) =>
      runEmulatorBench(options, {
        load: loadBuiltEmulator,
        startEmulator: (s, setup) => forkEmulator(script, s.emulatorUrl, setup),
        startBare: (answer) => forkBare(script, answer),
        startLoad: () => forkLoad(script),
      }),
  };
}
