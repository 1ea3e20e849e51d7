/** The emulator's request-target parsing and its id rule (src/emulator/request-target.ts), unit by unit. */
import { describe, expect, it } from 'vitest';
import { isSafeId, parseRequestTarget, tryDecode, unsafeIdReason } from '../../src/emulator/request-target.js';

describe('parseRequestTarget', () => {
  it.each([
    ['/a/b', { path: '/a/b', query: '' }],
    ['/a/b?c=1&d', { path: '/a/b', query: 'c=1&d' }],
    ['/a?', { path: '/a', query: '' }],
    ['/a#frag', { path: '/a', query: '' }],
    ['/a?q#frag?x', { path: '/a', query: 'q' }],
    ['/%2e%2e/x', { path: '/%2e%2e/x', query: '' }],
    ['http://h:1/a/b?c', { path: '/a/b', query: 'c' }],
    ['HTTPS://h/a', { path: '/a', query: '' }],
    ['http://h', { path: '/', query: '' }],
    ['http://h?x', undefined],
  ])('%j', (target, expected) => {
    expect(parseRequestTarget(target)).toEqual(expected);
  });
  it.each(['*', 'h/a', 'https://h/a#f', 'ftp://h/a', 'xhttp://h/a', 'http://h/a#b#c', 'http:/h/a', ''])('refuses %j', (target) => {
    expect(parseRequestTarget(target)).toBeUndefined();
  });
});

describe('tryDecode', () => {
  it('decodes, and gives undefined for invalid percent-encoding', () => {
    expect(tryDecode('a%2Fb%2e')).toBe('a/b.');
    expect(tryDecode('%zz')).toBeUndefined();
    expect(tryDecode('%E0%A4%A')).toBeUndefined();
  });
});

describe('isSafeId and unsafeIdReason', () => {
  it.each([
    ['', 'is empty'],
    ['x'.repeat(1025), 'is longer than 1024 characters'],
    ['😀'.repeat(1025), 'is longer than 1024 characters'],
    ['.', 'is "."'],
    ['a/b', 'contains a path separator'],
    ['/' + 'x'.repeat(1023), 'contains a path separator'],
    ['a\\b', 'contains a path separator'],
    ['..', 'contains ".."'],
    ['a..b', 'contains ".."'],
    ['a\u0000b', 'contains a control character'],
    ['a\u001fb', 'contains a control character'],
    ['a\u007fb', 'contains a control character'],
  ])('%j is refused: %s', (id, reason) => {
    expect(isSafeId(id)).toBe(false);
    expect(unsafeIdReason(id)).toBe(reason);
  });
  it.each(['a', 'x'.repeat(1024), '😀'.repeat(1024), '.a', 'a.', 'a.b', '%2e', '.%2e', 'a\u0080b', ' '])('%j is allowed', (id) => {
    expect(isSafeId(id)).toBe(true);
  });
});
