/**
 * One esbuild configuration for the tests that check the universal build from Node: bundled for
 * the browser (`platform: 'browser'`, ESM, in memory), every src/platform module replaced by its
 * .web.ts twin (webPlatformPlugin), no externals, so a `node:` built-in anywhere fails the build.
 * `importBundle` writes the bundle to a folder and imports it, to run it under Node.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { webPlatformPlugin } from '../../scripts/web-platform.js';

export interface BrowserBundle {
  code: Uint8Array;
  metafile: Metafile;
  /** The src/platform modules in the bundle (each must be a `.web.ts` twin). */
  platformInputs: string[];
}

/** Bundles one entry file, or `source` (TypeScript, its imports relative to `resolveDir`). */
export async function bundleForBrowser(
  input: { entryPoint: string; absWorkingDir: string } | { source: string; resolveDir: string },
): Promise<BrowserBundle> {
  const result = await build({
    ...('entryPoint' in input
      ? { entryPoints: [input.entryPoint], absWorkingDir: input.absWorkingDir }
      : { stdin: { contents: input.source, resolveDir: input.resolveDir, loader: 'ts' as const } }),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    metafile: true,
    plugins: [webPlatformPlugin()],
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles[0]!.contents,
    metafile: result.metafile,
    platformInputs: Object.keys(result.metafile.inputs).filter((path) => path.includes('src/platform/')),
  };
}

/** Writes `bundle` as `dir/name` and imports it. */
export async function importBundle<T>(bundle: BrowserBundle, dir: string, name: string): Promise<T> {
  const file = join(dir, name);
  await writeFile(file, bundle.code);
  return (await import(pathToFileURL(file).href)) as T;
}
