/**
 * The emulator's signature checks against requests built by code drivespec did not write (the
 * official Alibaba and Huawei SDKs), sent as exact wire bytes (issue 9 items 6, 7, 8).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createPdsClient, type AliyunPdsCredentials } from '../../src/clients/aliyun-pds.js';
import { openApiUtil } from '../signing/support/alibaba-sdk.js';
import { rawRequest, rejection, startHarness, type Harness } from './support/fixture.js';

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
