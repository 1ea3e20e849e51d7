/**
 * `npm run build` (also `prepack`): dist/, what the published package runs.
 *
 *   tsc -p tsconfig.build.json   src/ and generated/ → dist/src/, dist/generated/ (rootDir `.`):
 *     the .d.ts files every export's `types` names, and the modules bin/drivespec.js runs
 *   + generated/<provider>/validators.js and .d.ts, which tsc does not copy (they are
 *     JavaScript, bundled by the generator, and the .d.ts is an input, never an output)
 *   esbuild → dist/node/   every entry point, platform node (what the `node` condition loads)
 *   esbuild → dist/web/    the universal entry points (`universal: true` in `entryPoints`),
 *     platform neutral with webPlatformPlugin (every src/platform module replaced by its `.web.ts`
 *     twin): what browsers, Workers and every other runtime load (`browser`, `worker`, `workerd`,
 *     `default`). No `node:` built-in may be imported from it: the metafile is checked and the
 *     build fails naming the module that imports one.
 *
 * Why bundles (issue 13): an entry point loaded as tsc writes it is ~100 modules, and Node pays per
 * module file (resolve, read, compile, link). Each entry is bundled by its own esbuild pass (see
 * bundle()): its own file, the chunks it shares with what it imports lazily, and chunks/core.js,
 * the one copy per build of the modules that must be single (`sharedModules`: the error classes,
 * the upload-state table). openapi-fetch stays external (a dependency, shared with the user's own
 * copy). `npm run bench -- cold-start` measures what an import costs.
 *
 * dist/ is wiped first so a deleted source never ships, source maps are left out (they would
 * point at src/, which is not in the package), and the build ends by checking that package.json's
 * `exports` is the one `packageExports()` derives from `entryPoints` and that every file the
 * package.json `exports`, `main`, `types` and `bin` name exists.
 *
 * `--bench` (what `npm run bench` runs first) also bundles bench/ into build/bench/run.js for plain
 * node (buildBench): the benchmarks measure dist/ and the baselines' own files, never through a
 * TypeScript loader.
 */
import { spawn } from 'node:child_process';
import { access, copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild, type BuildOptions, type BuildResult, type Metafile, type Plugin } from 'esbuild';
import { providerIds } from '../src/core/provider.js';
import { webPlatformPlugin } from './web-platform.js';

const defaultRoot = fileURLToPath(new URL('..', import.meta.url));

/** One package entry point: its `exports` subpath, its source, and the name of its bundle file. */
export interface EntryPoint {
  subpath: string;
  /** The module under src/ (no extension): `drivespec-source` is `./<source>.ts`, `types` is `./dist/<source>.d.ts`. */
  source: string;
  /** The bundle: dist/node/<name>.js, and dist/web/<name>.js for a universal entry. */
  name: string;
  /** Runs with no Node built-in (browsers, Workers, Deno, Bun): bundled into dist/web/ too. */
  universal: boolean;
}

export const entryPoints: readonly EntryPoint[] = [
  { subpath: '.', source: 'src/index', name: 'index', universal: true },
  ...providerIds.map((p) => ({ subpath: `./${p}`, source: `src/clients/${p}`, name: p, universal: true })),
  { subpath: './hashing', source: 'src/hashing/index', name: 'hashing', universal: true },
  // A local HTTP server and a harness that starts it: Node only, so no `default` condition.
  { subpath: './emulator', source: 'src/emulator/index', name: 'emulator', universal: false },
  { subpath: './conformance', source: 'src/conformance/index', name: 'conformance', universal: false },
];

/**
 * Universal entry points not (yet) in dist/web/: they resolve to dist/node/ under every condition.
 * Empty since helper W's WebCrypto signing (issue 13) made the provider entries universal; kept so
 * an entry that cannot be universal yet has one honest place to say so (test/package/exports.test.ts
 * prints it).
 */
export const webPending: readonly string[] = [];

/** The conditions that select a universal entry's web bundle; all come before `node` in its exports. */
export const webConditions = ['workerd', 'worker', 'browser'] as const;

/** True when `entry` is bundled into dist/web/ by this build. */
export function inWebBuild(entry: EntryPoint): boolean {
  return entry.universal && !webPending.includes(entry.subpath);
}

/**
 * package.json's `exports`, derived from `entryPoints` (the build refuses a package.json that
 * differs). Key order is resolution order: `drivespec-source` (this repository's tests and tools,
 * via `--conditions`), `types` (TypeScript; one set of .d.ts for both builds, the platform twins
 * have the same types), then the web conditions, `node`, and `default` → web for every other
 * runtime. Deno and Bun match `node` (they implement the built-ins, and file-path sources work).
 */
export function packageExports(): Record<string, Record<string, string> | string> {
  const out: Record<string, Record<string, string> | string> = {};
  for (const entry of entryPoints) {
    const node = `./dist/node/${entry.name}.js`;
    const web = inWebBuild(entry) ? `./dist/web/${entry.name}.js` : undefined;
    const conditions: Record<string, string> = {
      'drivespec-source': `./${entry.source}.ts`,
      types: `./dist/${entry.source}.d.ts`,
    };
    if (web) for (const c of webConditions) conditions[c] = web;
    conditions.node = node;
    if (entry.universal) conditions.default = web ?? node;
    out[entry.subpath] = conditions;
  }
  out['./package.json'] = './package.json';
  return out;
}

export async function build(root = defaultRoot): Promise<void> {
  const dist = join(root, 'dist');
  await rm(dist, { recursive: true, force: true });
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson;
  checkExports(pkg);

  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  await run(root, process.execPath, [tsc, '-p', 'tsconfig.build.json', '--sourceMap', 'false']);

  for (const provider of providerIds) {
    const out = join(dist, 'generated', provider);
    await mkdir(out, { recursive: true });
    for (const file of ['validators.js', 'validators.d.ts']) {
      await copyFile(join(root, 'generated', provider, file), join(out, file));
    }
  }

  await mkdir(join(root, 'build'), { recursive: true });
  for (const kind of ['node', 'web'] as const) {
    const metafile = await bundle(root, kind);
    // Kept for a look at what each bundle holds (esbuild's analyzer reads it); build/ is gitignored.
    await writeFile(join(root, 'build', `${kind}-meta.json`), `${JSON.stringify(metafile)}\n`);
  }

  const missing: string[] = [];
  for (const target of packageTargets(pkg)) {
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

/** The package.json `exports` must be `packageExports()`; a difference is named, key by key. */
export function checkExports(pkg: PackageJson): void {
  const want = packageExports();
  const have = (pkg.exports ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(want), ...Object.keys(have)])];
  const wrong = keys.filter((k) => JSON.stringify(want[k]) !== JSON.stringify(have[k]));
  if (wrong.length) {
    throw new Error(
      `package.json exports differ from scripts/build.ts packageExports() at ${wrong.join(', ')}; expected:\n${JSON.stringify(want, null, 2)}`,
    );
  }
}

/**
 * esbuild's metafile to "importer → node:x" lines for every Node built-in (and any other external
 * except openapi-fetch) an output reaches; empty for a clean universal bundle.
 */
export function nodeImports(metafile: Metafile): string[] {
  const out: string[] = [];
  for (const [input, info] of Object.entries(metafile.inputs)) {
    for (const i of info.imports) {
      if (i.path.startsWith('node:') || (i.external && i.path !== 'openapi-fetch')) out.push(`${input} → ${i.path}`);
    }
  }
  return out.sort();
}

/**
 * Node built-ins, with or without the `node:` prefix, are external in both builds: the node build
 * loads them, and in the web build nodeImports() reports them by importer (rather than esbuild's
 * "Could not resolve", which on platform neutral names the file but not why it is in the bundle).
 */
export const builtinsExternal: Plugin = {
  name: 'drivespec-builtins-external',
  setup(b) {
    const bare = new Set(builtinModules);
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.path.startsWith('node:') || bare.has(args.path)) return { path: args.path, external: true };
      return undefined;
    });
  },
};

/**
 * The modules whose state must exist once per build, whatever entry points a program imports:
 * the error classes (`instanceof DrivespecError` must hold for an error from any entry) and the
 * upload-state table (`uploadStateOf` from the root must find the state a client's upload()
 * attached). They are bundled once, into chunks/core.js, and every entry bundle imports them
 * from there; anything else an entry needs is copied into its own bundle.
 */
export const sharedModules = ['src/core/errors.ts', 'src/signing/shared/signing-error.ts', 'src/upload/state.ts'] as const;

/** The shared chunk of each build: dist/<kind>/chunks/core.js. */
export const sharedChunk = 'chunks/core.js';

/**
 * Every chunk built once and imported by the entry bundles, with the modules it holds: the core
 * (above), and each provider's generated validators (stateless, but the largest code there is:
 * the provider entry loads them lazily, the emulator and the conformance harness statically, and
 * one copy each keeps the package from carrying three).
 */
export const sharedChunks: Readonly<Record<string, readonly string[]>> = {
  [sharedChunk]: sharedModules,
  ...Object.fromEntries(providerIds.map((p) => [`chunks/validators-${p}.js`, [`generated/${p}/validators.js`]])),
};

/**
 * The esbuild passes of a build: each universal entry alone (its cold start is what users pay:
 * one file of its own, not the chunks of every combination of entries), and the Node-only
 * emulator and conformance harness together (the harness embeds the emulator: one pass shares it).
 */
function passesOf(entries: readonly EntryPoint[]): EntryPoint[][] {
  const nodeOnly = entries.filter((e) => !e.universal);
  return [...entries.filter((e) => e.universal).map((e) => [e]), ...(nodeOnly.length ? [nodeOnly] : [])];
}

/** What an entry bundle's import of a shared module is marked as, until it is rewritten to its chunk. */
const SHARED = 'drivespec-shared:';

const withoutExtension = (path: string) => path.replace(/\.(js|ts)$/, '');

/** Resolves relative imports of a module of `chunks` to an external placeholder naming the module. */
function sharedExternal(root: string, modules: readonly string[]): Plugin {
  const shared = new Map(modules.map((m) => [withoutExtension(m), m]));
  return {
    name: 'drivespec-shared-external',
    setup(b) {
      b.onResolve({ filter: /^\.\.?\// }, (args) => {
        const module = shared.get(withoutExtension(relative(root, resolve(args.resolveDir, args.path)).split(sep).join('/')));
        return module ? { path: `${SHARED}${module}`, external: true } : undefined;
      });
    },
  };
}

/**
 * Bundles the entry points of one build into <distDir>/<kind>/ (dist/ by default); returns the
 * metafile of the whole build (every esbuild pass merged, imports of a shared chunk shown as the
 * imports they are).
 *
 * Why one pass per entry (issue 13, cold start): Node pays per module file, and one esbuild pass
 * over all the entries with `splitting` cut the code each entry shares with every other
 * combination of entries into its own chunk: 12-14 files for a provider entry, which kept its
 * import above 2x openapi-fetch alone. So each entry is its own pass (its code in one file, plus
 * chunks of what it shares with its own lazily imported modules: upload engine, signers), and the
 * code entries share is `sharedChunks`, each built once, so there is still one `DrivespecError`
 * per build. The price is size on disk: each entry carries its own copy of the client core.
 */
export async function bundle(root: string, kind: 'node' | 'web', distDir = join(root, 'dist')): Promise<Metafile> {
  const entries = entryPoints.filter((e) => kind === 'node' || inWebBuild(e));
  const outdir = join(distDir, kind);
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'esm',
    platform: kind === 'node' ? 'node' : 'neutral',
    target: kind === 'node' ? 'node20' : 'es2022',
    external: ['openapi-fetch'],
    legalComments: 'none',
    charset: 'utf8',
    metafile: true,
    write: false,
    logLevel: 'warning',
  } as const satisfies BuildOptions;
  const platformPlugins = kind === 'node' ? [builtinsExternal] : [webPlatformPlugin(), builtinsExternal];
  const chunkOf = new Map<string, string>(); // shared module → its chunk file
  for (const [chunk, modules] of Object.entries(sharedChunks)) for (const m of modules) chunkOf.set(m, join(outdir, chunk));
  const key = (file: string) => relative(root, file).split(sep).join('/');

  const passes: BuildResult[] = [];
  for (const [chunk, modules] of Object.entries(sharedChunks)) {
    // A shared chunk may import another (the core's modules import nothing shared; a validators
    // module imports nothing at all), never a copy of one.
    const others = [...chunkOf.keys()].filter((m) => !modules.includes(m));
    passes.push(
      await esbuild({
        ...common,
        stdin: {
          contents: modules.map((m) => `export * from './${m}';`).join('\n'),
          resolveDir: root,
          sourcefile: `drivespec-${chunk.replace(/[/.]/g, '-')}.ts`,
          loader: 'ts',
        },
        outfile: join(outdir, chunk),
        plugins: [sharedExternal(root, others), ...platformPlugins],
      }),
    );
  }
  for (const group of passesOf(entries)) {
    passes.push(
      await esbuild({
        ...common,
        entryPoints: Object.fromEntries(group.map((e) => [e.name, join(root, `${e.source}.ts`)])),
        outdir,
        splitting: true,
        chunkNames: 'chunks/[name]-[hash]',
        plugins: [sharedExternal(root, [...chunkOf.keys()]), ...platformPlugins],
      }),
    );
  }

  const chunkKey = (placeholder: string) => key(chunkOf.get(placeholder.slice(SHARED.length))!);
  const written = new Map<string, string>();
  const metafile: Metafile = { inputs: {}, outputs: {} };
  for (const pass of passes) {
    for (const file of pass.outputFiles ?? []) {
      const text = file.text.replace(/"drivespec-shared:([^"]*)"/g, (_, module: string) =>
        JSON.stringify(moduleSpecifier(dirname(file.path), chunkOf.get(module)!)),
      );
      const before = written.get(file.path);
      // Two passes may write the same chunk (a lazily imported module two entries share): the
      // name is a hash of the content, so it must be the same text.
      if (before !== undefined && before !== text) throw new Error(`two bundles wrote different ${key(file.path)}`);
      written.set(file.path, text);
    }
    const meta = pass.metafile!;
    for (const [path, input] of Object.entries(meta.inputs)) {
      metafile.inputs[path] ??= {
        ...input,
        imports: input.imports.map((i) => (i.path.startsWith(SHARED) ? { path: i.path.slice(SHARED.length), kind: i.kind, original: i.original } : i)),
      };
    }
    for (const [path, output] of Object.entries(meta.outputs)) {
      metafile.outputs[path] ??= {
        ...output,
        imports: output.imports.map((i) => (i.path.startsWith(SHARED) ? { path: chunkKey(i.path), kind: i.kind } : i)),
      };
    }
  }
  const copies = Object.entries(metafile.outputs).flatMap(([path, output]) =>
    Object.keys(output.inputs)
      .filter((input) => chunkOf.has(input) && key(chunkOf.get(input)!) !== path)
      .map((input) => `${input} in ${path}`),
  );
  if (copies.length) throw new Error(`a shared module must be in its own chunk only (sharedChunks), but: ${copies.join(', ')}`);
  for (const [path, text] of written) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text);
  }

  if (kind === 'web') {
    const offending = nodeImports(metafile);
    if (offending.length) {
      throw new Error(`the universal build (dist/web/) must not import Node built-ins, but:\n${offending.map((o) => `  ${o}`).join('\n')}`);
    }
  }
  return metafile;
}

/** The relative specifier an ES module in `fromDir` imports `file` by (`./x.js`, `../x.js`). */
function moduleSpecifier(fromDir: string, file: string): string {
  const path = relative(fromDir, file).split(sep).join('/');
  return path.startsWith('.') ? path : `./${path}`;
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

export interface PackageJson {
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
  const bins = typeof pkg.bin === 'string' ? [pkg.bin] : Object.values(pkg.bin ?? {});
  for (const v of [pkg.main, pkg.types, ...bins]) if (v) out.add(v.startsWith('./') ? v : `./${v}`);
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
