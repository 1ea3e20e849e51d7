/**
 * The emulator's signature checks against requests built by code drivespec did not write (the
 * official Alibaba and Huawei SDKs, the independent ACS4 implementation), sent as exact wire
 * bytes, and against tampered copies of them (issue 9 items 6, 7, 8; issue 10 item 7). The
 * emulator's verifiers share `computeSignature` with drivespec's signers, so no test here relies
 * on a request drivespec signed being accepted; drivespec's client is checked against the SDK's
 * signature instead.
 */
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createMetaStudioClient } from '../../src/clients/huawei-metastudio.js';
import { sdkSign } from '../signing/support/huawei-sdk.js';
import { openApiUtil } from '../signing/support/alibaba-sdk.js';
import { metaStudioPath, rawRequest, startHarness, type Harness } from './support/fixture.js';

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

describe('PDS ACS4-HMAC-SHA256 (item 8): requests signed by the independent implementation, sent as their exact bytes', () => {
  // test/signing/aliyun-acs4/vectors.json, written by independent/acs4.py (Python's hashlib/hmac,
  // not drivespec's signer, which shares computeAcs4Signature with the emulator's verifier).
  const vectors = JSON.parse(readFileSync(new URL('../signing/aliyun-acs4/vectors.json', import.meta.url), 'utf8')) as Array<{
    name: string;
    input: { url: string; time: string; body: string; accessKeyId: string; accessKeySecret: string; securityToken?: string };
    expected: { headers: Record<string, string> };
  }>;
  const NOT_FOUND = { code: 'NotFound', message: expect.stringMatching(/^The resource file cannot be found\. /) };
  const FORBIDDEN = (message: string) => ({ code: 'Forbidden', message });
  const send = (harness: Harness, vector: (typeof vectors)[number], patch: { body?: string; headers?: Record<string, string> } = {}) =>
    rawRequest(harness.emulator.url, {
      path: new URL(vector.input.url).pathname,
      headers: { ...vector.expected.headers, ...patch.headers },
      body: patch.body ?? vector.input.body,
    });
  const harnessFor = async (vector: (typeof vectors)[number], accessKeySecret = vector.input.accessKeySecret) => {
    const harness = await startHarness({ credentials: { 'aliyun-pds': { accessKeyId: vector.input.accessKeyId, accessKeySecret } } });
    harness.clock.now = new Date(vector.input.time);
    return harness;
  };

  // GetFile (plain AccessKey) and CompleteFile (STS token, an extra x-acs header, a UTF-8 body).
  describe.each([
    { vector: vectors[0]!, past: { status: 404, json: NOT_FOUND } },
    {
      vector: vectors[1]!,
      // Past the signature: CompleteFile's request body is closed, and the vector carries an undocumented field.
      // (The emulator writes the field name 名 as `?` in its message.)
      past: { status: 400, json: { code: 'InvalidParameter', message: 'The input parameter ? is not valid: ? is not a documented property.' } },
    },
  ])('$vector.name', ({ vector, past }) => {
    let v: Harness;
    beforeAll(async () => {
      v = await harnessFor(vector);
    });
    afterAll(() => v.close());

    it('is accepted, then refused as a replay (same nonce)', async () => {
      const first = await send(v, vector);
      expect({ status: first.status, json: first.json }).toEqual(past);
      const replay = await send(v, vector);
      expect([replay.status, replay.json]).toEqual([403, FORBIDDEN('The signature nonce has already been used.')]);
    });

    it.each([
      ['a changed body', { body: vector.input.body.replace('"1"', '"2"') }],
      ['a changed signed header (x-acs-date, within the window)', { headers: { 'x-acs-date': vector.input.time.replace(/:(\d\d)Z$/, (_, ss: string) => `:${String((Number(ss) + 1) % 60).padStart(2, '0')}Z`) } }],
      ['an added x-acs header', { headers: { 'x-acs-added': '1' } }],
      ['a changed signature', { headers: { authorization: vector.expected.headers.authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } }],
    ])('with %s is refused: 403 signature mismatch', async (_, patch) => {
      // A fresh nonce would itself break the signature, so the nonce stays and each case gets its own emulator.
      const own = await harnessFor(vector);
      try {
        const r = await send(own, vector, patch);
        expect([r.status, r.json]).toEqual([403, FORBIDDEN('The request signature does not match.')]);
      } finally {
        await own.close();
      }
    });

    it('is refused 16 minutes later: 403', async () => {
      const late = await harnessFor(vector);
      try {
        late.clock.now = new Date(new Date(vector.input.time).getTime() + 16 * 60_000);
        const r = await send(late, vector);
        expect([r.status, r.json]).toEqual([403, FORBIDDEN('The request Date is more than 15 minutes off the server time.')]);
      } finally {
        await late.close();
      }
    });
  });

  it('is refused by an emulator that holds another secret for the AccessKey ID, and by one that does not know the ID', async () => {
    const vector = vectors[0]!;
    const other = await harnessFor(vector, 'another-secret');
    try {
      const r = await send(other, vector);
      expect([r.status, r.json]).toEqual([403, FORBIDDEN('The request signature does not match.')]);
    } finally {
      await other.close();
    }
    h.clock.now = new Date(vector.input.time);
    const unknown = await send(h, vector);
    expect([unknown.status, unknown.json]).toEqual([403, FORBIDDEN('The AccessKey ID does not exist.')]);
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
    // The signature is the official SDK's for the same request (same X-Sdk-Date): drivespec's
    // verifier shares computeSignature with the signer, so it cannot be the judge here.
    const c = h.emulator.credentials['huawei-metastudio'];
    const sdk = await sdkSign({
      endpoint: `http://${wire.headers.host}`,
      rawPath: wire.url,
      method: 'POST',
      query: {},
      // drivespec's client also sends and signs X-Project-Id (the header BasicCredentials names as its own).
      headers: { 'X-App-UserId': value, 'content-type': 'application/json', 'X-Project-Id': c.projectId, 'X-Sdk-Date': String(wire.headers['x-sdk-date']) },
      data: { state: 'CREATED' },
      ak: c.ak,
      sk: c.sk,
    });
    expect(wire.body.toString('utf8')).toBe('{"state":"CREATED"}');
    expect(wire.headers.authorization).toBe(sdk.headers.Authorization);
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

    const SIGNATURE_FAIL = { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail' };
    it.each([
      ['another X-App-UserId than the one signed', (headers: Record<string, string>) => ({ headers: { ...headers, 'X-App-UserId': latin1('usér-ü2') }, body: CREATED })],
      ['a changed body', (headers: Record<string, string>) => ({ headers: { ...headers, 'X-App-UserId': latin1('usér-ü') }, body: Buffer.from('{"state":"FAILED"}') })],
      ['a changed X-Sdk-Date (within the window)', (headers: Record<string, string>) => ({
        headers: { ...headers, 'X-App-UserId': latin1('usér-ü'), 'X-Sdk-Date': headers['X-Sdk-Date']!.replace(/\d(?=Z$)/, (d) => String((Number(d) + 1) % 10)) },
        body: CREATED,
      })],
      ['a changed signature', (headers: Record<string, string>) => ({
        headers: { ...headers, 'X-App-UserId': latin1('usér-ü'), Authorization: headers.Authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) },
        body: CREATED,
      })],
    ])('is refused with %s: 401 APIGW.0301', async (_, tamper) => {
      const sent = tamper(await signWithSdk('usér-ü'));
      const r = await rawRequest(h.emulator.url, { path: path(), ...sent });
      expect(r.status).toBe(401);
      expect(r.json).toMatchObject(SIGNATURE_FAIL);
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
