/**
 * The InputErrors for a file that cannot be read, shared by the Node file module
 * (src/platform/files.ts), hashSource and upload()'s file sources: a reason in words, never a raw
 * `ENOENT: no such file or directory, open '…'` with a stack.
 */
import { DrivespecError, InputError } from '../core/errors.js';

/** What the universal build says for a file path or `file:` URL (no file system there). */
export const FILE_PATHS_NEED_NODE = 'file paths need Node; pass a Blob or File';

export function checkRegularFile(name: string, stats: { isFile(): boolean; isDirectory(): boolean }): void {
  if (stats.isDirectory()) throw new InputError(`cannot read ${name}: is a directory`);
  if (!stats.isFile()) throw new InputError(`cannot read ${name}: not a regular file`);
}

export function fileError(name: string, error: unknown): DrivespecError {
  if (error instanceof DrivespecError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const reason =
    typeof code === 'string' && code in fileErrorReasons
      ? fileErrorReasons[code]
      : firstLine(error instanceof Error ? error.message : String(error));
  return new InputError(`cannot read ${name}: ${reason}`, { cause: error });
}

const fileErrorReasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'is a directory',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  EIO: 'input/output error',
};

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? '';
}
