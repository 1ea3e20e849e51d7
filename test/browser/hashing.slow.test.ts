/**
 * `drivespec/hashing` in real Chromium (issue 13): the page (test/browser/pages/hashing-page.ts)
 * is bundled for the browser with esbuild, no externals, and served from its own origin; it hashes
 * a Blob made in the page. Every value is checked against node:crypto and crc64-ecma182.js (an
 * Emscripten build of C code) computed here, never against drivespec's own hasher.
 */
import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceCrc64 as crc64, referenceHashSource } from '../hashing/support.js';
import { serveStatic, type StaticServer } from '../docs/static-server.js';
import { webUploadContent } from '../upload/support/web-upload-content.js';
import { buildPage, nodeImports, type BuiltPage } from './support/build-page.js';
import { CHROMIUM, hasChromium, launchChromium, openPage, type Browser } from './support/chromium.js';

const entry = fileURLToPath(new URL('./pages/hashing-page.ts', import.meta.url));
/** 3 MiB + 5: several 1 MiB reads, a short last MiB for the chain, a KooDrive part context per MiB. */
const CONFIG = { size: (3 << 20) + 5, seed: 21 };

const hex = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

if (!hasChromium && process.env.CI) {
  it('Chromium is installed (.ci/run installs it)', () => expect.fail(`${CHROMIUM} is missing`));
}

describe.skipIf(!hasChromium)('drivespec/hashing in Chromium', () => {
  let built: BuiltPage;
  let server: StaticServer;
  let browser: Browser;
  let out: any;
  let errors: string[];

  beforeAll(async () => {
    built = await buildPage(entry);
    server = await serveStatic(built.dir);
    browser = await launchChromium();
    const page = await openPage(browser.context, `${server.origin}/index.html`);
    out = await page.run(CONFIG);
    errors = page.errors;
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (built) await rm(built.dir, { recursive: true, force: true });
  });

  it('the bundle has no node: import and nothing external; the page runs without process, in a secure context', () => {
    expect(nodeImports(built.metafile)).toEqual([]);
    expect(Object.keys(built.metafile.inputs).filter((p) => p.includes('src/platform/') && !p.endsWith('.web.ts'))).toEqual([]);
    expect(out.environment).toMatchObject({ hasProcess: false, secureContext: true });
    expect(out.environment.userAgent).toMatch(/Chrome\//);
    expect(errors).toEqual([]);
  });

  it('hashSource of a Blob: every digest and extra equals node:crypto and crc64-ecma182.js; progress grows to the size', () => {
    const bytes = webUploadContent(CONFIG.size, CONFIG.seed);
    expect(out.hashes).toEqual(referenceHashSource(bytes));
    expect(out.progress.length).toBeGreaterThan(1);
    expect(out.progress).toEqual([...out.progress].sort((a: number, b: number) => a - b));
    expect(out.progress.at(-1)).toBe(bytes.length);
  });

  it('the SMH fields (CRC-64, instant-upload hashes) and the KooDrive SHA-256 of the Blob; a CRC-64 streamed from Blob.stream()', () => {
    const bytes = webUploadContent(CONFIG.size, CONFIG.seed);
    expect(out.smh).toMatchObject({ crc64: crc64(bytes), beginningHash: hex('sha256', bytes.subarray(0, 1 << 20)) });
    expect(out.koodrive.sha256).toBe(hex('sha256', bytes));
    expect(out.koodrive.multiParts).toHaveLength(4);
    expect(out.streamedCrc64).toBe(crc64(bytes));
  });

  it('a file path and an unknown algorithm are typed errors in the page, not built-in ones', () => {
    expect(out.failures.path).toMatchObject({ name: 'InputError', isDrivespecError: true });
    expect(out.failures.path.message).toMatch(/file paths need Node; pass a Blob or File/);
    expect(out.failures.algorithm).toMatchObject({ name: 'ConfigurationError', isDrivespecError: true });
  });
});
