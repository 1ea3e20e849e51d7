/**
 * The emulator's signature checks against requests built by code drivespec did not write (the
 * official Alibaba and Huawei SDKs), sent as exact wire bytes (issue 9 items 6, 7, 8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiUtil } from '../signing/support/alibaba-sdk.js';
import { rawRequest, startHarness, type Harness } from './support/fixture.js';

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
