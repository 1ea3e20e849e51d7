/**
 * The emulator's signature checks against requests built by code drivespec did not write (the
 * official Alibaba and Huawei SDKs), sent as exact wire bytes (issue 9 items 6, 7, 8).
 */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createPdsClient, type AliyunPdsCredentials } from '../../src/clients/aliyun-pds.js';
import { createClient as createMetaStudioClient } from '../../src/clients/huawei-metastudio.js';
import { verifyHuaweiSignature } from '../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { sdkSign } from '../signing/support/huawei-sdk.js';
import { openApiUtil } from '../signing/support/alibaba-sdk.js';
import { metaStudioPath, rawRequest, rejection, startHarness, type Harness } from './support/fixture.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

describe('PDS acs: `+` in the query is a space (item 7)', () => {
  it('accepts openapi-util’s signature of { "sp ace": "v w" } sent as ?sp+ace=v+w', async () => {
    const c = h.emulator.credentials['aliyun-pds'];
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json; charset=utf-8',
      date: h.clock.now.toUTCString(),
      'x-acs-action': 'GetFile',
      'x-acs-signature-nonce': 'plus-in-query',
      'x-acs-version': '2022-03-01',
    };
    const stringToSign = openApiUtil.getStringToSign({ method: 'POST', pathname: '/v2/file/get', headers, query: { 'sp ace': 'v w' } });
    headers.authorization = `acs ${c.accessKeyId}:${openApiUtil.getROASignature(stringToSign, c.accessKeySecret)}`;
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/get?sp+ace=v+w', headers, body: '{"drive_id":"1","file_id":"f"}' });
    // Past the signature (a mismatch is 403 Forbidden): GetFile declares no query at all.
    expect(r.json).toEqual({ code: 'InvalidParameter', message: 'The input parameter query is not valid: query is not a documented property.' });
    expect(r.status).toBe(400);
  });
});

describe('PDS ACS4-HMAC-SHA256 (item 8)', () => {
  const NOT_FOUND = { code: 'NotFound', message: expect.stringMatching(/^The resource file cannot be found\. /) };
  const pds = (credentials: AliyunPdsCredentials) =>
    createPdsClient({ baseUrl: h.emulator.url, now: () => h.clock.now, maxRetries: 0, credentials });
  const key = () => h.emulator.credentials['aliyun-pds'];

  it('accepts drivespec’s v4 client for both operations (past the signature: the file does not exist)', async () => {
    const client = pds({ accessKeyId: key().accessKeyId, accessKeySecret: key().accessKeySecret, signatureVersion: 'v4' });
    const get = await rejection(client.getFile({ body: { drive_id: '1', file_id: 'missing' } }));
    expect([get.status, get.body]).toEqual([404, NOT_FOUND]);
    const complete = await rejection(client.completeFile({ body: { drive_id: '1', file_id: 'missing', upload_id: 'u' } }));
    expect(complete.status).toBe(404);
  });

  it('refuses v4 with a wrong secret: 403 Forbidden', async () => {
    const client = pds({ accessKeyId: key().accessKeyId, accessKeySecret: 'wrong', signatureVersion: 'v4' });
    const e = await rejection(client.getFile({ body: { drive_id: '1', file_id: 'missing' } }));
    expect([e.status, e.body]).toEqual([403, { code: 'Forbidden', message: 'The request signature does not match.' }]);
  });

  describe('a request signed by the independent implementation (vectors.json), sent as its exact bytes', () => {
    const vector = (JSON.parse(readFileSync(new URL('../signing/aliyun-acs4/vectors.json', import.meta.url), 'utf8')) as Array<{
      input: { url: string; time: string; body: string; accessKeyId: string; accessKeySecret: string };
      expected: { headers: Record<string, string> };
    }>)[0]!;
    let v: Harness;
    beforeAll(async () => {
      v = await startHarness({ credentials: { 'aliyun-pds': { accessKeyId: vector.input.accessKeyId, accessKeySecret: vector.input.accessKeySecret } } });
      v.clock.now = new Date(vector.input.time);
    });
    afterAll(() => v.close());
    const send = (patch: { body?: string; headers?: Record<string, string> } = {}) =>
      rawRequest(v.emulator.url, { path: new URL(vector.input.url).pathname, headers: { ...vector.expected.headers, ...patch.headers }, body: patch.body ?? vector.input.body });

    it('is accepted, then refused as a replay (same nonce); a changed body is refused', async () => {
      const first = await send();
      expect([first.status, first.json]).toEqual([404, NOT_FOUND]);
      const replay = await send();
      expect([replay.status, replay.json]).toEqual([403, { code: 'Forbidden', message: 'The signature nonce has already been used.' }]);
      const tampered = await send({ body: vector.input.body.replace('"1"', '"2"'), headers: { 'x-acs-signature-nonce': 'fresh' } });
      expect([tampered.status, tampered.json]).toEqual([403, { code: 'Forbidden', message: 'The request signature does not match.' }]);
    });

    it('is refused 16 minutes later: 403', async () => {
      v.clock.now = new Date(new Date(vector.input.time).getTime() + 16 * 60_000);
      const late = await send({ headers: { 'x-acs-signature-nonce': 'late' } });
      expect(late.status).toBe(403);
      expect(late.json).toMatchObject({ code: 'Forbidden', message: expect.stringContaining('15 minutes') });
    });
  });
});

describe('non-ASCII header values: sent as UTF-8, signed as that text, verified as received (item 6)', () => {
  const VALUES = ['usér-ü', 'user-Ā', 'ユーザー'.replace('ー', '-')];
  const latin1 = (value: string) => Buffer.from(value, 'utf8').toString('latin1');
  // A Buffer body: with a string body, node:http writes the header block in the body's encoding
  // (UTF-8), and the latin1 byte strings below would reach the wire encoded twice.
  const CREATED = Buffer.from('{"state":"CREATED"}');
  const FILE_NOT_FOUND = { error_code: 'MSS.10001004', error_msg: 'The file not found', request_id: expect.any(String) };
  const metaStudio = (fetchImpl?: typeof fetch, baseUrl = h.emulator.url) =>
    createMetaStudioClient({
      baseUrl,
      now: () => h.clock.now,
      maxRetries: 0,
      projectId: h.emulator.credentials['huawei-metastudio'].projectId,
      credentials: { ak: h.emulator.credentials['huawei-metastudio'].ak, sk: h.emulator.credentials['huawei-metastudio'].sk },
      ...(fetchImpl ? { fetch: fetchImpl } : {}),
    });
  const confirm = (client: ReturnType<typeof metaStudio>, userId: string) =>
    client.confirmFileUpload({ params: { path: { file_id: 'no-such-file' }, header: { 'X-App-UserId': userId } }, body: { state: 'CREATED' } });

  it.each(VALUES)('drivespec puts the UTF-8 octets of %j on the wire (raw node:http server) and signs them', async (value) => {
    const seen: Array<{ raw: string[]; headers: IncomingHttpHeaders; url: string; body: Buffer }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ raw: req.rawHeaders, headers: req.headers, url: req.url ?? '', body: Buffer.concat(chunks) });
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error_code":"APIGW.0301","error_msg":"x"}');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      await confirm(metaStudio(undefined, `http://127.0.0.1:${(server.address() as AddressInfo).port}`), value).catch(() => {});
    } finally {
      server.close();
    }
    const wire = seen[0]!;
    const index = wire.raw.findIndex((name, i) => i % 2 === 0 && name.toLowerCase() === 'x-app-userid');
    expect(Buffer.from(wire.raw[index + 1]!, 'latin1')).toEqual(Buffer.from(value, 'utf8'));
    const c = h.emulator.credentials['huawei-metastudio'];
    const verified = verifyHuaweiSignature({ method: 'POST', url: wire.url, headers: wire.headers, body: wire.body }, (ak) => (ak === c.ak ? c.sk : undefined), { now: () => h.clock.now });
    expect(verified).toEqual({ ok: true, ak: c.ak });
  });

  it.each(VALUES)('drivespec’s AK/SK client with X-App-UserId %j is accepted by the emulator', async (value) => {
    const e = await rejection(confirm(metaStudio(), value));
    expect([e.status, e.body]).toEqual([400, FILE_NOT_FOUND]);
  });

  describe('the official Huawei SDK’s signature (@huaweicloud/huaweicloud-sdk-core)', () => {
    const path = () => metaStudioPath(h.emulator, 'no-such-file');
    const signWithSdk = async (value: string) => {
      const c = h.emulator.credentials['huawei-metastudio'];
      h.clock.now = new Date(); // the SDK stamps X-Sdk-Date from its own clock
      const signed = await sdkSign({
        endpoint: h.emulator.url,
        rawPath: path(),
        method: 'POST',
        query: {},
        headers: { 'X-App-UserId': value, 'content-type': 'application/json' },
        data: { state: 'CREATED' },
        ak: c.ak,
        sk: c.sk,
      });
      return signed.headers;
    };

    it.each(VALUES)('is accepted for %j sent as UTF-8 octets', async (value) => {
      const headers = await signWithSdk(value);
      const r = await rawRequest(h.emulator.url, { path: path(), headers: { ...headers, 'X-App-UserId': latin1(value) }, body: CREATED });
      expect([r.status, r.json]).toEqual([400, FILE_NOT_FOUND]);
    });

    it('is accepted as the SDK’s own transport sends it (axios writes usér-ü as latin1 octets E9, FC)', async () => {
      const require = createRequire(import.meta.url);
      const { DefaultHttpClient } = require('@huaweicloud/huaweicloud-sdk-core/http/DefaultHttpClient') as {
        DefaultHttpClient: new (options: object, endpoints: string[]) => { sendRequest(request: object): Promise<{ statusCode?: number; status?: number }> };
      };
      const { HttpRequestBuilder } = require('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder') as {
        HttpRequestBuilder: new () => { withEndpoint(v: string): any; };
      };
      const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials') as {
        BasicCredentials: new () => { withAk(v: string): any };
      };
      const c = h.emulator.credentials['huawei-metastudio'];
      h.clock.now = new Date();
      const request = new HttpRequestBuilder().withEndpoint(h.emulator.url).withUrl(path()).withMethod('POST')
        .withHeaders({ 'X-App-UserId': 'usér-ü', 'content-type': 'application/json' }).withQueryParams({}).withPathParams({})
        .withData({ state: 'CREATED' }).build();
      const signed = await new BasicCredentials().withAk(c.ak).withSk(c.sk).processAuthRequest(undefined, request);
      const quiet = { debug() {}, info() {}, warn() {}, error() {} };
      const answer = await new DefaultHttpClient({ logger: quiet }, [h.emulator.url]).sendRequest(signed).catch((error: unknown) => error);
      // Past the signature check (401 APIGW.0301 otherwise): the file does not exist.
      expect(answer).toMatchObject({ status: 400, data: { error_code: 'MSS.10001004' } });
    });
  });

  it('invalid UTF-8 in a signed header is the gateway’s 401 APIGW.0301, not a crash', async () => {
    const c = h.emulator.credentials['huawei-metastudio'];
    h.clock.now = new Date();
    const headers = await sdkSign({ endpoint: h.emulator.url, rawPath: metaStudioPath(h.emulator, 'f'), method: 'POST', query: {}, headers: { 'X-App-UserId': 'ok', 'content-type': 'application/json' }, data: { state: 'CREATED' }, ak: c.ak, sk: c.sk });
    const r = await rawRequest(h.emulator.url, { path: metaStudioPath(h.emulator, 'f'), headers: { ...headers.headers, 'X-App-UserId': '\xff\xfe\xc3' }, body: CREATED });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error_code: 'APIGW.0301' });
  });
});
