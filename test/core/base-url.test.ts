/** The one base-URL rule (src/core/base-url.ts) and the callers that apply it. */
import { describe, expect, it } from 'vitest';
import { baseUrlProblem, checkBaseUrl } from '../../src/core/base-url.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { runConformance } from '../../src/conformance/index.js';

const NOT_ABSOLUTE = 'is not an absolute URL';
const NOT_HTTP = 'must be an http or https URL';
const CARRIES = 'must not carry a query, fragment or user info';

describe('checkBaseUrl', () => {
  it.each([
    'https://d.api.aliyunpds.com',
    'https://metastudio.cn-north-4.myhuaweicloud.com/',
    'http://127.0.0.1:8080',
    'http://[::1]:9/prefix/v1',
    'HTTPS://Example.COM/a%3Fb',
  ])('accepts %s and returns it parsed', (value) => {
    expect(baseUrlProblem(value)).toBeUndefined();
    const url = checkBaseUrl(value, 'baseUrl');
    expect(url).toBeInstanceOf(URL);
    expect(url.href).toBe(new URL(value).href);
  });

  it.each([
    ['not a url', NOT_ABSOLUTE],
    ['', NOT_ABSOLUTE],
    ['/v2/file/get', NOT_ABSOLUTE],
    ['d.api.aliyunpds.com', NOT_ABSOLUTE],
    ['ftp://example.com', NOT_HTTP],
    ['file:///etc/passwd', NOT_HTTP],
    ['javascript:alert(1)', NOT_HTTP],
    ['ws://example.com', NOT_HTTP],
    ['https://api.tencentsmh.cn/?access_token=SECRET-1', CARRIES],
    // An empty query or fragment: `new URL` drops it from `search`/`hash`, but paths appended to
    // `https://x/?` would land in the query.
    ['https://example.com/?', CARRIES],
    ['https://example.com/#', CARRIES],
    ['https://example.com/#SECRET-1', CARRIES],
    ['https://user:SECRET-1@example.com', CARRIES],
    ['https://user@example.com', CARRIES],
    ['https://:SECRET-1@example.com', CARRIES],
  ])('refuses %j: %s, naming the option, never the value', (value, problem) => {
    expect(baseUrlProblem(value)).toBe(problem);
    let thrown: unknown;
    try {
      checkBaseUrl(value, 'baseUrl');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect((thrown as ConfigurationError).option).toBe('baseUrl');
    expect((thrown as ConfigurationError).message).toBe(`baseUrl: ${problem}`);
    expect((thrown as ConfigurationError).message).not.toContain('SECRET-1');
  });

  it('names the option it is given', () => {
    expect(() => checkBaseUrl('ftp://x', 'endpoint')).toThrow(new ConfigurationError('endpoint', NOT_HTTP));
  });

  it('a value that is not a string (from JavaScript) is a ConfigurationError, not a TypeError', () => {
    for (const value of [undefined, null, 42, { toString: () => 'https://x' }]) {
      expect(() => checkBaseUrl(value as never, 'baseUrl')).toThrow(new ConfigurationError('baseUrl', NOT_ABSOLUTE));
    }
  });
});

describe('the callers apply the same rule', () => {
  it('runConformance refuses a live baseUrl with a credential before sending anything', async () => {
    let fetched = false;
    const fetch = async () => {
      fetched = true;
      return new Response('{}');
    };
    await expect(runConformance({ baseUrl: 'https://api.tencentsmh.cn/?access_token=SECRET-1', credentials: {}, fetch })).rejects.toThrow(
      new ConfigurationError('baseUrl', CARRIES),
    );
    await expect(runConformance({ baseUrl: 'ftp://example.com', credentials: {}, fetch })).rejects.toThrow(
      new ConfigurationError('baseUrl', NOT_HTTP),
    );
    expect(fetched).toBe(false);
  });
});
