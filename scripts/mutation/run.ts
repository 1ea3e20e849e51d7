/**
 * `npm run test:mutation [name ...]`: StrykerJS over each target in `targets.ts`, one run per
 * module against that module's own test folder, incremental (results kept in
 * `build/mutation/<name>.incremental.json`, so an unchanged module and its tests are not re-run).
 * Exits non-zero when any module scores below its `minScore`. Not part of `npm test`: a full run
 * takes minutes per module on a 2-core machine.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mutationTargets } from './targets.js';

const root = join(import.meta.dirname, '..', '..');
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const fresh = process.argv.includes('--force');
const unknown = wanted.filter((w) => !mutationTargets.some((t) => t.name === w));
if (unknown.length) {
  console.error(`test:mutation: unknown target ${unknown.join(', ')} (known: ${mutationTargets.map((t) => t.name).join(', ')})`);
  process.exit(2);
}
const targets = wanted.length ? mutationTargets.filter((t) => wanted.includes(t.name)) : mutationTargets;
const out = join(root, 'build', 'mutation');
const base = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8')) as Record<string, unknown>;
delete base.$schema;
mkdirSync(out, { recursive: true });

const results: { name: string; score: number | null; min: number }[] = [];
for (const target of targets) {
  const reportFile = join(out, `${target.name}.json`);
  // Nested options cannot be given on Stryker's command line: one config file per target.
  const configFile = join(out, `${target.name}.config.json`);
  writeFileSync(
    configFile,
    JSON.stringify({
      ...base,
      mutate: [target.mutate],
      incremental: true,
      incrementalFile: join(out, `${target.name}.incremental.json`),
      reporters: ['clear-text', 'progress', 'json'],
      jsonReporter: { fileName: reportFile },
      thresholds: { high: 95, low: target.minScore, break: target.minScore },
    }),
  );
  const args = ['stryker', 'run', configFile, ...(fresh ? ['--force'] : [])];
  console.log(`\n== ${target.name}: ${target.mutate} against ${target.tests.join(', ')}`);
  const run = spawnSync('npx', args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, DRIVESPEC_TEST_INCLUDE: target.tests.join(',') },
  });
  results.push({ name: target.name, score: existsSync(reportFile) ? scoreOf(reportFile) : null, min: target.minScore });
  if (run.status !== 0 && run.status !== null) console.error(`${target.name}: stryker exited ${run.status}`);
}

console.log('\nmutation scores: (killed + timed out) / every valid mutant, uncovered ones included');
let ok = true;
for (const r of results) {
  const pass = r.score !== null && r.score >= r.min;
  ok &&= pass;
  console.log(`  ${pass ? 'ok  ' : 'FAIL'} ${r.name.padEnd(20)} ${r.score === null ? 'no report' : `${r.score.toFixed(1)} %`} (min ${r.min} %)`);
}
process.exit(ok ? 0 : 1);

/** Stryker's mutation score: detected (killed, timeout) over all valid mutants. */
function scoreOf(file: string): number {
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    files: Record<string, { mutants: { status: string }[] }>;
  };
  let detected = 0;
  let valid = 0;
  for (const f of Object.values(report.files)) {
    for (const m of f.mutants) {
      if (m.status === 'CompileError' || m.status === 'RuntimeError' || m.status === 'Ignored') continue;
      valid++;
      if (m.status === 'Killed' || m.status === 'Timeout') detected++;
    }
  }
  return valid === 0 ? 100 : (100 * detected) / valid;
}
