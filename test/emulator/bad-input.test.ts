/**
 * Every class of bad input gets the provider's own status and error body (never a stack trace,
 * never a crash): malformed JSON, wrong types, binary garbage, oversized bodies, encoded path
 * traversal in ids, unknown routes and methods. Every answer is also checked against the spec.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as pdsV from '../../generated/aliyun-pds/validators.js';
import * as kooV from '../../generated/huawei-koodrive/validators.js';
import * as ms from '../../generated/huawei-metastudio/validators.js';
import * as smhV from '../../generated/tencent-smh/validators.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/emulator/server.js';
import { isSafeId } from '../../src/emulator/request-target.js';
import { authHeaders, metaStudioPath, rawRequest, smhPath, startHarness, type Harness } from './support/fixture.js';

const LIMIT = 4096;
const garbage = new Uint8Array([0xff, 0xfe, 0x00, 0x01, 0x80, 0x7b, 0x22, 0xc3, 0x28, 0x0a]);
const requestId = expect.stringMatching(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ maxBodyBytes: LIMIT });
});
afterAll(() => h.close());
afterEach(() => {
  expect(h.violations).toEqual([]);
  expect(h.logLines.join('\n')).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace ever logged
});

const pds = (body: string | Uint8Array, path = '/v2/file/complete', extra: Record<string, string> = {}) =>
  rawRequest(h.emulator.url, { path, body, headers: { ...authHeaders(h.emulator, 'aliyun-pds', h.clock.now), ...extra } });
const metaStudio = (body: string | Uint8Array, fileId = 'f-1') =>
  rawRequest(h.emulator.url, { path: metaStudioPath(h.emulator, fileId), body, headers: authHeaders(h.emulator, 'huawei-metastudio', h.clock.now) });
const smh = (body: string | Uint8Array, confirmKey = 'k-1', query?: string) =>
  rawRequest(h.emulator.url, { path: smhPath(h.emulator, confirmKey, query), body, headers: { 'content-type': 'application/json' } });
const koodrive = (body: string | Uint8Array) =>
  rawRequest(h.emulator.url, { path: '/koodrive/ose/v1/files/complete', body, headers: authHeaders(h.emulator, 'huawei-koodrive', h.clock.now) });

describe('malformed JSON', () => {
  it('aliyun-pds: 400 InvalidRequestJSONFormat', async () => {
    const r = await pds('{"drive_id": "1",');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'InvalidRequestJSONFormat', message: 'The request body is not valid JSON.' });
    expect(r.headers['x-ca-request-id']).toEqual(requestId);
  });
  it('huawei-metastudio: 400 MSS.00000002', async () => {
    const r = await metaStudio('{state: CREATED}');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error_code: 'MSS.00000002', error_msg: 'Invalid body: not valid JSON', request_id: requestId });
    expect(r.headers['x-request-id']).toBe((r.json as { request_id: string }).request_id);
  });
  it('tencent-smh: 400 BadRequest (SMH generic 400: no parameter is to blame)', async () => {
    const r = await smh('{"crc64": ');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'BadRequest', message: 'The request body is not valid JSON', requestId });
    expect(r.headers['x-smh-request-id']).toBe((r.json as { requestId: string }).requestId);
  });
  it('huawei-koodrive: 400 13000102', async () => {
    const r = await koodrive('{"fileId": "x"');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 13000102, msg: 'Verify parameters failed.' });
    expect(r.headers['x-request-id']).toEqual(requestId);
  });
});

describe('binary garbage (not UTF-8) is malformed JSON too', () => {
  it.each([
    ['aliyun-pds', () => pds(garbage), { code: 'InvalidRequestJSONFormat' }],
    ['huawei-metastudio', () => metaStudio(garbage), { error_code: 'MSS.00000002' }],
    ['tencent-smh', () => smh(garbage), { code: 'BadRequest' }],
    ['huawei-koodrive', () => koodrive(garbage), { code: 13000102 }],
  ] as const)('%s', async (_name, send, expected) => {
    const r = await send();
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject(expected);
  });
});

describe('wrong types', () => {
  it('aliyun-pds: 400 InvalidParameter naming the field', async () => {
    const r = await pds(JSON.stringify({ drive_id: 1, upload_id: 'u', file_id: 'f' }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'InvalidParameter', message: 'The input parameter drive_id is not valid: drive_id must be string.' });
  });
  it('aliyun-pds: a field the spec does not document is refused (crc64hash does not skip the CRC check)', async () => {
    const complete = await pds(JSON.stringify({ drive_id: '1', upload_id: 'u', file_id: 'f', crc64hash: '1' }));
    expect(complete.status).toBe(400);
    expect(complete.json).toEqual({
      code: 'InvalidParameter',
      message: 'The input parameter crc64hash is not valid: crc64hash is not a documented property.',
    });
    const get = await pds(JSON.stringify({ drive_id: '1', file_id: 'f', feilds: '*' }), '/v2/file/get');
    expect(get.status).toBe(400);
    expect(get.json).toEqual({
      code: 'InvalidParameter',
      message: 'The input parameter feilds is not valid: feilds is not a documented property.',
    });
  });
  it('aliyun-pds: a missing field is InvalidParameterMissing, a range violation InvalidParameterOutOfRange', async () => {
    const missing = await pds(JSON.stringify({ drive_id: '1', file_id: 'f' }));
    expect(missing.status).toBe(400);
    expect(missing.json).toEqual({
      code: 'InvalidParameterMissing',
      message: 'The input parameter upload_id is missing: upload_id is required.',
    });
    const range = await pds(JSON.stringify({ drive_id: '1', file_id: 'f', url_expire_sec: 5 }), '/v2/file/get');
    expect(range.status).toBe(400);
    expect(range.json).toEqual({
      code: 'InvalidParameterOutOfRange',
      message: 'The input parameter url_expire_sec is out of range: url_expire_sec must be >= 10.',
    });
  });
  it('huawei-metastudio: a bad field is MSS.00000003, a body that is not an object MSS.00000002', async () => {
    const field = await metaStudio(JSON.stringify({ state: 5 }));
    expect(field.status).toBe(400);
    expect(field.json).toEqual({
      error_code: 'MSS.00000003',
      error_msg: 'Invalid parameter: state must be string; state must be one of "CREATED", "FAILED", "CANCELLED"',
      request_id: requestId,
    });
    const whole = await metaStudio('[]');
    expect(whole.status).toBe(400);
    expect(whole.json).toEqual({ error_code: 'MSS.00000002', error_msg: 'Invalid body: the request body must be object', request_id: requestId });
  });
  it('tencent-smh: ParamInvalid for body and query, InvalidConflictResolutionStrategy for the strategy', async () => {
    const body = await smh(JSON.stringify({ crc64: 11051210869376104954 }));
    expect(body.status).toBe(400);
    expect(body.json).toEqual({ code: 'ParamInvalid', message: 'Invalid parameter: crc64 must be string', requestId });
    const inode = await smh('', 'k-1', 'confirm&with_inode=2');
    expect(inode.status).toBe(400);
    expect(inode.json).toEqual({
      code: 'ParamInvalid',
      message: 'Invalid parameter: with_inode must be one of "0", "1"',
      requestId,
    });
    const strategy = await smh('', 'k-1', 'confirm&conflict_resolution_strategy=keep');
    expect(strategy.status).toBe(400);
    expect(strategy.json).toEqual({
      code: 'InvalidConflictResolutionStrategy',
      message: 'Invalid conflict resolution strategy: conflict_resolution_strategy must be one of "ask", "rename", "overwrite"',
      requestId,
    });
    // A bad strategy among other bad parameters is still the strategy's code; a parameter that
    // merely starts with the name is not the strategy.
    const mixed = await smh('', 'k-1', 'confirm&with_inode=2&conflict_resolution_strategy=keep');
    expect(mixed.json).toMatchObject({ code: 'InvalidConflictResolutionStrategy' });
    const lookalike = await smh('', 'k-1', 'confirm&conflict_resolution_strategy_x=ask');
    expect(lookalike.json).toEqual({
      code: 'ParamInvalid',
      message: 'Invalid parameter: conflict_resolution_strategy_x is not a documented property',
      requestId,
    });
    // Without the flag the request names no operation of the path (SMH's form upload is a POST
    // there without a flag, which the emulator does not implement): its not-implemented answer.
    const noFlag = await smh('', 'k-1', 'conflict_resolution_strategy=ask');
    expect(noFlag.status).toBe(404);
    expect(noFlag.json).toMatchObject({ code: 'NotImplemented', requestId });
    expect((noFlag.json as { message: string }).message).toContain('without ?confirm');
    const flagWithValue = await smh('', 'k-1', 'confirm=yes');
    expect(flagWithValue.json).toMatchObject({ code: 'ParamInvalid' });
  });
  it('huawei-koodrive: 13000102 for a wrong type, a bad sha256 and an undocumented field', async () => {
    for (const body of [{ fileId: 7 }, { fileId: 'f', sha256: 'zz' }, { fileId: 'f', extra: true }, {}]) {
      const r = await koodrive(JSON.stringify(body));
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ code: 13000102, msg: 'Verify parameters failed.' });
    }
  });
  it('a header parameter against its pattern (MetaStudio X-App-UserId: no Chinese characters)', async () => {
    const r = await rawRequest(h.emulator.url, {
      path: metaStudioPath(h.emulator, 'f-1'),
      // A Buffer body: with a string body Node's client re-encodes the header block as UTF-8.
      body: Buffer.from(JSON.stringify({ state: 'CREATED' })),
      // The UTF-8 bytes of 用户, as a header carries them.
      headers: { ...authHeaders(h.emulator, 'huawei-metastudio', h.clock.now), 'x-app-userid': Buffer.from('用户').toString('latin1') },
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'MSS.00000003', error_msg: expect.stringMatching(/^Invalid parameter: X-App-UserId must match pattern /) });
  });
});

describe('empty body where the spec requires one', () => {
  it.each([
    ['aliyun-pds', () => pds(''), 400, { code: 'InvalidParameterMissing', message: 'The input parameter the request body is missing: the request body is required.' }],
    ['huawei-metastudio', () => metaStudio(''), 400, { error_code: 'MSS.00000002', error_msg: 'Invalid body: the request body is required' }],
    ['huawei-koodrive', () => koodrive(''), 400, { code: 13000102, msg: 'Verify parameters failed.' }],
  ] as const)('%s', async (_name, send, status, expected) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.json).toMatchObject(expected);
  });
  it('tencent-smh: the body is optional (goes on to UploadNotFound)', async () => {
    const r = await smh('');
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ code: 'UploadNotFound' });
  });
});

describe('oversized bodies', () => {
  const big = 'x'.repeat(LIMIT + 1);
  it.each([
    ['aliyun-pds', () => pds(big), 413, { code: 'RequestEntityTooLarge', message: `The request body is larger than the ${LIMIT}-byte limit.` }],
    ['huawei-metastudio', () => metaStudio(big), 413, { error_code: 'APIGW.0201', error_msg: `Request entity too large (limit ${LIMIT} bytes)`, request_id: requestId }],
    ['tencent-smh', () => smh(big), 413, { code: 'RequestEntityTooLarge', message: `The request body is larger than the ${LIMIT}-byte limit`, requestId }],
    ['huawei-koodrive', () => koodrive(big), 413, { error_code: 'APIGW.0201', error_msg: `Request entity too large (limit ${LIMIT} bytes)`, request_id: requestId }],
  ] as const)('%s: declared Content-Length over the limit', async (_name, send, status, expected) => {
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.json).toEqual(expected);
    expect(r.headers.connection).toBe('close');
  });

  it('a chunked body is cut off while streaming (no Content-Length to trust)', async () => {
    const chunk = 'y'.repeat(1024);
    const r = await rawRequest(h.emulator.url, {
      path: '/v2/file/complete',
      headers: { ...authHeaders(h.emulator, 'aliyun-pds', h.clock.now), 'transfer-encoding': 'chunked' },
      chunks: Array.from({ length: 8 }, () => chunk),
    });
    expect(r.status).toBe(413);
    expect(r.json).toMatchObject({ code: 'RequestEntityTooLarge' });
    expect(r.headers['x-ca-error-code']).toBe('RequestEntityTooLarge');
  });

  it('PDS gateway errors carry x-ca-error-code and x-ca-error-message', async () => {
    const r = await pds(big);
    expect(r.headers['x-ca-error-code']).toBe('RequestEntityTooLarge');
    expect(r.headers['x-ca-error-message']).toBe(`The request body is larger than the ${LIMIT}-byte limit.`);
  });

  it('the default limit is 1 MiB', async () => {
    expect(DEFAULT_MAX_BODY_BYTES).toBe(1024 * 1024);
    const other = await startHarness();
    try {
      const body = 'z'.repeat(DEFAULT_MAX_BODY_BYTES + 1);
      const r = await rawRequest(other.emulator.url, { path: '/koodrive/ose/v1/files/complete', body, headers: authHeaders(other.emulator, 'huawei-koodrive', other.clock.now) });
      expect(r.status).toBe(413);
      expect(r.json).toMatchObject({ error_code: 'APIGW.0201' });
      expect(other.violations).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('keeps serving after an oversized request', async () => {
    await pds(big);
    const r = await pds(JSON.stringify({ drive_id: '1', upload_id: 'u', file_id: 'f' }));
    expect(r.status).toBe(404);
  });
});

describe('encoded path traversal and control characters in ids: the specs\' ResourceId rules, after authentication', () => {
  const pattern = expect.stringMatching(/^Invalid parameter: file_id must match pattern "\^\(\?:/);
  it.each([
    ['%2e%2e%2f%2e%2e%2fetc', pattern],
    ['%2e%2e', pattern],
    ['..', pattern],
    ['.', pattern],
    ['%2e', pattern],
    ['%2E', pattern],
    ['.%2E', pattern],
    ['a..b', pattern],
    ['a%2Fb', pattern],
    ['a%5Cb', pattern],
    ['a%00b', pattern],
    ['a%0d%0ab', pattern],
    ['a%7Fb', pattern],
    ['', 'Invalid parameter: file_id must NOT have fewer than 1 characters'],
    ['x'.repeat(1025), 'Invalid parameter: file_id must NOT have more than 1024 characters'],
  ])('huawei-metastudio file_id %#: 400 MSS.00000003', async (fileId, message) => {
    const r = await metaStudio(JSON.stringify({ state: 'CREATED' }), fileId);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ error_code: 'MSS.00000003', error_msg: message, request_id: requestId });
  });
  it.each(['a.b', '.a', 'a.', '%2e', '.%2E', '%2e%2e', 'f-é😀', 'x'.repeat(1023) + '😀'])('huawei-metastudio file_id %# is allowed: it reaches the service (MSS.10001004)', async (fileId) => {
    const r = await metaStudio(JSON.stringify({ state: 'CREATED' }), encodeURIComponent(fileId));
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'MSS.10001004' });
  });
  it('huawei-metastudio: credentials are checked before ids (the gateway authenticates first): 401, not 400', async () => {
    for (const fileId of ['%2e%2e%2fetc', 'a%00b', '', '%zz']) {
      const path = metaStudioPath(h.emulator, fileId);
      const none = await rawRequest(h.emulator.url, { path, body: JSON.stringify({ state: 'CREATED' }), headers: { 'content-type': 'application/json' } });
      expect(none.status, fileId).toBe(401);
      expect(none.json).toEqual({ error_code: 'MSS.00000001', error_msg: 'Unauthorized', request_id: requestId });
      const wrong = await rawRequest(h.emulator.url, {
        path,
        body: JSON.stringify({ state: 'CREATED' }),
        headers: { 'content-type': 'application/json', 'x-auth-token': 'not-the-token' },
      });
      expect(wrong.status, fileId).toBe(401);
    }
    const badProject = await rawRequest(h.emulator.url, {
      path: '/v1/%2e%2e/files/f-1/complete',
      body: JSON.stringify({ state: 'CREATED' }),
      headers: authHeaders(h.emulator, 'huawei-metastudio', h.clock.now),
    });
    expect(badProject.status).toBe(401);
    expect(badProject.json).toMatchObject({ error_code: 'MSS.00000001' });
  });
  it('huawei-metastudio: invalid percent-encoding, after authentication', async () => {
    const r = await metaStudio(JSON.stringify({ state: 'CREATED' }), '%zz');
    expect(r.json).toEqual({
      error_code: 'MSS.00000003',
      error_msg: 'Invalid parameter: file_id is not valid percent-encoding',
      request_id: requestId,
    });
  });
  it.each(['.', '%2e', '%2E'])('tencent-smh ConfirmKey %s (a dot segment once decoded): 400 ParamInvalid', async (key) => {
    const r = await smh('', key);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'ParamInvalid', message: expect.stringMatching(/^Invalid parameter: ConfirmKey must match pattern /), requestId });
  });
  it('tencent-smh: a ConfirmKey that is not valid percent-encoding, after the token check', async () => {
    const r = await smh('', '%zz');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'ParamInvalid', message: 'Invalid parameter: ConfirmKey is not valid percent-encoding', requestId });
    const noToken = await rawRequest(h.emulator.url, { path: '/api/v1/file/smhdocs/-/%zz?confirm', body: '' });
    expect(noToken.json).toMatchObject({ code: 'EmptyAccessToken' });
  });
  it('tencent-smh ConfirmKey: 400 ParamInvalid; a LibraryId that is not the token\'s library: 403 InvalidAccessToken first', async () => {
    const key = await smh('', '%2e%2e%2f%2e%2e');
    expect(key.status).toBe(400);
    expect(key.json).toEqual({ code: 'ParamInvalid', message: expect.stringMatching(/^Invalid parameter: ConfirmKey must match pattern /), requestId });
    const token = h.emulator.credentials['tencent-smh'].accessToken;
    const lib = await rawRequest(h.emulator.url, { path: `/api/v1/file/%2e%2e/-/k?confirm&access_token=${token}`, body: '' });
    expect(lib.status).toBe(403);
    expect(lib.json).toMatchObject({ code: 'InvalidAccessToken' });
    const noToken = await rawRequest(h.emulator.url, { path: '/api/v1/file/smhdocs/-/%2e%2e?confirm', body: '' });
    expect(noToken.json).toMatchObject({ code: 'EmptyAccessToken' });
  });
  it('aliyun-pds ids in the body: 400 InvalidParameter', async () => {
    const r = await pds(JSON.stringify({ drive_id: '1', upload_id: 'u', file_id: '../../etc/passwd' }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      code: 'InvalidParameter',
      message: expect.stringMatching(/^The input parameter file_id is not valid: file_id must match pattern "/),
    });
  });
  it('the emulator\'s own id rule (isSafeId, for seeded ids) is exactly the specs\' ResourceId', () => {
    const alphabet = ['a', '.', '/', '\\', '\u0000', '\u001f', '\u007f', '\u0080', ' ', '-', 'é', '😀', '%'];
    const corpus = ['', 'x'.repeat(1024), 'x'.repeat(1025), '😀'.repeat(1024), '😀'.repeat(1025)];
    for (const a of alphabet) for (const b of alphabet) for (const c of alphabet) corpus.push(a + b + c, a + b, a);
    // Dot segments and their percent-encoded spellings (the literal text, as a seeded id would be).
    corpus.push('.', '..', '%2e', '%2E', '.%2e', '%2e.', '.%2E', '%2E%2e', '%2e%2e%2f', ' .', '. ', '.a.', '.\u00a0');
    const checks: [string, (id: string) => boolean][] = [
      ['huawei-metastudio file_id', (id) => ms.validateConfirmFileUploadParameters({ path: { project_id: 'p', file_id: id } })],
      ['tencent-smh ConfirmKey', (id) => smhV.validateConfirmUploadParameters({ path: { LibraryId: 'l', SpaceId: '-', ConfirmKey: id }, query: { confirm: '' } })],
      ['aliyun-pds file_id', (id) => pdsV.validateCompleteFileRequestBody({ drive_id: '1', upload_id: 'u', file_id: id })],
      ['huawei-koodrive fileId', (id) => kooV.validateCompleteFileRequestBody({ fileId: id })],
    ];
    for (const [name, accepts] of checks) {
      const disagreements = corpus.filter((id) => accepts(id) !== isSafeId(id));
      expect(disagreements.map((id) => JSON.stringify(id).slice(0, 40)), name).toEqual([]);
    }
  });
  it('huawei-koodrive fileId in the body: 400 13000102', async () => {
    const r = await koodrive(JSON.stringify({ fileId: 'a\u0000b' }));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 13000102, msg: 'Verify parameters failed.' });
  });
  it('a query string that is not valid percent-encoding (SMH): ParamInvalid', async () => {
    const r = await smh('', 'k-1', 'confirm&user_id=%E0%A4');
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'ParamInvalid', message: 'Invalid parameter: the query string is not valid percent-encoding', requestId });
  });
  it('an undeclared query parameter is reported (the spec validator decides)', async () => {
    const r = await smh('', 'k-1', 'confirm&__proto__=x&__proto__=y');
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 'ParamInvalid', message: 'Invalid parameter: __proto__ is not a documented property' });
  });
});

describe('unknown routes and methods', () => {
  it('an unknown path: 404 in the neutral shape', async () => {
    for (const path of ['/', '/v2/file/delete', '/v2/file/complete/', '//v2/file/complete', '/api/v1/file/x', '/%2e%2e/%2e%2e/etc/passwd']) {
      const r = await rawRequest(h.emulator.url, { path, body: '{}' });
      expect(r.status, path).toBe(404);
      expect(r.json).toEqual({ code: 'RouteNotFound', message: 'No emulated operation has this path.' });
      expect(r.headers['x-request-id']).toEqual(requestId);
    }
  });
  it('aliyun-pds and tencent-smh: 405 in the provider shape, with Allow', async () => {
    const p = await rawRequest(h.emulator.url, { method: 'GET', path: '/v2/file/get' });
    expect(p.status).toBe(405);
    expect(p.headers.allow).toBe('POST');
    expect(p.json).toEqual({ code: 'MethodNotAllowed', message: 'This API accepts POST only.' });
    // Every SMH method but PATCH is an upload operation of this path (the DELETE of ?upload included).
    const s = await rawRequest(h.emulator.url, { method: 'PATCH', path: smhPath(h.emulator, 'k') });
    expect(s.status).toBe(405);
    expect(s.headers.allow).toBe('DELETE, GET, POST, PUT');
    expect(s.json).toEqual({ code: 'MethodNotAllowed', message: 'Only DELETE, GET, POST, PUT is emulated on this path', requestId });
  });
  it('huawei-metastudio and huawei-koodrive: the API Gateway answer, 404 APIGW.0101', async () => {
    for (const path of [metaStudioPath(h.emulator, 'f'), '/koodrive/ose/v1/files/complete']) {
      const r = await rawRequest(h.emulator.url, { method: 'PUT', path, body: '{}' });
      expect(r.status).toBe(404);
      expect(r.json).toEqual({
        error_code: 'APIGW.0101',
        error_msg: 'The API does not exist or has not been published in the environment.',
        request_id: requestId,
      });
    }
  });
  it('HTTP the parser rejects: 400 in the neutral shape, the server stays up', async () => {
    const { connect } = await import('node:net');
    const url = new URL(h.emulator.url);
    const reply = await new Promise<string>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('GARBAGE \x01\x02 HTTP/9.9\r\n\r\n'));
      let text = '';
      socket.on('data', (d) => (text += d.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('"code":"BadRequest"');
    const after = await rawRequest(h.emulator.url, { method: 'GET', path: '/__drivespec/health' });
    expect(after.status).toBe(200);
  });
  it('oversized headers: 431', async () => {
    const r = await rawRequest(h.emulator.url, { path: '/v2/file/get', body: '{}', headers: { 'x-big': 'b'.repeat(20_000) } });
    expect(r.status).toBe(431);
  });
});

describe('hostile input never crashes the server', () => {
  it('random bodies and paths get well-formed JSON answers below 500', async () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const paths = [
      '/v2/file/complete',
      '/v2/file/get',
      metaStudioPath(h.emulator, 'f%ff'),
      smhPath(h.emulator, 'k', 'confirm&with_inode'),
      '/koodrive/ose/v1/files/complete',
    ];
    for (let i = 0; i < 150; i++) {
      const bytes = new Uint8Array(Math.floor(random() * 300));
      for (let j = 0; j < bytes.length; j++) bytes[j] = Math.floor(random() * 256);
      const body = i % 3 === 0 ? JSON.stringify({ drive_id: bytes.length, file_id: [1], state: {}, fileId: null }) : bytes;
      const path = paths[i % paths.length]!;
      const r = await rawRequest(h.emulator.url, {
        path,
        body,
        headers: i % 2 ? authHeaders(h.emulator, path.startsWith('/koodrive') ? 'huawei-koodrive' : path.startsWith('/v1') ? 'huawei-metastudio' : 'aliyun-pds', h.clock.now) : {},
      });
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(r.json).toBeTypeOf('object');
      expect(r.text).not.toMatch(/\bat .*:\d+:\d+/);
    }
  });
});

describe('failures inside the emulator', () => {
  it("an exception in a handler is the provider's 500, with no stack trace in the answer or the log", async () => {
    // An injected clock that returns an invalid Date makes the SMH handler throw (toISOString).
    const broken = await startHarness({ now: () => new Date(Number.NaN) });
    try {
      broken.emulator.seed.reset();
      broken.emulator.seed.smhUpload({ confirmKey: 'k', path: ['a.txt'] });
      const r = await rawRequest(broken.emulator.url, { path: smhPath(broken.emulator, 'k'), body: '' });
      expect(r.status).toBe(500);
      expect(r.json).toEqual({ code: 'InternalServerError', message: 'Internal server error', requestId });
      expect(r.text).not.toMatch(/RangeError|at .*:\d+/);
      expect(broken.logLines).toContain(
        `internal error while answering POST ${smhPath(broken.emulator, 'k').replace(/access_token=[^&]+/, 'access_token=[REDACTED]')}: RangeError`,
      );
      expect(broken.violations).toEqual([]);
    } finally {
      await broken.close();
    }
  });

  it('a throwing log or onAnswer hook does not stop the server', async () => {
    const noisy = await startHarness({
      log: () => {
        throw new Error('log hook failed');
      },
    });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await rawRequest(noisy.emulator.url, { method: 'GET', path: '/__drivespec/health' });
        expect(r.status).toBe(200);
      }
    } finally {
      await noisy.close();
    }
  });
});
