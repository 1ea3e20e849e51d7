/**
 * The package.json fields that make the published API (the packed package itself is tested in
 * pack.slow.test.ts): the exports map with its conditions (issue 13: dist/node and dist/web),
 * main/types, bin, files and dependencies; the two bundles are built into a scratch folder to
 * check that every target exists and that the web build imports no Node built-in.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bundle,
  checkExports,
  entryPoints,
  inWebBuild,
  nodeImports,
  packageExports,
  packageTargets,
  sharedChunk,
  sharedChunks,
  sharedModules,
  webPending,
} from '../../scripts/build.js';
import { providerIds } from '../../src/core/provider.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  main: string;
  types: string;
  exports: Record<string, string | Record<string, string>>;
  files: string[];
  sideEffects: boolean;
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
};

/** Entry point → its source module (ARCHITECTURE.md, "Source layout"). */
const entrySources: Record<string, string> = {
  '.': 'src/index',
  ...Object.fromEntries(providerIds.map((p) => [`./${p}`, `src/clients/${p}`])),
  './hashing': 'src/hashing/index',
  './emulator': 'src/emulator/index',
  './conformance': 'src/conformance/index',
};
/** Issue 13: these load with no Node built-in (browsers, Workers, Deno, Bun); the other two are Node only. */
const universal = ['.', ...providerIds.map((p) => `./${p}`), './hashing'];
const nodeOnly = ['./emulator', './conformance'];

let work: string;
const metafiles: Partial<Record<'node' | 'web', Metafile>> = {};

beforeAll(async () => {
  // The two bundles as `npm run build` writes them, into a scratch dist/ inside the repository
  // (build/ is gitignored; openapi-fetch resolves from the repository's node_modules).
  await mkdir(join(root, 'build'), { recursive: true });
  work = await mkdtemp(join(root, 'build', 'exports-test-'));
  metafiles.node = await bundle(root, 'node', join(work, 'dist'));
  metafiles.web = await bundle(root, 'web', join(work, 'dist'));
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('package.json', () => {
  it('exports exactly the documented entry points, plus ./package.json', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([...Object.keys(entrySources), './package.json'].sort());
    expect(pkg.exports['./package.json']).toBe('./package.json');
    expect(entryPoints.map((e) => e.subpath).sort()).toEqual(Object.keys(entrySources).sort());
    expect(entryPoints.filter((e) => e.universal).map((e) => e.subpath).sort()).toEqual([...universal].sort());
  });

  it('is the exports map scripts/build.ts derives (the build refuses any other)', () => {
    expect(pkg.exports).toStrictEqual(packageExports());
    expect(() => checkExports({ ...pkg, exports: { ...pkg.exports, './hashing': { default: './dist/src/hashing/index.js' } } })).toThrow(
      /differ from scripts\/build\.ts packageExports\(\) at \.\/hashing/,
    );
  });

  it(`web build pending for: ${webPending.join(', ') || 'none'} (helper W's WebCrypto signing; hashing and the root are never pending)`, () => {
    // The list only shrinks: hashing and the root were universal before the providers.
    expect(webPending.filter((s) => !providerIds.map((p) => `./${p}`).includes(s))).toEqual([]);
  });

  for (const [subpath, source] of Object.entries(entrySources)) {
    const name = subpath === '.' ? 'index' : subpath.slice(2);
    const isUniversal = universal.includes(subpath);
    const web = isUniversal && !webPending.includes(subpath);
    it(`${subpath}: source and types first, then ${web ? 'workerd/worker/browser → dist/web, ' : ''}node → dist/node${isUniversal ? `, default → dist/${web ? 'web' : 'node'}` : ' and no default (Node only)'}`, () => {
      // Key order matters: the first matching condition wins, "types" before any JavaScript, and
      // the web conditions before "node" (a runtime or bundler that sets both, as Workers' tools
      // may with Node compatibility on, gets the web build).
      const expected: Record<string, string> = {
        'drivespec-source': `./${source}.ts`,
        types: `./dist/${source}.d.ts`,
        ...(web ? { workerd: `./dist/web/${name}.js`, worker: `./dist/web/${name}.js`, browser: `./dist/web/${name}.js` } : {}),
        node: `./dist/node/${name}.js`,
        ...(isUniversal ? { default: `./dist/${web ? 'web' : 'node'}/${name}.js` } : {}),
      };
      expect(pkg.exports[subpath]).toStrictEqual(expected);
      expect(Object.keys(pkg.exports[subpath]!)).toEqual(Object.keys(expected));
      expect(existsSync(join(root, `${source}.ts`)), `${source}.ts`).toBe(true);
      if (nodeOnly.includes(subpath)) expect(pkg.exports[subpath]).not.toHaveProperty('default');
    });
  }

  it('every dist/node and dist/web target of the exports map is a file the bundles write', () => {
    const targets = packageTargets(pkg).filter((t) => /^\.\/dist\/(node|web)\//.test(t));
    expect(targets.length).toBe(entryPoints.length + entryPoints.filter(inWebBuild).length);
    const missing = targets.filter((t) => !existsSync(join(work, t)));
    expect(missing).toEqual([]);
    // And nothing else at the top of each build: chunks/ holds the shared code.
    expect(readdirSync(join(work, 'dist', 'web')).sort()).toEqual(['chunks', ...entryPoints.filter(inWebBuild).map((e) => `${e.name}.js`)].sort());
  });

  it('the web build imports no Node built-in (any module that did would be named here: importer → node:x)', () => {
    expect(nodeImports(metafiles.web!)).toEqual([]);
    const inputs = Object.keys(metafiles.web!.inputs);
    // Every src/platform module came in as its .web.ts twin.
    expect(inputs.filter((i) => i.startsWith('src/platform/') && !i.endsWith('.web.ts'))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('src/platform/')).length).toBeGreaterThan(0);
  });

  it('the check names the module that imports a built-in (the node build, which has them)', () => {
    const found = nodeImports(metafiles.node!);
    expect(found).toContain('src/emulator/storage/ordered-pass.ts → node:fs/promises');
    expect(found.every((f) => / → (node:|[a-z_]+$)/.test(f))).toBe(true);
  });

  it('one DrivespecError (and one upload-state table) across the entries of a build: each shared module is in its own chunk only', () => {
    expect(sharedChunks[sharedChunk]).toEqual(sharedModules);
    for (const [kind, meta] of Object.entries(metafiles)) {
      for (const [chunk, modules] of Object.entries(sharedChunks)) {
        for (const module of modules) {
          const holders = Object.entries(meta!.outputs).filter(([, o]) => module in o.inputs).map(([f]) => f);
          expect(holders, `${kind} ${module}`).toHaveLength(1);
          expect(holders[0], kind).toMatch(new RegExp(`/dist/${kind}/${chunk}$`));
        }
      }
    }
  });

  it('each shared chunk exports every runtime export of its modules (the entries import them all from it)', async () => {
    for (const [kind, meta] of Object.entries(metafiles)) {
      for (const [chunk, modules] of Object.entries(sharedChunks)) {
        const output = Object.entries(meta!.outputs).find(([path]) => path.endsWith(`/dist/${kind}/${chunk}`));
        expect(output, `${kind} ${chunk}`).toBeDefined();
        for (const module of modules) {
          const names = Object.keys(await import(join(root, module)));
          expect(names.length, module).toBeGreaterThan(0);
          expect(names.filter((n) => !output![1].exports.includes(n)), `${kind} ${module}`).toEqual([]);
        }
      }
    }
  });

  it('every import of a shared module, in every output, is an import of chunks/core.js, and the files say so', async () => {
    for (const [kind, meta] of Object.entries(metafiles)) {
      const coreKey = Object.keys(meta!.outputs).find((path) => path.endsWith(`/dist/${kind}/${sharedChunk}`))!;
      const importers = Object.entries(meta!.outputs).filter(([, o]) => o.imports.some((i) => i.path === coreKey));
      // Every entry of the build imports it (all of them throw DrivespecErrors).
      const entries = entryPoints.filter((e) => kind === 'node' || inWebBuild(e));
      for (const e of entries) expect(importers.map(([path]) => path), `${kind} ${e.name}`).toContain(`${coreKey.slice(0, -sharedChunk.length)}${e.name}.js`);
      for (const [path] of importers) {
        const text = await readFile(join(root, path), 'utf8');
        expect(text, path).not.toMatch(/drivespec-shared:/);
        const specifier = JSON.stringify(path.includes('/chunks/') ? './core.js' : './chunks/core.js');
        // `import { X } from "…"`, or a bare `import "…"` where esbuild keeps only the evaluation order.
        expect(text.includes(`from ${specifier};`) || text.includes(`import ${specifier};`), path).toBe(true);
      }
    }
  });

  it('main (for tools that read no exports: Node\'s) and types agree with the "." export', () => {
    const dot = pkg.exports['.'] as Record<string, string>;
    expect(pkg.main).toBe(dot.node);
    expect(pkg.types).toBe(dot.types);
  });

  it('ships bin, dist and specs only (npm adds package.json, README and LICENSE)', () => {
    expect(pkg.files.filter((f) => !f.startsWith('!')).sort()).toEqual(['bin/', 'dist/', 'specs/']);
  });

  it('the runtime dependencies are openapi-fetch and, for the CLI, cli-progress (progress bar), microdiff and yaml (drivespec diff); validators are standalone, ajv is build-time', () => {
    expect(Object.keys(pkg.dependencies)).toEqual(['cli-progress', 'microdiff', 'openapi-fetch', 'yaml']);
  });

  it('writes bin the way `npm pkg fix` wants (a relative path without `./`) and ships an MIT LICENSE matching `license`', async () => {
    const bin = (pkg as unknown as { bin: Record<string, string> }).bin;
    expect(bin).toEqual({ drivespec: 'bin/drivespec.js' });
    expect((pkg as unknown as { license: string }).license).toBe('MIT');
    const license = await readFile(new URL('../../LICENSE', import.meta.url), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  });

  it('`npm pkg fix` changes nothing (bin included) in a copy of the package.json, and warns about nothing', async () => {
    const dir = await mkdtemp(join(root, 'build', 'pkg-fix-'));
    try {
      await copyFile(join(root, 'package.json'), join(dir, 'package.json'));
      await mkdir(join(dir, 'bin'));
      await copyFile(join(root, 'bin', 'drivespec.js'), join(dir, 'bin', 'drivespec.js'));
      const { stdout, stderr } = await run('npm', ['pkg', 'fix'], { cwd: dir, env: { ...process.env, npm_config_update_notifier: 'false' } });
      expect(stdout + stderr).toBe('');
      expect(JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'))).toStrictEqual(pkg);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('is side-effect free, and packing builds first', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.scripts.prepack).toBe('npm run build');
  });
});
