import { describe, expect, it } from 'vitest';
import {
  MAX_VALUE_DECODINGS,
  REDACTED,
  isSecretHeader,
  isSecretQueryParam,
  redactError,
  redactHeaders,
  redactJson,
  redactSecrets,
  redactUrl,
} from '../../src/core/redact.js';

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

/** Every name the redaction lists hold (src/core/redact.ts), so that dropping one is caught. */
const secretHeaderNames = [
  'authorization',
  'x-auth-token',
  'x-security-token',
  'x-share-token',
  'x-acs-security-token',
  'x-subject-token',
  'cookie',
  'set-cookie',
  'proxy-authorization',
];
const secretQueryNames = [
  'access_token',
  'accesstoken',
  'library_secret',
  'token',
  'signature',
  'security-token',
  'security_token',
  'x-oss-signature',
  'x-amz-signature',
  'sk',
];

describe('redaction lists', () => {
  it.each(secretHeaderNames)('header %s is secret, in any case', (name) => {
    expect(isSecretHeader(name)).toBe(true);
    expect(isSecretHeader(name.toUpperCase())).toBe(true);
    expect(redactHeaders({ [name]: 'v', 'x-request-id': 'r' })).toEqual({ [name]: REDACTED, 'x-request-id': 'r' });
  });

  it.each(secretQueryNames)('query parameter %s is secret, in any case', (name) => {
    expect(isSecretQueryParam(name)).toBe(true);
    expect(isSecretQueryParam(name.toUpperCase())).toBe(true);
    expect(redactUrl(`https://h.test/p?a=1&${name}=v&b=2`)).toBe(`https://h.test/p?a=1&${name}=${REDACTED}&b=2`);
  });

  it('ordinary names are not', () => {
    for (const name of ['accept', 'content-type', 'x-request-id', 'date', 'host', 'x-acs-signature-nonce']) {
      expect(isSecretHeader(name), name).toBe(false);
    }
    for (const name of ['confirm', 'user_id', 'tokens', 'access', 'skip', 'signature_method', '']) {
      expect(isSecretQueryParam(name), name).toBe(false);
    }
  });
});

describe('redactUrl on any URL text', () => {
  it.each([
    ['after a fragment', '/p#x?access_token=t1', `/p#x?access_token=${REDACTED}`],
    // The server reads `a` as `1?access_token=t2`: the value holding a secret parameter goes whole.
    ['after a second ?', '/p?a=1?access_token=t2&b=2', `/p?a=${REDACTED}&b=2`],
    ['inside the fragment', '/p?x=1#access_token=t3', `/p?x=1#access_token=${REDACTED}`],
    ['with ; separators', '/p?a=1;access_token=t4;b=2', `/p?a=1;access_token=${REDACTED};b=2`],
    ['after &amp;', '/p?a=b&amp;access_token=t5', `/p?a=b&amp;access_token=${REDACTED}`],
    ['percent-encoded name', '/p?access%5Ftoken=t6', `/p?access%5Ftoken=${REDACTED}`],
    ['lowercase escape', '/p?access%5ftoken=t7', `/p?access%5ftoken=${REDACTED}`],
    ['double-encoded name', '/p?access%255Ftoken=t8', `/p?access%255Ftoken=${REDACTED}`],
    ['fully encoded name', '/p?%61%63%63%65%73%73%5F%74%6F%6B%65%6E=t9', `/p?%61%63%63%65%73%73%5F%74%6F%6B%65%6E=${REDACTED}`],
    ['+ around the name', '/p?+access_token+=t10', `/p?+access_token+=${REDACTED}`],
    ['repeated', '/p?access_token=t11&access_token=t12', `/p?access_token=${REDACTED}&access_token=${REDACTED}`],
    ['a value with = and /', '/p?access_token=ab/c==&d=1', `/p?access_token=${REDACTED}&d=1`],
    ['malformed escape in the value', '/p?access_token=t13%zz&d=1', `/p?access_token=${REDACTED}&d=1`],
    ['malformed escape in another name', '/p?a%zz=1&token=t14', `/p?a%zz=1&token=${REDACTED}`],
    ['a bare flag before it', '/p?confirm&access_token=t15', `/p?confirm&access_token=${REDACTED}`],
    ['an empty value', '/p?access_token=&a=1', `/p?access_token=${REDACTED}&a=1`],
    ['a bare query', '?access_token=t20&x=1', `?access_token=${REDACTED}&x=1`],
    ['a bare fragment', '#token=t21', `#token=${REDACTED}`],
    ['encoded five times', '/p?access%252525255Ftoken=t22', `/p?access%252525255Ftoken=${REDACTED}`],
    ['an encoded +', '/p?access%2Btoken=t23&%2Baccess_token=t24', `/p?access%2Btoken=t23&%2Baccess_token=${REDACTED}`],
    ['in a log line', 'POST /p?access_token=t16 200 "x"', `POST /p?access_token=${REDACTED} 200 "x"`],
    // The closing quote or bracket goes with the value: over-redacting rather than leaking.
    ['in quotes', '"/p?access_token=t17"', `"/p?access_token=${REDACTED}`],
    ['in markup', '<a href=/p?access_token=t18>x</a> y', `<a href=/p?access_token=${REDACTED} y`],
    ['a URL object', new URL('https://h.test/p?access_token=t19#f'), `https://h.test/p?access_token=${REDACTED}#f`],
  ])('%s', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each([
    ['starting with "', '/a?confirm&access_token="SEKRET"&b=1', `/a?confirm&access_token=${REDACTED}&b=1`],
    ['starting with <', '/a?access_token=<SEKRET>', `/a?access_token=${REDACTED}`],
    ['starting with >', '/a?access_token=>SEKRET;b=1', `/a?access_token=${REDACTED};b=1`],
    ['holding ? and =', '/a?access_token=SE?KR=ET#f', `/a?access_token=${REDACTED}#f`],
    ['the emulator log line', 'POST /api/v1/file/smhdocs/-/k?confirm&access_token="emulator-smh-access-token" 403', `POST /api/v1/file/smhdocs/-/k?confirm&access_token=${REDACTED} 403`],
  ])('a secret value %s is redacted up to the next separator', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it.each([
    ['percent-encoded', '/a?next=%2Fb%3Faccess_token%3DSEKRET&c=1', `/a?next=${REDACTED}&c=1`],
    ['after an encoded &', '/a?next=%2Fb%3Fx%3D1%26token%3DSEKRET', `/a?next=${REDACTED}`],
    ['after an encoded ;', '/a?next=x%3Btoken%3DSEKRET', `/a?next=${REDACTED}`],
    ['after an encoded space', '/a?q=x+access_token%3DSEKRET', `/a?q=${REDACTED}`],
    ['at the start of the value', '/a?q=access_token%3DSEKRET', `/a?q=${REDACTED}`],
    ['with an encoded name', '/a?next=%2Fb%3Faccess%255Ftoken%3DSEKRET', `/a?next=${REDACTED}`],
    ['encoded twice', `/a?next=${encodeURIComponent(encodeURIComponent('/b?access_token=SEKRET'))}`, `/a?next=${REDACTED}`],
    ['as written', '/a?next=/b?x=1?access_token=SEKRET', `/a?next=${REDACTED}`],
  ])('a secret parameter nested in another value, %s, redacts that value', (_name, url, expected) => {
    expect(redactUrl(url)).toBe(expected);
  });

  it(`decodes a value ${MAX_VALUE_DECODINGS} times at most, and redacts one still decoding after them`, () => {
    const encoded = (text: string, times: number) => Array.from({ length: times }).reduce<string>((t) => encodeURIComponent(t), text);
    expect(redactUrl(`/a?next=${encoded('/b?access_token=SEKRET', MAX_VALUE_DECODINGS)}`)).toBe(`/a?next=${REDACTED}`);
    const harmless = `/a?next=${encoded('/b?x=1', MAX_VALUE_DECODINGS)}&c=1`;
    expect(redactUrl(harmless)).toBe(harmless);
    expect(redactUrl(`/a?next=${encoded('/b?x=1', MAX_VALUE_DECODINGS + 1)}&c=1`)).toBe(`/a?next=${REDACTED}&c=1`);
  });

  it('a nested URL without a secret stays byte for byte', () => {
    for (const url of ['/a?next=%2Fb%3Fx%3D1%26y%3D2', '/a?next=/b?x=1&c=%zz', '/a?q=access_token', '/a?q=%2Faccess_token%2Fx%3D1', '/a?q=tokens%3D1']) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('leaves URLs without secrets byte for byte', () => {
    for (const url of ['/p', '/p?', '/p#', '/p?a=1&b=%zz#f', '/p?access+token=v', '/p?%ff%fe=1', '/p?access_token%ff=v', '/p?%41%C3%A9=1', '/p?confirm&x', 'https://h.test/a;token=b/c?x=1', '/p?x=access_token', '?=v&=']) {
      expect(redactUrl(url)).toBe(url);
    }
  });
});

describe('redactSecrets and redactJson', () => {
  it('finds the percent-encoded form in either case and the JSON-pointer form', () => {
    const secret = 'a+b/c~d=';
    expect(redactSecrets(`${secret} ${encodeURIComponent(secret)} a%2bb%2fc~d%3d a+b~1c~0d=`, [secret])).toBe(
      `${REDACTED} ${REDACTED} ${REDACTED} ${REDACTED}`,
    );
    expect(redactSecrets('x.y*z and xqyyz', ['x.y*z'])).toBe(`${REDACTED} and xqyyz`);
  });

  it('skips secrets shorter than 4 characters (they would shred ordinary text), not those of 4', () => {
    expect(redactSecrets('abc abcd', ['abc'])).toBe('abc abcd');
    expect(redactSecrets('abc abcd', ['abcd'])).toBe(`abc ${REDACTED}`);
    expect(redactSecrets('text', [])).toBe('text');
  });

  it('redactJson scrubs keys and strings at any depth, keeps other values', () => {
    const s = 'tok-secret';
    expect(redactJson({ [s]: [s, 1, true, null, { deep: `x${s}` }], n: 2 }, [s])).toEqual({
      [REDACTED]: [REDACTED, 1, true, null, { deep: `x${REDACTED}` }],
      n: 2,
    });
    expect(redactJson(s, [s])).toBe(REDACTED);
    expect(redactJson(undefined, [s])).toBeUndefined();
  });
});

describe('redactError (a safe cause)', () => {
  const secret = 'cause-secret-1';

  it('keeps the class, name, code and primitive fields, scrubs message, stack and strings', () => {
    const original = Object.assign(new TypeError(`fetch failed ${secret}`), { code: 'ECONNRESET', errno: -104, fatal: false, url: `/?t=${secret}`, extra: { secret } });
    const copy = redactError(original, [secret]) as TypeError & Record<string, unknown>;
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy).not.toBe(original);
    expect(copy.name).toBe('TypeError');
    expect(copy.message).toBe(`fetch failed ${REDACTED}`);
    expect(copy.stack?.startsWith(`TypeError: fetch failed ${REDACTED}\n`)).toBe(true);
    expect(copy.stack).not.toContain(secret);
    expect({ code: copy.code, errno: copy.errno, fatal: copy.fatal, url: copy.url, extra: copy.extra }).toEqual({
      code: 'ECONNRESET',
      errno: -104,
      fatal: false,
      url: `/?t=${REDACTED}`,
      extra: undefined,
    });
    expect(Object.keys(copy)).toEqual(['code', 'errno', 'fatal', 'url']);
    expect(Object.hasOwn(copy, 'cause')).toBe(false);
    copy.message = 'changed'; // writable, like a native message (modules run strict: this would throw)
    expect(copy.message).toBe('changed');
    expect(JSON.stringify(copy)).toBe(JSON.stringify({ code: 'ECONNRESET', errno: -104, fatal: false, url: `/?t=${REDACTED}` }));
    expect(original.message).toBe(`fetch failed ${secret}`);
  });

  it('an own name is kept (scrubbed); a missing stack stays missing', () => {
    const e = new Error('m');
    e.name = `Custom${secret}`;
    e.stack = undefined;
    const copy = redactError(e, [secret]) as Error;
    expect(copy.name).toBe(`Custom${REDACTED}`);
    expect(copy.stack).toBeUndefined();
  });

  it('copies nested causes a few levels deep, and other thrown values', () => {
    let chain: unknown = `innermost ${secret}`;
    for (let i = 0; i < 5; i++) chain = new Error(`level ${i} ${secret}`, { cause: chain });
    const levels: string[] = [];
    for (let e = redactError(chain, [secret]) as Error | undefined; e; e = e.cause as Error | undefined) levels.push(e.message);
    expect(levels).toEqual([`level 4 ${REDACTED}`, `level 3 ${REDACTED}`, `level 2 ${REDACTED}`, `level 1 ${REDACTED}`]);
    expect(redactError(`text ${secret}`, [secret])).toBe(`text ${REDACTED}`);
    expect(redactError({ message: secret }, [secret])).toEqual({ message: REDACTED });
    expect(redactError(42, [secret])).toBe(42);
    expect(redactError(null, [secret])).toBeNull();
    expect(redactError(undefined, [secret])).toBeUndefined();
  });
});
