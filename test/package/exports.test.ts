/**
 * The package.json fields that make the published API (fast; the packed package itself is tested
 * in pack.slow.test.ts): the exports map, main/types, files and dependencies.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { providerIds } from '../../src/core/provider.js';

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
const entryPoints: Record<string, string> = {
  '.': 'src/index',
  ...Object.fromEntries(providerIds.map((p) => [`./${p}`, `src/clients/${p}`])),
  './hashing': 'src/hashing/index',
  './emulator': 'src/emulator/index',
  './conformance': 'src/conformance/index',
};

describe('package.json', () => {
  it('exports exactly the documented entry points, plus ./package.json', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([...Object.keys(entryPoints), './package.json'].sort());
    expect(pkg.exports['./package.json']).toBe('./package.json');
  });

  for (const [subpath, source] of Object.entries(entryPoints)) {
    it(`${subpath}: types and default from dist/, the source condition from src/ (which exists)`, () => {
      // Key order matters: the first matching condition wins, and "types" must precede "default".
      expect(pkg.exports[subpath]).toStrictEqual({
        'drivespec-source': `./${source}.ts`,
        types: `./dist/${source}.d.ts`,
        default: `./dist/${source}.js`,
      });
      expect(Object.keys(pkg.exports[subpath]!)).toEqual(['drivespec-source', 'types', 'default']);
      expect(existsSync(join(root, `${source}.ts`)), `${source}.ts`).toBe(true);
    });
  }

  it('main and types agree with the "." export', () => {
    const dot = pkg.exports['.'] as Record<string, string>;
    expect(pkg.main).toBe(dot.default);
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

  it('is side-effect free, and packing builds first', () => {
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.scripts.prepack).toBe('npm run build');
  });
});
