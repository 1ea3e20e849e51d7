/** The wire comparison: exact path and query (bare flags, order), named headers, JSON body; no secret in a mismatch. */
import { describe, expect, it } from 'vitest';
import { compareWire, substitutePlaceholders } from '../../src/conformance/wire-comparison.js';
import type { RecordedRequest } from '../../src/conformance/replay-transport.js';

const base = 'https://replay.example.invalid';
const token = 'smh-secret-token-value-123';
const smhWire = {
  method: 'POST',
  url: '/api/v1/file/lib/-/key?confirm&conflict_resolution_strategy=rename&access_token={accessToken}&user_id=alice',
  headers: { 'content-type': 'application/json' },
};
const sent = (over: Partial<RecordedRequest> = {}): RecordedRequest => ({
  method: 'POST',
  url: `${base}/api/v1/file/lib/-/key?confirm&conflict_resolution_strategy=rename&access_token=${token}&user_id=alice`,
  headers: { 'content-type': 'application/json' },
  body: '{"crc64":"1"}',
  ...over,
});
const options = { placeholders: { accessToken: token }, body: { crc64: '1' }, baseUrl: base };

describe('compareWire', () => {
  it('agrees with the documented request', () => {
    expect(compareWire(smhWire, sent(), options)).toEqual([]);
  });

  it('substitutes placeholders percent-encoded in URLs and raw in headers', () => {
    expect(substitutePlaceholders('a={t}&b={u}', { t: 'x y/z', u: 'v' }, true)).toEqual({ text: 'a=x%20y%2Fz&b=v', unknown: [] });
    expect(substitutePlaceholders('Bearer+{t}', { t: 'x y' })).toEqual({ text: 'Bearer+x y', unknown: [] });
    expect(substitutePlaceholders('{nope}', {})).toEqual({ text: '{nope}', unknown: ['nope'] });
  });

  it('tells a bare flag from confirm=true, and parameter order, without printing the token', () => {
    const withValue = sent({ url: sent().url.replace('?confirm&', '?confirm=true&') });
    const [problem] = compareWire(smhWire, withValue, options);
    expect(problem).toContain('?confirm=true&');
    expect(problem).toContain('access_token={accessToken}');
    expect(problem).not.toContain(token);

    const reordered = sent({
      url: `${base}/api/v1/file/lib/-/key?confirm&access_token=${token}&conflict_resolution_strategy=rename&user_id=alice`,
    });
    expect(compareWire(smhWire, reordered, options)).toHaveLength(1);
  });

  it('redacts an unknown token in the query', () => {
    const other = sent({ url: sent().url.replace(token, 'another-secret-token-999') });
    const [problem] = compareWire(smhWire, other, options);
    expect(problem).toContain('access_token=[REDACTED]');
    expect(problem).not.toContain('another-secret-token-999');
  });

  it('compares the named headers, showing credentials as placeholders only', () => {
    const wire = { method: 'POST', url: '/k', headers: { authorization: '{bearer}', 'content-type': 'application/json' } };
    const kd = { placeholders: { bearer: `Bearer+${token}` }, body: undefined, baseUrl: base };
    const spaced: RecordedRequest = { method: 'POST', url: `${base}/k`, headers: { authorization: `Bearer ${token}` }, body: '' };
    const problems = compareWire(wire, spaced, kd);
    expect(problems).toEqual([
      `header authorization: the docs show '{bearer}', the client sent '[REDACTED]'`,
      "header content-type: the docs show 'application/json', the client sent none",
    ]);
    const labelled = compareWire(wire, spaced, { ...kd, placeholders: { ...kd.placeholders, accessToken: token } });
    expect(labelled[0]).toBe(`header authorization: the docs show '{bearer}', the client sent 'Bearer {accessToken}'`);
    expect(problems.join()).not.toContain(token);
  });

  it('compares the body as JSON and names the differing paths', () => {
    expect(compareWire(smhWire, sent({ body: '{ "crc64" : "1" }' }), options)).toEqual([]);
    expect(compareWire(smhWire, sent({ body: '{"crc64":"2","extra":true}' }), options)).toEqual([
      'body: /crc64 differs: documented "1", got "2"',
      'body: /extra is not in the documented value',
    ]);
    expect(compareWire(smhWire, sent({ body: '' }), options)).toEqual(['body: the docs show a JSON body, the client sent none']);
    expect(compareWire(smhWire, sent({ method: 'PUT' }), options)).toEqual(['method: the docs show POST, the client sent PUT']);
  });
});
