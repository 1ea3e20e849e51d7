/**
 * Where stored bytes live: `<dataDir>/uploads/<key>/<partNumber>.part`, written first to a temp
 * file next to it (`<partNumber>.<serial>.tmp`) and renamed into place once the whole part arrived
 * and checked out, so a part on disk is always a whole one and a half-sent part leaves nothing.
 *
 * The default data directory is a fresh temp directory, removed on close. A given one (and
 * `<stateFile>.data`) is kept; its `uploads/` folder belongs to the emulator, which removes
 * whatever in it no upload record names. So the emulator takes only an `uploads/` folder it made
 * (marked by `OWNER_MARKER` next to it) or an empty one: `--data-dir ~` on a home that has its own
 * `uploads/` stops the start instead of sweeping the user's files away.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../core/errors.js';

/** The file, in the data directory, that says its `uploads/` folder is the emulator's. */
export const OWNER_MARKER = '.drivespec-emulator-data';

export class PartFiles {
  readonly #given: string | undefined;
  #root: string | undefined;
  #serial = 0;

  /**
   * `dir` undefined: a new temp directory, removed by `close()`. Created on first use (an
   * emulator that stores nothing leaves nothing behind), or at once with `eager` (a directory
   * the user named, so a bad one stops the start).
   */
  constructor(dir: string | undefined, options: { eager?: boolean } = {}) {
    this.#given = dir;
    if (options.eager) this.#ensure();
  }

  /** The data directory (created now if it was not yet). */
  get root(): string {
    return this.#ensure();
  }

  get #uploads(): string {
    return join(this.#ensure(), 'uploads');
  }

  #ensure(): string {
    if (this.#root !== undefined) return this.#root;
    let root: string;
    try {
      root = this.#given ?? mkdtempSync(join(tmpdir(), 'drivespec-emulator-'));
      if (!this.#owned(root)) {
        throw new ConfigurationError(
          'dataDir',
          `holds an uploads folder the emulator did not create (no ${OWNER_MARKER} next to it): the emulator removes what it does not know there, so name a new or empty directory`,
        );
      }
      mkdirSync(join(root, 'uploads'), { recursive: true, mode: 0o700 });
      writeFileSync(join(root, OWNER_MARKER), 'drivespec emulator data directory: uploads/ is managed by the emulator\n', { mode: 0o600 });
    } catch (error) {
      if (error instanceof ConfigurationError) throw error;
      throw new ConfigurationError('dataDir', `cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    this.#root = root;
    return root;
  }

  /** Whether `root`'s `uploads/` may be managed: absent, empty, or marked as the emulator's. */
  #owned(root: string): boolean {
    if (existsSync(join(root, OWNER_MARKER))) return true;
    let entries: string[];
    try {
      entries = readdirSync(join(root, 'uploads'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
      throw error;
    }
    return entries.length === 0;
  }

  /** Whether the directory was created (or existed) yet: nothing to sweep or free before. */
  get #created(): boolean {
    return this.#root !== undefined || (this.#given !== undefined && existsSync(join(this.#given, 'uploads')));
  }

  uploadDir(key: string): string {
    return join(this.#uploads, key);
  }

  partFile(key: string, partNumber: number): string {
    return join(this.#uploads, key, `${partNumber}.part`);
  }

  tempFile(key: string, partNumber: number): string {
    this.#serial += 1;
    return join(this.#uploads, key, `${partNumber}.${this.#serial}.tmp`);
  }

  createUpload(key: string): void {
    mkdirSync(this.uploadDir(key), { recursive: true, mode: 0o700 });
  }

  removeUpload(key: string): void {
    rmSync(this.uploadDir(key), { recursive: true, force: true });
  }

  /** The size of a stored part's file, or undefined when it is missing. */
  sizeOf(file: string): number | undefined {
    try {
      const stat = statSync(file);
      return stat.isFile() ? stat.size : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * Removes upload folders no record names, and in the others every file that is not a recorded
   * part (temp files of a PUT cut short by a crash, a part dropped on load).
   */
  sweep(known: ReadonlyMap<string, ReadonlySet<string>>): void {
    if (!this.#created) return;
    for (const entry of readdirSync(this.#uploads)) {
      const dir = join(this.#uploads, entry);
      const files = known.get(entry);
      if (!files) {
        rmSync(dir, { recursive: true, force: true });
        continue;
      }
      for (const file of readdirSync(dir)) if (!files.has(file)) rmSync(join(dir, file), { recursive: true, force: true });
    }
  }

  /** Removes every upload's bytes (`seed.reset()`). */
  removeAll(): void {
    if (!this.#created) return;
    for (const entry of readdirSync(this.#uploads)) rmSync(join(this.#uploads, entry), { recursive: true, force: true });
  }

  /** Removes the data directory if it is the default temp one. */
  close(): void {
    if (this.#given === undefined && this.#root !== undefined) rmSync(this.#root, { recursive: true, force: true });
  }
}

export function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (its upload was discarded meanwhile): nothing to free.
  }
}
