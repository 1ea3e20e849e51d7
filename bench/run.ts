/**
 * `npm run bench [-- NAME... [--quick]]`: runs the benchmarks (all, or those named), prints a table
 * per benchmark and saves it as JSON under build/bench/NAME.json (build/ is gitignored).
 *
 * A new benchmark is a module exporting a `Benchmark` (bench/harness.ts), added to `benchmarks`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatTable, load, machine, passed, type Benchmark } from './harness.js';
import { hashingBenchmark } from './hashing.js';

const benchmarks: Benchmark[] = [hashingBenchmark];

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = `${root}build/bench`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      `usage: npm run bench -- [NAME...] [--quick]\n\nbenchmarks:\n${benchmarks
        .map((b) => `  ${b.name}  ${b.description}`)
        .join('\n')}\n\nResults: build/bench/NAME.json\n`,
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

  await mkdir(outDir, { recursive: true });
  let failures = 0;
  for (const benchmark of selected) {
    process.stdout.write(`\n## ${benchmark.name}: ${benchmark.description}\n`);
    const loadBefore = load();
    if (loadBefore > 0.5) {
      process.stdout.write(`  warning: load average ${loadBefore.toFixed(2)}: other processes compete for the CPU\n`);
    }
    const report = await benchmark.run({
      quick,
      scratchDir: `${outDir}/scratch`,
      log: (line) => process.stdout.write(`  ${line}\n`),
    });
    process.stdout.write(`\n${formatTable(report.rows)}\n`);
    const missed = report.rows.filter((row) => passed(row) === false);
    failures += missed.length;
    const file = `${outDir}/${benchmark.name}.json`;
    const json = {
      benchmark: benchmark.name,
      date: new Date().toISOString(),
      quick,
      machine: machine(),
      loadAverage: { before: loadBefore, after: load() },
      rows: report.rows.map((row) => ({ ...row, pass: passed(row) })),
      details: report.details ?? {},
    };
    await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
    process.stdout.write(`\nsaved ${file}\n`);
  }
  // Goals are reported, not enforced: a benchmark on a shared machine is evidence, not a gate.
  if (failures > 0) process.stdout.write(`\n${failures} goal(s) not met\n`);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
