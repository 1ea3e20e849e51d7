/**
 * `npm run bench [-- NAME... [--quick]]`: runs the benchmarks (all, or those named), prints a table
 * per benchmark and saves it as JSON under build/bench/NAME.json (build/ is gitignored).
 *
 * `npm run bench` first runs `npm run build -- --bench`: dist/ (the code measured) and this file
 * bundled with the rest of bench/ into build/bench/run.js, which plain node runs. It refuses to run
 * from source or under a loader (harness.ts `loaderProblem`). Exit codes: 0 every goal met, 1 a
 * goal missed, 2 a usage error or a bench that could not run.
 *
 * A new benchmark is a module exporting a `Benchmark` (bench/harness.ts), added to `benchmarks`.
 * `run.js --client-stub`, `run.js --emulator-child` and `run.js --upload-child` are not for users:
 * they are the client benchmark's stub process, the emulator benchmark's server and load-generator
 * processes, and the upload benchmark's emulator and RSS-measurement processes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMiss, exitCode, loaderProblem, missedGoals, passed } from './goals.js';
import { formatTable, load, machine, type Benchmark } from './harness.js';
import { clientBenchmark } from './client.js';
import { coldStartBenchmark } from './cold-start.js';
import { stubChildMain } from './client-stub.js';
import { emulatorBenchmark } from './emulator.js';
import { emulatorChildMain } from './emulator-load.js';
import { hashingBenchmark } from './hashing.js';
import { signingBenchmark } from './signing.js';
import { sizeBenchmark } from './size.js';
import { findRoot } from './subjects.js';
import { uploadBenchmark } from './upload.js';
import { uploadChildMain } from './upload-child.js';

const here = fileURLToPath(import.meta.url);
const benchmarks: Benchmark[] = [
  hashingBenchmark,
  clientBenchmark(here),
  emulatorBenchmark(here),
  uploadBenchmark(here),
  signingBenchmark,
  coldStartBenchmark,
  sizeBenchmark,
];

const root = findRoot(here);
const outDir = join(root, 'build', 'bench');

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `usage: npm run bench -- [NAME...] [--quick]\n\nbenchmarks:\n${benchmarks
        .map((b) => `  ${b.name}  ${b.description}`)
        .join('\n')}\n\nRuns the built code (dist/) under plain node. Results: build/bench/NAME.json.\n` +
        'Exit codes: 0 every goal met, 1 a goal missed, 2 a usage error or a bench that could not run.\n',
    );
    return 0;
  }
  const quick = argv.includes('--quick');
  const names = argv.filter((a) => !a.startsWith('-'));
  const unknown = names.filter((n) => !benchmarks.some((b) => b.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')} (known: ${benchmarks.map((b) => b.name).join(', ')})\n`);
    return 2;
  }
  const selected = names.length > 0 ? benchmarks.filter((b) => names.includes(b.name)) : benchmarks;

  const problem = loaderProblem(import.meta.url, process.execArgv, process.env.NODE_OPTIONS);
  if (problem) {
    process.stderr.write(
      `bench: ${problem}. A loader slows plain-JS baselines but not WebAssembly, which flatters our ratios;\n` +
        'benchmarks run the built code under plain node: use `npm run bench`.\n',
    );
    return 2;
  }
  const ran = `node ${process.version}, built code under plain node (${relative(root, here)}, no loader)`;
  process.stdout.write(`ran: ${ran}\n`);

  await mkdir(outDir, { recursive: true });
  const missed: string[] = [];
  for (const benchmark of selected) {
    process.stdout.write(`\n## ${benchmark.name}: ${benchmark.description}\n`);
    const loadBefore = load();
    if (loadBefore > 0.5) {
      process.stdout.write(`  warning: load average ${loadBefore.toFixed(2)}: other processes compete for the CPU\n`);
    }
    const report = await benchmark.run({
      quick,
      root,
      scratchDir: join(outDir, 'scratch'),
      log: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write(`\n${formatTable(report.rows)}\n`);
    missed.push(...missedGoals(report.rows).map((row) => `${benchmark.name}: ${describeMiss(row)}`));
    const file = join(outDir, `${benchmark.name}.json`);
    const json = {
      benchmark: benchmark.name,
      date: new Date().toISOString(),
      quick,
      ran,
      exitCode: exitCode(report.rows),
      machine: machine(),
      loadAverage: { before: loadBefore, after: load() },
      rows: report.rows.map((row) => ({ ...row, pass: passed(row) })),
      details: report.details ?? {},
    };
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`\nsaved ${file}\n`);
  }
  if (missed.length > 0) {
    process.stdout.write(`\nFAIL: ${missed.length} goal(s) not met (exit code 1):\n${missed.map((m) => `  ${m}`).join('\n')}\n`);
    return 1;
  }
  process.stdout.write('\nevery goal met\n');
  return 0;
}

if (process.argv[2] === '--client-stub') {
  // The client benchmark's loopback server, in a child process of its own (bench/client-stub.ts).
  await stubChildMain();
} else if (process.argv[2] === '--emulator-child') {
  // The emulator benchmark's servers and load generator, each in a child process (bench/emulator-load.ts).
  await emulatorChildMain();
} else if (process.argv[2] === '--upload-child') {
  // The upload benchmark's emulator and its RSS measurement, each in a child process (bench/upload-child.ts).
  await uploadChildMain();
} else {
  process.exitCode = await main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  });
}
