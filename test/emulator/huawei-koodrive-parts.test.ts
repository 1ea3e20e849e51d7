/**
 * KooDrive's part rules (src/emulator/providers/huawei-koodrive/parts.ts), each at its boundary:
 * 5 MiB minimum and 64-byte multiples for parts before the last, 5 GiB maximum, the file's length,
 * offsets, part 1 at offset 0, hashCtx after the first part (docs/upload/huawei-koodrive-upload.md §1, §3).
 */
import { describe, expect, it } from 'vitest';
import { MAX_PART_SIZE, MIN_PART_SIZE, partProblem, partRecord } from '../../src/emulator/providers/huawei-koodrive/parts.js';

const MiB = 1024 * 1024;
const ctx = [1, 2, 3, 4, 5, 6, 7, 8];

describe('partProblem', () => {
  it('the documented limits', () => {
    expect(MIN_PART_SIZE).toBe(5_242_880);
    expect(MAX_PART_SIZE).toBe(5_368_709_120);
  });

  it('accepts parts at the boundaries', () => {
    expect(partProblem([{ partNumber: 1, partSize: 5 * MiB, partOffset: 0 }], 11 * MiB)).toBeUndefined();
    expect(partProblem([{ partNumber: 2, partSize: 6 * MiB, partOffset: 5 * MiB, hashCtx: ctx }], 11 * MiB)).toBeUndefined();
    // The last part may be small, of any length, or empty.
    expect(partProblem([{ partNumber: 1, partSize: 9, partOffset: 0 }], 9)).toBeUndefined();
    expect(partProblem([{ partNumber: 1, partSize: 0, partOffset: 0 }], 0)).toBeUndefined();
    expect(partProblem([{ partNumber: 2, partSize: 0, partOffset: 5 * MiB, hashCtx: ctx }], 5 * MiB)).toBeUndefined();
    expect(partProblem([{ partNumber: 1, partSize: MAX_PART_SIZE, partOffset: 0 }], MAX_PART_SIZE)).toBeUndefined();
    expect(partProblem([], 10)).toBeUndefined();
  });

  it.each([
    ['listed twice', [{ partNumber: 1, partSize: 9, partOffset: 0 }, { partNumber: 1, partSize: 9, partOffset: 0 }], 9, 'part 1 is listed twice'],
    ['past the length', [{ partNumber: 1, partSize: 10, partOffset: 0 }], 9, "part 1 ends at 10, after the file's length 9"],
    ['under 5 MiB, not last', [{ partNumber: 1, partSize: 5 * MiB - 64, partOffset: 0 }], 6 * MiB, 'part 1 is smaller than 5 MiB and not the last part'],
    ['not a multiple of 64, not last', [{ partNumber: 1, partSize: 5 * MiB + 1, partOffset: 0 }], 6 * MiB, 'part 1 is not a multiple of 64 bytes and not the last part'],
    ['over 5 GiB', [{ partNumber: 1, partSize: MAX_PART_SIZE + 64, partOffset: 0 }], MAX_PART_SIZE + 64, 'part 1 is larger than 5 GiB'],
    ['offset not a multiple of 64', [{ partNumber: 2, partSize: 1, partOffset: 5 * MiB + 1, hashCtx: ctx }], 5 * MiB + 2, 'part 2 starts at 5242881, not a multiple of 64'],
    ['part 1 not at 0', [{ partNumber: 1, partSize: 9, partOffset: 64 }], 73, 'part 1, and only part 1, starts at offset 0'],
    ['part 2 at 0', [{ partNumber: 2, partSize: 9, partOffset: 0, hashCtx: ctx }], 9, 'part 1, and only part 1, starts at offset 0'],
    ['before the parts ahead of it', [{ partNumber: 3, partSize: 9, partOffset: 10 * MiB - 64, hashCtx: ctx }], 10 * MiB - 55, 'part 3 starts before 2 parts of 5 MiB'],
    ['no hashCtx after the first part', [{ partNumber: 2, partSize: 9, partOffset: 5 * MiB }], 5 * MiB + 9, 'part 2 has no hashCtx (required for every part but the first)'],
  ])('refuses a part %s', (_what, parts, length, reason) => {
    expect(partProblem(parts, length)).toBe(reason);
  });

  it('judges every part, not only the first', () => {
    const good = { partNumber: 1, partSize: 5 * MiB, partOffset: 0 };
    expect(partProblem([good, { partNumber: 2, partSize: 9, partOffset: 5 * MiB }], 5 * MiB + 9)).toBe('part 2 has no hashCtx (required for every part but the first)');
  });
});

describe('partRecord', () => {
  it('keeps the declaration, with a copy of hashCtx only when given', () => {
    const given = [...ctx];
    const record = partRecord({ partNumber: 2, partSize: 9, partOffset: 64, hashCtx: given });
    expect(record).toEqual({ partNumber: 2, partSize: 9, partOffset: 64, hashCtx: ctx });
    given[0] = 99;
    expect(record.hashCtx![0]).toBe(1);
    expect(partRecord({ partNumber: 1, partSize: 9, partOffset: 0 })).toStrictEqual({ partNumber: 1, partSize: 9, partOffset: 0 });
  });
});
