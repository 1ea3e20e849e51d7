/**
 * secretEquals remembers the expected secrets' digests (issue 11, Throughput): the answer must
 * stay the plain equality of the two strings, whatever was compared before and however many
 * expected values went through the bounded cache.
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
    expect(secretEquals('', '')).toBe(true);
    // The same expected value again (its digest now remembered) gives the same answers.
    expect(secretEquals(token, token)).toBe(true);
    expect(secretEquals('emulator-pds-access-tokeN', token)).toBe(false);
  });

  it('stays right for values compared before and after the cache of expected digests overflows', () => {
    const values = Array.from({ length: 200 }, (_, i) => `secret-${i}`);
    for (const v of values) expect(secretEquals(v, v)).toBe(true);
    for (const [i, v] of values.entries()) {
      expect(secretEquals(v, values[(i + 1) % values.length]!)).toBe(false);
      expect(secretEquals(v, v)).toBe(true);
    }
  });

  it('compares characters, not UTF-8 bytes alone: a non-ASCII secret matches only itself', () => {
    expect(secretEquals('tökén', 'tökén')).toBe(true);
    expect(secretEquals('token', 'tökén')).toBe(false);
  });
});
