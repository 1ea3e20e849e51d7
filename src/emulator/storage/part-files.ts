/**
 * Where stored bytes live: `<dataDir>/uploads/<key>/<partNumber>.part`, written first to a temp
 * file next to it (`<partNumber>.<serial>.tmp`) and renamed into place once the whole part arrived
 * and checked out, so a part on disk is always a whole one and a half-sent part leaves nothing.
 *
 * The default data directory is a fresh temp directory, removed on close. A given one (and
 * `<stateFile>.data`) is kept; its `uploads/` folder belongs to the emulator, which removes
 * whatever in it no upload record names.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '../../core/errors.js';

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
    try {
      const root = this.#given ?? mkdtempSync(join(tmpdir(), 'drivespec-emulator-'));
      mkdirSync(join(root, 'uploads'), { recursive: true, mode: 0o700 });
      this.#root = root;
      return root;
    } catch (error) {
      throw new ConfigurationError('dataDir', `cannot be created (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
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
