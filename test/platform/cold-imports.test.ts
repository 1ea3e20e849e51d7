/**
 * Cold start (issue 13): importing an entry of the Node build loads none of node:crypto,
 * node:fs/promises, node:worker_threads (the platform twins load them on first use). Not a timing
 * test: each entry is imported by a fresh node child, which prints the built-in modules the import
 * added to `process.moduleLoadList` (Node's own record of every built-in it has loaded, internal
 * ones included). Node's ESM loader loads some built-ins of its own (node:fs at startup, parts of
 * fs internals), so the same child importing only openapi-fetch is the baseline: an entry may add
 * nothing from these families that openapi-fetch alone does not.
 *
 * The entries are bundled into a scratch dist/ with scripts/build.ts `bundle` (what `npm run build`
 * ships as dist/node/), inside the repository so openapi-fetch resolves from node_modules.
 * The probe has teeth: the same child, after importing the hashing entry, hashes a file path with
 * SHA-1 and a CRC-64 worker, and must then show all three loaded.
 *
 * Because the twins now reach built-ins through `process.getBuiltinModule` calls, which the build's
 * static check (scripts/build.ts nodeImports: import statements only) cannot see, the last block
 * checks that no module of the web build (dist/web/) calls it.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, entryPoints } from '../../scripts/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
let work: string;

/** Built-in families an import must not load (crypto: node:crypto and its webcrypto part). */
const WATCHED = /^NativeModule (crypto|internal\/crypto\/|fs\/promises$|worker_threads$|internal\/worker$)/;

const probeSource = `'use strict';
// argv[2]: a file URL or a bare specifier; argv[3] === 'use': then hash a file (the teeth check).
const before = new Set(process.moduleLoadList);
const added = () => process.moduleLoadList.filter((m) => !before.has(m) && m.startsWith('NativeModule '));
(async () => {
  const module = await import(process.argv[2]);
  const afterImport = added();
  let afterUse;
  if (process.argv[3] === 'use') {
    const result = await module.hashSource(__filename, { algorithms: ['crc64', 'sha1'], worker: true });
    if (typeof result.sha1 !== 'string') throw new Error('no sha1: ' + JSON.stringify(result));
    afterUse = added();
  }
  process.stdout.write(JSON.stringify({ afterImport, afterUse }));
})().catch((error) => {
  process.stderr.write(String((error && error.stack) || error));
  process.exit(1);
});
`;

interface ProbeOutput {
  afterImport: string[];
  afterUse?: string[];
}

function runProbe(target: string, use = false): Promise<ProbeOutput> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(work, 'probe.cjs'), target, ...(use ? ['use'] : [])], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`probe of ${target} failed: ${stderr || error.message}`));
      resolve(JSON.parse(stdout) as ProbeOutput);
    });
  });
}

const watched = (modules: string[]) => modules.filter((m) => WATCHED.test(m));
const entryUrl = (name: string) => pathToFileURL(join(work, 'dist', 'node', `${name}.js`)).href;
const universal = entryPoints.filter((e) => e.universal);
let baseline: string[];
let webOutputs: string[];

beforeAll(async () => {
  await mkdir(join(root, 'build'), { recursive: true });
  work = await mkdtemp(join(root, 'build', 'cold-imports-test-'));
  await bundle(root, 'node', join(work, 'dist'));
  webOutputs = Object.keys((await bundle(root, 'web', join(work, 'dist'))).outputs);
  await writeFile(join(work, 'probe.cjs'), probeSource);
  baseline = watched((await runProbe('openapi-fetch')).afterImport);
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('importing an entry of the Node build loads no crypto, fs/promises or worker_threads', () => {
  it('openapi-fetch alone loads none of them (the baseline is clean on this Node)', () => {
    expect(baseline).toEqual([]);
  });

  it('covers the provider entries, the root and hashing', () => {
    expect(universal.map((e) => e.name).sort()).toEqual(['aliyun-pds', 'hashing', 'huawei-koodrive', 'huawei-metastudio', 'index', 'tencent-smh']);
  });

  for (const entry of universal) {
    it(`${entry.name}: adds nothing from those built-ins beyond openapi-fetch's`, async () => {
      const { afterImport } = await runProbe(entryUrl(entry.name));
      expect(afterImport.length).toBeGreaterThan(0); // the probe sees the loads at all
      expect(watched(afterImport).filter((m) => !baseline.includes(m))).toEqual([]);
    }, 60_000);
  }

  it('the probe has teeth: hashing a file path with a CRC-64 worker then loads all three', async () => {
    const { afterImport, afterUse } = await runProbe(entryUrl('hashing'), true);
    expect(watched(afterImport)).toEqual([]);
    expect(afterUse).toEqual(expect.arrayContaining(['NativeModule crypto', 'NativeModule fs/promises', 'NativeModule worker_threads']));
  }, 60_000);
});

describe('the web build never reaches for Node built-ins through getBuiltinModule', () => {
  const callers = async (kind: 'node' | 'web') => {
    const dir = join(work, 'dist', kind);
    const files =
      kind === 'web' ? webOutputs.map((o) => join(root, o)) : (await readdir(join(dir, 'chunks'))).map((f) => join(dir, 'chunks', f));
    const hits: string[] = [];
    for (const file of files) if (/getBuiltinModule/.test(await readFile(file, 'utf8'))) hits.push(file);
    return hits;
  };

  it('no dist/web module mentions getBuiltinModule', async () => {
    expect(webOutputs.length).toBeGreaterThan(5);
    expect(await callers('web')).toEqual([]);
  });

  it('the scan has teeth: the node build does call it (the platform twins)', async () => {
    expect((await callers('node')).length).toBeGreaterThan(0);
  });
});
