/**
 * upload() and hashSource in the universal build, run under Node (issue 13): the clients and the
 * upload engine bundled by esbuild with webPlatformPlugin, so every src/platform module is its
 * .web.ts twin (our WebAssembly SHA and JS MD5 kernels, no file system, no worker thread), run
 * in a child `node` against this process's emulator. A Blob (and a File) goes to each provider
 * with progress events; the stored file's hashes are checked against node:crypto and
 * crc64-ecma182.js, never against drivespec's own hasher. B runs the same kind of page in Chromium.
 *
 * The bundle is built for platform node only because the signing code (W1's part of issue 13)
 * still imports node:crypto until it has its twin; the metafile check below pins what matters
 * here: no module of src/hashing, src/upload or a platform twin imports a node: built-in.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { build, type Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCrc64 as crc64, referenceHashSource } from '../hashing/support.js';
import { webPlatformPlugin } from '../../scripts/web-platform.js';
import type { UploadProgress } from '../../src/upload/types.js';
import { T0, startHarness, type Harness } from '../emulator/support/fixture.js';
import { WEB_HASHED, WEB_UPLOADS, webUploadContent } from './support/web-upload-content.js';

const root = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

let h: Harness;
let dir: string;
let metafile: Metafile;
let out: {
  platform: { digestImplementation: string; filePathsSupported: boolean };
  uploads: Record<keyof typeof WEB_UPLOADS, { result: Record<string, any>; progress: UploadProgress[] }>;
  hashes: Record<string, unknown>;
  refusals: Record<'uploadPath' | 'uploadFileUrl' | 'hashSourcePath', { name?: string; message?: string; isInputError?: boolean; isDrivespecError?: boolean; resolved?: boolean }>;
};

const content = (provider: keyof typeof WEB_UPLOADS) => webUploadContent(WEB_UPLOADS[provider].size, WEB_UPLOADS[provider].seed);
const hex = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'drivespec-web-upload-'));
  const bundle = await build({
    entryPoints: [join(root, 'test/upload/support/web-upload-entry.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: join(dir, 'page.mjs'),
    plugins: [webPlatformPlugin()],
    metafile: true,
    logLevel: 'silent',
  });
  metafile = bundle.metafile;
  const filePath = join(dir, 'on-disk.bin');
  await writeFile(filePath, 'bytes on disk');
  const credentials = h.emulator.credentials;
  const config = {
    url: h.emulator.url,
    now: T0.toISOString(),
    filePath,
    credentials: {
      'aliyun-pds': { accessToken: credentials['aliyun-pds'].accessToken },
      'tencent-smh': { accessToken: credentials['tencent-smh'].accessToken, libraryId: credentials['tencent-smh'].libraryId },
      'huawei-koodrive': { accessToken: credentials['huawei-koodrive'].accessToken, userId: credentials['huawei-koodrive'].userId },
      'huawei-metastudio': { token: credentials['huawei-metastudio'].token, projectId: credentials['huawei-metastudio'].projectId },
    },
  };
  const env = { ...process.env, DRIVESPEC_WEB_TEST_CONFIG: JSON.stringify(config) };
  const { stdout } = await run(process.execPath, [join(dir, 'page.mjs')], { env, maxBuffer: 16 << 20, timeout: 60_000 });
  out = JSON.parse(stdout);
}, 90_000);
afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the universal build (webPlatformPlugin) under Node', () => {
  it('bundles the .web.ts twin of every platform module, and nothing of src/hashing, src/upload or a twin imports node:', () => {
    const inputs = Object.keys(metafile.inputs).map((p) => relative(root, join(process.cwd(), p)));
    const platform = inputs.filter((p) => p.startsWith('src/platform/')).sort();
    expect(platform).toEqual(expect.arrayContaining(['src/platform/digest.web.ts', 'src/platform/files.web.ts', 'src/platform/offload.web.ts']));
    expect(platform.filter((p) => !p.endsWith('.web.ts'))).toEqual([]);
    const offending = Object.entries(metafile.inputs)
      .filter(([p]) => /(^|\/)src\/(hashing|upload|platform)\//.test(p))
      .flatMap(([p, input]) => input.imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => `${p} → ${i.path}`));
    expect(offending).toEqual([]);
    expect(out.platform).toEqual({ digestImplementation: 'drivespec kernels (WebAssembly SHA, JS MD5)', filePathsSupported: false });
  });

  it('tencent-smh: a File in three 1 MiB parts; the confirmed file has the CRC-64 and the MD5 ETag of its bytes', () => {
    const bytes = content('tencent-smh');
    const { result, progress } = out.uploads['tencent-smh'];
    expect(result).toMatchObject({ rapidUpload: false, bytesSent: bytes.length, partsSent: 3 });
    expect(result.file).toMatchObject({ path: ['docs', 'web.bin'], size: String(bytes.length), crc64: crc64(bytes) });
    // A part's ETag is checked against the MD5 of the bytes sent (our JS MD5 kernel here).
    expect(result.state.parts.map((p: { etag: string }) => p.etag)).toEqual(
      [0, 1, 2].map((i) => `"${hex('md5', bytes.subarray(i << 20, (i + 1) << 20))}"`),
    );
    checkProgress(progress, bytes.length, 3);
  });

  it('aliyun-pds: a Blob in four parts; CompleteFile finds the SHA-1 and CRC-64 of the stored bytes', () => {
    const bytes = content('aliyun-pds');
    const { result, progress } = out.uploads['aliyun-pds'];
    expect(result).toMatchObject({ rapidUpload: false, bytesSent: bytes.length, partsSent: 4 });
    expect(result.file).toMatchObject({ size: bytes.length, content_hash: hex('sha1', bytes).toUpperCase(), crc64_hash: crc64(bytes) });
    checkProgress(progress, bytes.length, 4);
  });

  it('huawei-koodrive: a Blob in two 5 MiB parts (hashCtx of part 2 from the SHA-256 kernel); CompleteFile with its SHA-256', () => {
    const bytes = content('huawei-koodrive');
    const { result, progress } = out.uploads['huawei-koodrive'];
    expect(result).toMatchObject({ rapidUpload: false, bytesSent: bytes.length, partsSent: 2 });
    expect(result.file).toMatchObject({ fileName: 'web.bin', length: bytes.length, sha256: hex('sha256', bytes) });
    checkProgress(progress, bytes.length, 2);
  });

  it('huawei-metastudio: a Blob in one PUT with Content-MD5; the confirmed file has the Base64 MD5 of its bytes', () => {
    const bytes = content('huawei-metastudio');
    const { result, progress } = out.uploads['huawei-metastudio'];
    expect(result).toMatchObject({ rapidUpload: false, bytesSent: bytes.length, partsSent: 1 });
    expect(result.file).toMatchObject({ file_md5: createHash('md5').update(bytes).digest('base64'), file_size: bytes.length, state: 'CREATED' });
    expect(result.state.parts).toEqual([{ partNumber: 1, size: bytes.length, etag: `"${hex('md5', bytes)}"` }]);
    checkProgress(progress, bytes.length, 1);
  });

  it('hashSource of a Blob with worker: true (computed inline here): every digest and extra equals node:crypto and crc64-ecma182.js', () => {
    const bytes = webUploadContent(WEB_HASHED.size, WEB_HASHED.seed);
    expect(out.hashes).toEqual(referenceHashSource(bytes));
  });

  it('a file path or file: URL is an InputError naming what to pass instead, from upload() and hashSource', () => {
    for (const refusal of Object.values(out.refusals)) {
      expect(refusal).toMatchObject({ name: 'InputError', isInputError: true, isDrivespecError: true });
      expect(refusal.message).toMatch(/: file paths need Node; pass a Blob or File$/);
    }
    expect(h.violations).toEqual([]);
  });
});

/** Progress: the hashing pre-pass, then bytes stored growing to the total, every part counted, ending in completing. */
function checkProgress(progress: UploadProgress[], total: number, parts: number): void {
  expect(progress.length).toBeGreaterThan(2);
  expect(progress.every((p) => p.total === total)).toBe(true);
  const uploading = progress.filter((p) => p.phase === 'uploading');
  const stored = uploading.map((p) => p.bytes);
  expect(stored).toEqual([...stored].sort((a, b) => a - b));
  expect(uploading.at(-1)).toMatchObject({ bytes: total, parts, totalParts: parts });
  expect(progress.at(-1)!.phase).toBe('completing');
}
