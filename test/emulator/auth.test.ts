/**
 * Credentials are enforced for real, per scheme: bearer tokens, share tokens, the PDS `acs`
 * signature and SDK-HMAC-SHA256 (tampered, skewed, unknown key, replayed), SMH's
 * `access_token`, KooDrive's bearer forms, `X-User-Id` and `X-Date` window. Each failure gets the
 * provider's own answer, and every answer validates against the spec.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient as createPdsClient } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDriveClient } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudioClient } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmhClient } from '../../src/clients/tencent-smh.js';
import { signAliyunAcsRequest } from '../../src/signing/aliyun-acs/index.js';
import { signHuaweiRequest } from '../../src/signing/huawei-sdk-hmac-sha256/index.js';
import {
  T0,
  authHeaders,
  clients,
  compactUtcDate,
  metaStudioPath,
  rawRequest,
  rejection,
  smhPath,
  startHarness,
  type Harness,
} from './support/fixture.js';

const MIN = 60_000;
const requestId = expect.stringMatching(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => {
  expect(h.violations).toEqual([]);
  // No secret ever reaches the log.
  const log = h.logLines.join('\n');
  const c = h.emulator.credentials;
  for (const secret of [
    c['aliyun-pds'].accessToken,
    c['aliyun-pds'].shareToken,
    c['aliyun-pds'].accessKeySecret,
    c['huawei-metastudio'].token,
    c['huawei-metastudio'].sk,
    c['tencent-smh'].accessToken,
    c['huawei-koodrive'].accessToken,
  ]) {
    expect(log).not.toContain(secret);
  }
});

const PDS_BODY = { drive_id: '1', file_id: 'f-1', upload_id: 'u-1' };

describe('aliyun-pds', () => {
  const pdsCredentials = () => h.emulator.credentials['aliyun-pds'];
  const pdsClient = (credentials: Parameters<typeof createPdsClient>[0]['credentials'], now = () => h.clock.now) =>
    createPdsClient({ baseUrl: h.emulator.url, credentials, now, maxRetries: 0 });

  it('no credentials: 401 AccessTokenInvalid, with the gateway error headers', async () => {
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/complete', body: JSON.stringify(PDS_BODY) });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ code: 'AccessTokenInvalid', message: 'No credentials: send Authorization (Bearer or acs) or x-share-token.' });
    expect(r.headers['x-ca-error-code']).toBe('AccessTokenInvalid');
    expect(r.headers['x-ca-request-id']).toEqual(requestId);
  });

  it('a wrong bearer token: 401 AccessTokenInvalid', async () => {
    const e = await rejection(pdsClient({ accessToken: 'not-the-token' }).completeFile({ body: PDS_BODY }));
    expect(e.status).toBe(401);
    expect(e.body).toEqual({ code: 'AccessTokenInvalid', message: 'The access token is invalid or expired.' });
  });

  it('an unknown Authorization scheme: 401 AccessTokenInvalid', async () => {
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/get', body: '{}', headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ code: 'AccessTokenInvalid' });
  });

  it('the right bearer token and the right acs signature get through (to the not-found upload)', async () => {
    for (const credentials of [
      { accessToken: pdsCredentials().accessToken },
      { accessKeyId: pdsCredentials().accessKeyId, accessKeySecret: pdsCredentials().accessKeySecret },
    ]) {
      const e = await rejection(pdsClient(credentials).completeFile({ body: PDS_BODY }));
      expect(e.status).toBe(404);
    }
  });

  it('acs with a wrong secret: 403 Forbidden (signature mismatch)', async () => {
    const e = await rejection(
      pdsClient({ accessKeyId: pdsCredentials().accessKeyId, accessKeySecret: 'wrong-secret' }).getFile({ body: { drive_id: '1', file_id: 'f' } }),
    );
    expect(e.status).toBe(403);
    expect(e.body).toEqual({ code: 'Forbidden', message: 'The request signature does not match.' });
  });

  it('acs with an unknown AccessKey ID: 403 Forbidden', async () => {
    const e = await rejection(pdsClient({ accessKeyId: 'NOSUCHKEY', accessKeySecret: 'x' }).getFile({ body: { drive_id: '1', file_id: 'f' } }));
    expect(e.status).toBe(403);
    expect(e.body).toEqual({ code: 'Forbidden', message: 'The AccessKey ID does not exist.' });
  });

  it.each([
    ['16 minutes behind', -16 * MIN],
    ['16 minutes ahead', 16 * MIN],
  ])('acs with a Date %s: 403 Forbidden (15-minute window)', async (_label, offset) => {
    const key = { accessKeyId: pdsCredentials().accessKeyId, accessKeySecret: pdsCredentials().accessKeySecret };
    const e = await rejection(pdsClient(key, () => new Date(T0.getTime() + offset)).getFile({ body: { drive_id: '1', file_id: 'f' } }));
    expect(e.status).toBe(403);
    expect(e.body).toEqual({ code: 'Forbidden', message: 'The request Date is more than 15 minutes off the server time.' });
    // 14 minutes off is inside the window.
    const inside = await rejection(
      pdsClient(key, () => new Date(T0.getTime() + Math.sign(offset) * 14 * MIN)).getFile({ body: { drive_id: '1', file_id: 'f' } }),
    );
    expect(inside.status).toBe(404);
  });

  /** A signed raw request, so single headers can be tampered with after signing. */
  async function signedPds(path: string, action: string, nonce = `nonce-${Math.random()}`) {
    const headers = { 'content-type': 'application/json; charset=utf-8' };
    const signed = await signAliyunAcsRequest(
      { method: 'POST', url: `${h.emulator.url}${path}`, headers },
      { accessKeyId: pdsCredentials().accessKeyId, accessKeySecret: pdsCredentials().accessKeySecret },
      { now: () => h.clock.now, nonce: () => nonce, action },
    );
    return { ...headers, ...signed.headers };
  }

  it('acs tampered after signing (a signed header changed): 403 Forbidden', async () => {
    const headers = { ...(await signedPds('/v2/file/get', 'GetFile')), 'x-acs-version': '2099-01-01' };
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/get', body: JSON.stringify({ drive_id: '1', file_id: 'f' }), headers });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ code: 'Forbidden', message: 'The request signature does not match.' });
  });

  it('acs signed for another resource (path): 403 Forbidden', async () => {
    const headers = await signedPds('/v2/file/get', 'CompleteFile');
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/complete', body: JSON.stringify(PDS_BODY), headers });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'Forbidden', message: 'The request signature does not match.' });
  });

  it('acs whose signed x-acs-action names another operation: 403 Forbidden', async () => {
    const headers = await signedPds('/v2/file/complete', 'GetFile');
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/complete', body: JSON.stringify(PDS_BODY), headers });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ code: 'Forbidden', message: 'The signed x-acs-action does not name this operation.' });
  });

  it('acs replayed with the same nonce: the first passes, the replay is 403 Forbidden', async () => {
    const headers = await signedPds('/v2/file/get', 'GetFile', 'fixed-nonce');
    const body = JSON.stringify({ drive_id: '1', file_id: 'f' });
    const first = await rawRequest(h.emulator.url, { path: '/v2/file/get', body, headers });
    expect(first.status).toBe(404);
    const replay = await rawRequest(h.emulator.url, { path: '/v2/file/get', body, headers });
    expect(replay.status).toBe(403);
    expect(replay.json).toEqual({ code: 'Forbidden', message: 'The signature nonce has already been used.' });
  });

  it('a malformed acs Authorization: 403 Forbidden', async () => {
    const headers = { ...(await signedPds('/v2/file/get', 'GetFile')), authorization: 'acs onlyanid' };
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/get', body: '{"drive_id":"1","file_id":"f"}', headers });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'Forbidden', message: 'The acs Authorization header, Date or signature headers are malformed.' });
  });

  it('share token: right token with share_id passes, wrong token 401, no share_id 403, share_id without the token 401', async () => {
    h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f-share', uploadId: 'u' });
    const share = pdsClient({ shareToken: pdsCredentials().shareToken });
    const done = await share.completeFile({ body: { drive_id: 'ignored', share_id: 's-1', file_id: 'f-share', upload_id: 'u' } });
    expect(done.drive_id).toBe('1');

    const wrong = await rejection(pdsClient({ shareToken: 'nope' }).getFile({ body: { share_id: 's-1', file_id: 'f-share' } }));
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ code: 'AccessTokenInvalid', message: 'The share token is invalid or expired.' });

    const noShareId = await rejection(share.getFile({ body: { drive_id: '1', file_id: 'f-share' } }));
    expect(noShareId.status).toBe(403);
    expect(noShareId.body).toEqual({ code: 'ForbiddenNoPermission', message: 'A share token reaches files through share_id only.' });

    const bearerOnly = await rejection(
      pdsClient({ accessToken: pdsCredentials().accessToken }).getFile({ body: { share_id: 's-1', file_id: 'f-share' } }),
    );
    expect(bearerOnly.status).toBe(401);
    expect(bearerOnly.body).toEqual({ code: 'AccessTokenInvalid', message: 'share_id needs the x-share-token header.' });
  });
});

describe('huawei-metastudio', () => {
  const ms = () => h.emulator.credentials['huawei-metastudio'];
  const msClient = (credentials: { token: string } | { ak: string; sk: string }, options: { now?: () => Date; projectId?: string } = {}) =>
    createMetaStudioClient({
      baseUrl: h.emulator.url,
      projectId: options.projectId ?? ms().projectId,
      credentials,
      now: options.now ?? (() => h.clock.now),
      maxRetries: 0,
    });
  const confirm = (client: ReturnType<typeof msClient>) =>
    client.confirmFileUpload({ params: { path: { file_id: 'f-1' } }, body: { state: 'CREATED' } });

  beforeEach(() => h.emulator.seed.metaStudioUpload({ fileId: 'f-1' }));

  it('no credentials: 401 MSS.00000001', async () => {
    const r = await rawRequest(h.emulator.url, { path: metaStudioPath(h.emulator, 'f-1'), body: '{"state":"CREATED"}' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error_code: 'MSS.00000001', error_msg: 'Unauthorized', request_id: requestId });
  });

  it('a wrong token: 401 MSS.00000001 (the spec pairs the unauthorized scenario with it)', async () => {
    const e = await rejection(confirm(msClient({ token: 'wrong' })));
    expect(e.status).toBe(401);
    expect(e.body).toEqual({ error_code: 'MSS.00000001', error_msg: 'Unauthorized', request_id: requestId });
  });

  it('the right token and the right AK/SK signature confirm', async () => {
    await expect(confirm(msClient({ token: ms().token }))).resolves.toBeUndefined();
    h.emulator.seed.metaStudioUpload({ fileId: 'f-1' });
    await expect(confirm(msClient({ ak: ms().ak, sk: ms().sk }))).resolves.toBeUndefined();
  });

  it('AK/SK with a wrong secret: 401 APIGW.0301 verify aksk signature fail', async () => {
    const e = await rejection(confirm(msClient({ ak: ms().ak, sk: 'wrong-secret' })));
    expect(e.status).toBe(401);
    expect(e.body).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail',
      request_id: requestId,
    });
  });

  it('AK/SK with an unknown AK: 401 APIGW.0301', async () => {
    const e = await rejection(confirm(msClient({ ak: 'UNKNOWNAK', sk: ms().sk })));
    expect(e.status).toBe(401);
    expect(e.body).toMatchObject({ error_code: 'APIGW.0301' });
  });

  it('AK/SK with X-Sdk-Date 16 minutes off: 401 APIGW.0301, 14 minutes passes', async () => {
    const late = await rejection(confirm(msClient({ ak: ms().ak, sk: ms().sk }, { now: () => new Date(T0.getTime() - 16 * MIN) })));
    expect(late.status).toBe(401);
    expect(late.body).toEqual({
      error_code: 'APIGW.0301',
      error_msg: 'Incorrect IAM authentication information: verify aksk signature fail: X-Sdk-Date is more than 15 minutes off',
      request_id: requestId,
    });
    await expect(confirm(msClient({ ak: ms().ak, sk: ms().sk }, { now: () => new Date(T0.getTime() + 14 * MIN) }))).resolves.toBeUndefined();
  });

  async function signedMetaStudio(body: string, extra: Record<string, string> = {}) {
    const path = metaStudioPath(h.emulator, 'f-1');
    const headers = { 'content-type': 'application/json', 'x-project-id': ms().projectId, ...extra };
    const signed = await signHuaweiRequest(
      { method: 'POST', url: `${h.emulator.url}${path}`, headers, body: new TextEncoder().encode(body) },
      { ak: ms().ak, sk: ms().sk },
      { now: () => h.clock.now },
    );
    return { path, headers: { ...headers, ...signed.headers } };
  }

  it('a body changed after signing: 401 APIGW.0301 (the body hash is signed)', async () => {
    const { path, headers } = await signedMetaStudio('{"state":"CREATED"}');
    const r = await rawRequest(h.emulator.url, { path, headers, body: '{"state":"FAILED"}' });
    expect(r.status).toBe(401);
    expect(r.json).toMatchObject({ error_code: 'APIGW.0301' });
    const ok = await rawRequest(h.emulator.url, { path, headers, body: '{"state":"CREATED"}' });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe('');
    expect(ok.headers['x-request-id']).toEqual(requestId);
  });

  it('a signed X-Project-Id that is not the path project: 401 MSS.00000001', async () => {
    const { path, headers } = await signedMetaStudio('{"state":"CREATED"}', { 'x-project-id': 'another-project' });
    const r = await rawRequest(h.emulator.url, { path, headers, body: '{"state":"CREATED"}' });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({
      error_code: 'MSS.00000001',
      error_msg: 'Unauthorized: X-Project-Id does not match the project in the path',
      request_id: requestId,
    });
  });

  it('credentials of another project: 401 MSS.00000001', async () => {
    h.emulator.seed.metaStudioUpload({ projectId: 'other-project', fileId: 'f-1' });
    const e = await rejection(confirm(msClient({ token: ms().token }, { projectId: 'other-project' })));
    expect(e.status).toBe(401);
    expect(e.body).toEqual({
      error_code: 'MSS.00000001',
      error_msg: 'Unauthorized: the credentials are not valid for this project',
      request_id: requestId,
    });
  });
});

describe('tencent-smh', () => {
  const body = '';
  it('no access_token: 400 EmptyAccessToken; an empty one too', async () => {
    for (const path of ['/api/v1/file/smhdocs/-/k?confirm', '/api/v1/file/smhdocs/-/k?confirm&access_token=', '/api/v1/file/smhdocs/-/k?confirm&access_token']) {
      const r = await rawRequest(h.emulator.url, { path, body });
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ code: 'EmptyAccessToken', message: 'Access token is empty', requestId });
    }
  });

  it('a wrong access_token: 403 InvalidAccessToken', async () => {
    const client = createSmhClient({ baseUrl: h.emulator.url, libraryId: 'smhdocs', credentials: { accessToken: 'wrong' }, maxRetries: 0 });
    const e = await rejection(client.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }));
    expect(e.status).toBe(403);
    expect(e.body).toEqual({
      code: 'InvalidAccessToken',
      message: 'The access token is invalid, expired, or not valid for the specified media library',
      requestId,
    });
  });

  it('the token of another library: 403 InvalidAccessToken', async () => {
    const token = h.emulator.credentials['tencent-smh'].accessToken;
    const r = await rawRequest(h.emulator.url, { path: `/api/v1/file/otherlib/-/k?confirm&access_token=${token}`, body });
    expect(r.status).toBe(403);
    expect(r.json).toMatchObject({ code: 'InvalidAccessToken' });
  });

  it('a repeated access_token: 403 InvalidAccessToken', async () => {
    const token = h.emulator.credentials['tencent-smh'].accessToken;
    const r = await rawRequest(h.emulator.url, { path: `${smhPath(h.emulator, 'k')}&access_token=${token}`, body });
    expect(r.status).toBe(403);
  });

  it('the log line redacts the token', async () => {
    await rawRequest(h.emulator.url, { path: smhPath(h.emulator, 'k'), body });
    const line = h.logLines.at(-1)!;
    expect(line).toMatch(/^POST \/api\/v1\/file\/smhdocs\/-\/k\?confirm&access_token=\[REDACTED\] 404$/);
  });
});

describe('huawei-koodrive', () => {
  const koo = () => h.emulator.credentials['huawei-koodrive'];
  const headers = (overrides: Record<string, string | undefined>) => {
    const base: Record<string, string | undefined> = { ...authHeaders(h.emulator, 'huawei-koodrive', h.clock.now), ...overrides };
    return Object.fromEntries(Object.entries(base).filter(([, v]) => v !== undefined)) as Record<string, string>;
  };
  const send = (overrides: Record<string, string | undefined>) =>
    rawRequest(h.emulator.url, { path: '/koodrive/ose/v1/files/complete', body: JSON.stringify({ fileId: 'f-1' }), headers: headers(overrides) });
  const appFail = (detail: string) => ({
    error_code: 'APIGW.0303',
    error_msg: `Incorrect app authentication information: ${detail}`,
    request_id: requestId,
  });

  beforeEach(() => h.emulator.seed.koodriveUpload({ fileId: 'f-1' }));

  it.each([' ', '+'] as const)("accepts the bearer separator '%s' (the doc's + is unverified)", async (bearerSeparator) => {
    const { koodrive } = clients(h, { bearerSeparator });
    await expect(koodrive.completeFile({ body: { fileId: 'f-1' } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('a wrong or missing token: 401 APIGW.0301', async () => {
    for (const authorization of ['Bearer wrong', `Basic ${koo().accessToken}`, undefined, `Bearer${koo().accessToken}`]) {
      const r = await send({ authorization });
      expect(r.status).toBe(401);
      expect(r.json).toEqual({
        error_code: 'APIGW.0301',
        error_msg: 'Incorrect IAM authentication information: decrypt token fail',
        request_id: requestId,
      });
    }
  });

  it('X-User-Id missing or not the token owner: 401 APIGW.0303', async () => {
    expect((await send({ 'x-user-id': undefined })).json).toEqual(appFail('X-User-Id is missing'));
    const other = await send({ 'x-user-id': 'someone-else' });
    expect(other.status).toBe(401);
    expect(other.json).toEqual(appFail('X-User-Id does not match the access token'));
  });

  it('X-Date missing, malformed, in the future or older than 15 minutes: 401 APIGW.0303', async () => {
    expect((await send({ 'x-date': undefined })).json).toEqual(appFail('X-Date is missing'));
    expect((await send({ 'x-date': '2026-01-01T00:00:00Z' })).json).toEqual(appFail("X-Date is not yyyyMMdd'T'HHmmss'Z'"));
    expect((await send({ 'x-date': '20260230T000000Z' })).json).toEqual(appFail("X-Date is not yyyyMMdd'T'HHmmss'Z'"));
    expect((await send({ 'x-date': compactUtcDate(new Date(T0.getTime() + 1000)) })).json).toEqual(
      appFail('X-Date is later than the current time'),
    );
    const old = await send({ 'x-date': compactUtcDate(new Date(T0.getTime() - 15 * MIN - 1000)) });
    expect(old.status).toBe(401);
    expect(old.json).toEqual(appFail('X-Date is more than 15 minutes old'));
  });

  it('X-Date exactly 15 minutes old still passes', async () => {
    const r = await send({ 'x-date': compactUtcDate(new Date(T0.getTime() - 15 * MIN)) });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ code: 0, msg: 'success.' });
  });

  it('the typed client with a clock 16 minutes slow: 401 APIGW.0303', async () => {
    const client = createKooDriveClient({
      baseUrl: h.emulator.url,
      credentials: { accessToken: koo().accessToken, userId: koo().userId },
      now: () => new Date(T0.getTime() - 16 * MIN),
      maxRetries: 0,
    });
    const e = await rejection(client.completeFile({ body: { fileId: 'f-1' } }));
    expect(e.status).toBe(401);
    expect(e.body).toEqual(appFail('X-Date is more than 15 minutes old'));
  });
});
