import { describe, expect, it } from 'vitest';
import {
  canonicalAcsHeaders,
  canonicalResource,
  formatAcsDate,
  parseAcsAuthorization,
  parseAcsDate,
} from '../../../src/signing/aliyun-acs/index.js';

describe('canonicalResource', () => {
  it.each([
    ['/v2/file/get', '', '/v2/file/get'],
    ['/v2/file/get', '?', '/v2/file/get'],
    ['/v2/x', '?b=2&a=1', '/v2/x?a=1&b=2'],
    ['/v2/x', '?flag&e=&v=1', '/v2/x?e&flag&v=1'],
    ['/v2/x', '?k=a%20b&s=a+b&p=a%2Bb', '/v2/x?k=a b&p=a+b&s=a b'],
    ['/v2/a+b', '?sp+ace=v+w', '/v2/a+b?sp ace=v w'],
    ['/v2/x', '?a=2&a=1', '/v2/x?a=1&a=2'],
    ['/v2/%E4%B8%AD', '?%C3%A9=%E2%82%AC', '/v2/中?é=€'],
    ['/v2/x', '?B=1&a=2', '/v2/x?B=1&a=2'],
    ['/bad%zz', '?x=%', '/bad%zz?x=%'],
  ])('%j %j -> %j', (pathname, search, expected) => {
    expect(canonicalResource(pathname, search)).toBe(expected);
  });
});

describe('canonicalAcsHeaders', () => {
  it('keeps only x-acs-*, sorted, values trimmed', () => {
    const headers = new Map([
      ['x-acs-version', '2022-03-01'],
      ['date', 'ignored'],
      ['x-acs-action', ' GetFile\t'],
      ['x-acs-signature-nonce', 'a  b'],
      ['x-ac', 'not signed'],
    ]);
    expect(canonicalAcsHeaders(headers)).toBe('x-acs-action:GetFile\nx-acs-signature-nonce:a  b\nx-acs-version:2022-03-01\n');
    expect(canonicalAcsHeaders(new Map())).toBe('');
  });
});

describe('dates', () => {
  it('formats and parses IMF-fixdate', () => {
    expect(formatAcsDate(new Date('2026-01-01T00:00:00.900Z'))).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(parseAcsDate('Thu, 01 Jan 2026 00:00:00 GMT')?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });
  it.each([
    '',
    'Fri, 01 Jan 2026 00:00:00 GMT',
    'Thu, 1 Jan 2026 00:00:00 GMT',
    'Thu, 01 Jan 2026 00:00:00 UTC',
    'Thursday, 01-Jan-26 00:00:00 GMT',
    'Thu Jan  1 00:00:00 2026',
    'Tue, 31 Feb 2026 00:00:00 GMT',
    'Thu, 01 Foo 2026 00:00:00 GMT',
    '2026-01-01T00:00:00Z',
  ])('rejects %j', (text) => {
    expect(parseAcsDate(text)).toBeUndefined();
  });
});

describe('parseAcsAuthorization', () => {
  it('reads `acs id:signature`', () => {
    expect(parseAcsAuthorization('acs LTAIexample:LEY57wuVGuq/Jcl3CSoHGQONgpA=')).toEqual({
      accessKeyId: 'LTAIexample',
      signature: 'LEY57wuVGuq/Jcl3CSoHGQONgpA=',
    });
  });
  it.each([
    '',
    'acs',
    'acs :LEY57wuVGuq/Jcl3CSoHGQONgpA=',
    'acs id:',
    'acs id:short=',
    'ACS id:LEY57wuVGuq/Jcl3CSoHGQONgpA=',
    'Bearer token',
    'acs id:LEY57wuVGuq/Jcl3CSoHGQONgpA=extra',
    `acs ${'a'.repeat(9000)}:LEY57wuVGuq/Jcl3CSoHGQONgpA=`,
  ])('rejects %j', (value) => {
    expect(parseAcsAuthorization(value)).toBeUndefined();
  });
});
