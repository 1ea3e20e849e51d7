/**
 * The ACS4 signing key is remembered per (secret, date, region) (signing-key.ts, issue 10 Speed):
 * a remembered key must be the one the four HMACs give, for more scopes than the cache holds and
 * in an order that makes it evict and derive again; what `acs4SigningKey` hands out stays the
 * caller's to change; and a signed request carries the signature of its own day's key, not
 * yesterday's. The reference chain is node:crypto's HMAC, written here from the construction in
 * /work/shared/docs/aliyun-pds-acs4.md.
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acs4SigningKey, signAliyunAcs4Request } from '../../../src/signing/aliyun-acs4/index.js';
import { cachedAcs4SigningKey, SIGNING_KEY_CACHE_SIZE } from '../../../src/signing/aliyun-acs4/signing-key.js';

function reference(secret: string, date: string, region: string): Buffer {
  let key: Buffer = createHmac('sha256', `aliyun_v4${secret}`).update(date).digest();
  for (const part of [region, 'pds', 'aliyun_v4_request']) key = createHmac('sha256', key).update(part).digest();
  return key;
}

describe('the ACS4 signing-key cache', () => {
  it('gives the derived key for every scope, through hits, evictions and derivations again', async () => {
    const scopes: [string, string, string][] = [];
    for (let i = 0; i < SIGNING_KEY_CACHE_SIZE * 2 + 3; i++) {
      scopes.push([`secret-${i % 5}`, `202601${String(1 + (i % 28)).padStart(2, '0')}`, i % 3 === 0 ? 'center' : `cn-region-${i % 4}`]);
    }
    // Each scope asked for three times: at once (a hit), and after the others (evicted by then).
    const order = [...scopes.flatMap((s) => [s, s]), ...scopes.reverse()];
    for (const [secret, date, region] of order) {
      const key = await cachedAcs4SigningKey(secret, date, region);
      expect(Buffer.from(key).toString('hex'), `${secret} ${date} ${region}`).toBe(reference(secret, date, region).toString('hex'));
    }
  });

  it('tells apart scopes that differ in one part only', async () => {
    const a = await cachedAcs4SigningKey('s', '20260101', 'center');
    const b = await cachedAcs4SigningKey('s', '20260102', 'center');
    const c = await cachedAcs4SigningKey('s', '20260101', 'cn-hangzhou');
    const d = await cachedAcs4SigningKey('t', '20260101', 'center');
    expect(new Set([a, b, c, d].map((k) => Buffer.from(k).toString('hex'))).size).toBe(4);
  });

  it('acs4SigningKey hands out fresh bytes: changing them changes no later signature', async () => {
    const given = await acs4SigningKey('secret-x', '20260101', 'center');
    given.fill(0);
    expect(Buffer.from(await acs4SigningKey('secret-x', '20260101', 'center'))).toEqual(reference('secret-x', '20260101', 'center'));
    expect(Buffer.from(await cachedAcs4SigningKey('secret-x', '20260101', 'center'))).toEqual(reference('secret-x', '20260101', 'center'));
  });

  it('a request signed the next day uses the next day’s key', async () => {
    const credentials = { accessKeyId: 'AKID', accessKeySecret: 'secret-day' };
    for (const time of ['2026-01-01T23:59:59Z', '2026-01-02T00:00:00Z', '2026-01-01T12:00:00Z']) {
      const signed = await signAliyunAcs4Request(
        { method: 'POST', url: 'https://d.api.aliyunpds.com/v2/file/get', headers: {}, body: '{}' },
        credentials,
        { now: () => new Date(time), nonce: () => 'n', action: 'GetFile' },
      );
      const date = time.slice(0, 10).replace(/-/g, '');
      const expected = createHmac('sha256', reference('secret-day', date, 'center'))
        .update(`ACS4-HMAC-SHA256\n${createHash('sha256').update(signed.canonicalRequest).digest('hex')}`)
        .digest('hex');
      expect(signed.signature, time).toBe(expected);
    }
  });
});
