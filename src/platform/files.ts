/**
 * File paths on Node: the regular-file opener (stat, O_NONBLOCK open, fstat), stat, file-backed
 * Blobs (`fs.openAsBlob`) and `file:` URLs. The universal twin (files.web.ts) refuses every path
 * with an InputError naming what to pass instead.
 *
 * The built-ins are loaded on first use, not at import: every provider entry reaches this module
 * through upload(), and a top-level node:fs/promises import is part of its cold start (issue 13).
 * `process.getBuiltinModule` (synchronous, Node >= 20.16; engines say >= 20.19) keeps the
 * synchronous functions synchronous; each module is looked up once and kept.
 */
import type * as NodeFs from 'node:fs';
import { nodeBuiltin } from './node-builtin.js';
import type * as NodeFsPromises from 'node:fs/promises';
import { checkRegularFile, fileError } from '../hashing/file-error.js';
import type { FileStats, RegularFile } from '../hashing/regular-file.js';

export type { FileStats, RegularFile } from '../hashing/regular-file.js';

let fsModule: typeof NodeFs | undefined;
let fsPromisesModule: typeof NodeFsPromises | undefined;
const fs = (): typeof NodeFs => (fsModule ??= nodeBuiltin('node:fs'));
const fsPromises = (): typeof NodeFsPromises => (fsPromisesModule ??= nodeBuiltin('node:fs/promises'));

/** Whether this build reads file paths (false in the universal build). */
export const filePathsSupported: boolean = true;

/** The path a string or `file:` URL names (throws for a URL that is not a valid file URL). */
export function filePathOf(path: string | URL): string {
  return typeof path === 'string' ? path : nodeBuiltin('node:url').fileURLToPath(path);
}

/** The last component of a path, for fingerprints and file names. */
export function baseName(path: string): string {
  return nodeBuiltin('node:path').basename(path);
}

/**
 * Opens a regular file for reading, with its fstat. Only regular files: open(2) on a FIFO blocks
 * until a writer appears (no signal can interrupt it, the libuv thread stays stuck), and a device
 * such as /dev/zero never ends. stat(2) does not block, so the refusal comes before any open; and
 * O_NONBLOCK (no effect on a regular file) means that if the path is swapped for a FIFO between
 * the stat and the open, the open still returns at once and the fstat refuses it. Every failure
 * is an InputError naming `name` (the handle is closed).
 */
export async function openRegularFile(path: string | URL, name: string): Promise<{ handle: RegularFile; stats: FileStats }> {
  const { open, stat } = fsPromises();
  const fsConstants = fs().constants;
  try {
    checkRegularFile(name, await stat(path));
  } catch (error) {
    throw fileError(name, error);
  }
  let handle: NodeFsPromises.FileHandle;
  try {
    handle = await open(path, fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0));
  } catch (error) {
    throw fileError(name, error);
  }
  try {
    const stats = await handle.stat();
    checkRegularFile(name, stats);
    return { handle, stats };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw fileError(name, error);
  }
}

/** stat(2) of a path (rejects with the raw error: the caller names the file, fileError). */
export async function statFile(path: string): Promise<FileStats> {
  return fsPromises().stat(path);
}

/**
 * A Blob backed by the file, read when its bytes are (Node's refuses to read once the file's size
 * or mtime changed: NotReadableError).
 */
export function openFileAsBlob(path: string): Promise<Blob> {
  return fs().openAsBlob(path);
}
