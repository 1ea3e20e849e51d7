/**
 * secretEquals compares without hashing (issue 14, emulator throughput): the answer must stay the
 * plain equality of the two strings, checked here against `===`, for every length relation and
 * for strings that UTF-8 would not tell apart.
 */
import { describe, expect, it } from 'vitest';
import { secretEquals } from '../../src/emulator/secure-compare.js';

describe('secretEquals', () => {
  it('is true only for the same string: not a prefix, an extension, one changed character or the empty string', () => {
    const token = 'emulator-pds-access-token';
    expect(secretEquals(token, token)).toBe(true);
    expect(secretEquals('emulator-pds-access-toke', token)).toBe(false);
    expect(secretEquals(`${token}n`, token)).toBe(false);
    expect(secretEquals('emulator-pds-access-tokeN', token)).toBe(false);
    expect(secretEquals('', token)).toBe(false);
    expect(secretEquals(token, '')).toBe(false);
    expect(secretEquals('', '')).toBe(true);
  });

  it('agrees with === over many pairs of every length relation', () => {
    const values = ['a', 'b', 'ab', 'ba', 'abc', 'secret-1', 'secret-10', 'secret-2', 'x'.repeat(300), 'x'.repeat(301), `${'x'.repeat(300)}y`];
    for (const p of values) for (const e of values) expect(secretEquals(p, e)).toBe(p === e);
  });

  it('compares characters, not UTF-8 bytes: a non-ASCII secret matches only itself, lone surrogates are told apart', () => {
    expect(secretEquals('tökén', 'tökén')).toBe(true);
    expect(secretEquals('token', 'tökén')).toBe(false);
    // Both encode to U+FFFD's three UTF-8 bytes; as strings they differ.
    expect(Buffer.from('\uD800').equals(Buffer.from('\uDBFF'))).toBe(true);
    expect(secretEquals('\uD800', '\uDBFF')).toBe(false);
    expect(secretEquals('a\uDC00', 'a\uDC00')).toBe(true);
    // latin1 header bytes (Node's decoding of a header) against an ASCII secret of the same UTF-8 length.
    expect(secretEquals('\u00e9', 'ab')).toBe(false);
  });
});
