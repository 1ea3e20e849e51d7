/**
 * The one place where the Node and the universal (browser, Workers, Deno, Bun) builds differ.
 *
 * Code reachable from a provider entry point or `drivespec/hashing` never imports a `node:`
 * built-in itself: it imports `src/platform/<name>.js`, whose source `src/platform/<name>.ts` is
 * the Node implementation (what tsc, vitest and tsx load), and whose twin
 * `src/platform/<name>.web.ts` is the universal one (WebCrypto, WebAssembly, Blob), with the same
 * exports and types. `webPlatformPlugin()` makes esbuild load the twin: the universal build
 * (dist/web/) and the browser tests bundle with it. A platform module without a twin fails the
 * bundle, so a Node-only module never slips into the universal build by omission.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';

const platformDir = fileURLToPath(new URL('../src/platform/', import.meta.url));

/** The `.web.ts` twin of a module under src/platform/, or undefined for any other path. */
export function webTwin(file: string): string | undefined {
  const full = resolve(file);
  if (dirname(full) + '/' !== platformDir && !full.startsWith(platformDir)) return undefined;
  if (/\.web\.ts$/.test(full) || /\.test(-d)?\.ts$/.test(full)) return undefined;
  const twin = full.replace(/\.(js|ts)$/, '.web.ts');
  return twin;
}

export function webPlatformPlugin(): Plugin {
  return {
    name: 'drivespec-web-platform',
    setup(build) {
      build.onResolve({ filter: /platform\/[^/]+\.js$/ }, (args) => {
        if (!args.path.startsWith('.')) return undefined;
        const twin = webTwin(join(args.resolveDir, args.path));
        if (!twin) return undefined;
        if (!existsSync(twin)) {
          return { errors: [{ text: `${args.path} has no universal twin (${twin.slice(platformDir.length)}): every src/platform module needs one` }] };
        }
        return { path: twin };
      });
    },
  };
}
