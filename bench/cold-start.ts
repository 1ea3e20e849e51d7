/**
 * Cold start (issue 13): what `import('drivespec/<entry>')` costs a fresh process, against
 * `import('openapi-fetch')` alone. Goal: at most 2x openapi-fetch for every provider entry point.
 *
 * Each sample is a new node process running a CommonJS probe (build/bench/scratch/cold-start-probe.cjs,
 * inside the package, so `drivespec/<entry>` resolves through package.json `exports` by
 * self-reference with Node's own conditions, exactly as an installed package resolves for a user:
 * dist/node/). The probe times its first `import()`, so both sides include the start of Node's ESM
 * loader (~6 ms here), as in the numbers (27 ms against 6 ms). A row per entry also shows
 * the milliseconds above an empty module (the loader alone), without a goal.
 *
 * Rounds are interleaved (baseline, empty module, every entry, then again), so a busy moment of
 * the shared machine hits every contender of one round; each entry's ratio is computed per round
 * (its wall time over that round's openapi-fetch time) and the goal is judged on the median round,
 * with min / max beside it. CPU time of the probe (process.cpuUsage, less sensitive to other
 * processes on the machine than wall time) is reported in the note.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { median, spread, type Benchmark, type BenchOptions, type BenchRow } from './harness.js';

/** The provider entry points (the goal applies to them) and the other entries measured. */
export const coldStartEntries = {
  providers: ['aliyun-pds', 'huawei-koodrive', 'huawei-metastudio', 'tencent-smh'],
  others: ['.', 'hashing'],
} as const;

export const COLD_START_GOAL = 2;

const probeSource = `'use strict';
// One cold import: argv[2] is the specifier (resolved from this file's folder, inside the package).
const { pathToFileURL } = require('node:url');
const specifier = process.argv[2];
const target = specifier.startsWith('/') ? pathToFileURL(specifier).href : specifier;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
import(target).then(
  () => {
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    process.stdout.write(JSON.stringify({ wall, cpu: (cpu.user + cpu.system) / 1000 }));
  },
  (error) => {
    process.stderr.write(String(error && error.stack || error));
    process.exit(1);
  },
);
`;

interface Sample {
  wall: number;
  cpu: number;
}

function probe(file: string, specifier: string): Promise<Sample> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [file, specifier], { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`cold-start probe of ${specifier} failed: ${stderr || error.message}`));
      try {
        resolve(JSON.parse(stdout) as Sample);
      } catch {
        reject(new Error(`cold-start probe of ${specifier} printed ${JSON.stringify(stdout.slice(0, 200))}`));
      }
    });
  });
}

export function specifierOf(entry: string): string {
  return entry === '.' ? 'drivespec' : `drivespec/${entry}`;
}

export const coldStartBenchmark: Benchmark = {
  name: 'cold-start',
  description: "fresh-process import() of each entry point (dist/, via exports) against openapi-fetch alone",
  async run(options: BenchOptions) {
    const rounds = options.quick ? 5 : 15;
    await mkdir(options.scratchDir, { recursive: true });
    const file = join(options.scratchDir, 'cold-start-probe.cjs');
    const empty = join(options.scratchDir, 'cold-start-empty.mjs');
    await writeFile(file, probeSource);
    await writeFile(empty, '// an empty ES module: what the ESM loader alone costs\nexport {};\n');

    const entries = [...coldStartEntries.providers, ...coldStartEntries.others];
    const contenders: Array<{ name: string; specifier: string }> = [
      { name: 'openapi-fetch', specifier: 'openapi-fetch' },
      { name: 'empty module', specifier: empty },
      ...entries.map((e) => ({ name: e, specifier: specifierOf(e) })),
    ];
    const samples = new Map<string, Sample[]>(contenders.map((c) => [c.name, []]));
    for (const c of contenders) await probe(file, c.specifier); // warm the file-system cache
    for (let round = 0; round < rounds; round++) {
      for (const c of contenders) samples.get(c.name)!.push(await probe(file, c.specifier));
    }

    const base = samples.get('openapi-fetch')!;
    const loader = samples.get('empty module')!;
    const ms = (s: Sample[], k: keyof Sample) => median(s.map((x) => x[k]));
    const rows: BenchRow[] = [
      {
        metric: 'openapi-fetch import',
        value: ms(base, 'wall'),
        unit: 'ms',
        note: `median of ${rounds}; CPU ${ms(base, 'cpu').toFixed(1)} ms; an empty module ${ms(loader, 'wall').toFixed(1)} ms (the ESM loader alone)`,
      },
    ];
    for (const entry of entries) {
      const own = samples.get(entry)!;
      const ratios = own.map((s, i) => s.wall / base[i]!.wall);
      const cpuRatios = own.map((s, i) => s.cpu / base[i]!.cpu);
      const r = spread(ratios);
      const isProvider = (coldStartEntries.providers as readonly string[]).includes(entry);
      rows.push({
        metric: `${specifierOf(entry)} / openapi-fetch`,
        value: r.median,
        unit: 'x',
        ...(isProvider ? { goal: COLD_START_GOAL, atMost: true } : {}),
        note:
          `median of ${rounds} rounds; min / max ${r.min.toFixed(2)} / ${r.max.toFixed(2)}; ` +
          `${ms(own, 'wall').toFixed(1)} ms, ${(ms(own, 'wall') - ms(loader, 'wall')).toFixed(1)} ms above an empty module; ` +
          `CPU ratio ${median(cpuRatios).toFixed(2)}${isProvider ? '' : '; reported, no goal'}`,
      });
    }
    return {
      rows,
      details: { rounds, samples: Object.fromEntries([...samples].map(([k, v]) => [k, v])) },
    };
  },
};
