import { describe, expect, it } from 'vitest';
import { queryParameterNames, serializeQuery } from '../../src/core/query.js';

const smh = [
  { name: 'confirm', in: 'query', flag: true },
  { name: 'conflict_resolution_strategy', in: 'query', flag: false },
  { name: 'user_id', in: 'query', flag: false },
  { name: 'with_inode', in: 'query', flag: false },
];
const order = ['confirm', 'conflict_resolution_strategy', 'access_token', 'user_id', 'with_inode'];

describe('serializeQuery', () => {
  it('writes flags bare and keeps the documented order, credential included', () => {
    expect(
      serializeQuery(smh, order, { with_inode: '1', user_id: 'u 1', confirm: '', conflict_resolution_strategy: 'ask' }, { access_token: 't' }),
    ).toBe('confirm&conflict_resolution_strategy=ask&access_token=t&user_id=u%201&with_inode=1');
  });
  it('omits an absent flag and undefined values', () => {
    expect(serializeQuery(smh, order, { confirm: undefined, user_id: undefined })).toBe('');
    expect(serializeQuery(smh, order, { confirm: null })).toBe('');
  });
  it("writes a flag's only value ('') bare, and any other value as name=value for the server to judge", () => {
    expect(serializeQuery(smh, order, { confirm: '' })).toBe('confirm');
    // The spec admits only '' (specs/tencent-smh.yaml): other values are sent, not silently dropped or made bare.
    expect(serializeQuery(smh, order, { confirm: 'true' })).toBe('confirm=true');
    expect(serializeQuery(smh, order, { confirm: true })).toBe('confirm=true');
    expect(serializeQuery(smh, order, { confirm: false })).toBe('confirm=false');
    // A parameter that is not a flag keeps its `=` even when empty.
    expect(serializeQuery(smh, order, { user_id: '' })).toBe('user_id=');
  });
  it('repeats array values and encodes reserved characters', () => {
    expect(serializeQuery([], null, { a: ['x&y', 'z=1'] })).toBe('a=x%26y&a=z%3D1');
  });
});

describe('queryParameterNames', () => {
  it('names every parameter, bare or valued, decoded where it can be, with or without the ?', () => {
    expect([...queryParameterNames('?confirm&access_token=t&a%20b=1&c+d&bad%E6=2&&x=')]).toEqual(['confirm', 'access_token', 'a b', 'c d', 'bad%E6', 'x']);
    expect([...queryParameterNames('')]).toEqual([]);
  });
});
