/**
 * Size per entry point (issue 13): what a web page pays for `import … from 'drivespec/<entry>'`,
 * measured as a user's bundler would produce it: esbuild bundles the built entry with everything
 * it imports, openapi-fetch included, minified; the gzipped size is gzip level 9 of that file.
 * Budgets are SIZE_BUDGETS in bench/goals.ts, enforced by test/bench/size.test.ts (sizes are
 * deterministic, so the test is exact, not timed) and reported here.
 *
 * The universal entries are measured from dist/web/ (platform browser). An entry still in
 * scripts/build.ts `webPending` has no web bundle yet: it is measured from dist/node/ with Node
 * built-ins left external (so the number is its own code and openapi-fetch, not node:crypto),
 * and the row says so.
 *
 * esbuild is a build tool here, not a subject: it is loaded from node_modules at run time (the
 * bench bundle holds bench/ code only).
 */
import { existsSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SIZE_BUDGETS, type SizeBudget } from './goals.js';
import type { Benchmark, BenchOptions, BenchRow } from './harness.js';

type Esbuild = typeof import('esbuild');

export interface EntrySize {
  entry: string;
  /** Which build was measured: `web`, or `node` for an entry whose web bundle is pending. */
  build: 'web' | 'node';
  minified: number;
  gzip: number;
  /**
   * For a provider entry, the provider's validators (generated/<provider>/validators.js, which the build copies)
   * minified on their own: how much of `minified` they are (the entry's bundles mix them into chunks).
   */
  validators: number;
  /** Bytes of the minified output that come from openapi-fetch. */
  openapiFetch: number;
}

/** The universal entry points' bundle names (dist/web/<name>.js); `index` is the `.` export. */
export const sizedEntries = ['index', 'aliyun-pds', 'huawei-koodrive', 'huawei-metastudio', 'tencent-smh', 'hashing'] as const;

/**
 * Bundles and measures every universal entry of the build in `distDir` (dist/ or a copy with the
 * same layout); packages (openapi-fetch) resolve from `root`'s node_modules.
 */
export async function entrySizes(root: string, distDir: string): Promise<EntrySize[]> {
  const esbuild = createRequire(join(root, 'package.json'))('esbuild') as Esbuild;
  const builtins = new Set(builtinModules);
  const out: EntrySize[] = [];
  for (const entry of sizedEntries) {
    const web = join(distDir, 'web', `${entry}.js`);
    const build = existsSync(web) ? 'web' : 'node';
    const file = build === 'web' ? web : join(distDir, 'node', `${entry}.js`);
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
    const result = await esbuild.build({
      entryPoints: [file],
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: build === 'web' ? 'browser' : 'neutral',
      mainFields: ['module', 'main'],
      nodePaths: [join(root, 'node_modules')],
      external: build === 'web' ? [] : [...builtins, 'node:*'],
      legalComments: 'none',
      metafile: true,
      logLevel: 'silent',
      outfile: join(distDir, 'size', `${entry}.js`),
    });
    const text = result.outputFiles[0]!.contents;
    const inputs = Object.values(result.metafile.outputs)[0]!.inputs;
    let openapiFetch = 0;
    for (const [path, input] of Object.entries(inputs)) {
      if (path.includes('node_modules/openapi-fetch/')) openapiFetch += input.bytesInOutput;
    }
    const ownValidators = join(root, 'generated', entry, 'validators.js');
    let validators = 0;
    if (existsSync(ownValidators)) {
      const alone = await esbuild.build({ entryPoints: [ownValidators], bundle: true, minify: true, write: false, format: 'esm', logLevel: 'silent' });
      validators = alone.outputFiles[0]!.contents.length;
    }
    out.push({ entry, build, minified: text.length, gzip: gzipSync(text, { level: 9 }).length, validators, openapiFetch });
  }
  return out;
}

/** Every budget an entry exceeds, in words; empty when all fit. */
export function overBudget(sizes: readonly EntrySize[], budgets: Record<string, SizeBudget> = SIZE_BUDGETS): string[] {
  const out: string[] = [];
  for (const s of sizes) {
    const b = budgets[s.entry];
    if (!b) {
      out.push(`${s.entry}: no budget in SIZE_BUDGETS`);
      continue;
    }
    if (s.minified > b.minified) out.push(`${s.entry}: ${s.minified} bytes minified > budget ${b.minified}`);
    if (s.gzip > b.gzip) out.push(`${s.entry}: ${s.gzip} bytes gzipped > budget ${b.gzip}`);
  }
  return out;
}

const kB = (bytes: number) => bytes / 1000;

export const sizeBenchmark: Benchmark = {
  name: 'size',
  description: 'minified and gzipped size of each universal entry bundled with openapi-fetch (esbuild), against SIZE_BUDGETS',
  async run(options: BenchOptions) {
    const sizes = await entrySizes(options.root, join(options.root, 'dist'));
    const rows: BenchRow[] = [];
    for (const s of sizes) {
      const b = SIZE_BUDGETS[s.entry];
      const from = s.build === 'web' ? 'dist/web' : 'dist/node, web build pending, built-ins external';
      rows.push({
        metric: `${s.entry} minified`,
        value: kB(s.minified),
        unit: 'kB',
        ...(b ? { goal: kB(b.minified), atMost: true } : {}),
        note: `${from}; validators ${kB(s.validators).toFixed(1)} kB, openapi-fetch ${kB(s.openapiFetch).toFixed(1)} kB`,
      });
      rows.push({ metric: `${s.entry} gzipped`, value: kB(s.gzip), unit: 'kB', ...(b ? { goal: kB(b.gzip), atMost: true } : {}), note: 'gzip -9' });
    }
    return { rows, details: { sizes } };
  },
};
