/**
 * What the benchmarks measure, loaded as users run it: drivespec from dist/ (what `npm run build`
 * writes and the package ships) and each baseline from its own package's file, both plain
 * JavaScript under plain node. Nothing here imports src/ at run time (the bench bundle holds
 * bench/ code only, scripts/build.ts checks it), so neither side goes through a TypeScript
 * loader: tsx slowed crc64-ecma182.js from 709 to 525 MB/s and left our WebAssembly alone, which
 * made the ratio look a third better than it is (issue 9 item 16).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

/** drivespec/hashing's shape (the types are src/'s; the code is dist/'s, compiled from it). */
export type Hashing = typeof import('../src/hashing/index.js');
export type Crc64Ecma182 = typeof import('crc64-ecma182.js');

/** One side of a comparison: the file that ran, relative to the project root. */
export interface Subject {
  role: string;
  file: string;
  detail: string;
}

/** `file` relative to `root` when it is inside it, else absolute (a symlinked node_modules resolves elsewhere). */
function shown(root: string, file: string): string {
  const rel = relative(root, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

/** The project root: the nearest folder above `from` with drivespec's package.json. */
export function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'drivespec') return dir;
    if (dirname(dir) === dir) throw new Error(`no drivespec package.json above ${from}`);
  }
}

/**
 * drivespec/hashing as a Node user imports it (dist/node/hashing.js, what the package's `node`
 * condition names); fails, saying how to build it, when it is missing.
 */
export async function loadBuiltHashing(root: string): Promise<{ hashing: Hashing; subject: Subject }> {
  const file = join(root, 'dist', 'node', 'hashing.js');
  if (!existsSync(file)) {
    throw new Error(`${relative(root, file)} is missing: \`npm run bench\` builds it first (npm run build)`);
  }
  const hashing = (await import(pathToFileURL(file).href)) as Hashing;
  return {
    hashing,
    subject: {
      role: 'ours',
      file: relative(root, file),
      detail: `drivespec/hashing built by npm run build (${statSync(file).mtime.toISOString()}); the WebAssembly CRC-64 kernel is bundled in it`,
    },
  };
}

/** crc64-ecma182.js from its package's own main file, loaded with require as its users load it. */
export function loadCrc64Ecma182(root: string): { crc64: Crc64Ecma182['crc64']; subject: Subject } {
  const require = createRequire(join(root, 'package.json'));
  const file = require.resolve('crc64-ecma182.js');
  const pkg = JSON.parse(readFileSync(join(dirname(file), 'package.json'), 'utf8')) as { version: string };
  const { crc64 } = require(file) as Crc64Ecma182;
  return { crc64, subject: { role: 'baseline', file: shown(root, file), detail: `crc64-ecma182.js ${pkg.version}` } };
}

/** drivespec's PDS and KooDrive clients (the types are src/'s; the code is dist/node's, what a Node user imports). */
export type AliyunPds = typeof import('../src/clients/aliyun-pds.js');
export type HuaweiKooDrive = typeof import('../src/clients/huawei-koodrive.js');
/** openapi-fetch's default export, `createClient`. */
export type CreateFetchClient = (typeof import('openapi-fetch'))['default'];

/** One resolved example pair of `generated/<provider>/examples.ts`, as far as the benchmarks read it. */
export interface ExamplePair {
  operationId: string;
  scenario: string;
  request: { body?: unknown } | null;
  response: { status: number; body?: unknown };
}

export interface ClientSubjects {
  aliyunPds: AliyunPds;
  huaweiKooDrive: HuaweiKooDrive;
  createFetchClient: CreateFetchClient;
  examples: { 'aliyun-pds': readonly ExamplePair[]; 'huawei-koodrive': readonly ExamplePair[] };
  subjects: Subject[];
}

async function importBuilt<T>(root: string, file: string): Promise<T> {
  const path = join(root, file);
  if (!existsSync(path)) throw new Error(`${file} is missing: \`npm run bench\` builds it first (npm run build)`);
  return (await import(pathToFileURL(path).href)) as T;
}

/**
 * drivespec's clients and the generated examples from dist/, and openapi-fetch from the file its
 * package.json names (the same file drivespec's dist/ imports, so both sides share one copy).
 */
export async function loadBuiltClients(root: string): Promise<ClientSubjects> {
  const aliyunPds = await importBuilt<AliyunPds>(root, 'dist/node/aliyun-pds.js');
  const huaweiKooDrive = await importBuilt<HuaweiKooDrive>(root, 'dist/node/huawei-koodrive.js');
  const pdsExamples = await importBuilt<{ examples: ExamplePair[] }>(root, 'dist/generated/aliyun-pds/examples.js');
  const kooExamples = await importBuilt<{ examples: ExamplePair[] }>(root, 'dist/generated/huawei-koodrive/examples.js');
  // The ESM file (the `import` condition), as dist/'s `import 'openapi-fetch'` loads it: require.resolve would give the CJS one.
  const pkgFile = createRequire(join(root, 'package.json')).resolve('openapi-fetch/package.json');
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string; version: string; exports: { '.': { import: string } } };
  const file = join(dirname(pkgFile), pkg.exports['.'].import);
  const { default: createFetchClient } = (await import(pathToFileURL(file).href)) as typeof import('openapi-fetch');
  const built = statSync(join(root, 'dist/node/aliyun-pds.js')).mtime.toISOString();
  return {
    aliyunPds,
    huaweiKooDrive,
    createFetchClient,
    examples: { 'aliyun-pds': pdsExamples.examples, 'huawei-koodrive': kooExamples.examples },
    subjects: [
      { role: 'ours', file: 'dist/node/{aliyun-pds,huawei-koodrive}.js', detail: `drivespec built by npm run build (${built})` },
      { role: 'baseline', file: shown(root, file), detail: `${pkg.name} ${pkg.version} createClient<paths>(), the global fetch` },
    ],
  };
}
