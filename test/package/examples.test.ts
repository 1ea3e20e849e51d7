/**
 * examples/ is type-checked by `npm run typecheck`: tsconfig.json includes it, and its
 * `drivespec-source` condition resolves `drivespec/<entry>` to the sources, so no build is needed.
 * pack.slow.test.ts type-checks and runs the same files against the packed package. This test
 * keeps the examples honest about what they may import: public entry points only.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const examples = (await readdir(join(root, 'examples'))).filter((f) => f.endsWith('.ts')).sort();
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
const publicSpecifiers = Object.keys(pkg.exports).map((s) => (s === '.' ? 'drivespec' : `drivespec/${s.slice(2)}`));

describe('examples/', () => {
  it('exists and is part of the type-checked project, resolving drivespec/* to the sources', async () => {
    expect(examples.length).toBeGreaterThanOrEqual(4);
    const tsconfig = JSON.parse(await readFile(join(root, 'tsconfig.json'), 'utf8')) as {
      include: string[];
      compilerOptions: { customConditions?: string[] };
    };
    expect(tsconfig.include).toContain('examples');
    expect(tsconfig.compilerOptions.customConditions).toContain('drivespec-source');
  });

  for (const file of examples) {
    it(`${file} imports only drivespec's public entry points and node: builtins`, async () => {
      const source = await readFile(join(root, 'examples', file), 'utf8');
      const specifiers = [...source.matchAll(/\b(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(0);
      for (const s of specifiers) {
        expect(s.startsWith('node:') || publicSpecifiers.includes(s), `${file}: ${s}`).toBe(true);
      }
    });
  }
});
