import { describe, expect, it } from 'vitest';
import { ConfigurationError, InputError } from '../../src/core/errors.js';
import { checkUploadOptions } from '../../src/upload/options.js';
import { choosePartSize, planParts } from '../../src/upload/plan.js';
import { ProgressTracker } from '../../src/upload/progress.js';
import type { UploadProgress } from '../../src/upload/types.js';

const MiB = 1024 * 1024;

describe('planParts', () => {
  it('cuts a source into 1-based parts, the last one shorter; 0 bytes: no parts', () => {
    expect(planParts(0, 10)).toEqual([]);
    expect(planParts(1, 10)).toEqual([{ partNumber: 1, offset: 0, size: 1 }]);
    expect(planParts(10, 10)).toEqual([{ partNumber: 1, offset: 0, size: 10 }]);
    expect(planParts(25, 10)).toEqual([
      { partNumber: 1, offset: 0, size: 10 },
      { partNumber: 2, offset: 10, size: 10 },
      { partNumber: 3, offset: 20, size: 5 },
    ]);
  });
  it('refuses nonsense sizes', () => {
    expect(() => planParts(-1, 10)).toThrow(InputError);
    expect(() => planParts(10, 0)).toThrow(ConfigurationError);
    expect(() => planParts(10, 1.5)).toThrow(ConfigurationError);
  });
});

describe('choosePartSize', () => {
  const rule = { default: 8 * MiB, min: 5 * MiB, max: 64 * MiB, maxParts: 100, multipleOf: MiB };
  it('the default when the file fits in maxParts of it', () => {
    expect(choosePartSize(0, undefined, rule)).toBe(8 * MiB);
    expect(choosePartSize(800 * MiB, undefined, rule)).toBe(8 * MiB);
  });
  it('grows the default to the next multiple so the file fits in maxParts', () => {
    // 801 MiB / 100 parts = 8.01 MiB → 9 MiB.
    expect(choosePartSize(801 * MiB, undefined, rule)).toBe(9 * MiB);
    expect(choosePartSize(801 * MiB, undefined, { ...rule, multipleOf: undefined })).toBe(Math.ceil((801 * MiB) / 100));
  });
  it('a file too large for maxParts × max is an InputError', () => {
    expect(() => choosePartSize(6401 * MiB, undefined, rule)).toThrow(InputError);
    expect(choosePartSize(6400 * MiB, undefined, rule)).toBe(64 * MiB);
  });
  it('a requested part size is checked against every limit, naming partSize', () => {
    expect(choosePartSize(100 * MiB, 6 * MiB, rule)).toBe(6 * MiB);
    for (const bad of [4 * MiB, 65 * MiB, 6 * MiB + 1, 0, 2.5]) {
      let error: unknown;
      try {
        choosePartSize(100 * MiB, bad, rule);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe('partSize');
    }
    expect(() => choosePartSize(1000 * MiB, 5 * MiB, rule)).toThrow(/at most 100/);
  });
});

describe('checkUploadOptions', () => {
  it('accepts the documented options and nothing is added', () => {
    const signal = new AbortController().signal;
    const onProgress = () => {};
    expect(checkUploadOptions(undefined)).toEqual({});
    expect(checkUploadOptions({ partSize: 10, concurrency: 64, signal, onProgress, rapidUpload: false, size: 0, maxRetries: 0, partTimeout: 0 })).toEqual({
      partSize: 10,
      concurrency: 64,
      signal,
      onProgress,
      rapidUpload: false,
      size: 0,
      maxRetries: 0,
      partTimeout: 0,
    });
  });
  const bad: [unknown, string][] = [
    [null, 'options'],
    ['fast', 'options'],
    [{ partsize: 10 }, 'partsize'],
    [{ partSize: 0 }, 'partSize'],
    [{ partSize: '8MiB' }, 'partSize'],
    [{ concurrency: 0 }, 'concurrency'],
    [{ concurrency: 65 }, 'concurrency'],
    [{ concurrency: 2.5 }, 'concurrency'],
    [{ onProgress: 'log' }, 'onProgress'],
    [{ onState: {} }, 'onState'],
    [{ signal: { aborted: false } }, 'signal'],
    [{ rapidUpload: 'yes' }, 'rapidUpload'],
    [{ size: -1 }, 'size'],
    [{ size: Number.MAX_SAFE_INTEGER + 2 }, 'size'],
    [{ resume: 'state.json' }, 'resume'],
    [{ resume: null }, 'resume'],
    [{ maxRetries: -1 }, 'maxRetries'],
    [{ partTimeout: Infinity }, 'partTimeout'],
  ];
  for (const [options, option] of bad) {
    it(`refuses ${JSON.stringify(options) ?? String(options)} naming ${option}`, () => {
      let error: unknown;
      try {
        checkUploadOptions(options);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe(option);
    });
  }
});

describe('ProgressTracker', () => {
  it('reports phase changes and stored parts, one fresh object per call', () => {
    const seen: UploadProgress[] = [];
    const tracker = new ProgressTracker(25, (p) => seen.push(p));
    tracker.phase('hashing');
    tracker.hashed(10);
    tracker.hashed(10);
    tracker.hashed(25);
    tracker.phase('starting');
    tracker.phase('starting');
    tracker.phase('uploading', 3);
    tracker.stored(10);
    tracker.stored(10);
    tracker.stored(5);
    tracker.phase('completing');
    expect(seen).toEqual([
      { phase: 'hashing', bytes: 0, total: 25, parts: 0, totalParts: 0 },
      { phase: 'hashing', bytes: 10, total: 25, parts: 0, totalParts: 0 },
      { phase: 'hashing', bytes: 25, total: 25, parts: 0, totalParts: 0 },
      { phase: 'starting', bytes: 0, total: 25, parts: 0, totalParts: 0 },
      { phase: 'uploading', bytes: 0, total: 25, parts: 0, totalParts: 3 },
      { phase: 'uploading', bytes: 10, total: 25, parts: 1, totalParts: 3 },
      { phase: 'uploading', bytes: 20, total: 25, parts: 2, totalParts: 3 },
      { phase: 'uploading', bytes: 25, total: 25, parts: 3, totalParts: 3 },
      { phase: 'completing', bytes: 25, total: 25, parts: 3, totalParts: 3 },
    ]);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it('parts stored before a resume count without a report of their own', () => {
    const seen: UploadProgress[] = [];
    const tracker = new ProgressTracker(30, (p) => seen.push(p));
    tracker.resumed(20, 2);
    expect(seen).toEqual([]);
    tracker.phase('uploading', 3);
    tracker.stored(10);
    expect(seen).toEqual([
      { phase: 'uploading', bytes: 20, total: 30, parts: 2, totalParts: 3 },
      { phase: 'uploading', bytes: 30, total: 30, parts: 3, totalParts: 3 },
    ]);
  });

  it('a throwing onProgress does not break the tracker (nor the upload that calls it)', () => {
    let calls = 0;
    const tracker = new ProgressTracker(10, () => {
      calls++;
      throw new Error('bad progress bar');
    });
    expect(() => {
      tracker.phase('uploading', 1);
      tracker.stored(10);
      tracker.phase('completing');
    }).not.toThrow();
    expect(calls).toBe(3);
    expect(tracker.current).toEqual({ phase: 'completing', bytes: 10, total: 10, parts: 1, totalParts: 1 });
  });
});
