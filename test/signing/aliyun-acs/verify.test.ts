/**
 * The verifier, fed requests signed by Alibaba's own code (@alicloud/openapi-util
 * getStringToSign / getROASignature over headers written out here), never by drivespec's
 * signer: the two share `computeAcsSignature`, so a round trip would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import { verifyAliyunAcsSignature } from '../../../src/signing/aliyun-acs/index.js';
import type { AcsIncomingRequest } from '../../../src/signing/aliyun-acs/index.js';
import { openApiUtil } from '../support/alibaba-sdk.js';
import { createPrng } from '../support/prng.js';

const signedAt = new Date('2025-03-04T05:06:07Z');
const credentials = { accessKeyId: 'LTAIexampleAccessKey', accessKeySecret: 'aliyun-secret-example', securityToken: 'CAISsts-token-example' };
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const request = {
  method: 'POST',
  url: 'https://example-domain.api.aliyunpds.com/v2/file/get',
  headers: { 'x-acs-extra': 'signed' } as Record<string, string>,
  body: '{"drive_id":"1","file_id":"f"}',
};

/** The headers the PDS SDK gateway sets for `acs` (shared/PROVIDERS.md "AccessKey signature"), signed by openapi-util. */
function signedRequest(): { method: string; url: string; headers: Record<string, string>; body: string } {
  const headers: Record<string, string> = {
    ...request.headers,
    date: 'Tue, 04 Mar 2025 05:06:07 GMT',
    'x-acs-version': '2022-03-01',
    'x-acs-action': 'GetFile',
    'x-acs-signature-nonce': 'nonce-1',
    'x-acs-signature-method': 'HMAC-SHA1',
    'x-acs-signature-version': '1.0',
    'x-acs-security-token': credentials.securityToken,
    accept: 'application/json',
    'content-type': 'application/json; charset=utf-8',
  };
  const stringToSign = openApiUtil.getStringToSign({ method: request.method, pathname: '/v2/file/get', headers, query: {} });
  const authorization = `acs ${credentials.accessKeyId}:${openApiUtil.getROASignature(stringToSign, credentials.accessKeySecret)}`;
  return { ...request, headers: { ...headers, authorization } };
}

const at = (ms: number) => ({ now: () => new Date(signedAt.getTime() + ms) });
type R = ReturnType<typeof signedRequest>;

describe('verifyAliyunAcsSignature', () => {
  it('accepts what openapi-util signed, also as a server sees it', async () => {
    expect(await verifyAliyunAcsSignature(signedRequest(), lookup, at(0))).toEqual({ ok: true, ak: credentials.accessKeyId });
    const r = signedRequest();
    expect((await verifyAliyunAcsSignature({ ...r, url: '/v2/file/get' }, lookup, at(0))).ok).toBe(true);
  });

  it.each([
    ['x-acs header', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-extra': 'changed' } })],
    ['added x-acs header', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-new': '1' } })],
    ['action', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-action': 'CompleteFile' } })],
    ['nonce', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-signature-nonce': 'nonce-2' } })],
    ['security token', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-security-token': 'other' } })],
    ['content-type', (r: R) => ({ ...r, headers: { ...r.headers, 'content-type': 'text/plain' } })],
    ['accept', (r: R) => ({ ...r, headers: { ...r.headers, accept: 'text/html' } })],
    ['date (within the window)', (r: R) => ({ ...r, headers: { ...r.headers, date: 'Tue, 04 Mar 2025 05:06:08 GMT' } })],
    ['path', (r: R) => ({ ...r, url: r.url.replace('/get', '/complete') })],
    ['query', (r: R) => ({ ...r, url: `${r.url}?x=1` })],
    ['method', (r: R) => ({ ...r, method: 'PUT' })],
    ['signature', (r: R) => ({ ...r, headers: { ...r.headers, authorization: r.headers.authorization!.replace(/.=$/, (c) => (c === 'A=' ? 'B=' : 'A=')) } })],
  ])('rejects a tampered %s as mismatch', async (_, tamper) => {
    expect(await verifyAliyunAcsSignature(tamper(signedRequest()), lookup, at(0))).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('does not sign the body (Content-MD5 is left empty), as the SDK gateway does', async () => {
    const r = signedRequest();
    expect((await verifyAliyunAcsSignature({ ...r, body: 'other' }, lookup, at(0))).ok).toBe(true);
  });

  it('rejects a different secret as mismatch and an unknown id as unknown-key', async () => {
    expect(await verifyAliyunAcsSignature(signedRequest(), () => 'other', at(0))).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verifyAliyunAcsSignature(signedRequest(), () => undefined, at(0))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('enforces the Date window both ways', async () => {
    const minutes = (m: number) => m * 60_000;
    expect((await verifyAliyunAcsSignature(signedRequest(), lookup, at(minutes(15)))).ok).toBe(true);
    expect((await verifyAliyunAcsSignature(signedRequest(), lookup, at(-minutes(15)))).ok).toBe(true);
    expect(await verifyAliyunAcsSignature(signedRequest(), lookup, at(minutes(15) + 1000))).toEqual({ ok: false, reason: 'expired' });
    expect(await verifyAliyunAcsSignature(signedRequest(), lookup, at(-minutes(16)))).toEqual({ ok: false, reason: 'expired' });
    expect(await verifyAliyunAcsSignature(signedRequest(), lookup, { now: () => new Date(Number.NaN) })).toEqual({ ok: false, reason: 'expired' });
  });

  it('reports missing and malformed headers', async () => {
    const r = signedRequest();
    const { authorization: _, date: __, ...rest } = r.headers;
    expect(await verifyAliyunAcsSignature({ ...r, headers: { ...rest, date: r.headers.date! } }, lookup, at(0))).toEqual({ ok: false, reason: 'missing' });
    for (const authorization of ['acs', 'acs id', 'Bearer x', `acs ${credentials.accessKeyId}:not-base64`]) {
      expect(await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, authorization } }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
    }
    expect(await verifyAliyunAcsSignature({ ...r, headers: { ...rest, authorization: r.headers.authorization! } }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, date: '2025-03-04T05:06:07Z' } }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
    expect(await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, 'x-acs-signature-method': 'HMAC-SHA256' } }, lookup, at(0))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses an empty secret from the lookup as unknown-key (an HMAC with an empty key is forgeable)', async () => {
    expect(await verifyAliyunAcsSignature(signedRequest(), () => '', at(0))).toEqual({ ok: false, reason: 'unknown-key' });
  });

  it('names each malformed part: blank Authorization, junk around it, Date, version, method, URL, no request', async () => {
    const r = signedRequest();
    const { date: _, ...noDate } = r.headers;
    const failure = (reason: string) => ({ ok: false, reason });
    expect(await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, authorization: ' \t ' } }, lookup, at(0))).toEqual(failure('missing'));
    for (const authorization of [`x${r.headers.authorization}`, `${r.headers.authorization}x`, `${r.headers.authorization}, acs a:b`, `Acs${r.headers.authorization!.slice(3)}`]) {
      expect(await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, authorization } }, lookup, at(0)), authorization).toEqual(failure('malformed'));
    }
    expect((await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, authorization: ` ${r.headers.authorization} ` } }, lookup, at(0))).ok).toBe(true);
    expect(await verifyAliyunAcsSignature({ ...r, headers: noDate }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, 'x-acs-signature-version': '2.0' } }, lookup, at(0))).toEqual(failure('malformed'));
    expect((await verifyAliyunAcsSignature({ ...r, headers: { ...r.headers, 'x-acs-signature-version': ' 1.0 ' } }, lookup, at(0))).ok).toBe(true);
    expect(await verifyAliyunAcsSignature({ ...r, method: 'GE T' }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcsSignature({ ...r, url: 'v2/file/get' }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcsSignature(undefined as unknown as AcsIncomingRequest, lookup, at(0))).toEqual(failure('missing'));
    expect(await verifyAliyunAcsSignature({ headers: r.headers } as unknown as AcsIncomingRequest, lookup, at(0))).toEqual(failure('malformed'));
  });

  it('never throws on garbage, and never accepts it', async () => {
    const rng = createPrng(11);
    const junk = (): unknown =>
      rng.pick<unknown>([undefined, null, 0, '', 'acs', ['a'], {}, 'x'.repeat(20_000), '\uDC00', 'http://[', Symbol('s'), 'Thu, 01 Jan 2026 00:00:00 GMT']);
    const base = signedRequest();
    for (let i = 0; i < 2000; i++) {
      const hostile = {
        method: rng.chance(0.5) ? base.method : junk(),
        url: rng.chance(0.5) ? base.url : junk(),
        headers: rng.chance(0.2) ? junk() : Object.fromEntries(Object.entries(base.headers).map(([k, v]) => [k, rng.chance(0.3) ? junk() : v])),
      } as unknown as AcsIncomingRequest;
      const result = await verifyAliyunAcsSignature(hostile, lookup, at(0));
      const intact =
        hostile.method === base.method && hostile.url === base.url && hostile.headers !== null && typeof hostile.headers === 'object' &&
        Object.entries(base.headers).every(([k, v]) => (hostile.headers as Record<string, unknown>)[k] === v);
      if (!intact) expect(result.ok, `iteration ${i}`).toBe(false);
    }
  });
});
