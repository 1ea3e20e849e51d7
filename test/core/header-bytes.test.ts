import { describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import { fromHeaderBytes, headerParamsAsBytes, headerValueProblem, toHeaderBytes } from '../../src/core/header-bytes.js';

describe('header bytes (issue 9 item 6)', () => {
  it.each(['ascii only', 'usér-ü', 'user-Ā', 'ユーザー', '😀'])('%j: sent as its UTF-8 octets, read back as the same text', (text) => {
    const bytes = toHeaderBytes(text);
    expect(/^[\x00-\xff]*$/.test(bytes)).toBe(true);
    expect(Buffer.from(bytes, 'latin1')).toEqual(Buffer.from(text, 'utf8'));
    expect(fromHeaderBytes(bytes)).toBe(text);
    expect(() => new Headers({ 'x-app-userid': bytes })).not.toThrow();
  });

  it('reads octets that are not UTF-8 as latin1 (what the official Huawei Node SDK sends), and text as text', () => {
    expect(fromHeaderBytes('us\xe9r-\xfc')).toBe('usér-ü');
    expect(fromHeaderBytes('\xff\xfe')).toBe('\xff\xfe');
    expect(fromHeaderBytes('user-Ā')).toBe('user-Ā');
    expect(fromHeaderBytes('Ãé')).toBe('Ãé'); // C3 E9: not UTF-8
    expect(fromHeaderBytes('plain')).toBe('plain');
    expect(fromHeaderBytes('Ã©Ā')).toBe('Ã©Ā'); // above U+00FF: text already, even if the rest reads as UTF-8
  });

  it('encodes string header parameters only, and leaves the other groups alone', () => {
    const params = { path: { id: 'é' }, header: { 'X-App-UserId': 'é', 'X-Count': 3 } };
    expect(headerParamsAsBytes(params, 'op')).toEqual({ path: { id: 'é' }, header: { 'X-App-UserId': '\xc3\xa9', 'X-Count': 3 } });
    expect(params.header['X-App-UserId']).toBe('é');
    expect(headerParamsAsBytes({ path: {} }, 'op')).toEqual({ path: {} });
    expect(headerParamsAsBytes(undefined, 'op')).toBeUndefined();
  });
});

describe('header values no header can carry (review D3)', () => {
  it.each(['a\u0000b', 'a\rb', 'a\nb', 'a\u0001b', 'a\u001fb', 'a\u007fb', 'a\ud800b', 'a\udc00b', '\ud800'])('%j: a RequestValidationError naming the operation and the header', (value) => {
    expect(headerValueProblem(value)).toBeTypeOf('string');
    let error: unknown;
    try {
      headerParamsAsBytes({ header: { 'X-Any': value } }, 'SomeOp');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).operationId).toBe('SomeOp');
    expect((error as RequestValidationError).part).toBe('parameters');
    expect((error as RequestValidationError).issues).toEqual([{ path: '/header/X-Any', message: headerValueProblem(value), keyword: 'header' }]);
  });

  it.each(['a\tb', 'plain', 'é', '👤', '\u0080', '\u00ff', ' x '])('%j can be sent', (value) => {
    expect(headerValueProblem(value)).toBeUndefined();
    expect(headerParamsAsBytes({ header: { 'X-Any': value } }, 'SomeOp')).toEqual({ header: { 'X-Any': toHeaderBytes(value) } });
  });

  it('leaves a null header group alone', () => {
    expect(headerParamsAsBytes({ header: null }, 'Op')).toEqual({ header: null });
  });

  it('checks each value of an array', () => {
    expect(headerParamsAsBytes({ header: { 'X-Any': ['é', 'a'] } }, 'Op')).toEqual({ header: { 'X-Any': ['\xc3\xa9', 'a'] } });
    expect(() => headerParamsAsBytes({ header: { 'X-Any': ['ok', 'a\nb'] } }, 'Op')).toThrow(RequestValidationError);
  });
});
