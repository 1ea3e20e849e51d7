import { describe, expect, it } from 'vitest';
import { REDACTED, redactHeaders, redactSecrets, redactUrl } from '../../src/core/redact.js';

describe('redaction', () => {
  it('redacts SMH access_token in a URL and keeps the rest byte for byte', () => {
    const url = 'https://api.tencentsmh.cn/api/v1/file/lib/-/key?confirm&conflict_resolution_strategy=rename&access_token=abc123&user_id=u';
    expect(redactUrl(url)).toBe(
      `https://api.tencentsmh.cn/api/v1/file/lib/-/key?confirm&conflict_resolution_strategy=rename&access_token=${REDACTED}&user_id=u`,
    );
    expect(redactUrl('/path?Access_Token=x#frag')).toBe(`/path?Access_Token=${REDACTED}#frag`);
    expect(redactUrl('/path')).toBe('/path');
  });

  it('redacts secret headers whatever their case', () => {
    expect(
      redactHeaders({ Authorization: 'Bearer t', 'X-Auth-Token': 't', 'x-share-token': 's', 'X-Security-Token': 'st', accept: 'a' }),
    ).toEqual({ Authorization: REDACTED, 'X-Auth-Token': REDACTED, 'x-share-token': REDACTED, 'X-Security-Token': REDACTED, accept: 'a' });
    const h = new Headers({ 'x-acs-security-token': 'sts', date: 'd' });
    expect(redactHeaders(h)).toEqual({ 'x-acs-security-token': REDACTED, date: 'd' });
  });

  it('scrubs secrets and their URL-encoded forms from free text', () => {
    expect(redactSecrets('token a+b/c= and a%2Bb%2Fc%3D', ['a+b/c='])).toBe(`token ${REDACTED} and ${REDACTED}`);
    expect(redactSecrets('short ab stays', ['ab', undefined])).toBe('short ab stays');
  });
});
