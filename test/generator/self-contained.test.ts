/**
 * generated/ is data and types made from specs/: nothing in it imports the handwritten layer
 * (src/, scripts/, test/) or a package other than openapi-fetch's types, so the generator can run
 * and its output type-check before src/ exists, and src/ can depend on generated/ without a
 * cycle (ARCHITECTURE.md). Checked on what the generator renders now, not only on what is committed.
 */
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { render } from '../../scripts/generate.js';

/** Every module specifier in a file: static and type imports, re-exports, dynamic import(). */
function specifiers(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\b(?:from|import)\s*\(?\s*(['"])([^'"\n]+)\1/g)) found.push(m[2]!);
  return found;
}

describe('generated/ imports only generated/ (and openapi-fetch types)', () => {
  it('finds the specifiers it is meant to find (the scanner is not vacuous)', () => {
    expect(
      specifiers(
        [
          "import type { X } from '../../src/core/x.js';",
          'export { y } from "../src/y.js";',
          "const z = await import('../src/z.js');",
          "import './side-effect.js';",
        ].join('\n'),
      ),
    ).toEqual(['../../src/core/x.js', '../src/y.js', '../src/z.js', './side-effect.js']);
  });

  it('no rendered file reaches outside generated/', async () => {
    const files = await render();
    const outside: string[] = [];
    let seen = 0;
    for (const [path, content] of files) {
      if (!/\.(ts|js)$/.test(path)) continue;
      for (const spec of specifiers(content)) {
        seen++;
        if (spec === 'openapi-fetch') continue;
        const target = posix.normalize(posix.join(posix.dirname(path), spec));
        if (!spec.startsWith('.') || !target.startsWith('generated/')) outside.push(`${path}: ${spec}`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(outside).toEqual([]);
  }, 60_000);
});
