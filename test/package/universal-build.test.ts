/**
 * The universal build (dist/web/, issue 13) runs with no Node built-in: its entries are bundled
 * (scripts/build.ts `bundle`, as `npm run build` does) into a scratch dist/ inside the repository,
 * then imported by a plain node child in which
 * - a module resolve hook refuses every Node built-in (`node:x` or bare `fs`) imported by any
 *   module of the web build, statically or with `import()`,
 * - `process.getBuiltinModule` throws, and the globals `Buffer` and `process` are removed while the
 *   web build is imported (a browser or Worker has neither; they come back for the calls, because
 *   Node's own `Request` uses `Buffer`),
 * and uses them: the CRC-64/XZ check value, a WebCrypto ACS4 signature on a PDS call (no Date; v1 refused) through an
 * injected fetch, a request refused by the (lazy) validators with a typed error that is an
 * instance of the root entry's `DrivespecError` (one class across the web entries).
 * What this does not show: a real browser or Workers runtime (test/browser runs Chromium).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle, entryPoints, inWebBuild } from '../../scripts/build.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const webEntries = entryPoints.filter(inWebBuild);
let work: string;

const hookSource = `
import { builtinModules } from 'node:module';
const builtins = new Set(builtinModules);
const webDir = process.env.DRIVESPEC_WEB_DIR;
export async function resolve(specifier, context, next) {
  const fromWeb = context.parentURL !== undefined && context.parentURL.startsWith(webDir);
  if (fromWeb && (specifier.startsWith('node:') || builtins.has(specifier))) {
    throw new Error('web build imported the Node built-in ' + specifier + ' from ' + context.parentURL.slice(webDir.length));
  }
  return next(specifier, context);
}
`;

const probeSource = `
import { register } from 'node:module';
const webDir = process.env.DRIVESPEC_WEB_DIR;
register(new URL('./hook.mjs', import.meta.url));
const out = process.stdout;
const exitWith = (code) => process.exit(code);
const saved = { Buffer: globalThis.Buffer, process: globalThis.process };
process.getBuiltinModule = (id) => { throw new Error('web build called process.getBuiltinModule(' + id + ')'); };
const names = JSON.parse(process.argv[2]);
const result = { exports: {}, checks: {} };
let failure;
// Node builds its web globals (fetch's Response, WebCrypto, streams) lazily, with Buffer and
// process; build them first, so only the web build's own code runs without those two.
await new Response(new Blob(['x']).stream()).arrayBuffer();
new Request('https://warm.invalid', { method: 'POST', body: 'x' }).headers.get('x');
await crypto.subtle.sign('HMAC', await crypto.subtle.importKey('raw', new Uint8Array(1), { name: 'HMAC', hash: 'SHA-1' }, false, ['sign']), new Uint8Array(1));
await crypto.subtle.digest('SHA-256', new Uint8Array(1));
new TextDecoder().decode(new TextEncoder().encode('x'));
try {
  delete globalThis.Buffer;
  delete globalThis.process;
  const mods = {};
  for (const name of names) {
    mods[name] = await import(webDir + name + '.js');
    result.exports[name] = Object.keys(mods[name]).sort();
  }
  // Node's own Request reads the global Buffer (undici's extractBody), so the calls below run with
  // both globals back: module evaluation above ran without them; what the calls do in a real
  // browser is test/browser's (Chromium).
  globalThis.Buffer = saved.Buffer;
  globalThis.process = saved.process;
  const { Crc64 } = mods.hashing;
  result.checks.crc64 = new Crc64().update(new TextEncoder().encode('123456789')).digest();

  // An ACS4 (HMAC-SHA256, WebCrypto here) signed GetFile through an injected fetch: the universal
  // build signs no Date (a page cannot send one) and refuses acs v1, which signs only Date.
  const seen = [];
  const fetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    seen.push({ url: request.url, authorization: request.headers.get('authorization'), date: request.headers.get('date') });
    return new Response(JSON.stringify({ code: 'NotFound.File', message: 'no such file' }), {
      status: 404,
      headers: { 'content-type': 'application/json', 'x-ca-request-id': 'r1' },
    });
  };
  const pds = mods['aliyun-pds'].createClient({
    baseUrl: 'https://pds.invalid',
    credentials: { accessKeyId: 'AKIDEXAMPLE', accessKeySecret: 'secret-example', signatureVersion: 'v4' },
    fetch,
    maxRetries: 0,
  });
  const v1 = (() => {
    try {
      mods['aliyun-pds'].createClient({ baseUrl: 'https://pds.invalid', credentials: { accessKeyId: 'AKIDEXAMPLE', accessKeySecret: 'secret-example' }, fetch });
      return 'created';
    } catch (e) {
      return { name: e?.name, isDrivespecError: e instanceof mods.index.DrivespecError };
    }
  })();
  const answer = await pds.getFile({ body: { drive_id: '1', file_id: 'f1' } }).then(() => 'resolved', (e) => e);
  result.checks.signed = {
    calls: seen.length,
    authorization: /^ACS4-HMAC-SHA256 Credential=AKIDEXAMPLE[/][0-9]{8}[/]center[/]pds[/]aliyun_v4_request,SignedHeaders=[a-z0-9;-]+,Signature=[0-9a-f]{64}$/.test(seen[0]?.authorization ?? ''),
    date: seen[0]?.date ?? null,
    v1,
  };
  result.checks.apiError = { name: answer?.name, status: answer?.status, isDrivespecError: answer instanceof mods.index.DrivespecError };

  // Refused before sending: the validators (loaded by the first call) name the field.
  const refused = await pds.getFile({ body: { drive_id: 1, file_id: 'f1' } }).then(() => 'resolved', (e) => e);
  result.checks.refused = {
    name: refused?.name,
    isDrivespecError: refused instanceof mods.index.DrivespecError,
    isRequestValidationError: refused instanceof mods.index.RequestValidationError,
    calls: seen.length,
  };
} catch (error) {
  failure = String(error && error.stack || error);
} finally {
  globalThis.Buffer = saved.Buffer;
  globalThis.process = saved.process;
}
if (failure) { process.stderr.write(failure); exitWith(1); }
else out.write(JSON.stringify(result));
`;

interface ProbeResult {
  exports: Record<string, string[]>;
  checks: {
    crc64: string;
    signed: { calls: number; authorization: boolean; date: string | null; v1: unknown };
    apiError: { name: string; status: number; isDrivespecError: boolean };
    refused: { name: string; isDrivespecError: boolean; isRequestValidationError: boolean; calls: number };
  };
}

function runProbe(): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [join(work, 'probe.mjs'), JSON.stringify(webEntries.map((e) => e.name))],
      { env: { ...process.env, DRIVESPEC_WEB_DIR: pathToFileURL(join(work, 'dist', 'web')).href + '/' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let probe: { code: number; stdout: string; stderr: string };

beforeAll(async () => {
  await mkdir(join(root, 'build'), { recursive: true });
  work = await mkdtemp(join(root, 'build', 'universal-test-'));
  await bundle(root, 'web', join(work, 'dist'));
  await writeFile(join(work, 'hook.mjs'), hookSource);
  await writeFile(join(work, 'probe.mjs'), probeSource);
  probe = await runProbe();
}, 120_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('dist/web in a node child with no Node built-in, no Buffer, no process', () => {
  it('every universal entry is in the web build (none pending)', () => {
    expect(webEntries.map((e) => e.name).sort()).toEqual(['aliyun-pds', 'hashing', 'huawei-koodrive', 'huawei-metastudio', 'index', 'tencent-smh']);
  });

  it('imports and runs (a built-in import, getBuiltinModule, or Buffer or process at import would fail the child)', () => {
    expect(probe.stderr).toBe('');
    expect(probe.code).toBe(0);
  });

  it('each web entry exports what its source module exports', async () => {
    const result = JSON.parse(probe.stdout) as ProbeResult;
    for (const entry of webEntries) {
      const source = (await import(pathToFileURL(join(root, `${entry.source}.ts`)).href)) as Record<string, unknown>;
      expect(result.exports[entry.name], entry.name).toEqual(Object.keys(source).sort());
    }
  });

  it('hashes, signs with WebCrypto, validates, and throws the root entry\'s error classes', () => {
    const { checks } = JSON.parse(probe.stdout) as ProbeResult;
    // CRC-64/XZ check value (Greg Cook's CRC catalogue, CRC-64/XZ "check").
    expect(checks.crc64).toBe('11051210869376104954');
    expect(checks.signed).toEqual({ calls: 1, authorization: true, date: null, v1: { name: 'ConfigurationError', isDrivespecError: true } });
    expect(checks.apiError).toEqual({ name: 'AliyunPdsApiError', status: 404, isDrivespecError: true });
    expect(checks.refused).toEqual({ name: 'RequestValidationError', isDrivespecError: true, isRequestValidationError: true, calls: 1 });
  });

  it('the hook is not toothless: a web-dir module importing node:fs fails the child, naming it', async () => {
    await writeFile(join(work, 'dist', 'web', 'bad.js'), "import { readFileSync } from 'node:fs';\nexport const read = readFileSync;\n");
    const bad = await new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--input-type=module', '-e', `import { register } from 'node:module'; register(${JSON.stringify(pathToFileURL(join(work, 'hook.mjs')).href)}); await import(${JSON.stringify(pathToFileURL(join(work, 'dist', 'web', 'bad.js')).href)});`],
        { env: { ...process.env, DRIVESPEC_WEB_DIR: pathToFileURL(join(work, 'dist', 'web')).href + '/' } },
        (error, _stdout, stderr) => resolve({ code: error ? 1 : 0, stderr }),
      );
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('web build imported the Node built-in node:fs from bad.js');
  });
});
