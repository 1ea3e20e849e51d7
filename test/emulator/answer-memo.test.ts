/**
 * AnswerMemo (issue 14, emulator throughput): a memoized answer must be what building it afresh
 * gives, whatever field of the record (or of an object it holds) changed, added or removed, and
 * the memo must stay bounded. The reference is the builder itself, run on every call.
 */
import { describe, expect, it } from 'vitest';
import { AnswerMemo, MAX_VARIANTS } from '../../src/emulator/answer-memo.js';

interface Rec {
  id: string;
  status: string;
  content: { size: number; sha1: string };
  extra?: unknown;
  [more: string]: unknown;
}

const build = (r: Rec, context: string) => ({ id: r.id, status: r.status, size: r.content.size, sha1: r.content.sha1, extra: r.extra ?? null, context });

describe('AnswerMemo', () => {
  it('builds once per state: a repeat is the same frozen body and its JSON text', () => {
    const memo = new AnswerMemo<Rec>();
    const rec: Rec = { id: 'a', status: 'uploading', content: { size: 1, sha1: 'x' } };
    let builds = 0;
    const get = () => memo.get(rec, '', ['ctx'], () => (builds++, build(rec, 'ctx')));
    const first = get();
    expect(first.text).toBe(JSON.stringify(build(rec, 'ctx')));
    expect(get()).toBe(first);
    expect(builds).toBe(1);
    expect(Object.isFrozen(first.body)).toBe(true);
  });

  it('builds again after any change: a top-level field, a nested field, an added or removed field, the context', () => {
    const memo = new AnswerMemo<Rec>();
    const rec: Rec = { id: 'a', status: 'uploading', content: { size: 1, sha1: 'x' } };
    const check = (context = 'ctx') => {
      const got = memo.get(rec, '', [context], () => build(rec, context));
      expect(got.text).toBe(JSON.stringify(build(rec, context)));
      expect(got.body).toEqual(build(rec, context));
    };
    check();
    rec.status = 'available';
    check();
    rec.content.size = 2; // mutated in place: seen through the nested object's properties
    check();
    rec.content = { size: 3, sha1: 'y' };
    check();
    // A nested field added, then removed again (the nested object's identity unchanged).
    (rec.content as Record<string, unknown>).md5 = 'z';
    rec.content.sha1 = 'w';
    check();
    delete (rec.content as Record<string, unknown>).md5;
    rec.content.sha1 = 'v';
    check();
    rec.extra = 'added';
    check();
    delete rec.extra;
    check();
    check('other context');
    // A field the builder does not read changes the state too (harmless: one more build).
    rec.unused = 1;
    check();
  });

  it('keeps variants apart and bounded per record, and records apart', () => {
    const memo = new AnswerMemo<Rec>();
    const a: Rec = { id: 'a', status: 's', content: { size: 1, sha1: 'x' } };
    const b: Rec = { id: 'b', status: 's', content: { size: 1, sha1: 'x' } };
    expect(memo.get(a, 'v', [], () => ({ v: 'a-v' })).body).toEqual({ v: 'a-v' });
    expect(memo.get(a, 'w', [], () => ({ v: 'a-w' })).body).toEqual({ v: 'a-w' });
    expect(memo.get(b, 'v', [], () => ({ v: 'b-v' })).body).toEqual({ v: 'b-v' });
    expect(memo.get(a, 'v', [], () => ({ v: 'rebuilt' })).body).toEqual({ v: 'a-v' });
    let builds = 0;
    for (let i = 0; i < 5 * MAX_VARIANTS; i++) memo.get(a, `variant-${i}`, [], () => (builds++, { i }));
    expect(builds).toBe(5 * MAX_VARIANTS);
    // The earliest variants were dropped (bounded): asking again builds again.
    expect(memo.get(a, 'variant-0', [], () => ({ again: true })).body).toEqual({ again: true });
  });
});
