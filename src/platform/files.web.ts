/**
 * The universal twin of files.ts: there is no file system in a browser or a Worker (and Deno/Bun
 * load the Node build), so every file path or `file:` URL is an InputError that says what to pass
 * instead, never a `TypeError` from a missing `fs`.
 */
import { InputError } from '../core/errors.js';
import { FILE_PATHS_NEED_NODE } from '../hashing/file-error.js';
import type { FileStats, RegularFile } from '../hashing/regular-file.js';

export type { FileStats, RegularFile } from '../hashing/regular-file.js';

/** Whether this build reads file paths (false in the universal build). */
export const filePathsSupported: boolean = false;

/** The path a string or `file:` URL names: the string, or the URL as written. */
export function filePathOf(path: string | URL): string {
  return typeof path === 'string' ? path : path.href;
}

/** The last component of a `/`-separated path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function refuse(name: string): InputError {
  return new InputError(`cannot read ${name}: ${FILE_PATHS_NEED_NODE}`);
}

export async function openRegularFile(_path: string | URL, name: string): Promise<{ handle: RegularFile; stats: FileStats }> {
  throw refuse(name);
}

export async function statFile(path: string): Promise<FileStats> {
  throw refuse(path);
}

export async function openFileAsBlob(path: string): Promise<Blob> {
  throw refuse(path);
}
