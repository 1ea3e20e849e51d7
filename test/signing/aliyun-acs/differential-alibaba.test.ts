/**
 * Differential tests: drivespec's `acs` signer against Alibaba's own code, over seeded generated
 * requests. @alicloud/openapi-util is compared string to sign by string to sign; @alicloud/pop-core
 * (which only signs while sending) sends real requests to a loopback server, and drivespec's
 * verifier must accept every one of them.
 *
 * One difference is by design and has its own test below: for a query parameter with an empty
 * value, the PDS gateway writes `name` and both libraries write `name=`. The generators give
 * every query parameter a value.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAliyunAcsRequest, verifyAliyunAcsSignature } from '../../../src/signing/aliyun-acs/index.js';
import { openApiUtil, RoaClientClass } from '../support/alibaba-sdk.js';
import { createPrng, type Prng } from '../support/prng.js';

const UNRESERVED = 'ABCXYZabcxyz0189-._~';
const SUB_DELIMS = "!$&'()*+,;=:@";
const UNICODE = ['é', 'ß', '中', '文', 'Ω', '😀', '𝄞'];

function text(rng: Prng, alphabet: string, min: number, max: number, unicodeRate = 0): string {
  const length = min + rng.int(max - min + 1);
  let out = '';
  for (let i = 0; i < length; i++) out += rng.chance(unicodeRate) ? rng.pick(UNICODE) : rng.pick([...alphabet]);
  return out;
}

function credentials(rng: Prng) {
  return {
    accessKeyId: `LTAI${text(rng, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789', 20, 20)}`,
    accessKeySecret: text(rng, UNRESERVED, 30, 30),
    ...(rng.chance(0.3) ? { securityToken: `CAIS${text(rng, UNRESERVED, 20, 40)}` } : {}),
  };
}

describe('acs against @alicloud/openapi-util getStringToSign / getROASignature', () => {
  it('agrees on 500 generated requests (seed 0xA11)', async () => {
    const rng = createPrng(0xa11);
    for (let index = 0; index < 500; index++) {
      const rawSegments = Array.from({ length: 1 + rng.int(4) }, () => {
        const s = text(rng, UNRESERVED + SUB_DELIMS + ' %[]', 1, 8, 0.15);
        return s === '.' || s === '..' ? 'dot' : s;
      });
      const pathname = `/${rawSegments.join('/')}`;
      const query: Record<string, string> = {};
      for (let i = rng.int(5); i > 0; i--) {
        query[text(rng, UNRESERVED + SUB_DELIMS + ' /?%', 1, 6, 0.15)] = text(rng, UNRESERVED + SUB_DELIMS + ' /?%', 1, 8, 0.15);
      }
      const search = Object.entries(query)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
      const extra: Record<string, string> = {};
      for (let i = rng.int(4); i > 0; i--) {
        extra[`x-acs-${text(rng, 'abcdefghijklmnopqrstuvwxyz-', 1, 8)}`] = `${rng.chance(0.3) ? '  ' : ''}${text(rng, 'abcXYZ019 :;,/=', 1, 12)}${rng.chance(0.3) ? ' ' : ''}`;
      }
      if (rng.chance(0.3)) extra['content-type'] = rng.pick(['application/octet-stream', 'text/plain; charset=utf-8']);
      if (rng.chance(0.2)) extra['content-md5'] = 'XrY7u+Ae7tCTyyK7j1rNww==';
      if (rng.chance(0.2)) extra['x-unsigned'] = 'ignored';
      const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE']);
      const creds = credentials(rng);
      const now = new Date(Date.UTC(2001 + rng.int(30), rng.int(12), 1 + rng.int(28), rng.int(24), rng.int(60), rng.int(60)));
      const url = `https://d.api.aliyunpds.com/${rawSegments.map(encodeURIComponent).join('/')}${search ? `?${search}` : ''}`;

      const ours = await signAliyunAcsRequest({ method, url, headers: extra }, creds, {
        now: () => now,
        nonce: () => `nonce-${index}`,
        action: rng.pick(['GetFile', 'CompleteFile']),
      });
      const { authorization, ...sent } = { ...extra, ...ours.headers };
      const theirs = openApiUtil.getStringToSign({ method, pathname, headers: sent, query });
      const context = `case ${index}: ${method} ${url}`;
      expect(ours.stringToSign, context).toBe(theirs);
      expect(authorization, context).toBe(`acs ${creds.accessKeyId}:${openApiUtil.getROASignature(theirs, creds.accessKeySecret)}`);
    }
  });

  it('differs by design on empty query values: the PDS gateway writes `name`, openapi-util `name=`', async () => {
    // github.com/aliyun/alibabacloud-gateway, alibabacloud-gateway-pds/main.tea,
    // buildCanonicalizedResource: `if (!Util.empty(query[key])) { ... = ${query[key]} }`, which is
    // also what PROVIDERS.md says. PDS's own operations send no query, so this never bites there.
    const now = new Date('2026-01-01T00:00:00Z');
    const creds = { accessKeyId: 'id', accessKeySecret: 'secret' };
    const ours = await signAliyunAcsRequest({ method: 'POST', url: 'https://d.api.aliyunpds.com/v2/x?b=1&flag&e=', headers: {} }, creds, {
      now: () => now,
      nonce: () => 'n',
      action: 'GetFile',
    });
    const { authorization: _, ...sent } = ours.headers;
    const theirs = openApiUtil.getStringToSign({ method: 'POST', pathname: '/v2/x', headers: sent, query: { b: '1', flag: '', e: '' } });
    expect(ours.stringToSign.split('\n').at(-1)).toBe('/v2/x?b=1&e&flag');
    expect(theirs.split('\n').at(-1)).toBe('/v2/x?b=1&e=&flag=');
  });
});

describe('acs against @alicloud/pop-core ROAClient, over loopback', () => {
  let server: Server;
  let endpoint: string;
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: Buffer }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
  });

  it('drivespec verifies 120 requests pop-core signed and sent (seed 0xB0B)', async () => {
    const rng = createPrng(0xb0b);
    for (let index = 0; index < 120; index++) {
      const creds = credentials(rng);
      const client = new RoaClientClass({ endpoint, apiVersion: '2022-03-01', ...creds });
      // pop-core puts the path on the wire as given, so it must already be a valid URL path.
      const uriPattern = `/${Array.from({ length: 1 + rng.int(3) }, () => text(rng, UNRESERVED + "!$&'()*+,;=:@", 1, 8)).join('/')}`;
      const query: Record<string, string> = {};
      for (let i = rng.int(4); i > 0; i--) query[text(rng, UNRESERVED + ' !*()', 1, 6, 0.1)] = text(rng, UNRESERVED + ' /?=&', 1, 8, 0.1);
      const headers: Record<string, string> = { 'x-acs-action': rng.pick(['GetFile', 'CompleteFile']) };
      for (let i = rng.int(3); i > 0; i--) headers[`x-acs-${text(rng, 'abcdefghij', 2, 6)}`] = text(rng, 'abcXYZ019 ;=', 1, 10).trim() || 'v';
      if (rng.chance(0.5)) headers['content-type'] = 'application/json; charset=utf-8';
      const method = rng.pick(['GET', 'POST', 'PUT', 'DELETE']);
      const body = method === 'POST' || method === 'PUT' ? JSON.stringify({ drive_id: '1', note: text(rng, UNRESERVED + ' ', 0, 20, 0.2) }) : '';

      received.length = 0;
      await client.request(method, uriPattern, query, body, headers, { timeout: 5000 });
      const wire = received[0]!;
      const result = await verifyAliyunAcsSignature(
        { method: wire.method, url: wire.url, headers: wire.headers, body: wire.body },
        (id) => (id === creds.accessKeyId ? creds.accessKeySecret : undefined),
        { now: () => new Date() },
      );
      expect(result, `case ${index}: ${method} ${wire.url}`).toEqual({ ok: true, ak: creds.accessKeyId });
    }
  });
});

describe('`+` in the query is a space (issue 9 item 7)', () => {
  // An SDK that builds its URL with form encoding (Python's urlencode) sends `?sp+ace=v+w` for
  // the query map `{ 'sp ace': 'v w' }` it signed; openapi-util signs the map as given.
  const creds = { accessKeyId: 'LTAIplus', accessKeySecret: 'plus-secret' };
  const headers = {
    accept: 'application/json',
    'content-type': 'application/json; charset=utf-8',
    date: 'Thu, 01 Jan 2026 00:00:00 GMT',
    'x-acs-action': 'GetFile',
    'x-acs-signature-nonce': 'plus-nonce',
    'x-acs-version': '2022-03-01',
  };
  const stringToSign = openApiUtil.getStringToSign({ method: 'POST', pathname: '/v2/file/get', headers, query: { 'sp ace': 'v w', lit: 'a+b' } });
  const authorization = `acs ${creds.accessKeyId}:${openApiUtil.getROASignature(stringToSign, creds.accessKeySecret)}`;
  const verify = (url: string) =>
    verifyAliyunAcsSignature({ method: 'POST', url, headers: { ...headers, authorization } }, (id) => (id === creds.accessKeyId ? creds.accessKeySecret : undefined), {
      now: () => new Date('2026-01-01T00:00:00Z'),
    });

  it('accepts the official signature over the form-encoded wire query, and over %20', async () => {
    expect(stringToSign.split('\n').at(-1)).toBe('/v2/file/get?lit=a+b&sp ace=v w');
    expect(await verify('/v2/file/get?sp+ace=v+w&lit=a%2Bb')).toEqual({ ok: true, ak: creds.accessKeyId });
    expect(await verify('/v2/file/get?sp%20ace=v%20w&lit=a%2Bb')).toEqual({ ok: true, ak: creds.accessKeyId });
  });

  it('still tells a literal plus (%2B) from a space', async () => {
    expect(await verify('/v2/file/get?sp+ace=v+w&lit=a+b')).toEqual({ ok: false, reason: 'mismatch' });
    expect(await verify('/v2/file/get?sp%2Bace=v+w&lit=a%2Bb')).toEqual({ ok: false, reason: 'mismatch' });
  });
});
