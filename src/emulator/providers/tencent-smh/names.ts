/**
 * Where a new SMH file goes: the parent checks and the name-conflict strategies
 * (`conflict_resolution_strategy`, specs/tencent-smh.yaml), shared by ConfirmUpload, an instant
 * upload and the `ask` check at upload start.
 */
import { key, type EmulatorState, type SmhFileRecord, type SmhStrategy } from '../../state.js';
import type { SmhCode } from './answers.js';

/** Renames past this many candidates give up (SMH's `RenameTooManyTimes`, 409). */
const MAX_RENAMES = 10_000;

/** `file.docx` → `file (n).docx`; `README` → `README (n)` (the page's example: `file (1).docx`). */
export function renamedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

export type Placement =
  | { ok: true; path: string[]; existing: SmhFileRecord | undefined }
  | { ok: false; code: Extract<SmhCode, 'SameNameDirectoryOrFileExists' | 'RenameTooManyTimes'> };

/**
 * The final path of a file wanted at `path` under `strategy`, or the 409 that refuses it. A parent
 * that is a file is a conflict whatever the strategy (SMH SDK docs: "even with rename, a parent
 * that is actually a file answers 409 SameNameDirectoryOrFileExists").
 */
export function placeFile(state: EmulatorState, libraryId: string, spaceId: string, path: readonly string[], strategy: SmhStrategy): Placement {
  const conflict = { ok: false as const, code: 'SameNameDirectoryOrFileExists' as const };
  const dirs = path.slice(0, -1);
  for (let i = 1; i <= dirs.length; i++) {
    if (state.smhFiles.has(key(libraryId, spaceId, ...dirs.slice(0, i)))) return conflict;
  }
  const name = path[path.length - 1]!;
  const taken = (candidate: string) => {
    const k = key(libraryId, spaceId, ...dirs, candidate);
    return state.smhFiles.has(k) || state.smhDirectories.has(k);
  };
  if (!taken(name)) return { ok: true, path: [...path], existing: undefined };
  const isDirectory = state.smhDirectories.has(key(libraryId, spaceId, ...dirs, name));
  if (strategy === 'ask' || (strategy === 'overwrite' && isDirectory)) return conflict;
  if (strategy === 'overwrite') return { ok: true, path: [...path], existing: state.smhFiles.get(key(libraryId, spaceId, ...path)) };
  let n = 1;
  while (taken(renamedName(name, n))) {
    n += 1;
    if (n > MAX_RENAMES) return { ok: false, code: 'RenameTooManyTimes' };
  }
  return { ok: true, path: [...dirs, renamedName(name, n)], existing: undefined };
}

/** A 32-hex-digit directory id like the documented `b63393076d249110000631c316d9751a`. */
export function inodeFor(serial: number): string {
  return `e0${serial.toString(16).padStart(30, '0')}`;
}
