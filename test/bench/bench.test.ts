/**
 * The benchmark's honesty (issue 9 item 16), not its timings: it runs only as built JavaScript
 * under plain node, measures drivespec from dist/ and the baseline from its own package file,
 * and exits non-zero when a goal is missed. No benchmark is run here.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { describeMiss, exitCode, loaderProblem, missedGoals } from '../../bench/goals.js';
import { forkStub } from '../../bench/client-stub.js';
import { formatTable, type BenchRow } from '../../bench/harness.js';
import { findRoot, loadBuiltHashing, loadCrc64Ecma182 } from '../../bench/subjects.js';
import { buildBench } from '../../scripts/build.js';

const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const run = promisify(execFile);
const temps: string[] = [];

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function fixture(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-bench-'));
  temps.push(dir);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return dir;
}

async function exit(command: string, args: string[]) {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failure = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

describe('bench goals', () => {
  const rows: BenchRow[] = [
    { metric: 'speed', value: 700, unit: 'MB/s' },
    { metric: 'at the goal', value: 4, unit: 'x', goal: 4 },
    { metric: 'below the goal', value: 3.2, unit: 'x', goal: 4 },
  ];

  it('a missed goal is FAIL in the table and exit code 1; a met goal or a row without one is not', () => {
    expect(missedGoals(rows).map((r) => r.metric)).toEqual(['below the goal']);
    expect(exitCode(rows)).toBe(1);
    expect(exitCode(rows.slice(0, 2))).toBe(0);
    const table = formatTable(rows).split('\n');
    expect(table.find((l) => l.startsWith('below the goal'))).toMatch(/>= 4\s+FAIL/);
    expect(table.find((l) => l.startsWith('at the goal'))).toMatch(/>= 4\s+pass/);
  });

  it('an atMost goal is a ceiling: met at or below it, missed above it, and said so', () => {
    const ceiling: BenchRow[] = [
      { metric: 'overhead at', value: 1.05, unit: 'x', goal: 1.05, atMost: true },
      { metric: 'overhead over', value: 1.0501, unit: 'x', goal: 1.05, atMost: true },
      { metric: 'overhead under', value: 0.97, unit: 'x', goal: 1.05, atMost: true },
    ];
    expect(missedGoals(ceiling).map((r) => r.metric)).toEqual(['overhead over']);
    expect(exitCode(ceiling)).toBe(1);
    expect(exitCode([ceiling[0]!, ceiling[2]!])).toBe(0);
    expect(describeMiss(ceiling[1]!)).toBe('overhead over 1.050 > 1.05');
    expect(describeMiss(rows[2]!)).toBe('below the goal 3.200 < 4');
    const table = formatTable(ceiling).split('\n');
    expect(table.find((l) => l.startsWith('overhead over'))).toMatch(/1\.050 x\s+<= 1\.05\s+FAIL/);
    expect(table.find((l) => l.startsWith('overhead under'))).toMatch(/0\.970 x\s+<= 1\.05\s+pass/);
  });
});

describe('bench runs built code under plain node only', () => {
  it('refuses TypeScript source and loader or preload flags, in execArgv or NODE_OPTIONS', () => {
    const built = 'file:///repo/build/bench/run.js';
    expect(loaderProblem('file:///repo/bench/run.ts', [], undefined)).toMatch(/from source \(run\.ts\)/);
    expect(loaderProblem(built, ['--require', '/x/preflight.cjs', '--import', 'file:///x/loader.mjs'], undefined)).toBe(
      'node was started with --require, --import',
    );
    expect(loaderProblem(built, [], '--max-old-space-size=512 --import=tsx')).toBe('node was started with --import=tsx');
    expect(loaderProblem(built, ['-r', 'x'], '')).toBe('node was started with -r');
    expect(loaderProblem(built, ['--loader', 'x'], undefined)).toBe('node was started with --loader');
    expect(loaderProblem(built, ['--experimental-loader=x'], undefined)).toBe('node was started with --experimental-loader=x');
    expect(loaderProblem(built, ['--max-old-space-size=512', '--expose-gc'], '--trace-warnings')).toBeUndefined();
    // A flag's value that merely ends like one is not that flag.
    expect(loaderProblem(built, ['--title=bench-r', '--title=x--import'], undefined)).toBeUndefined();
  });

  it('`tsx bench/run.ts` exits 2 saying to use npm run bench, before measuring anything', async () => {
    const result = await exit(join(root, 'node_modules', '.bin', 'tsx'), ['bench/run.ts', 'hashing', '--quick']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('bench: running from source (run.ts)');
    expect(result.stderr).toContain('use `npm run bench`');
  }, 30_000);

  it('buildBench bundles bench/ only; the bundle runs under plain node', async () => {
    const outfile = await buildBench(root);
    expect(outfile).toBe(join(root, 'build', 'bench', 'run.js'));
    const help = await exit(process.execPath, [outfile, '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Runs the built code (dist/) under plain node.');
    expect(await exit(process.execPath, [outfile, 'no-such-benchmark'])).toMatchObject({ code: 2 });
    // The same bundle under a loader refuses.
    const loaded = await exit(process.execPath, ['--import', 'tsx', outfile, 'hashing']);
    expect(loaded).toMatchObject({ code: 2, stdout: '' });
    expect(loaded.stderr).toContain('node was started with --import');
    // The client benchmark's stub runs from the same bundle, in a process of its own.
    const stub = await forkStub(outfile, [{ method: 'POST', path: '/x', status: 200, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' }]);
    try {
      const answer = await fetch(`${stub.origin}/x?q=1`, { method: 'POST', headers: { 'x-probe': 'a' }, body: '{}' });
      expect([answer.status, await answer.text()]).toEqual([200, '{"ok":true}']);
      expect((await stub.lastHeaders('POST', '/x'))['x-probe']).toBe('a');
      expect((await fetch(`${stub.origin}/y`)).status).toBe(404);
      expect(await stub.counts()).toEqual({ 'POST /x': 1, other: 1 });
      await expect(stub.lastHeaders('GET', '/x')).rejects.toThrow('the stub has seen no request to GET /x');
    } finally {
      await stub.close();
    }
  }, 60_000);

  it('buildBench fails when our code or a package would be bundled into (or imported by) the bench', async () => {
    const ours = await fixture({
      'bench/run.ts': "import { x } from '../src/x.js';\nconsole.log(x);\n",
      'src/x.ts': 'export const x = 1;\n',
    });
    await expect(buildBench(ours)).rejects.toThrow(/bench\/ code only .*not: src\/x\.ts/);
    const pkg = await fixture({ 'bench/run.ts': "import { crc64 } from 'crc64-ecma182.js';\nconsole.log(crc64);\n" });
    await expect(buildBench(pkg)).rejects.toThrow(/not: crc64-ecma182\.js/);
  }, 30_000);

  it('the baseline is crc64-ecma182.js from its own package file; ours must be built first', async () => {
    expect(findRoot(join(root, 'build', 'bench'))).toBe(root);
    const { crc64, subject } = loadCrc64Ecma182(root);
    expect(subject.role).toBe('baseline');
    // Relative to the root, or absolute where node_modules is a symlink (Stryker's sandbox).
    expect(subject.file).toMatch(/^(\/.*\/)?node_modules\/crc64-ecma182\.js\/crc64_ecma182\.js$/);
    expect(subject.detail).toMatch(/^crc64-ecma182\.js \d+\.\d+\.\d+$/);
    expect(crc64(Buffer.from('123456789'))).toBe(BigInt('0x995DC9BBDF1939FA').toString()); // CRC-64/XZ check
    const empty = await fixture({ 'package.json': '{"name":"drivespec"}' });
    await expect(loadBuiltHashing(empty)).rejects.toThrow('dist/node/hashing.js is missing: `npm run bench` builds it first');
  });
});
