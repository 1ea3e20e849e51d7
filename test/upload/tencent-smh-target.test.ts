/**
 * The COS target of an SMH upload (x-drivespec-transfer `https://{domain}{path}`): the scheme rule
 * (HTTPS, except a `domain` that is the API's own host, which gets the API's scheme: the emulator
 * serves its COS over plain HTTP on its own origin), and an answer's hostile domain, path or
 * headers refused before anything is sent.
 */
import { describe, expect, it } from 'vitest';
import { ResponseValidationError } from '../../src/core/errors.js';
import { cosTarget } from '../../src/upload/tencent-smh.js';

const info = (over: Record<string, unknown> = {}) => ({
  domain: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com',
  path: '/smhxxx/xxx.mp4',
  headers: { 'Content-Type': 'application/octet-stream', Authorization: 'q-sign', 'x-cos-traffic-limit': 102400 },
  ...over,
});

describe('scheme', () => {
  it('a COS host is reached over HTTPS whatever the API base URL', () => {
    expect(cosTarget(info(), 'http://127.0.0.1:8080').url).toBe('https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/smhxxx/xxx.mp4');
    expect(cosTarget(info(), 'https://api.tencentsmh.cn').url).toMatch(/^https:\/\//);
  });

  it('the API’s own host (host and port) gets the API’s scheme', () => {
    expect(cosTarget(info({ domain: '127.0.0.1:8080' }), 'http://127.0.0.1:8080/').url).toBe('http://127.0.0.1:8080/smhxxx/xxx.mp4');
    expect(cosTarget(info({ domain: 'LOCALHOST:8080' }), 'http://localhost:8080').url).toBe('http://LOCALHOST:8080/smhxxx/xxx.mp4');
    // Same host, another port: not the API, so HTTPS.
    expect(cosTarget(info({ domain: '127.0.0.1:9090' }), 'http://127.0.0.1:8080').url).toMatch(/^https:\/\//);
  });

  it('a part: ?uploadId (encoded) & partNumber; the status page’s path without a leading / gets one', () => {
    const t = cosTarget(info({ path: 'smhxxx/xxx.mp4' }), 'https://api.tencentsmh.cn', { uploadId: 'a+b/c', partNumber: 7 });
    expect(t.url).toBe('https://examplebucket-1250000000.cos.ap-beijing.myqcloud.com/smhxxx/xxx.mp4?uploadId=a%2Bb%2Fc&partNumber=7');
    expect(t.method).toBe('PUT');
  });
});

describe('headers', () => {
  it('exactly the answer’s headers, numbers as their decimal text; Host and Content-Length are fetch’s', () => {
    const t = cosTarget(info({ headers: { Authorization: 'q', 'x-cos-traffic-limit': 102400, Host: 'elsewhere', 'content-length': '9' } }), 'https://api.tencentsmh.cn');
    expect(t.headers).toEqual({ Authorization: 'q', 'x-cos-traffic-limit': '102400' });
  });
});

describe('hostile answers', () => {
  for (const domain of ['evil.example/x', 'user@evil.example', '', 'a b', 'evil.example?x', 'evil.example#f', 'https://evil.example']) {
    it(`domain ${JSON.stringify(domain)} is refused`, () => {
      expect(() => cosTarget(info({ domain }), 'https://api.tencentsmh.cn')).toThrow(ResponseValidationError);
    });
  }
  for (const path of ['/a?b=1', '/a#f', '/a b', '/a\r\nX: y']) {
    it(`path ${JSON.stringify(path)} is refused`, () => {
      expect(() => cosTarget(info({ path }), 'https://api.tencentsmh.cn')).toThrow(ResponseValidationError);
    });
  }
  it('a header name that is no token, or a value with CR/LF, is refused', () => {
    expect(() => cosTarget(info({ headers: { 'Bad Name': 'x' } }), 'https://api.tencentsmh.cn')).toThrow(ResponseValidationError);
    expect(() => cosTarget(info({ headers: { 'x-ok': 'a\r\nInjected: 1' } }), 'https://api.tencentsmh.cn')).toThrow(ResponseValidationError);
  });
  it('the refusal names the field, never the header values (they are credentials)', () => {
    const error = (() => {
      try {
        cosTarget(info({ headers: { Authorization: 'SECRET-SIGNATURE\n' } }), 'https://api.tencentsmh.cn');
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/headers/);
    expect(error?.message).not.toContain('SECRET');
  });
});
