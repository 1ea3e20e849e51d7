/**
 * Bundles a page for the browser the way a user's bundler would: esbuild `platform: 'browser'`,
 * ESM, every import bundled (no externals: a `node:` built-in anywhere fails the build), and
 * webPlatformPlugin() so each src/platform module is its universal `.web.ts` twin. Writes
 * `index.html` + `page.js` into a fresh directory for serveStatic.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { webPlatformPlugin } from '../../../scripts/web-platform.js';

export interface BuiltPage {
  dir: string;
  metafile: Metafile;
}

export async function buildPage(entry: string): Promise<BuiltPage> {
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-page-'));
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    outfile: join(dir, 'page.js'),
    plugins: [webPlatformPlugin()],
    metafile: true,
    logLevel: 'silent',
  });
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>drivespec page</title>' +
      '<link rel="icon" href="data:,"><script type="module" src="page.js"></script></head><body></body></html>\n',
  );
  return { dir, metafile: result.metafile };
}

/** The bundled inputs that import a `node:` built-in or were left external (must be none). */
export function nodeImports(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([path, input]) =>
    input.imports.filter((i) => i.path.startsWith('node:') || i.external).map((i) => `${path} → ${i.path}`),
  );
}
