import { describe, expect, it } from 'vitest';
import { serializeQuery } from '../../src/core/query.js';

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
      serializeQuery(smh, order, { with_inode: '1', user_id: 'u 1', confirm: true, conflict_resolution_strategy: 'ask' }, { access_token: 't' }),
    ).toBe('confirm&conflict_resolution_strategy=ask&access_token=t&user_id=u%201&with_inode=1');
  });
  it('omits a false or absent flag and undefined values', () => {
    expect(serializeQuery(smh, order, { confirm: false, user_id: undefined })).toBe('');
  });
  it('repeats array values and encodes reserved characters', () => {
    expect(serializeQuery([], null, { a: ['x&y', 'z=1'] })).toBe('a=x%26y&a=z%3D1');
  });
});
