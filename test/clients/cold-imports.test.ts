/**
 * Cold start (issue 13): importing a provider entry must not load the code only a call needs.
 * Structural, not timed: both builds are bundled as scripts/build.ts bundles them, and each
 * provider entry's static-import closure in esbuild's metafile (what `import('drivespec/<p>')`
 * loads before it resolves) must hold no generated validators module and no upload engine, while
 * the dynamic imports (loaded by the first call) still reach both, so the check is not vacuous.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/build.js';
import { providerIds } from '../../src/core/provider.js';
import { DrivespecError } from '../../src/core/errors.js';
import { lazyModule } from '../../src/core/lazy-module.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work: string;
const metafiles: Partial<Record<'node' | 'web', Metafile>> = {};

beforeAll(async () => {
  await mkdir(join(root, 'build'), { recursive: true });
  work = await mkdtemp(join(root, 'build', 'cold-imports-test-'));
  metafiles.node = await bundle(root, 'node', join(work, 'dist'));
  metafiles.web = await bundle(root, 'web', join(work, 'dist'));
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

/** Every output reached from `entry` by the given import kinds, `entry` included. */
function outputsReached(meta: Metafile, entry: string, kinds: readonly string[]): string[] {
  const seen = new Set<string>();
  const walk = (output: string): void => {
    if (seen.has(output)) return;
    seen.add(output);
    for (const i of meta.outputs[output]?.imports ?? []) if (kinds.includes(i.kind) && meta.outputs[i.path]) walk(i.path);
  };
  walk(entry);
  return [...seen].sort();
}

/** The source inputs of every output reached from `entry` by the given import kinds. */
function inputsReached(meta: Metafile, entry: string, kinds: readonly string[]): Set<string> {
  return new Set(outputsReached(meta, entry, kinds).flatMap((o) => Object.keys(meta.outputs[o]!.inputs)));
}

function entryOutput(meta: Metafile, source: string): string {
  const found = Object.entries(meta.outputs).find(([, info]) => info.entryPoint === source);
  if (!found) throw new Error(`no output for ${source}`);
  return found[0];
}

/**
 * Deferred: any validators module, the upload engine except the state table (`uploadStateOf` is
 * exported by the entry), and the request signers (only their credential checks run at createClient).
 */
const deferred = (input: string): boolean =>
  /^generated\/[^/]+\/validators\.js$/.test(input) ||
  (input.startsWith('src/upload/') && input !== 'src/upload/state.ts') ||
  /^src\/signing\/[^/]+\/sign-[a-z0-9-]+-request\.ts$/.test(input);

describe.each(['node', 'web'] as const)('dist/%s provider entries', (kind) => {
  it.each(providerIds)('%s: no validators, upload engine or signer among its static imports; each behind import()', (provider) => {
    const meta = metafiles[kind]!;
    const entry = entryOutput(meta, `src/clients/${provider}.ts`);
    const atImport = [...inputsReached(meta, entry, ['import-statement'])];
    expect(atImport.filter(deferred)).toEqual([]);
    // What the entry still loads at import is the client itself and its core.
    expect(atImport).toContain(`src/clients/${provider}.ts`);
    expect(atImport).toContain('src/core/operation-client.ts');
    const onCall = inputsReached(meta, entry, ['import-statement', 'dynamic-import']);
    expect(onCall).toContain(`generated/${provider}/validators.js`);
    expect(onCall).toContain(`src/upload/${provider}.ts`);
    const signer = { 'aliyun-pds': 'aliyun-acs/sign-aliyun-acs-request', 'huawei-metastudio': 'huawei-sdk-hmac-sha256/sign-huawei-request' }[provider as string];
    if (signer) expect(onCall).toContain(`src/signing/${signer}.ts`);
  });
});

describe.each(['node', 'web'] as const)('dist/%s: few files per provider entry (Node pays per module file)', (kind) => {
  // One esbuild pass over all entries cut each provider entry into 12-14 chunk files; one pass per
  // entry leaves its own file, the chunks it shares with its lazily imported modules, and core.js.
  it('each provider entry loads at most 5 files of ours at import, chunks/core.js among them', () => {
    const meta = metafiles[kind]!;
    for (const provider of providerIds) {
      // What `import()` of the entry reads before it resolves.
      const files = outputsReached(meta, entryOutput(meta, `src/clients/${provider}.ts`), ['import-statement']);
      expect(files.length, `${provider}: ${files.join(', ')}`).toBeLessThanOrEqual(5);
      expect(files.filter((f) => f.endsWith(`/dist/${kind}/chunks/core.js`)), provider).toHaveLength(1);
    }
  });
});

describe('lazyModule', () => {
  it('loads once and hands every caller the same module', async () => {
    let loads = 0;
    const module = { value: 1 };
    const load = lazyModule('a module', async () => {
      loads += 1;
      return module;
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect(await load()).toBe(module);
    expect(a).toBe(module);
    expect(b).toBe(module);
    expect(loads).toBe(1);
  });

  it('a failed load is a DrivespecError naming what was loaded, with the cause, and the next call tries again', async () => {
    let loads = 0;
    const cause = new TypeError('Failed to fetch dynamically imported module: https://example.test/chunk-X.js');
    const load = lazyModule('the aliyun-pds validators', async () => {
      loads += 1;
      if (loads === 1) throw cause;
      return { ok: true };
    });
    const error = await load().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DrivespecError);
    expect(error).not.toBeInstanceOf(TypeError);
    expect((error as DrivespecError).message).toBe(`could not load the aliyun-pds validators: ${cause.message}`);
    expect((error as DrivespecError).cause).toBe(cause);
    expect(await load()).toEqual({ ok: true });
    expect(loads).toBe(2);
  });

  it('a real failed import() is typed too', async () => {
    const load = lazyModule('a missing chunk', () => import(join(root, 'build', 'no-such-chunk.js')));
    await expect(load()).rejects.toBeInstanceOf(DrivespecError);
  });
});
