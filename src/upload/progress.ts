/**
 * `onProgress` for every provider's upload: one object per call (the caller may keep it), on
 * every change of phase and after every stored part. The callback is the caller's code: if it
 * throws, the upload goes on (a progress bar's bug must not fail or corrupt an upload), and the
 * throw is ignored.
 */
import type { UploadPhase, UploadProgress } from './types.js';

export class ProgressTracker {
  #phase: UploadPhase | undefined;
  #stored = 0;
  #hashed = 0;
  #parts = 0;
  #totalParts = 0;

  constructor(
    private readonly total: number,
    private readonly onProgress?: (progress: UploadProgress) => void,
  ) {}

  /** Enters a phase (reported when it changes); `totalParts` once the plan is known. */
  phase(phase: UploadPhase, totalParts?: number): void {
    const changed = phase !== this.#phase || (totalParts !== undefined && totalParts !== this.#totalParts);
    this.#phase = phase;
    if (totalParts !== undefined) this.#totalParts = totalParts;
    if (changed) this.#emit();
  }

  /** A part of `bytes` was stored (also one stored earlier, counted when resuming). */
  stored(bytes: number): void {
    this.#stored += bytes;
    this.#parts++;
    this.#emit();
  }

  /**
   * Parts stored before this call (a resume): counted in `bytes` and `parts` without a report of
   * their own; the next phase change reports them.
   */
  resumed(bytes: number, parts: number): void {
    this.#stored += bytes;
    this.#parts += parts;
  }

  /**
   * `bytes` hashed so far (not a delta: what `hashSource`'s `onProgress` reports), reported during
   * the hashing phase.
   */
  hashed(bytes: number): void {
    if (bytes === this.#hashed) return;
    this.#hashed = bytes;
    if (this.#phase === 'hashing') this.#emit();
  }

  /** The latest progress, as last reported. */
  get current(): UploadProgress {
    return {
      phase: this.#phase ?? 'starting',
      bytes: this.#phase === 'hashing' ? this.#hashed : this.#stored,
      total: this.total,
      parts: this.#parts,
      totalParts: this.#totalParts,
    };
  }

  #emit(): void {
    if (!this.onProgress) return;
    try {
      this.onProgress(this.current);
    } catch {
      // The caller's callback failed: its progress display is its own; the upload goes on.
    }
  }
}
