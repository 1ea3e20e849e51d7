/**
 * KooDrive's part rules (MultiPartInfo, "Obtaining Upload Links"; docs/upload/huawei-koodrive-upload.md
 * §1 and §3): part numbers 1 to 10,000; every part but the last 5 MiB to 5 GiB and a multiple of
 * 64 bytes (the next part's offset is a block boundary, where a SHA-256 state exists); the last
 * part 0 to 5 GiB; `partOffset` the bytes before the part; `hashCtx` required after the first.
 * The schema checks each number's range; these are the rules between fields and against the
 * file's `length`, which only the service can judge.
 */
import type { KooDrivePartRecord } from '../../state.js';

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PART_SIZE = 5 * 1024 ** 3;
export const MAX_PART_NUMBER = 10_000;

/** A part as the request declared it (the schema's MultiPartInfoRequest). */
export interface DeclaredPart {
  partNumber: number;
  partSize: number;
  partOffset: number;
  hashCtx?: number[];
}

/** Why the parts cannot belong to a file of `length` bytes, or `undefined` when they can. */
export function partProblem(parts: readonly DeclaredPart[], length: number): string | undefined {
  const numbers = new Set<number>();
  for (const p of parts) {
    if (numbers.has(p.partNumber)) return `part ${p.partNumber} is listed twice`;
    numbers.add(p.partNumber);
    const end = p.partOffset + p.partSize;
    if (end > length) return `part ${p.partNumber} ends at ${end}, after the file's length ${length}`;
    const last = end === length;
    if (!last && p.partSize < MIN_PART_SIZE) return `part ${p.partNumber} is smaller than 5 MiB and not the last part`;
    if (!last && p.partSize % 64 !== 0) return `part ${p.partNumber} is not a multiple of 64 bytes and not the last part`;
    if (p.partSize > MAX_PART_SIZE) return `part ${p.partNumber} is larger than 5 GiB`;
    if (p.partOffset % 64 !== 0) return `part ${p.partNumber} starts at ${p.partOffset}, not a multiple of 64`;
    if ((p.partNumber === 1) !== (p.partOffset === 0)) return `part 1, and only part 1, starts at offset 0`;
    // Every part before this one is at least 5 MiB.
    if (p.partOffset < (p.partNumber - 1) * MIN_PART_SIZE) return `part ${p.partNumber} starts before ${p.partNumber - 1} parts of 5 MiB`;
    if (p.partOffset > 0 && p.hashCtx === undefined) return `part ${p.partNumber} has no hashCtx (required for every part but the first)`;
  }
  return undefined;
}

/** The record of a declared part (what the emulator keeps to judge the stored bytes at completion). */
export function partRecord(p: DeclaredPart): KooDrivePartRecord {
  return {
    partNumber: p.partNumber,
    partSize: p.partSize,
    partOffset: p.partOffset,
    ...(p.hashCtx !== undefined ? { hashCtx: [...p.hashCtx] } : {}),
  };
}
