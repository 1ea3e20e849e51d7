/**
 * The state file: the whole store as one JSON document, rewritten after every change through a
 * temporary file in the same directory and a rename, so a crash leaves the old or the new
 * version on disk, never half of one (rename(2) is atomic within a file system).
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { ConfigurationError } from '../core/errors.js';
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

let tempCounter = 0;

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
    rmSync(temp, { force: true });
    throw error;
  }
}
