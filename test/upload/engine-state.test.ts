import { describe, expect, it } from 'vitest';
import { ConfigurationError, InputError } from '../../src/core/errors.js';
import { attachUploadState, checkResumeState, newUploadState, uploadStateOf, withPart } from '../../src/upload/state.js';
import type { SourceFingerprint, UploadState } from '../../src/upload/types.js';

const source: SourceFingerprint = { size: 25, kind: 'file', name: 'a.bin', mtimeMs: 1_700_000_000_123.5 };

function state(): UploadState {
  let s = newUploadState({ provider: 'aliyun-pds', upload: { drive_id: '1', file_id: 'f', upload_id: 'u', part_count: 3, parallel: false }, source, partSize: 10, now: new Date('2026-12-02T05:00:00Z') });
  s = withPart(s, { partNumber: 3, size: 5, etag: '"c"' });
  s = withPart(s, { partNumber: 1, size: 10, etag: '"a"' });
  return s;
}

describe('newUploadState / withPart', () => {
  it('starts empty at the client’s time; withPart is immutable, sorted, one entry per part (latest wins)', () => {
    const empty = newUploadState({ provider: 'tencent-smh', upload: { path: 'x', confirmKey: 'k' }, source, partSize: 10, now: new Date('2026-12-02T05:00:00Z') });
    expect(empty).toEqual({ version: 1, provider: 'tencent-smh', upload: { path: 'x', confirmKey: 'k' }, source, partSize: 10, parts: [], startedAt: '2026-12-02T05:00:00.000Z' });
    const one = withPart(empty, { partNumber: 2, size: 10 });
    expect(one.parts).toStrictEqual([{ partNumber: 2, size: 10 }]);
    expect(empty.parts).toEqual([]);
    const two = withPart(withPart(one, { partNumber: 1, size: 10, etag: '"x"' }), { partNumber: 2, size: 10, etag: '"y"' });
    expect(two.parts).toEqual([
      { partNumber: 1, size: 10, etag: '"x"' },
      { partNumber: 2, size: 10, etag: '"y"' },
    ]);
    expect(one.parts).toEqual([{ partNumber: 2, size: 10 }]);
  });
});

describe('checkResumeState', () => {
  it('accepts its own state after a JSON round trip, as a fresh object', () => {
    const s = state();
    const back = checkResumeState(JSON.parse(JSON.stringify(s)), 'aliyun-pds', source);
    expect(back).toEqual(s);
  });

  it('keeps nothing but the checked fields', () => {
    const hostile = { ...JSON.parse(JSON.stringify(state())), extra: 'x', upload: { drive_id: '1' } };
    const back = checkResumeState(hostile, 'aliyun-pds', source);
    expect(Object.keys(back).sort()).toEqual(['partSize', 'parts', 'provider', 'source', 'startedAt', 'upload', 'version']);
  });

  const cases: [string, (s: Record<string, any>) => unknown, RegExp][] = [
    ['null', () => null, /must be the state/],
    ['a string', () => 'state', /must be the state/],
    ['an array', () => [], /must be the state/],
    ['a class instance', () => new Date(), /must be the state/],
    ['version 2', (s) => ({ ...s, version: 2 }), /version/],
    ['version "1"', (s) => ({ ...s, version: '1' }), /version "1"/],
    ['a long provider', (s) => ({ ...s, provider: 'p'.repeat(1000) }), /^resume: the state is of an upload to "p{39}…, not aliyun-pds$/],
    ['upload with 33 fields', (s) => ({ ...s, upload: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, i])) }), /1 to 32 fields/],
    ['upload with a 65-character key', (s) => ({ ...s, upload: { ['k'.repeat(65)]: 1 } }), /field name/],
    ['upload with an empty key', (s) => ({ ...s, upload: { '': 1 } }), /field name/],
    ['upload with a 4097-character string', (s) => ({ ...s, upload: { id: 'x'.repeat(4097) } }), /upload\.id: longer/],
    ['upload with null', (s) => ({ ...s, upload: { id: null } }), /upload\.id: must be/],
    ['a 257-character etag', (s) => ({ ...s, parts: [{ partNumber: 1, size: 10, etag: 'e'.repeat(257) }] }), /etag/],
    ['startedAt without time', (s) => ({ ...s, startedAt: '2026-12-02' }), /startedAt/],
    ['startedAt with trailing text', (s) => ({ ...s, startedAt: '2026-12-02T05:00:00.000Z ' }), /startedAt/],
    ['startedAt a number', (s) => ({ ...s, startedAt: 1764651600000 }), /startedAt/],
    ['another provider', (s) => ({ ...s, provider: 'tencent-smh' }), /tencent-smh/],
    ['upload missing', (s) => ({ ...s, upload: undefined }), /upload/],
    ['upload empty', (s) => ({ ...s, upload: {} }), /upload/],
    ['upload with an object value', (s) => ({ ...s, upload: { id: { $gt: 1 } } }), /upload\.id/],
    ['upload with a NaN-ish number', (s) => ({ ...s, upload: { n: Infinity } }), /upload\.n/],
    ['upload with a huge string', (s) => ({ ...s, upload: { id: 'x'.repeat(5000) } }), /upload\.id/],
    ['upload with __proto__', (s) => ({ ...s, upload: JSON.parse('{"__proto__":"x"}') }), /reserved/],
    ['another size', (s) => ({ ...s, source: { ...s.source, size: 26 } }), /another source/],
    ['another kind', (s) => ({ ...s, source: { ...s.source, kind: 'bytes' } }), /another source/],
    ['another mtime', (s) => ({ ...s, source: { ...s.source, mtimeMs: 1 } }), /mtimeMs is 1,/],
    ['another name', (s) => ({ ...s, source: { ...s.source, name: 'b.bin' } }), /name/],
    ['no mtime', (s) => ({ ...s, source: { size: 25, kind: 'file', name: 'a.bin' } }), /mtimeMs is undefined/],
    ['source not an object', (s) => ({ ...s, source: 'a.bin' }), /source: must be an object/],
    ['a name as an object', (s) => ({ ...s, source: { ...s.source, name: { toString: 'a.bin' } } }), /name is object/],
    ['an unknown kind', (s) => ({ ...s, source: { ...s.source, kind: 'socket' } }), /kind/],
    ['partSize 0', (s) => ({ ...s, partSize: 0 }), /partSize/],
    ['partSize 1.5', (s) => ({ ...s, partSize: 1.5 }), /partSize/],
    ['parts not an array', (s) => ({ ...s, parts: { 0: {} } }), /parts/],
    ['too many parts', (s) => ({ ...s, parts: Array.from({ length: 4 }, (_, i) => ({ partNumber: i + 1, size: 10 })) }), /entries/],
    ['part 0', (s) => ({ ...s, parts: [{ partNumber: 0, size: 10 }] }), /partNumber/],
    ['part beyond the source', (s) => ({ ...s, parts: [{ partNumber: 4, size: 10 }] }), /partNumber/],
    ['parts descending', (s) => ({ ...s, parts: [{ partNumber: 2, size: 10 }, { partNumber: 1, size: 10 }] }), /ascending/],
    ['a repeated part', (s) => ({ ...s, parts: [{ partNumber: 1, size: 10 }, { partNumber: 1, size: 10 }] }), /ascending/],
    ['a part of the wrong size', (s) => ({ ...s, parts: [{ partNumber: 3, size: 10 }] }), /5 bytes/],
    ['a part size as a string', (s) => ({ ...s, parts: [{ partNumber: 1, size: '10' }] }), /size/],
    ['an etag object', (s) => ({ ...s, parts: [{ partNumber: 1, size: 10, etag: {} }] }), /etag/],
    ['an etag with a newline', (s) => ({ ...s, parts: [{ partNumber: 1, size: 10, etag: '"a"\nX-Forged: 1' }] }), /etag/],
    ['a part that is null', (s) => ({ ...s, parts: [null] }), /parts\[0\]/],
    ['startedAt missing', (s) => ({ ...s, startedAt: undefined }), /startedAt/],
    ['startedAt not a date', (s) => ({ ...s, startedAt: '2026-13-45Tnope' }), /startedAt/],
  ];
  for (const [name, mutate, message] of cases) {
    it(`refuses ${name} with ConfigurationError('resume')`, () => {
      const value = mutate(JSON.parse(JSON.stringify(state())));
      let error: unknown;
      try {
        checkResumeState(value, 'aliyun-pds', source);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe('resume');
      expect((error as Error).message).toMatch(message);
    });
  }

  it('accepts the limits themselves: 32 fields, 64-character keys, 4096-character strings, 256-character etags, every part, partSize 1, a null-prototype object', () => {
    const base = JSON.parse(JSON.stringify(state()));
    const upload = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [i === 0 ? 'k'.repeat(64) : `k${i}`, i === 1 ? 'x'.repeat(4096) : i]));
    const full = { ...base, upload, parts: [1, 2, 3].map((n) => ({ partNumber: n, size: n === 3 ? 5 : 10, etag: 'e'.repeat(256) })) };
    expect(checkResumeState(full, 'aliyun-pds', source).parts).toHaveLength(3);
    expect(checkResumeState({ ...base, partSize: 1, parts: [] }, 'aliyun-pds', source).partSize).toBe(1);
    const bare = Object.assign(Object.create(null) as object, base);
    expect(checkResumeState(bare, 'aliyun-pds', source).upload).toEqual(base.upload);
  });

  it('keeps a part without an etag without one', () => {
    const base = JSON.parse(JSON.stringify(state()));
    const back = checkResumeState({ ...base, parts: [{ partNumber: 2, size: 10 }] }, 'aliyun-pds', source);
    expect(back.parts).toStrictEqual([{ partNumber: 2, size: 10 }]);
    expect(back.source).toStrictEqual(source);
  });

  it('a huge hostile parts array is refused by its length, not walked', () => {
    const parts = new Array(10_000_000);
    expect(() => checkResumeState({ ...state(), parts }, 'aliyun-pds', source)).toThrow(ConfigurationError);
  });

  it('a stream fingerprint has no name or mtime to compare', () => {
    const stream: SourceFingerprint = { size: 25, kind: 'stream' };
    const s = { ...state(), source: stream };
    expect(checkResumeState(JSON.parse(JSON.stringify(s)), 'aliyun-pds', stream).source).toEqual(stream);
  });
});

describe('attachUploadState / uploadStateOf', () => {
  it('carries the state on the error it was attached to, nothing else', () => {
    const error = new InputError('x');
    const s = state();
    expect(attachUploadState(error, s)).toBe(error);
    expect(uploadStateOf(error)).toBe(s);
    expect(uploadStateOf(new InputError('y'))).toBeUndefined();
    expect(uploadStateOf('text')).toBeUndefined();
    expect(uploadStateOf(undefined)).toBeUndefined();
    expect(attachUploadState('not an object', s)).toBe('not an object');
    const none = new InputError('z');
    attachUploadState(none, undefined);
    expect(uploadStateOf(none)).toBeUndefined();
    // Nothing to attach keeps what was attached.
    attachUploadState(error, undefined);
    expect(uploadStateOf(error)).toBe(s);
    expect(attachUploadState(null, s)).toBeNull();
    expect(uploadStateOf(null)).toBeUndefined();
  });
});
