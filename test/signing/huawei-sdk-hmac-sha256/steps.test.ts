import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalUri,
  formatSdkDate,
  parseAuthorization,
  parseSdkDate,
  payloadHash,
  signedHeaderList,
} from '../../../src/signing/huawei-sdk-hmac-sha256/index.js';

describe('canonicalUri', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/v1/p/files/f1/complete', '/v1/p/files/f1/complete/'],
    ['/v1/p/files/f1/complete/', '/v1/p/files/f1/complete/'],
    ['/a%20b/%E4%B8%AD', '/a%20b/%E4%B8%AD/'],
    ["/a!b'c(d)e*f", '/a%21b%27c%28d%29e%2Af/'],
    ['/%41%7e', '/A~/'],
    ['/a%2Fb/c', '/a%2Fb/c/'],
    ['/a//b', '/a//b/'],
    ['/bad%zz%', '/bad%25zz%25/'],
    ['/%C3', '/%25C3/'],
  ])('%j -> %j', async (path, expected) => {
    expect(canonicalUri(path)).toBe(expected);
  });
});

describe('canonicalQuery', () => {
  it.each([
    ['', ''],
    ['?', ''],
    ['?limit=2&marker=x', 'limit=2&marker=x'],
    ['?b=1&a=2', 'a=2&b=1'],
    ['?a=2&a=1&a=10', 'a=1&a=10&a=2'],
    ['?confirm&conflict_resolution_strategy=rename', 'confirm=&conflict_resolution_strategy=rename'],
    ['?empty=', 'empty='],
    ['?q=a%20b&r=a+b', 'q=a%20b&r=a%2Bb'],
    ['?k=%7e%2a', 'k=~%2A'],
    ['?%C3%A9=1&b=2', '%C3%A9=1&b=2'],
    ['?a=1&&=x&b', 'a=1&b='],
    ['?x=%zz', 'x=%25zz'],
    ['?F=1&b=2', 'F=1&b=2'],
  ])('%j -> %j', async (search, expected) => {
    expect(canonicalQuery(search)).toBe(expected);
  });
});

describe('canonical headers', () => {
  it('sorts by character code and trims only surrounding whitespace', async () => {
    const headers = new Map([
      ['x-sdk-date', '20240101T000000Z'],
      ['host', 'h'],
      ['content-type', ' application/json '],
      ['x-b', 'a  b'],
    ]);
    const signed = signedHeaderList(headers.keys());
    expect(signed).toEqual(['content-type', 'host', 'x-b', 'x-sdk-date']);
    expect(canonicalHeaders(headers, signed)).toBe('content-type:application/json\nhost:h\nx-b:a  b\nx-sdk-date:20240101T000000Z\n');
  });
});

describe('payloadHash', () => {
  it('hashes the body as UTF-8 bytes, string or Uint8Array alike', async () => {
    const empty = new Map<string, string>();
    expect(await payloadHash(undefined, empty)).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // SHA-256 of E4 B8 AD, the UTF-8 bytes of 中 (node:crypto).
    const utf8 = createHash('sha256').update(Buffer.from([0xe4, 0xb8, 0xad])).digest('hex');
    expect(await payloadHash('中', empty)).toBe(utf8);
    expect(await payloadHash(new TextEncoder().encode('中'), empty)).toBe(utf8);
  });
  it('takes X-Sdk-Content-Sha256 verbatim, including UNSIGNED-PAYLOAD', async () => {
    expect(await payloadHash('body', new Map([['x-sdk-content-sha256', 'UNSIGNED-PAYLOAD']]))).toBe('UNSIGNED-PAYLOAD');
  });
});

describe('dates', () => {
  it('formats and parses YYYYMMDDTHHMMSSZ in UTC, dropping milliseconds', async () => {
    expect(formatSdkDate(new Date('2019-11-15T03:36:55.999Z'))).toBe('20191115T033655Z');
    expect(parseSdkDate('20191115T033655Z')?.toISOString()).toBe('2019-11-15T03:36:55.000Z');
  });
  it.each(['', '20191115T033655', '2019-11-15T03:36:55Z', '20190230T000000Z', '20191115T246000Z', ' 20191115T033655Z'])(
    'rejects %j',
    (text) => {
      expect(parseSdkDate(text)).toBeUndefined();
    },
  );
});

describe('parseAuthorization', () => {
  const sig = 'a'.repeat(64);
  it('reads what the SDKs write', async () => {
    expect(parseAuthorization(`SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=${sig}`)).toEqual({
      ak: 'AK1',
      signedHeaders: ['host', 'x-sdk-date'],
      signature: sig,
    });
  });
  it.each([
    '',
    'SDK-HMAC-SHA256',
    `AWS4-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${sig}`,
    `SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=${sig}`,
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=Host, Signature=${sig}`,
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;;x, Signature=${sig}`,
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${sig.slice(1)}`,
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host, Signature=${sig.toUpperCase()}`,
    `SDK-HMAC-SHA256 Access=AK1 SignedHeaders=host Signature=${sig}`,
    `SDK-HMAC-SHA256 Access=AK1, SignedHeaders=${'h;'.repeat(5000)}h, Signature=${sig}`,
  ])('rejects %j', async (value) => {
    expect(parseAuthorization(value)).toBeUndefined();
  });
});
