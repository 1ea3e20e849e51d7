/** HAR files as hostile input: every fault an InputError naming the entry and field, never a value, never a TypeError. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/errors.js';
import { decodeHarBytes, parseHar } from '../../../src/conformance/har/parse-har.js';
import { readHarFile } from '../../../src/conformance/har/read-har-file.js';

const SECRET = 'tok-3f9a1c77e2b54d0e8a6b';

function entry(overrides: { request?: Record<string, unknown>; response?: Record<string, unknown> } = {}) {
  return {
    request: { method: 'POST', url: `https://api.tencentsmh.cn/x?access_token=${SECRET}`, headers: [{ name: 'Authorization', value: `Bearer ${SECRET}` }], bodySize: 0, ...overrides.request },
    response: { status: 200, headers: [], content: { size: 2, mimeType: 'application/json', text: '{}' }, ...overrides.response },
  };
}
const har = (...entries: unknown[]) => JSON.stringify({ log: { version: '1.2', entries } });

function refusal(text: string): InputError {
  try {
    parseHar(text);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).not.toContain(SECRET);
    return error as InputError;
  }
  throw new Error('parsed');
}

describe('parseHar refuses what is no HAR', () => {
  it.each([
    ['not JSON', `{"log": {"entries": [${SECRET}`, 'the HAR file is not JSON'],
    ['JSON but no log', '[1,2]', 'the HAR file has no `log` object (not a HAR 1.2 export)'],
    ['log.entries not an array', '{"log":{"entries":{}}}', 'the HAR file has no `log.entries` array'],
    ['an entry that is no object', har(entry(), 7), 'HAR entry 1:  is not an object'],
    ['no request', har({ response: {} }), 'HAR entry 0: request is missing or not an object'],
    ['a response that is a string', har({ request: entry().request, response: SECRET }), 'HAR entry 0: response is missing or not an object'],
    ['a method with a space', har(entry({ request: { method: `GET ${SECRET}` } })), 'HAR entry 0: request.method is not an HTTP method'],
    ['a relative URL', har(entry({ request: { url: `/x?access_token=${SECRET}` } })), 'HAR entry 0: request.url is not an absolute URL'],
    ['a URL that is a number', har(entry({ request: { url: 5 } })), 'HAR entry 0: request.url is not a string'],
    ['a data: URL', har(entry({ request: { url: `data:text/plain,${SECRET}` } })), 'HAR entry 0: request.url is not an http(s) URL'],
    ['a status that is a string', har(entry({ response: { status: '200' } })), 'HAR entry 0: response.status is not an HTTP status'],
    ['headers that are an object', har(entry({ request: { headers: { Authorization: SECRET } } })), 'HAR entry 0: request.headers is not a {name, value} list'],
    ['a header value that is a number', har(entry({ response: { status: 200, headers: [{ name: 'x', value: 1 }] } })), 'HAR entry 0: response.headers[0] is not a {name, value} list'],
    ['postData text not a string', har(entry({ request: { postData: { mimeType: 'application/json', text: [SECRET] } } })), 'HAR entry 0: request.postData.text is not a string'],
    ['an unknown content encoding', har(entry({ response: { status: 200, content: { size: 1, text: 'x', encoding: 'gzip' } } })), 'HAR entry 0: response.content has an encoding other than base64'],
    ['base64 that is not', har(entry({ response: { status: 200, content: { size: 1, text: `${SECRET}!!`, encoding: 'base64' } } })), 'HAR entry 0: response.content.text is not valid base64'],
    ['form params that are an object', har(entry({ request: { postData: { mimeType: 'application/x-www-form-urlencoded', params: { access_token: SECRET } } } })), 'HAR entry 0: request.postData.params is not a list'],
    [
      'a form param value that is a number',
      har(entry({ request: { postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a', value: 'b' }, { name: SECRET, value: 7 }] } } })),
      'HAR entry 0: request.postData.params[1] is not a {name, value, fileName, contentType} record of strings',
    ],
    ['a form param without a name', har(entry({ request: { postData: { mimeType: 'multipart/form-data', params: [{ value: SECRET }] } } })), 'HAR entry 0: request.postData.params[0] is not a {name, value, fileName, contentType} record of strings'],
  ])('%s', (_, text, message) => {
    expect(refusal(text).message).toBe(message);
  });

  it('refuses more entries than its limit', () => {
    expect(() => parseHar(har(entry(), entry(), entry()), { maxEntries: 2 })).toThrow(new InputError('the HAR file has 3 entries, more than the limit of 2'));
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(() => decodeHarBytes(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).toThrow(new InputError('the HAR file is not UTF-8 text'));
  });

  it('keeps `__proto__` and `constructor` keys as data', () => {
    const text = '{"log":{"entries":[{"__proto__":{"request":{}},"request":{"method":"GET","url":"https://a.example/"},"response":{"status":204,"__proto__":{"content":{"text":"x"}}}}]}}';
    const [e] = parseHar(text);
    expect(e!.responseBody).toEqual({ state: 'not-recorded', size: -1 });
    expect(({} as Record<string, unknown>).request).toBeUndefined();
  });
});

describe('parseHar reads bodies as the recorders write them', () => {
  it('base64 content (binary or non-UTF-8 answers) is decoded to its bytes', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x7b, 0x80]);
    const [e] = parseHar(har(entry({ response: { status: 200, content: { size: 4, text: Buffer.from(bytes).toString('base64'), encoding: 'base64' } } })));
    expect(e!.responseBody).toEqual({ state: 'recorded', bytes, mimeType: undefined });
  });

  it('a text shorter than content.size is truncated; no text with a size is not recorded; empty is absent', () => {
    const [cut, none, empty] = parseHar(
      har(
        entry({ response: { status: 200, content: { size: 100, text: '{"a":' } } }),
        entry({ response: { status: 200, content: { size: 100, mimeType: 'application/json' } } }),
        entry({ response: { status: 204, content: { size: 0, text: '' } } }),
      ),
    );
    expect(cut!.responseBody).toEqual({ state: 'truncated', size: 100, recorded: 5 });
    expect(none!.responseBody).toEqual({ state: 'not-recorded', size: 100 });
    expect(empty!.responseBody).toEqual({ state: 'absent' });
  });

  it('a missing postData is no body, or an unrecorded one when bodySize says bytes were sent', () => {
    const [get, lost, cut] = parseHar(
      har(
        entry({ request: { method: 'GET', bodySize: 0 } }),
        entry({ request: { bodySize: 120 } }),
        entry({ request: { bodySize: 120, postData: { mimeType: 'application/json', text: '{"name":' } } }),
      ),
    );
    expect(get!.requestBody).toEqual({ state: 'absent' });
    expect(lost!.requestBody).toEqual({ state: 'not-recorded', size: 120 });
    expect(cut!.requestBody).toEqual({ state: 'truncated', size: 120, recorded: 8 });
  });

  it('a form recorded as `params` (HAR 1.2) is kept as its fields; `text`, where there is one, wins', () => {
    const params = [
      { name: 'a', value: '1' },
      { name: 'f', fileName: 'x.bin', contentType: 'application/octet-stream' },
    ];
    const [fields, raw, empty] = parseHar(
      har(
        entry({ request: { bodySize: 40, postData: { mimeType: 'multipart/form-data; boundary=b', params } } }),
        entry({ request: { bodySize: 3, postData: { mimeType: 'application/x-www-form-urlencoded', params: [{ name: 'a', value: '1' }], text: 'a=1' } } }),
        entry({ request: { bodySize: 0, postData: { mimeType: 'application/x-www-form-urlencoded', params: [] } } }),
      ),
    );
    expect(fields!.requestBody).toEqual({ state: 'form', params, mimeType: 'multipart/form-data; boundary=b' });
    expect(raw!.requestBody).toEqual({ state: 'recorded', bytes: new TextEncoder().encode('a=1'), mimeType: 'application/x-www-form-urlencoded' });
    expect(empty!.requestBody).toEqual({ state: 'absent' });
  });

  it('a UTF-8 BOM before the document is allowed', () => {
    expect(parseHar(`\ufeff${har(entry())}`)).toHaveLength(1);
  });
});

describe('readHarFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'drivespec-har-read-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a file over the limit before reading it', async () => {
    const path = join(dir, 'big.har');
    await writeFile(path, har(entry(), entry()));
    await expect(readHarFile(path, { maxBytes: 100 })).rejects.toThrow(/^the HAR file is \d+ bytes, more than the limit of 100$/);
    await expect(readHarFile(path)).resolves.toHaveLength(2);
  });

  it('refuses a directory, a missing file and non-UTF-8 bytes, each an InputError', async () => {
    await mkdir(join(dir, 'folder.har'));
    await expect(readHarFile(join(dir, 'folder.har'))).rejects.toThrow(new InputError('the HAR file is not a regular file'));
    await expect(readHarFile(join(dir, 'absent.har'))).rejects.toThrow(new InputError('cannot open the HAR file (ENOENT)'));
    await writeFile(join(dir, 'latin1.har'), Buffer.from('{"log":{"entries":[]},"x":"\xe9"}', 'latin1'));
    await expect(readHarFile(join(dir, 'latin1.har'))).rejects.toThrow(new InputError('the HAR file is not UTF-8 text'));
  });
});
