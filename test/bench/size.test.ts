/**
 * Size budgets per entry point (issue 13), enforced: the bundles are built into a scratch dist/
 * (scripts/build.ts `bundle`, as `npm run build` does) and measured as bench/size.ts measures them
 * (esbuild, minified, openapi-fetch included; gzip -9). Sizes are deterministic for a given esbuild
 * and source, so this is an exact check, not a timed one. A budget that no longer fits is raised
 * in bench/goals.ts in the commit that makes the code bigger, saying why.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIZE_BUDGETS } from '../../bench/goals.js';
import { entrySizes, overBudget, sizedEntries, type EntrySize } from '../../bench/size.js';
import { bundle, entryPoints, inWebBuild } from '../../scripts/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work: string;
let sizes: EntrySize[];

beforeAll(async () => {
  await mkdir(join(root, 'build'), { recursive: true });
  work = await mkdtemp(join(root, 'build', 'size-test-'));
  const dist = join(work, 'dist');
  await bundle(root, 'node', dist);
  await bundle(root, 'web', dist);
  sizes = await entrySizes(root, dist);
}, 180_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('size budgets (bench/goals.ts SIZE_BUDGETS)', () => {
  it('has a budget for exactly the universal entry points', () => {
    expect(Object.keys(SIZE_BUDGETS).sort()).toEqual([...sizedEntries].sort());
    expect(entryPoints.filter((e) => e.universal).map((e) => e.name).sort()).toEqual([...sizedEntries].sort());
  });

  it('measures the web build where there is one, the node build (built-ins external) while pending', () => {
    for (const s of sizes) {
      const entry = entryPoints.find((e) => e.name === s.entry)!;
      expect(s.build, s.entry).toBe(inWebBuild(entry) ? 'web' : 'node');
    }
  });

  it('every entry fits its minified and gzipped budget', () => {
    expect(overBudget(sizes)).toEqual([]);
  });

  it('the measurement is of real bundles: openapi-fetch is inside every client entry, gzip is smaller than minified', () => {
    for (const s of sizes) {
      expect(s.gzip, s.entry).toBeLessThan(s.minified);
      if (s.entry !== 'index' && s.entry !== 'hashing') {
        expect(s.openapiFetch, s.entry).toBeGreaterThan(4_000);
        expect(s.validators, s.entry).toBeGreaterThan(0);
        expect(s.validators, s.entry).toBeLessThan(s.minified);
      }
    }
  });

  it('overBudget names the entry and the budget it exceeds', () => {
    const tight = Object.fromEntries(sizes.map((s) => [s.entry, { minified: s.minified - 1, gzip: s.gzip }]));
    const over = overBudget(sizes, tight);
    expect(over).toHaveLength(sizes.length);
    expect(over[0]).toMatch(/^index: \d+ bytes minified > budget \d+$/);
    expect(overBudget(sizes, {})).toEqual(sizes.map((s) => `${s.entry}: no budget in SIZE_BUDGETS`));
  });
});
