/**
 * The verifier, fed requests signed by the independent implementation
 * (independent/acs4.py --verify > verify-vectors.json), never by drivespec's signer: the two
 * share `computeAcs4Signature`, so a round trip would prove nothing.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  acs4Region,
  formatAcs4Date,
  parseAcs4Authorization,
  parseAcs4Date,
  signAliyunAcs4Request,
  verifyAliyunAcs4Signature,
  type Acs4IncomingRequest,
} from '../../../src/signing/aliyun-acs4/index.js';
import { SigningError } from '../../../src/signing/shared/signing-error.js';
import { createPrng } from '../support/prng.js';

const signedAt = new Date('2026-03-04T05:06:07Z');
const credentials = { accessKeyId: 'LTAIv4Example', accessKeySecret: 'v4-secret', securityToken: 'CAISv4token' };
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const request = {
  method: 'POST',
  url: 'https://bj1.api.aliyunpds.com/v2/file/get',
  headers: { 'x-acs-extra': 'signed', 'user-agent': 'not signed' } as Record<string, string>,
  body: '{"drive_id":"1","file_id":"f"}',
};

type R = { method: string; url: string; headers: Record<string, string>; body: string | Uint8Array };
interface VerifyVector {
  name: string;
  source: string;
  input: { method: string; url: string; time: string; accessKeyId: string; accessKeySecret: string; securityToken: string; body: string };
  expected: { headers: Record<string, string> };
}
const verifyVectors = JSON.parse(readFileSync(new URL('./verify-vectors.json', import.meta.url), 'utf8')) as VerifyVector[];
/** A fresh copy of the request acs4.py signed for `name` (the same inputs as `request` above). */
function independentlySigned(name: 'base' | 'declared hash lies' | 'no body'): R {
  const vector = verifyVectors.find((v) => v.name === name)!;
  return { method: vector.input.method, url: vector.input.url, headers: { ...vector.expected.headers }, body: vector.input.body };
}
const signedRequest = (): R => independentlySigned('base');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const at = (ms: number) => ({ now: () => new Date(signedAt.getTime() + ms) });
const failure = (reason: string) => ({ ok: false, reason });
const withAuth = (r: R, edit: (a: string) => string): R => ({ ...r, headers: { ...r.headers, authorization: edit(r.headers.authorization!) } });

describe('verifyAliyunAcs4Signature', () => {
  it('the vectors come from the independent implementation, with the inputs of `request`', async () => {
    expect(verifyVectors.map((v) => v.name)).toEqual(['base', 'declared hash lies', 'no body']);
    for (const v of verifyVectors) expect(v.source).toMatch(/^test\/signing\/aliyun-acs4\/independent\/acs4\.py: /);
    const base = verifyVectors[0]!.input;
    expect([base.method, base.url, base.body, base.time]).toEqual([request.method, request.url, request.body, signedAt.toISOString().replace('.000', '')]);
    expect([base.accessKeyId, base.accessKeySecret, base.securityToken]).toEqual([credentials.accessKeyId, credentials.accessKeySecret, credentials.securityToken]);
  });

  it('accepts what the independent implementation signed, also as a server sees it', async () => {
    expect(await verifyAliyunAcs4Signature(signedRequest(), lookup, at(0))).toEqual({ ok: true, ak: credentials.accessKeyId });
    const r = signedRequest();
    const asServer = { ...r, url: '/v2/file/get', headers: { ...r.headers, host: 'bj1.api.aliyunpds.com' }, body: Buffer.from(r.body) };
    expect((await verifyAliyunAcs4Signature(asServer, lookup, at(0))).ok).toBe(true);
    expect((await verifyAliyunAcs4Signature({ ...r, headers: { ...r.headers, 'user-agent': 'changed' } }, lookup, at(0))).ok).toBe(true);
  });

  it.each([
    ['x-acs header', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-extra': 'changed' } })],
    ['action', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-action': 'CompleteFile' } })],
    ['nonce', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-signature-nonce': 'nonce-2' } })],
    ['security token', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-security-token': 'other' } })],
    ['content-type', (r: R) => ({ ...r, headers: { ...r.headers, 'content-type': 'text/plain' } })],
    ['accept', (r: R) => ({ ...r, headers: { ...r.headers, accept: 'text/html' } })],
    ['date', (r: R) => ({ ...r, headers: { ...r.headers, date: 'Wed, 04 Mar 2026 05:06:08 GMT' } })],
    ['x-acs-date (within the window)', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-date': '2026-03-04T05:06:08Z' } })],
    ['body (declared hash kept)', (r: R) => ({ ...r, body: '{"drive_id":"2","file_id":"f"}' })],
    ['body and its declared hash', (r: R) => ({ ...r, body: 'other', headers: { ...r.headers, 'x-acs-content-sha256': sha256('other') } })],
    ['added x-acs header', (r: R) => ({ ...r, headers: { ...r.headers, 'x-acs-new': '1' } })],
    ['path', (r: R) => ({ ...r, url: r.url.replace('/get', '/complete') })],
    ['query', (r: R) => ({ ...r, url: `${r.url}?x=1` })],
    ['host (region)', (r: R) => ({ ...r, url: r.url.replace('bj1.api', 'cn-hangzhou.admin') })],
    ['method', (r: R) => ({ ...r, method: 'PUT' })],
    ['signature', (r: R) => withAuth(r, (a) => a.replace(/.$/, (c) => (c === '0' ? '1' : '0')))],
  ])('rejects a tampered %s as mismatch', async (_, tamper) => {
    expect(await verifyAliyunAcs4Signature(tamper(signedRequest()), lookup, at(0))).toEqual(failure('mismatch'));
  });

  it('refuses claims that differ from what the server derives, even when the signature covers the request', async () => {
    // Signed over x-acs-extra, but the list claims it was not signed; then scope date and region.
    const r = signedRequest();
    expect(await verifyAliyunAcs4Signature(withAuth(r, (a) => a.replace('x-acs-extra;', '')), lookup, at(0))).toEqual(failure('mismatch'));
    expect(await verifyAliyunAcs4Signature(withAuth(r, (a) => a.replace('/20260304/', '/20260305/')), lookup, at(0))).toEqual(failure('mismatch'));
    expect(await verifyAliyunAcs4Signature(withAuth(r, (a) => a.replace('/center/', '/cn-hangzhou/')), lookup, at(0))).toEqual(failure('mismatch'));
  });

  it('verifies a request without a body as the hash of the empty string', async () => {
    const { headers } = independentlySigned('no body');
    expect(headers['x-acs-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await verifyAliyunAcs4Signature({ method: 'GET', url: request.url, headers }, lookup, at(0))).toEqual({ ok: true, ak: credentials.accessKeyId });
    expect((await verifyAliyunAcs4Signature({ method: 'GET', url: request.url, headers, body: '' }, lookup, at(0))).ok).toBe(true);
    expect(await verifyAliyunAcs4Signature({ method: 'GET', url: request.url, headers, body: 'x' }, lookup, at(0))).toEqual(failure('mismatch'));
    // drivespec's signer declares the same hash for no body.
    const signed = await signAliyunAcs4Request({ method: 'GET', url: request.url, headers: {} }, credentials, { now: () => signedAt, nonce: () => 'n', action: 'GetFile' });
    expect(signed.headers['x-acs-content-sha256']).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('refuses a declared x-acs-content-sha256 that is not the body’s, even under a valid signature', async () => {
    // acs4.py signed a header that lies about the body and the body's true hash (verify-vectors.json).
    const lying = independentlySigned('declared hash lies');
    expect(lying.headers['x-acs-content-sha256']).toBe(sha256('another body'));
    expect(await verifyAliyunAcs4Signature(lying, lookup, at(0))).toEqual(failure('mismatch'));
    // The same request with the true hash declared is accepted, so only the declared hash made the difference.
    const honest = independentlySigned('base');
    expect(Object.keys(honest.headers).filter((k) => honest.headers[k] !== lying.headers[k])).toEqual(['authorization', 'x-acs-content-sha256']);
    expect((await verifyAliyunAcs4Signature(honest, lookup, at(0))).ok).toBe(true);
  });

  it('refuses an empty secret as unknown-key and a wrong one as mismatch', async () => {
    expect(await verifyAliyunAcs4Signature(signedRequest(), () => '', at(0))).toEqual(failure('unknown-key'));
    expect(await verifyAliyunAcs4Signature(signedRequest(), () => undefined, at(0))).toEqual(failure('unknown-key'));
    expect(await verifyAliyunAcs4Signature(signedRequest(), () => 'other', at(0))).toEqual(failure('mismatch'));
  });

  it('enforces the x-acs-date window both ways, fail closed on a broken clock', async () => {
    const minutes = (m: number) => m * 60_000;
    expect((await verifyAliyunAcs4Signature(signedRequest(), lookup, at(minutes(15)))).ok).toBe(true);
    expect((await verifyAliyunAcs4Signature(signedRequest(), lookup, at(-minutes(15)))).ok).toBe(true);
    expect(await verifyAliyunAcs4Signature(signedRequest(), lookup, at(minutes(15) + 1000))).toEqual(failure('expired'));
    expect(await verifyAliyunAcs4Signature(signedRequest(), lookup, at(-minutes(16)))).toEqual(failure('expired'));
    expect(await verifyAliyunAcs4Signature(signedRequest(), lookup, { ...at(minutes(2)), maxSkewMs: 60_000 })).toEqual(failure('expired'));
    expect(await verifyAliyunAcs4Signature(signedRequest(), lookup, { now: () => new Date(Number.NaN) })).toEqual(failure('expired'));
  });

  it('names missing and malformed parts', async () => {
    const r = signedRequest();
    const without = (name: string) => Object.fromEntries(Object.entries(r.headers).filter(([k]) => k !== name));
    expect(await verifyAliyunAcs4Signature({ ...r, headers: without('authorization') }, lookup, at(0))).toEqual(failure('missing'));
    expect(await verifyAliyunAcs4Signature({ ...r, headers: { ...r.headers, authorization: ' \t' } }, lookup, at(0))).toEqual(failure('missing'));
    expect(await verifyAliyunAcs4Signature(undefined as unknown as Acs4IncomingRequest, lookup, at(0))).toEqual(failure('missing'));
    for (const edit of [(a: string) => `x${a}`, (a: string) => `${a}x`, (a: string) => `${a},Signature=${'0'.repeat(64)}`, (a: string) => a.replace('ACS4', 'acs4'), (a: string) => a.replace(',', ', ')]) {
      expect(await verifyAliyunAcs4Signature(withAuth(r, edit), lookup, at(0))).toEqual(failure('malformed'));
    }
    expect((await verifyAliyunAcs4Signature(withAuth(r, (a) => ` ${a}\t`), lookup, at(0))).ok).toBe(true);
    expect(await verifyAliyunAcs4Signature({ ...r, headers: without('x-acs-date') }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcs4Signature({ ...r, headers: { ...r.headers, 'x-acs-date': r.headers.date! } }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcs4Signature({ ...r, headers: without('x-acs-content-sha256') }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcs4Signature({ ...r, method: 'GE T' }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcs4Signature({ ...r, url: 'v2/file/get' }, lookup, at(0))).toEqual(failure('malformed'));
    expect(await verifyAliyunAcs4Signature({ ...r, body: 42 } as unknown as R, lookup, at(0))).toEqual(failure('malformed'));
  });

  it('never throws on garbage, and never accepts it', async () => {
    const rng = createPrng(44);
    const junk = (): unknown =>
      rng.pick<unknown>([undefined, null, 0, '', 'ACS4-HMAC-SHA256', ['a'], {}, 'x'.repeat(20_000), '\uDC00', 'http://[', Symbol('s'), '2026-03-04T05:06:07Z']);
    const base = signedRequest();
    for (let i = 0; i < 2000; i++) {
      const hostile = {
        method: rng.chance(0.5) ? base.method : junk(),
        url: rng.chance(0.5) ? base.url : junk(),
        body: rng.chance(0.5) ? base.body : junk(),
        headers: rng.chance(0.2) ? junk() : Object.fromEntries(Object.entries(base.headers).map(([k, v]) => [k, rng.chance(0.3) ? junk() : v])),
      } as unknown as Acs4IncomingRequest;
      const result = await verifyAliyunAcs4Signature(hostile, lookup, at(0));
      const intact =
        hostile.method === base.method && hostile.url === base.url && hostile.body === base.body && hostile.headers !== null && typeof hostile.headers === 'object' &&
        // user-agent is not signed: junk there changes nothing.
        Object.entries(base.headers).every(([k, v]) => k === 'user-agent' || (hostile.headers as Record<string, unknown>)[k] === v);
      if (!intact) expect(result.ok, `iteration ${i}`).toBe(false);
    }
  });
});

describe('ACS4 steps', () => {
  it('region: center, unless an admin host names it (port and letter case aside)', async () => {
    expect(acs4Region('bj1.api.aliyunpds.com')).toBe('center');
    expect(acs4Region('127.0.0.1:8080')).toBe('center');
    expect(acs4Region(undefined)).toBe('center');
    expect(acs4Region('cn-hangzhou.admin.aliyunpds.com')).toBe('cn-hangzhou');
    expect(acs4Region('CN-Shanghai.Admin.AliyunPDS.com:443')).toBe('cn-shanghai');
  });

  it('x-acs-date: formats without a fraction and parses only that form', async () => {
    expect(formatAcs4Date(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05Z');
    expect(parseAcs4Date('2026-01-02T03:04:05Z')).toEqual(new Date('2026-01-02T03:04:05Z'));
    for (const bad of ['2026-02-30T00:00:00Z', '2026-01-02T03:04:05.000Z', '2026-01-02 03:04:05Z', '2026-01-02T03:04:05+00:00', ' 2026-01-02T03:04:05Z', '2026-01-02T24:00:00Z']) {
      expect(parseAcs4Date(bad), bad).toBeUndefined();
    }
  });

  it('Authorization: parses what the SDK writes, nothing else', async () => {
    const sig = 'a'.repeat(64);
    const good = `ACS4-HMAC-SHA256 Credential=LTAI/20260101/center/pds/aliyun_v4_request,SignedHeaders=x-acs-a;x-acs-b,Signature=${sig}`;
    expect(parseAcs4Authorization(good)).toEqual({ accessKeyId: 'LTAI', date: '20260101', region: 'center', signedHeaders: 'x-acs-a;x-acs-b', signature: sig });
    for (const bad of [
      good.replace('LTAI', 'LT,AI'),
      good.replace('LTAI', 'LT AI'),
      good.replace('/pds/', '/oss/'),
      good.replace('x-acs-a;', 'host;'),
      good.replace('x-acs-a', 'X-Acs-A'),
      good.replace(sig, sig.toUpperCase()),
      good.replace(sig, `${sig}0`),
      good.replace('20260101', '2026011'),
      `${good} `.repeat(400),
    ]) {
      expect(parseAcs4Authorization(bad), bad.slice(0, 120)).toBeUndefined();
    }
    // Surrounding blanks are stripped (however many); past 8192 characters nothing is parsed.
    expect(parseAcs4Authorization(` \t ${good}\t \t`)?.signature).toBe(sig);
    expect(parseAcs4Authorization(good.padStart(8192, ' '))?.signature).toBe(sig);
    expect(parseAcs4Authorization(good.padStart(8193, ' '))).toBeUndefined();
  });
});

describe('signAliyunAcs4Request', () => {
  const sign = (patch: { credentials?: object; body?: unknown; method?: string; action?: string; nonce?: () => unknown; now?: () => unknown }) => () =>
    signAliyunAcs4Request(
      { ...request, method: patch.method ?? 'POST', ...('body' in patch ? { body: patch.body as string } : {}) },
      { ...credentials, ...patch.credentials },
      { now: (patch.now ?? (() => signedAt)) as () => Date, nonce: (patch.nonce ?? (() => 'n')) as () => string, action: ('action' in patch ? patch.action : 'GetFile') as string },
    );

  it('refuses what cannot be signed with a SigningError naming the field, never the value', async () => {
    for (const [patch, field] of [
      [{ credentials: { accessKeyId: 'a b' } }, 'credentials.accessKeyId'],
      [{ credentials: { accessKeyId: 'a/b' } }, 'credentials.accessKeyId'],
      [{ credentials: { accessKeySecret: '' } }, 'credentials.accessKeySecret'],
      [{ credentials: { securityToken: 'a\nb' } }, 'credentials.securityToken'],
      [{ method: 'GE T' }, 'method'],
      [{ action: 'Get File' }, 'action'],
      [{ action: undefined as unknown as string }, 'action'],
      [{ nonce: () => 42 }, 'nonce'],
      [{ body: new ReadableStream() }, 'body'],
      [{ nonce: () => 'a b' }, 'nonce'],
      [{ now: () => new Date(Number.NaN) }, 'now'],
    ] as const) {
      let error: unknown;
      try {
        await sign(patch)();
      } catch (e) {
        error = e;
      }
      expect(error, field).toBeInstanceOf(SigningError);
      expect((error as SigningError).field).toBe(field);
      expect((error as Error).message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: \\w.{10,}`));
      expect((error as Error).message).not.toMatch(/a b|a\/b|a\nb/);
    }
  });

  it('keeps the request’s own Accept and Content-Type (signed as given), else sets the gateway’s JSON defaults', async () => {
    const own = await signAliyunAcs4Request({ ...request, headers: { Accept: 'text/plain', 'Content-Type': 'application/octet-stream' } }, credentials, { now: () => signedAt, nonce: () => 'n', action: 'GetFile' });
    expect(own.headers.accept).toBeUndefined();
    expect(own.headers['content-type']).toBeUndefined();
    expect(own.canonicalRequest.split('\n').slice(2, 5)).toEqual(['text/plain', '', 'application/octet-stream']);
    const defaults = await signAliyunAcs4Request({ ...request, headers: {} }, credentials, { now: () => signedAt, nonce: () => 'n', action: 'GetFile' });
    expect([defaults.headers.accept, defaults.headers['content-type']]).toEqual(['application/json', 'application/json; charset=utf-8']);
  });

  it('replaces an Authorization and the headers it sets, so re-signing is safe; sends no acs method/version headers', async () => {
    const first = await signAliyunAcs4Request(request, credentials, { now: () => signedAt, nonce: () => 'n1', action: 'GetFile' });
    const again = await signAliyunAcs4Request({ ...request, headers: { ...request.headers, ...first.headers } }, credentials, {
      now: () => new Date(signedAt.getTime() + 1000),
      nonce: () => 'n2',
      action: 'GetFile',
    });
    expect(again.headers['x-acs-signature-nonce']).toBe('n2');
    // Re-signing gives exactly what signing the clean request gives: nothing of the first signature leaks in.
    const fresh = await signAliyunAcs4Request(request, credentials, { now: () => new Date(signedAt.getTime() + 1000), nonce: () => 'n2', action: 'GetFile' });
    expect(again.canonicalRequest).toBe(fresh.canonicalRequest);
    expect({ ...request.headers, ...first.headers, ...again.headers }).toEqual({ ...request.headers, ...fresh.headers });
    expect(Object.keys(first.headers).filter((k) => k.startsWith('x-acs-signature-m') || k.startsWith('x-acs-signature-v'))).toEqual([]);
    expect(first.headers['x-acs-security-token']).toBe(credentials.securityToken);
  });
});
