/**
 * The state file: the whole store as one JSON document, rewritten after every change through a
 * temporary file in the same directory and a rename, so a crash leaves the old or the new
 * version on disk, never half of one (rename(2) is atomic within a file system).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { ConfigurationError, DrivespecError } from '../core/errors.js';
import type { PersistedState } from './state.js';

/** The parsed document, or `undefined` when the file does not exist yet. */
export function readStateFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigurationError('stateFile', `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    // Refuse rather than start empty: silently discarding someone's state would be worse.
    throw new ConfigurationError('stateFile', 'is not valid JSON');
  }
}

/**
 * The state file could not be written. At start `startEmulator` rejects with it (an emulator that
 * silently keeps nothing would lose every upload on restart); later it goes to `onWarning`.
 */
export class EmulatorStateFileError extends DrivespecError {
  override name = 'EmulatorStateFileError';
  constructor(
    readonly path: string,
    /** The errno code (`ENOENT`, `EACCES`, ...), when the system gave one. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`cannot write state file ${path}: ${describeWriteFailure(code, options?.cause)}`, options);
  }
}

const writeFailureReasons: Record<string, string> = {
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a component of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  EIO: 'input/output error',
};

function describeWriteFailure(code: string | undefined, cause: unknown): string {
  if (code !== undefined && code in writeFailureReasons) return `${writeFailureReasons[code]} (${code})`;
  if (code !== undefined) return code;
  const message = cause instanceof Error ? cause.message : String(cause);
  return message.split('\n', 1)[0] ?? 'error';
}

let tempCounter = 0;

/** Writes `state` atomically; a failure is an `EmulatorStateFileError` naming the file and the reason. */
export function writeStateFile(path: string, state: PersistedState): void {
  const temp = `${path}.${process.pid}.${++tempCounter}.tmp`;
  const data = `${JSON.stringify(state, null, 2)}\n`;
  try {
    const fd = openSync(temp, 'w', 0o600);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing left to clean, or a folder we cannot touch: the write failure is what matters.
    }
    throw new EmulatorStateFileError(path, (error as NodeJS.ErrnoException).code, { cause: error });
  }
}
