/**
 * The package as a user gets it: `npm pack` (which runs the build through `prepack`), install the
 * tarball into an empty project, type-check a consumer and examples/ against the installed types
 * under moduleResolution node16, nodenext and bundler, compile, and run them against the emulator
 * the package ships. Also: the tarball holds what users need and nothing else.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entryPoints, packageTargets } from '../../scripts/build.js';
import { providerIds } from '../../src/core/provider.js';
import { startEmulator } from '../../src/emulator/index.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  devDependencies: Record<string, string>;
};
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const allSubpaths = Object.keys(pkg.exports).filter((s) => s !== './package.json');
const universalSubpaths = entryPoints.filter((e) => e.universal).map((e) => e.subpath);

/**
 * npm without what an enclosing `npm test` run sets for its own script (lifecycle and package
 * variables, its local prefix); registry, cache and user config settings pass through.
 */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_(lifecycle_|package_|command$|config_local_prefix$)/i.test(k)) env[k] = v;
  }
  return { ...env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
}

async function npm(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('npm', args, { cwd, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function node(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, args, { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

/** The consumer's own code: every entry point, the emulator, a call, a typed error. */
const consumerSource = `
import assert from 'node:assert/strict';
import { DrivespecError, providerIds } from 'drivespec';
import { createClient as createPds } from 'drivespec/aliyun-pds';
import { createClient as createMetaStudio } from 'drivespec/huawei-metastudio';
import { createClient as createKooDrive } from 'drivespec/huawei-koodrive';
import { createClient, TencentSmhApiError, type components } from 'drivespec/tencent-smh';
import { Crc64, smhHashFields, tencentSmhHashFields } from 'drivespec/hashing';
import { startEmulator } from 'drivespec/emulator';
import * as conformance from 'drivespec/conformance';

type Confirmed = components['schemas']['ConfirmUploadResponse'];

assert.deepEqual([...providerIds].sort(), ${JSON.stringify([...providerIds].sort())});
assert.equal(typeof createPds, 'function');
assert.equal(typeof createMetaStudio, 'function');
assert.equal(typeof createKooDrive, 'function');
assert.ok(Object.keys(conformance).length > 0);
// CRC-64/XZ check value (PROVIDERS.md, Content hashes).
assert.equal(new Crc64().update(new TextEncoder().encode('123456789')).digest(), '11051210869376104954');

const emulator = await startEmulator();
try {
  const { accessToken, libraryId } = emulator.credentials['tencent-smh'];
  const smh = createClient({ baseUrl: emulator.url, libraryId, credentials: { accessToken } });
  const content = new TextEncoder().encode('drivespec packed-package test');
  emulator.seed.smhUpload({ confirmKey: 'packtest1', path: ['docs', 'hello.txt'], content });
  const hashes = await tencentSmhHashFields(content);
  assert.deepEqual(await smhHashFields(content), hashes); // the deprecated 0.1.0 name still ships
  const file: Confirmed = await smh.confirmUpload({ params: { path: { ConfirmKey: 'packtest1' } }, body: hashes });
  assert.equal(file.crc64, hashes.crc64);
  assert.deepEqual(file.path, ['docs', 'hello.txt']);

  emulator.seed.smhUpload({ confirmKey: 'packtest2', path: ['docs', 'other.txt'], content });
  const failure = await smh
    .confirmUpload({ params: { path: { ConfirmKey: 'packtest2' } }, body: { crc64: '1' } })
    .then(() => undefined, (error: unknown) => error);
  // One error class across entry points: the root's DrivespecError is the clients' base class.
  assert.ok(failure instanceof TencentSmhApiError, String(failure));
  assert.ok(failure instanceof DrivespecError);
  assert.equal(failure.status, 400);
  assert.equal(failure.code, 'BadCrc64');
  console.log(JSON.stringify({ ok: true, name: file.name, crc64: file.crc64 }));
} finally {
  await emulator.close();
}
`;

const tsconfigs = {
  node16: { module: 'node16', moduleResolution: 'node16' },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext' },
  bundler: { module: 'esnext', moduleResolution: 'bundler' },
} as const;

function tsconfig(resolution: (typeof tsconfigs)[keyof typeof tsconfigs], emit = false): string {
  return JSON.stringify(
    {
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023'],
        ...resolution,
        strict: true,
        // The package's own .d.ts files are checked too: they must compile in a consumer's project.
        skipLibCheck: false,
        types: ['node'],
        ...(emit ? { outDir: 'out', rootDir: '.' } : { noEmit: true }),
      },
      include: ['consumer.ts', 'examples/*.ts'],
    },
    null,
    2,
  );
}

describe('npm pack → install into an empty project → tsc → run', () => {
  let work: string;
  let consumer: string;
  let tarball: string;
  let entries: string[];

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'drivespec-pack-'));
    // Runs `prepack` (the build), as `npm publish` would.
    await npm(root, ['pack', '--pack-destination', work]);
    const tgz = (await readdir(work)).filter((f) => f.endsWith('.tgz'));
    expect(tgz).toEqual([`${pkg.name}-${pkg.version}.tgz`]);
    tarball = join(work, tgz[0]!);
    const { stdout } = await run('tar', ['-tzf', tarball]);
    entries = stdout.split('\n').filter(Boolean).map((e) => e.replace(/^package\//, ''));

    consumer = join(work, 'consumer');
    await mkdir(join(consumer, 'examples'), { recursive: true });
    await writeFile(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // typescript and @types/node at the versions this repository is tested with (already in npm's cache).
    await npm(consumer, [
      'install',
      '--prefer-offline',
      '--no-package-lock',
      tarball,
      `typescript@${pkg.devDependencies.typescript}`,
      `@types/node@${pkg.devDependencies['@types/node']}`,
    ]);
    await writeFile(join(consumer, 'consumer.ts'), consumerSource);
    await cp(join(root, 'examples'), join(consumer, 'examples'), { recursive: true });
    for (const [name, resolution] of Object.entries(tsconfigs)) {
      await writeFile(join(consumer, `tsconfig.${name}.json`), tsconfig(resolution));
    }
    await writeFile(join(consumer, 'tsconfig.emit.json'), tsconfig(tsconfigs.nodenext, true));
  }, 300_000);

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('ships dist, bin, specs, README and package.json; no tests, fixtures, sources or source maps', () => {
    const forbidden = entries.filter(
      (e) =>
        /(^|\/)(test|tests|__tests__|fixtures?|examples|docs-src|scripts|bench|site|build|coverage)\//.test(e) ||
        /\.(test|spec|test-d)\.[cm]?[jt]s$/.test(e) ||
        /\.map$/.test(e) ||
        (/\.ts$/.test(e) && !/\.d\.ts$/.test(e)) ||
        e.startsWith('src/') ||
        e.startsWith('generated/'),
    );
    expect(forbidden).toEqual([]);
    const topLevel = [...new Set(entries.map((e) => e.split('/')[0]!))].sort();
    const expected = ['README.md', 'bin', 'dist', 'package.json', 'specs', ...(existsSync(join(root, 'LICENSE')) ? ['LICENSE'] : [])];
    expect(topLevel).toEqual(expected.sort());
    for (const target of packageTargets(pkg).filter((t) => t.startsWith('./dist/') || t === './package.json')) {
      expect(entries, target).toContain(target.slice(2));
    }
    for (const p of providerIds) {
      expect(entries).toContain(`specs/${p}.yaml`);
      expect(entries).toContain(`dist/generated/${p}/validators.js`);
      expect(entries).toContain(`dist/generated/${p}/validators.d.ts`);
    }
    expect(entries).toContain('bin/drivespec.js');
  });

  it('every export has types and a default, and only openapi-fetch and cli-progress (the CLI) are runtime dependencies', async () => {
    const installed = JSON.parse(await readFile(join(consumer, 'node_modules/drivespec/package.json'), 'utf8'));
    for (const [subpath, target] of Object.entries(installed.exports as Record<string, unknown>)) {
      if (subpath === './package.json') continue;
      // Every entry has types and a Node build; the universal ones also a default (dist/web).
      expect(target, subpath).toMatchObject({ types: expect.stringMatching(/\.d\.ts$/), node: expect.stringMatching(/^\.\/dist\/node\/.*\.js$/) });
      if (universalSubpaths.includes(subpath)) expect(target, subpath).toMatchObject({ default: expect.stringMatching(/^\.\/dist\/web\/.*\.js$/) });
      else expect(target, subpath).not.toHaveProperty('default');
    }
    expect(Object.keys(installed.dependencies ?? {})).toEqual(['cli-progress', 'openapi-fetch']);
    // Build-time tools (ajv, yaml, redocly, esbuild, ...) never reach a user's node_modules.
    const leaked = Object.keys(pkg.devDependencies).filter(
      (d) => d !== 'typescript' && d !== '@types/node' && existsSync(join(consumer, 'node_modules', d)),
    );
    expect(leaked).toEqual([]);
  });

  for (const name of Object.keys(tsconfigs)) {
    it(`consumer and examples/ type-check with moduleResolution ${name}`, async () => {
      const result = await node(consumer, [tsc, '-p', `tsconfig.${name}.json`]);
      expect(result.stdout + result.stderr, `tsc -p tsconfig.${name}.json`).toBe('');
      expect(result.code).toBe(0);
    }, 120_000);
  }

  it('compiled with tsc, the consumer starts the emulator and calls it through drivespec/tencent-smh', async () => {
    const compiled = await node(consumer, [tsc, '-p', 'tsconfig.emit.json']);
    expect(compiled.stdout + compiled.stderr).toBe('');
    const result = await node(consumer, ['out/consumer.js']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toEqual({ ok: true, name: 'hello.txt', crc64: expect.stringMatching(/^\d+$/) });
  }, 120_000);

  it('the compiled examples run against the emulator', async () => {
    const emulator = await startEmulator();
    try {
      const content = new TextEncoder().encode('an example upload');
      await writeFile(join(consumer, 'upload.bin'), content);
      const example = (name: string, env: Record<string, string>) =>
        node(consumer, [`out/examples/${name}.js`, 'upload.bin'], env);

      const smhCreds = emulator.credentials['tencent-smh'];
      const smhEnv = { SMH_BASE_URL: emulator.url, SMH_ACCESS_TOKEN: smhCreds.accessToken, SMH_LIBRARY_ID: smhCreds.libraryId };
      emulator.seed.smhUpload({ confirmKey: 'example1', path: ['docs', 'report.docx'], content });
      const smh = await example('smh-confirm-upload', { ...smhEnv, SMH_CONFIRM_KEY: 'example1' });
      expect(smh).toMatchObject({ code: 0, stderr: '' });
      expect(smh.stdout).toContain('stored as docs/report.docx');

      const pdsCreds = emulator.credentials['aliyun-pds'];
      emulator.seed.pdsUpload({ driveId: '7', fileId: 'EXAMPLEFILE1', uploadId: 'EXAMPLEUPLOAD1', name: 'movie.mov', content });
      const pds = await example('pds-complete-upload', {
        PDS_BASE_URL: emulator.url,
        PDS_ACCESS_TOKEN: pdsCreds.accessToken,
        PDS_DRIVE_ID: '7',
        PDS_FILE_ID: 'EXAMPLEFILE1',
        PDS_UPLOAD_ID: 'EXAMPLEUPLOAD1',
      });
      expect(pds).toMatchObject({ code: 0, stderr: '' });
      expect(pds.stdout).toContain(`completed movie.mov: ${content.length} bytes`);

      const kooCreds = emulator.credentials['huawei-koodrive'];
      const kooEnv = { KOODRIVE_BASE_URL: emulator.url, KOODRIVE_ACCESS_TOKEN: kooCreds.accessToken, KOODRIVE_USER_ID: kooCreds.userId };
      emulator.seed.koodriveUpload({ fileId: 'exampleFile1', content });
      const koo = await example('koodrive-complete-file', { ...kooEnv, KOODRIVE_FILE_ID: 'exampleFile1' });
      expect(koo).toMatchObject({ code: 0, stderr: '' });
      expect(koo.stdout).toContain('complete: code 0');
      emulator.seed.koodriveUpload({ fileId: 'exampleFile2', content: 'different bytes' });
      const mismatch = await example('koodrive-complete-file', { ...kooEnv, KOODRIVE_FILE_ID: 'exampleFile2' });
      expect(mismatch.code).toBe(1);
      expect(mismatch.stderr).toContain('integrity check failed');

      const errors = await example('errors-and-retries', { ...smhEnv, SMH_CONFIRM_KEY: 'no-such-upload' });
      expect(errors.code).toBe(1);
      expect(errors.stderr.trim()).toMatch(/^TencentSmhApiError HTTP 404 UploadNotFound request \S+$/);
    } finally {
      await emulator.close();
    }
  }, 120_000);

  it('the installed bin runs: drivespec hash', async () => {
    const file = join(consumer, 'check.txt');
    await writeFile(file, '123456789');
    const result = await node(consumer, ['node_modules/.bin/drivespec', 'hash', '--json', 'check.txt']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout.trim())).toMatchObject({ crc64: '11051210869376104954', size: 9 });
  }, 60_000);

  it('under node, every entry point of the installed package resolves into dist/node/ and imports', async () => {
    const script = `
      const out = {};
      for (const s of ${JSON.stringify(allSubpaths)}) {
        const specifier = s === '.' ? 'drivespec' : 'drivespec/' + s.slice(2);
        const url = import.meta.resolve(specifier);
        const mod = await import(specifier);
        out[s] = { file: url.slice(url.indexOf('/node_modules/drivespec/') + '/node_modules/drivespec/'.length), exports: Object.keys(mod).length };
      }
      console.log(JSON.stringify(out));`;
    const result = await node(consumer, ['--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    const out = JSON.parse(result.stdout) as Record<string, { file: string; exports: number }>;
    for (const s of allSubpaths) {
      const name = s === '.' ? 'index' : s.slice(2);
      expect(out[s], s).toEqual({ file: `dist/node/${name}.js`, exports: expect.any(Number) });
      expect(out[s]!.exports, s).toBeGreaterThan(0);
    }
  }, 60_000);

  it('a page importing every universal entry bundles for the browser with esbuild, no externals, from dist/web/ only', async () => {
    const page = [
      "import { DrivespecError } from 'drivespec';",
      "import { Crc64 } from 'drivespec/hashing';",
      ...providerIds.map((p, i) => `import { createClient as c${i} } from 'drivespec/${p}';`),
      `console.log(DrivespecError.name, new Crc64().update(new Uint8Array(1)).digest(), ${providerIds.map((_, i) => `typeof c${i}`).join(', ')});`,
    ].join('\n');
    await writeFile(join(consumer, 'page.js'), page);
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: [join(consumer, 'page.js')],
      absWorkingDir: consumer,
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    const ours = inputs.filter((i) => i.startsWith('node_modules/drivespec/'));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.filter((i) => !i.startsWith('node_modules/drivespec/dist/web/'))).toEqual([]);
    expect(inputs.filter((i) => i.startsWith('node_modules/openapi-fetch/')).length).toBeGreaterThan(0);
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
    expect(imports).toEqual([]);
  }, 120_000);

  it('the installed bin prints the version of its package.json (read from dist/, not the sources)', async () => {
    const installed = JSON.parse(await readFile(join(consumer, 'node_modules/drivespec/package.json'), 'utf8')) as { version: string };
    const result = await node(consumer, ['node_modules/.bin/drivespec', '--version']);
    expect(result).toEqual({ code: 0, stdout: `${installed.version}\n`, stderr: '' });
    const unknown = await node(consumer, ['node_modules/.bin/drivespec', 'hash', '--sha512']);
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: "drivespec hash: unknown option '--sha512'\nRun 'drivespec hash --help' for usage.\n" });
  }, 60_000);
});
