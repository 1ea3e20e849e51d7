/**
 * The verifier, fed requests signed by code drivespec did not write: the official Huawei SDK
 * (@huaweicloud/huaweicloud-sdk-core, through support/huawei-sdk.ts) and, for origin-form
 * targets the SDK cannot send, a signature computed in this file with node:crypto from the
 * canonical request written out by hand. drivespec's signer and verifier share
 * `computeSignature`, so a request signed by drivespec's own signer would prove nothing here.
 */
import { createHash, createHmac } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { signHuaweiRequest, verifyHuaweiSignature } from '../../../src/signing/huawei-sdk-hmac-sha256/index.js';
import type { HuaweiIncomingRequest } from '../../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { sdkSign } from '../support/huawei-sdk.js';
import { createPrng } from '../support/prng.js';

const signedAt = new Date('2025-03-04T05:06:07Z');
const credentials = { ak: 'HUAWEIAKEXAMPLE00001', sk: 'huawei-sk-example-secret', securityToken: 'sts-token-example' };
const lookup = (ak: string) => (ak === credentials.ak ? credentials.sk : undefined);
const request = {
  method: 'POST',
  url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/0123456789abcdef/files/f-1/complete?x=1',
  headers: { 'Content-Type': 'application/json' },
  body: '{"state":"CREATED"}',
};

type SignedRequest = { method: string; url: string; headers: Record<string, string>; body: string };
let sdkSigned: SignedRequest;
beforeAll(async () => {
  // The SDK keeps an X-Sdk-Date it is given (HcClient's clock otherwise) and names the host header
  // `host`; it is renamed `Host` here only so the cases below can replace it by that name.
  const { host, ...headers } = (
    await sdkSign({
      endpoint: 'https://metastudio.cn-north-4.myhuaweicloud.com',
      rawPath: '/v1/0123456789abcdef/files/f-1/complete',
      method: 'POST',
      query: { x: '1' },
      headers: { 'Content-Type': 'application/json', 'X-Sdk-Date': '20250304T050607Z' },
      data: { state: 'CREATED' },
      ...credentials,
    })
  ).headers;
  sdkSigned = { ...request, headers: { ...headers, Host: host! } };
});

/** A fresh copy of the request the official SDK signed. */
function signedRequest(): SignedRequest {
  return structuredClone(sdkSigned);
}

const at = (ms: number) => ({ now: () => new Date(signedAt.getTime() + ms) });

describe('verifyHuaweiSignature', () => {
  it('accepts what the official SDK signed (with a security token)', async () => {
    const r = signedRequest();
    expect(r.headers['X-Sdk-Date']).toBe('20250304T050607Z');
    expect(r.headers.Authorization).toMatch(/^SDK-HMAC-SHA256 Access=HUAWEIAKEXAMPLE00001, SignedHeaders=content-type;host;x-sdk-date;x-security-token, Signature=[0-9a-f]{64}$/);
    expect(await verifyHuaweiSignature(r, lookup, at(0))).toEqual({ ok: true, ak: credentials.ak });
  });

  it('accepts the request as a Node server sees it: origin-form URL, lowercase header names', async () => {
    const r = signedRequest();
    const serverSide = {
      method: r.method,
      url: '/v1/0123456789abcdef/files/f-1/complete?x=1',
      headers: Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toLowerCase(), v])),
      body: new TextEncoder().encode(request.body),
    };
    expect(await verifyHuaweiSignature(serverSide, lookup, at(0))).toEqual({ ok: true, ak: credentials.ak });
  });

  it.each([
    ['body', (r: ReturnType<typeof signedRequest>) => ({ ...r, body: '{"state":"FAILED"}' })],
    ['signed header', (r: ReturnType<typeof signedRequest>) => ({ ...r, headers: { ...r.headers, 'Content-Type': 'text/plain' } })],
    ['security token', (r: ReturnType<typeof signedRequest>) => ({ ...r, headers: { ...r.headers, 'X-Security-Token': 'other' } })],
    ['path', (r: ReturnType<typeof signedRequest>) => ({ ...r, url: r.url.replace('f-1', 'f-2') })],
    ['query', (r: ReturnType<typeof signedRequest>) => ({ ...r, url: r.url.replace('x=1', 'x=2') })],
    ['method', (r: ReturnType<typeof signedRequest>) => ({ ...r, method: 'PUT' })],
    ['host', (r: ReturnType<typeof signedRequest>) => ({ ...r, headers: { ...r.headers, Host: 'metastudio.cn-east-3.myhuaweicloud.com' } })],
    ['date (within the window)', (r: ReturnType<typeof signedRequest>) => ({ ...r, headers: { ...r.headers, 'X-Sdk-Date': '20250304T050608Z' } })],
    ['signature', (r: ReturnType<typeof signedRequest>) => ({ ...r, headers: { ...r.headers, Authorization: r.headers.Authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } })],
  ])('rejects a tampered %s as mismatch', async (_, tamper) => {
    expect(await verifyHuaweiSignature(tamper(signedRequest()), lookup, at(0))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('takes the host from Host, else HTTP/2 :authority, else an absolute URL', async () => {
    const { Host: host, ...withoutHost } = signedRequest().headers;
    expect((await verifyHuaweiSignature({ ...request, headers: withoutHost }, lookup, at(0))).ok).toBe(true);
    const relative = { ...request, url: '/v1/0123456789abcdef/files/f-1/complete?x=1' };
    expect((await verifyHuaweiSignature({ ...relative, headers: { ...withoutHost, ':authority': host! } }, lookup, at(0))).ok).toBe(true);
    expect(await verifyHuaweiSignature({ ...relative, headers: withoutHost }, lookup, at(0))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('ignores unsigned headers', async () => {
    const r = signedRequest();
    expect((await verifyHuaweiSignature({ ...r, headers: { ...r.headers, 'User-Agent': 'x' } }, lookup, at(0))).ok).toBe(true);
  });

  it('rejects a different secret as mismatch and an unknown AK as unknown-key', async () => {
    expect(await verifyHuaweiSignature(signedRequest(), () => 'other-secret', at(0))).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyHuaweiSignature(signedRequest(), () => undefined, at(0))).toEqual({ ok: false, reason: 'unknown-key' });
    expect(await verifyHuaweiSignature(signedRequest(), () => '', at(0))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('enforces the X-Sdk-Date window both ways, inclusive at the edge', async () => {
    const minutes = (m: number) => m * 60_000;
    expect((await verifyHuaweiSignature(signedRequest(), lookup, at(minutes(15)))).ok).toBe(true);
    expect((await verifyHuaweiSignature(signedRequest(), lookup, at(-minutes(15)))).ok).toBe(true);
    expect(await verifyHuaweiSignature(signedRequest(), lookup, at(minutes(15) + 1000))).toEqual({ ok: false, reason: 'expired' });
    expect(await verifyHuaweiSignature(signedRequest(), lookup, at(-minutes(15) - 1000))).toEqual({ ok: false, reason: 'expired' });
    expect((await verifyHuaweiSignature(signedRequest(), lookup, { ...at(minutes(20)), maxSkewMs: minutes(30) })).ok).toBe(true);
    expect(await verifyHuaweiSignature(signedRequest(), lookup, { now: () => new Date(Number.NaN) })).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports a missing Authorization header as missing', async () => {
    const { Authorization: _, ...headers } = signedRequest().headers;
    expect(await verifyHuaweiSignature({ ...request, headers }, lookup, at(0))).toEqual({ ok: false, reason: 'missing' });
    expect(await verifyHuaweiSignature({ ...request, headers: { ...headers, authorization: '  ' } }, lookup, at(0))).toEqual({ ok: false, reason: 'missing' });
  });

  it.each([
    ['garbage', 'garbage'],
    ['another scheme', 'Bearer abc'],
    ['x-sdk-date not signed', 'SDK-HMAC-SHA256 Access=HUAWEIAKEXAMPLE00001, SignedHeaders=host, Signature=' + '0'.repeat(64)],
    ['host not signed', 'SDK-HMAC-SHA256 Access=HUAWEIAKEXAMPLE00001, SignedHeaders=x-sdk-date, Signature=' + '0'.repeat(64)],
  ])('reports %s as malformed', async (_, authorization) => {
    const r = signedRequest();
    expect(await verifyHuaweiSignature({ ...r, headers: { ...r.headers, Authorization: authorization } }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reports a missing or unparsable X-Sdk-Date as malformed', async () => {
    const r = signedRequest();
    const { 'X-Sdk-Date': _, ...withoutDate } = r.headers;
    expect(await verifyHuaweiSignature({ ...r, headers: withoutDate }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyHuaweiSignature({ ...r, headers: { ...r.headers, 'X-Sdk-Date': 'Tue, 04 Mar 2025 05:06:07 GMT' } }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('never throws on garbage, and never accepts it', async () => {
    const rng = createPrng(7);
    const junk = (): unknown =>
      rng.pick<unknown>([
        undefined,
        null,
        42,
        '',
        'SDK-HMAC-SHA256 Access=',
        ['a', 'b'],
        { toString: () => 'x' },
        new Uint8Array([1, 2]),
        '\u0000\uD800',
        'x'.repeat(20_000),
        `SDK-HMAC-SHA256 Access=${'A'.repeat(9000)}, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`,
        '20250304T050607Z',
        'http://[::1',
        '/\uD800?%zz=%',
        Symbol('s'),
      ]);
    const base = signedRequest();
    for (let i = 0; i < 2000; i++) {
      const hostile = {
        method: rng.chance(0.5) ? base.method : junk(),
        url: rng.chance(0.5) ? base.url : junk(),
        headers: rng.chance(0.2)
          ? junk()
          : // Host is left alone: without it the host comes from the absolute URL, by design.
            Object.fromEntries(Object.entries(base.headers).map(([k, v]) => [k, k !== 'Host' && rng.chance(0.3) ? junk() : v])),
        body: rng.chance(0.5) ? base.body : junk(),
      } as unknown as HuaweiIncomingRequest;
      const result = await verifyHuaweiSignature(hostile, lookup, at(0));
      const intact =
        hostile.method === base.method && hostile.url === base.url && hostile.body === base.body && hostile.headers !== null &&
        typeof hostile.headers === 'object' && Object.entries(base.headers).every(([k, v]) => (hostile.headers as Record<string, unknown>)[k] === v);
      if (!intact) expect(result.ok, `iteration ${i}`).toBe(false);
    }
    expect(await verifyHuaweiSignature(undefined as unknown as HuaweiIncomingRequest, lookup, at(0))).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('origin-form targets', () => {
  it('are signed and verified byte for byte: dot segments and // are not normalized', async () => {
    // The canonical request by hand (the algorithm page's steps), hashed and keyed with node:crypto.
    const canonical = [
      'GET',
      '//v1/./p/../files/',
      'a=1&b=2',
      'host:metastudio.cn-north-4.myhuaweicloud.com',
      'x-sdk-date:20250304T050607Z',
      '',
      'host;x-sdk-date',
      createHash('sha256').update('').digest('hex'),
    ].join('\n');
    const toSign = `SDK-HMAC-SHA256\n20250304T050607Z\n${createHash('sha256').update(canonical).digest('hex')}`;
    const authorization =
      `SDK-HMAC-SHA256 Access=${credentials.ak}, SignedHeaders=host;x-sdk-date, ` +
      `Signature=${createHmac('sha256', credentials.sk).update(toSign).digest('hex')}`;
    const raw = { method: 'GET', url: '//v1/./p/../files?b=2&a=1', headers: { Host: 'metastudio.cn-north-4.myhuaweicloud.com' } };
    const incoming = { ...raw, headers: { ...raw.headers, 'X-Sdk-Date': '20250304T050607Z', Authorization: authorization } };
    expect(await verifyHuaweiSignature(incoming, lookup, at(0))).toEqual({ ok: true, ak: credentials.ak });
    expect(await verifyHuaweiSignature({ ...incoming, url: '/v1/files?b=2&a=1' }, lookup, at(0))).toEqual({ ok: false, reason: 'mismatch' });
    // The signer writes the same canonical request and Authorization (without a security token).
    const signed = await signHuaweiRequest(raw, { ak: credentials.ak, sk: credentials.sk }, { now: () => signedAt });
    expect(signed.canonicalRequest).toBe(canonical);
    expect(signed.headers.Authorization).toBe(authorization);
  });

  it('need a Host header to be signed', async () => {
    await expect(signHuaweiRequest({ method: 'GET', url: '/v1/x', headers: {} }, credentials, { now: () => signedAt })).rejects.toThrow(
      /headers.host/,
    );
  });
});
