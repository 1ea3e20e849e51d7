/**
 * Each provider entry point bundles for the browser (issue 13): esbuild `platform: 'browser'`,
 * webPlatformPlugin (every src/platform module replaced by its .web.ts twin), no externals, so
 * openapi-fetch and everything else is bundled. A `node:` built-in anywhere in the graph fails
 * the build; the metafile is read for what must not be there even when it would build: a
 * signature verifier (only the emulator needs those) or an emulator module, and for the crypto
 * twin being the WebCrypto one.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { providerIds } from '../../src/core/provider.js';
import { bundleForBrowser } from '../support/browser-bundle.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const metafiles = new Map<string, Metafile>();

beforeAll(async () => {
  for (const id of providerIds) {
    const result = await bundleForBrowser({ entryPoint: join(root, `src/clients/${id}.ts`), absWorkingDir: root });
    metafiles.set(id, result.metafile);
  }
}, 60_000);

describe.each(providerIds)('drivespec/%s bundled for the browser', (id) => {
  const inputs = () => Object.keys(metafiles.get(id)!.inputs);

  it('imports no node: built-in and leaves nothing external', () => {
    const imports = Object.values(metafiles.get(id)!.inputs).flatMap((input) => input.imports);
    expect(imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => i.path)).toEqual([]);
    expect(inputs().some((path) => path.includes('node_modules/openapi-fetch/'))).toBe(true);
  });

  it('has no signature verifier and no emulator module', () => {
    expect(inputs().filter((path) => /(^|\/)verify-[^/]*$/.test(path) || path.includes('src/emulator/'))).toEqual([]);
  });

  it('uses the universal platform twins only (crypto.web.ts, not crypto.ts)', () => {
    const platform = inputs().filter((path) => path.startsWith('src/platform/'));
    expect(platform).toContain('src/platform/crypto.web.ts');
    expect(platform.filter((path) => !path.endsWith('.web.ts'))).toEqual([]);
  });
});
