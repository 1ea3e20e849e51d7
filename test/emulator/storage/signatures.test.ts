/**
 * The storage URLs' signatures and expiry: every part of a signed URL is covered, a URL of another
 * emulator or another upload does not work, and expiry follows the injected clock.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cosAuthorization, reservedQueryNames, signedQuery, verifyStorageRequest } from '../../../src/emulator/storage/url-signing.js';
import type { StorageFlavor } from '../../../src/emulator/storage/upload-store.js';
import { parseQuery } from '../../../src/emulator/query.js';
import { T0, bytes, errorCode, put, startStorageHarness, upload, type StorageHarness } from './support.js';

let h: StorageHarness;
let other: StorageHarness;
beforeAll(async () => {
  h = await startStorageHarness();
  other = await startStorageHarness();
});
afterAll(async () => {
  await h.close();
  await other.close();
});

const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function edit(url: string, change: (q: URLSearchParams) => void): string {
  const u = new URL(url);
  change(u.searchParams);
  return u.toString();
}

async function refused(url: string, status: number, code: string, headers: Record<string, string> = {}): Promise<void> {
  const r = await put(url, 'abc', headers);
  expect([r.status, errorCode(r.text)], url).toEqual([status, code]);
}

describe.each<[Exclude<StorageFlavor, 'cos'>, string, string]>([
  ['oss', 'Signature', 'Expires'],
  ['obs', 'Signature', 'Expires'],
  ['s3', 'X-Amz-Signature', 'X-Amz-Expires'],
])('%s URLs', (flavor, signatureName, expiryName) => {
  it('a changed signature, expiry, part number or extra parameter, an added or missing one: refused', async () => {
    h.clock.now = T0;
    const key = h.storage.create(upload({ flavor }));
    const url = h.storage.putUrl(key, h.emulator.url, 1, { extraQuery: { 'X-Amz-Iteration-Hash-Ctx': 'eyJoIjpbXX0=' } });
    const signature = new URL(url).searchParams.get(signatureName)!;
    expect(signature).toMatch(/^[0-9a-f]{64}$/);
    const flipped = `${signature.slice(0, -1)}${signature.endsWith('0') ? '1' : '0'}`;
    await refused(edit(url, (q) => q.set(signatureName, flipped)), 403, 'SignatureDoesNotMatch');
    await refused(edit(url, (q) => q.set(expiryName, String(Number(q.get(expiryName)) + 3600))), 403, 'SignatureDoesNotMatch');
    await refused(edit(url, (q) => q.set('partNumber', '2')), 403, 'SignatureDoesNotMatch');
    await refused(edit(url, (q) => q.set('X-Amz-Iteration-Hash-Ctx', 'eyJoIjpbMV19')), 403, 'SignatureDoesNotMatch');
    await refused(edit(url, (q) => q.append('uploadId', 'x')), 403, 'SignatureDoesNotMatch');
    await refused(edit(url, (q) => q.append('partNumber', '1')), 400, 'InvalidArgument');
    await refused(edit(url, (q) => q.delete(signatureName)), 403, 'AccessDenied');
    expect(h.storage.parts(key)).toEqual([]);
    const ok = await put(url, 'abc');
    expect(ok.status).toBe(200);
    // The signed query is kept with the part (KooDrive reads its hash context back).
    expect(h.storage.parts(key)[0]!.query['X-Amz-Iteration-Hash-Ctx']).toBe('eyJoIjpbXX0=');
  });

  it("another upload's path, or another emulator's URL: refused", async () => {
    h.clock.now = T0;
    const a = h.storage.create(upload({ flavor }));
    const b = h.storage.create(upload({ flavor }));
    await refused(h.storage.putUrl(a, h.emulator.url, 1).replace(a, b), 403, 'SignatureDoesNotMatch');
    const foreign = other.storage.create(upload({ flavor }));
    const foreignUrl = new URL(other.storage.putUrl(foreign, other.emulator.url, 1));
    await refused(`${h.emulator.url}${foreignUrl.pathname}${foreignUrl.search}`, 403, 'SignatureDoesNotMatch');
  });

  it('expiry: the URL\'s own, and the upload\'s (renew moves it; old URLs keep their own)', async () => {
    h.clock.now = T0;
    const key = h.storage.create(upload({ flavor, expiresAt: minutes(15) }));
    const short = h.storage.putUrl(key, h.emulator.url, 1, { expiresAt: minutes(5) });
    const long = h.storage.putUrl(key, h.emulator.url, 2, { expiresAt: minutes(60) });
    const byDefault = h.storage.putUrl(key, h.emulator.url, 3);
    h.clock.now = new Date(minutes(5).getTime() - 1);
    expect((await put(short, 'a')).status).toBe(200);
    h.clock.now = minutes(5);
    await refused(short, 403, 'AccessDenied');
    h.clock.now = minutes(15);
    await refused(byDefault, 403, 'AccessDenied');
    // The URL would still live, but the upload's credentials expired.
    await refused(long, 403, 'AccessDenied');
    h.storage.renew(key, minutes(30));
    expect((await put(long, 'b')).status).toBe(200);
    await refused(byDefault, 403, 'AccessDenied');
    expect((await put(h.storage.putUrl(key, h.emulator.url, 3), 'c')).status).toBe(200);
    h.clock.now = T0;
  });
});

describe('cos Authorization', () => {
  it('q-sign-time bounds the headers; renew hands out new ones', async () => {
    h.clock.now = T0;
    const key = h.storage.create(upload({ provider: 'tencent-smh', flavor: 'cos', expiresAt: minutes(10) }));
    const first = h.storage.cosTarget(key, h.emulator.url);
    expect(first.headers.Authorization).toContain(`q-sign-time=${T0.getTime() / 1000};${minutes(10).getTime() / 1000}`);
    const url = `http://${first.domain}${first.path}?partNumber=1`;
    const tampered = first.headers.Authorization!.replace(/q-sign-time=(\d+);(\d+)/, (_, a: string, b: string) => `q-sign-time=${a};${Number(b) + 600}`);
    await refused(url, 403, 'SignatureDoesNotMatch', { Authorization: tampered });
    h.clock.now = minutes(10);
    await refused(url, 403, 'AccessDenied', first.headers);
    h.storage.renew(key, minutes(20));
    await refused(url, 403, 'AccessDenied', first.headers);
    const renewed = h.storage.cosTarget(key, h.emulator.url);
    expect((await put(url, bytes(5), renewed.headers)).status).toBe(200);
    h.clock.now = T0;
  });
});

describe('the string to sign (known answer, HMAC by node:crypto)', () => {
  it('oss: HMAC-SHA256 of "PUT\\n<path>\\n<expiry>\\n<sorted, encoded query>"', () => {
    const secret = Buffer.alloc(32, 7);
    const path = '/__drivespec/storage/oss/AAAAAAAAAAAAAAAAAAAAAA';
    const query = signedQuery(secret, 'oss', path, [['partNumber', '2'], ['b c', 'x/y']], new Date(1_700_000_000_500), new Date(0));
    const expected = createHmac('sha256', secret).update(`PUT\n${path}\n1700000001\nExpires=1700000001&b%20c=x%2Fy&partNumber=2`).digest('hex');
    expect(query).toBe(`partNumber=2&b%20c=x%2Fy&Expires=1700000001&Signature=${expected}`);
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error('unparsable');
    expect(verifyStorageRequest(secret, 'oss', 'PUT', path, parsed.values, undefined, new Date(1_700_000_000_999))).toMatchObject({ ok: true });
    expect(verifyStorageRequest(secret, 'oss', 'PUT', path, parsed.values, undefined, new Date(1_700_000_001_000))).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(verifyStorageRequest(secret, 'oss', 'POST', path, parsed.values, undefined, new Date(0))).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
  });

  it('s3: X-Amz-Date and X-Amz-Expires from the clock; the expiry signed is their sum', () => {
    const secret = Buffer.alloc(32, 9);
    const path = '/__drivespec/storage/s3/AAAAAAAAAAAAAAAAAAAAAA';
    const query = signedQuery(secret, 's3', path, [['partNumber', '1']], new Date('2024-01-04T03:54:03.200Z'), new Date('2024-01-04T02:54:03.900Z'));
    const canonical = 'X-Amz-Date=20240104T025403Z&X-Amz-Expires=3601&partNumber=1';
    const expected = createHmac('sha256', secret).update(`PUT\n${path}\n20240104T025403Z;3601\n${canonical}`).digest('hex');
    expect(query).toBe(`partNumber=1&X-Amz-Date=20240104T025403Z&X-Amz-Expires=3601&X-Amz-Signature=${expected}`);
    const parsed = parseQuery(query);
    if (!parsed.ok) throw new Error('unparsable');
    // Valid until X-Amz-Date + X-Amz-Expires = 03:54:04, exclusive.
    expect(verifyStorageRequest(secret, 's3', 'PUT', path, parsed.values, undefined, new Date('2024-01-04T03:54:03.999Z'))).toMatchObject({ ok: true });
    expect(verifyStorageRequest(secret, 's3', 'PUT', path, parsed.values, undefined, new Date('2024-01-04T03:54:04.000Z'))).toMatchObject({ ok: false, code: 'AccessDenied' });
  });

  it('cos: the Authorization header, HMAC over "PUT\\n<path>\\n<start>;<end>\\n"', () => {
    const secret = Buffer.alloc(32, 3);
    const path = '/__drivespec/storage/cos/AAAAAAAAAAAAAAAAAAAAAA';
    const header = cosAuthorization(secret, path, new Date(1_700_000_600_001), new Date(1_700_000_000_999));
    const signTime = '1700000000;1700000601';
    const expected = createHmac('sha256', secret).update(`PUT\n${path}\n${signTime}\n`).digest('hex');
    expect(header).toBe(
      `q-sign-algorithm=hmac-sha256&q-ak=drivespec-emulator&q-sign-time=${signTime}&q-key-time=${signTime}&q-header-list=&q-url-param-list=&q-signature=${expected}`,
    );
    const none = new Map();
    expect(verifyStorageRequest(secret, 'cos', 'PUT', path, none, header, new Date(1_700_000_600_999))).toMatchObject({ ok: true });
    expect(verifyStorageRequest(secret, 'cos', 'PUT', path, none, header, new Date(1_700_000_601_000))).toMatchObject({ ok: false, code: 'AccessDenied' });
    expect(verifyStorageRequest(secret, 'cos', 'PUT', `${path}x`, none, header, new Date(0))).toMatchObject({ ok: false, code: 'SignatureDoesNotMatch' });
    for (const partial of [undefined, header.replace(/q-sign-time=[^&]*&/, ''), header.replace(/&q-signature=.*/, '')]) {
      expect(verifyStorageRequest(secret, 'cos', 'PUT', path, none, partial, new Date(0))).toMatchObject({ ok: false, status: 403, code: 'AccessDenied' });
    }
  });

  it.each<[Exclude<StorageFlavor, 'cos'>, string[], RegExp]>([
    ['oss', ['Expires', 'Signature'], /requires the Expires and Signature parameters/],
    ['obs', ['Expires', 'Signature'], /requires the Expires and Signature parameters/],
    ['s3', ['X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Signature'], /requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters/],
  ])('%s: each signed field missing → AccessDenied naming them; repeated → InvalidArgument; reserved names refused', async (flavor, names, message) => {
    const secret = Buffer.alloc(32, 1);
    const path = `/__drivespec/storage/${flavor}/AAAAAAAAAAAAAAAAAAAAAA`;
    const query = signedQuery(secret, flavor, path, [['partNumber', '1']], new Date(10_000), new Date(0));
    for (const name of names) {
      const parsed = parseQuery(query.split('&').filter((p) => !p.startsWith(`${name}=`)).join('&'));
      if (!parsed.ok) throw new Error('unparsable');
      const check = verifyStorageRequest(secret, flavor, 'PUT', path, parsed.values, undefined, new Date(0));
      expect(check, name).toMatchObject({ ok: false, status: 403, code: 'AccessDenied' });
      expect(!check.ok && check.message).toMatch(message);
    }
    const repeated = parseQuery(`${query}&partNumber=1`);
    if (!repeated.ok) throw new Error('unparsable');
    expect(verifyStorageRequest(secret, flavor, 'PUT', path, repeated.values, undefined, new Date(0))).toEqual({
      ok: false,
      status: 400,
      code: 'InvalidArgument',
      message: 'A query parameter is repeated.',
    });
    const key = h.storage.create(upload({ flavor }));
    for (const name of ['partNumber', ...names]) {
      expect(() => h.storage.putUrl(key, h.emulator.url, 1, { extraQuery: { [name]: 'x' } }), name).toThrow(/reserved/);
    }
    expect(reservedQueryNames(flavor)).toEqual(['partNumber', ...names]);
  });
});
