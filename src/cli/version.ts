/**
 * The installed package's version, for `drivespec --version`. Read from the nearest
 * `package.json` named `drivespec` above this module, so it is right from the sources
 * (src/cli/) and from the build (dist/src/cli/), where the depth differs; a `package.json` on the
 * way that is not drivespec's (a `{"type": "module"}` marker) is passed over.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DrivespecError } from '../core/errors.js';

export async function packageVersion(moduleUrl: string | URL = import.meta.url): Promise<string> {
  return (await drivespecPackage(moduleUrl)).version;
}

/** The folder holding drivespec's package.json (where `specs/` is shipped), and its version. */
export async function drivespecPackage(moduleUrl: string | URL = import.meta.url): Promise<{ dir: string; version: string }> {
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    const manifest = await readManifest(join(dir, 'package.json'));
    if (manifest?.name === 'drivespec' && typeof manifest.version === 'string') return { dir, version: manifest.version };
    const parent = dirname(dir);
    if (parent === dir) throw new DrivespecError('cannot find the package.json of drivespec above the CLI');
    dir = parent;
  }
}

async function readManifest(path: string): Promise<{ name?: unknown; version?: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined; // none in this folder: look further up
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
