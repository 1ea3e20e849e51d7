/**
 * `npm run build` (also `prepack`): dist/, what the published package runs.
 *
 *   tsc -p tsconfig.build.json   src/ and generated/ → dist/src/, dist/generated/ (rootDir `.`)
 *   + generated/<provider>/validators.js and .d.ts, which tsc does not copy (they are
 *     JavaScript, bundled by the generator, and the .d.ts is an input, never an output)
 *
 * dist/ is wiped first so a deleted source never ships, source maps are left out (they would
 * point at src/, which is not in the package), and the build ends by checking that every file the
 * package.json `exports`, `main`, `types` and `bin` name exists.
 *
 * `--bench` (what `npm run bench` runs first) also bundles bench/ into build/bench/run.js for plain
 * node (buildBench): the benchmarks measure dist/ and the baselines' own files, never through a
 * TypeScript loader.
 */
import { spawn } from 'node:child_process';
import { access, copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { providerIds } from '../src/core/provider.js';

const defaultRoot = fileURLToPath(new URL('..', import.meta.url));

export async function build(root = defaultRoot): Promise<void> {
  const dist = join(root, 'dist');
  await rm(dist, { recursive: true, force: true });

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await run(root, process.execPath, [tsc, '-p', 'tsconfig.build.json', '--sourceMap', 'false']);

  for (const provider of providerIds) {
    const out = join(dist, 'generated', provider);
    await mkdir(out, { recursive: true });
    for (const file of ['validators.js', 'validators.d.ts']) {
      await copyFile(join(root, 'generated', provider, file), join(out, file));
    }
  }

  const missing: string[] = [];
  for (const target of packageTargets(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')))) {
    if (!target.startsWith('./dist/')) continue;
    try {
      await access(join(root, target));
    } catch {
      missing.push(target);
    }
  }
  if (missing.length) {
    throw new Error(`package.json names files the build did not produce:\n${missing.map((m) => `  ${m}`).join('\n')}`);
  }
}

/**
 * bench/run.ts and the bench/ modules it imports, bundled into build/bench/run.js (ESM, plain node).
 * Only bench/ code may be in the bundle: drivespec is loaded from dist/ at run time and the
 * baselines from node_modules (bench/subjects.ts), so both sides of every ratio are the files a
 * user runs. Anything else reaching the bundle (a value import of src/ or a package) fails the build.
 */
export async function buildBench(root = defaultRoot): Promise<string> {
  const outfile = join(root, 'build', 'bench', 'run.js');
  const result = await esbuild({
    entryPoints: [join(root, 'bench', 'run.ts')],
    outfile,
    absWorkingDir: root,
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  const foreign = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith('bench/'));
  const external = result.metafile.outputs[relative(root, outfile)]?.imports.filter((i) => !i.path.startsWith('node:')) ?? [];
  if (foreign.length || external.length) {
    throw new Error(
      `the bench bundle may hold bench/ code only (drivespec is loaded from dist/, baselines from node_modules), not: ${[
        ...foreign,
        ...external.map((i) => i.path),
      ].join(', ')}`,
    );
  }
  return outfile;
}

interface PackageJson {
  main?: string;
  types?: string;
  bin?: string | Record<string, string>;
  exports?: unknown;
}

/** Every file path package.json points at (exports conditions flattened). */
export function packageTargets(pkg: PackageJson): string[] {
  const out = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.add(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  walk(pkg.exports);
  for (const v of [pkg.main, pkg.types]) if (v) out.add(v.startsWith('./') ? v : `./${v}`);
  return [...out].sort();
}

function run(cwd: string, command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}`))));
  });
}

async function main(argv: string[]): Promise<void> {
  await build();
  process.stdout.write(`build: wrote ${relative(process.cwd(), join(defaultRoot, 'dist')) || 'dist'}\n`);
  if (argv.includes('--bench')) process.stdout.write(`build: wrote ${relative(process.cwd(), await buildBench())}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`build: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
