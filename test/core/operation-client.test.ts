/**
 * What the operation client makes of answers: a documented-bodiless success checked like any
 * other (issue 9 item 2), and every error built from an answer scrubbed of the client's secrets
 * and of each attempt's request signature (item 4).
 */
import type { ClientTestHooks } from '../../src/core/client-options.js';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { ApiError, ConfigurationError, ResponseValidationError, TransportError } from '../../src/core/errors.js';
import { checkCommonOptions } from '../../src/core/operation-client.js';
import { recordingFetch, recordingSleep, type RecordedRequest } from '../helpers/recording-fetch.js';

const confirm = { params: { path: { file_id: 'f' } }, body: { state: 'CREATED' as const } };

function metaStudio(reply: { status: number; text?: string; body?: unknown; headers?: Record<string, string> }, options = {}) {
  const { fetch } = recordingFetch(reply);
  return createMetaStudio({ projectId: 'p', credentials: { token: 'iam-token-secret' }, fetch, ...options });
}

describe('a documented-bodiless success (MetaStudio ConfirmFileUpload 200) is checked too', () => {
  it('resolves undefined for the documented empty body, and for {} which says nothing more', async () => {
    for (const text of ['', '{}', ' { }\n']) {
      await expect(metaStudio({ status: 200, text, headers: { 'x-request-id': 'r1' } }).confirmFileUpload(confirm)).resolves.toBeUndefined();
    }
  });

  it.each([
    ['a captive portal page', { 'content-type': 'text/html; charset=utf-8' }, '<html><body>Sign in to Wi-Fi</body></html>', 'a non-JSON body (text/html)'],
    ['invalid JSON', { 'content-type': 'application/json' }, '{"state":', 'a non-JSON body (application/json)'],
    ['a gateway error in a 200', { 'content-type': 'application/json' }, '{"error_code":"APIGW.0101","error_msg":"not found"}', 'a JSON body with content'],
    ['an array', { 'content-type': 'application/json' }, '[]', 'a JSON body with content'],
    ['null', { 'content-type': 'application/json' }, 'null', 'a JSON body with content'],
  ])('%s is a ResponseValidationError, not "upload confirmed"', async (_name, headers, text, arrived) => {
    const error = await metaStudio({ status: 200, text, headers: { ...headers, 'x-request-id': 'r2' } })
      .confirmFileUpload(confirm)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const rve = error as ResponseValidationError;
    expect(rve.status).toBe(200);
    expect(rve.requestId).toBe('r2');
    expect(rve.issues).toEqual([{ path: '', message: `is documented without a body, but ${arrived} arrived`, keyword: 'content' }]);
  });

  it("respects responseValidation: 'off' resolves, a callback is warned once and the call resolves", async () => {
    const page = { status: 200, text: '<html></html>', headers: { 'content-type': 'text/html' } };
    await expect(metaStudio(page, { responseValidation: 'off' }).confirmFileUpload(confirm)).resolves.toBeUndefined();
    const warnings: ResponseValidationError[] = [];
    await expect(metaStudio(page, { responseValidation: (e: ResponseValidationError) => warnings.push(e) }).confirmFileUpload(confirm)).resolves.toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBeInstanceOf(ResponseValidationError);
  });
});

/** Every way an error is shown: none may contain any of the secrets. */
function expectScrubbed(error: unknown, secrets: string[]): void {
  expect(error).toBeInstanceOf(Error);
  const e = error as Error;
  const views = { message: e.message, stack: e.stack ?? '', json: JSON.stringify(e), inspect: inspect(e, { depth: 10 }) };
  for (const [view, text] of Object.entries(views)) {
    for (const secret of secrets) expect(text, `${view} shows ${secret}`).not.toContain(secret);
  }
  expect(views.inspect).toContain('[REDACTED]');
}

/** The signature the client sent, from `Authorization: acs AK:sig` or `..., Signature=hex`. */
function signatureOf(request: RecordedRequest): string {
  const auth = request.headers.authorization ?? '';
  const signature = /Signature=([0-9a-f]+)/.exec(auth)?.[1] ?? auth.split(':')[1];
  expect(signature && signature.length >= 16).toBe(true);
  return signature!;
}

describe('no secret or signature in an error built from an answer', () => {
  const file = { domain_id: 'd', drive_id: '1', file_id: 'f', name: 'n', type: 'file' };
  const pdsKey = { accessKeyId: 'AKID-public', accessKeySecret: 'pds-secret-key' };

  it('PDS acs: a server echoing the Authorization header into code, message, request id and body', async () => {
    const seen: string[] = [];
    const { fetch } = recordingFetch((request) => {
      const signature = signatureOf(request);
      seen.push(signature);
      return Response.json(
        { code: `Bad.${signature}`, message: `signature ${request.headers.authorization} does not match`, echo: { [signature]: [signature] } },
        { status: 403, headers: { 'x-ca-request-id': `rid-${signature}` } },
      );
    });
    const pds = createPds({ domainId: 'd', credentials: pdsKey, fetch });
    const error = (await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('Bad.[REDACTED]');
    expect(error.requestId).toBe('rid-[REDACTED]');
    expect(error.body).toEqual({ code: 'Bad.[REDACTED]', message: 'signature acs AKID-public:[REDACTED] does not match', echo: { '[REDACTED]': ['[REDACTED]'] } });
    expectScrubbed(error, [...seen, pdsKey.accessKeySecret]);
  });

  it('MetaStudio SDK-HMAC-SHA256: a retried call, each attempt’s Signature= echoed', async () => {
    const seen: string[] = [];
    const { fetch } = recordingFetch((request) => {
      seen.push(signatureOf(request));
      // Every answer echoes every signature so far: the first attempt's must be scrubbed too.
      return Response.json({ error_code: 'APIGW.0301', error_msg: `verify failed: ${seen.join(' ')}` }, { status: seen.length < 2 ? 500 : 401 });
    });
    let t = Date.parse('2026-01-01T00:00:00Z');
    const ms = createMetaStudio({
      projectId: 'p',
      credentials: { ak: 'AK', sk: 'metastudio-sk-secret' },
      fetch,
      ...({ sleep: recordingSleep().sleep } satisfies ClientTestHooks),
      now: () => new Date((t += 1000)),
    });
    const error = (await ms.confirmFileUpload(confirm).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.attempts).toBe(2);
    expect(new Set(seen).size).toBe(2);
    expect(error.providerMessage).toBe('verify failed: [REDACTED] [REDACTED]');
    expectScrubbed(error, [...seen, 'metastudio-sk-secret']);
  });

  it('ResponseValidationError: a map key equal to the token (PDS user_tags), slash and all', async () => {
    const token = 'pds/access+token=1';
    const { fetch } = recordingFetch({ status: 200, body: { ...file, user_tags: { [token]: 42, [encodeURIComponent(token)]: 7 } } });
    const pds = createPds({ domainId: 'd', credentials: { accessToken: token }, fetch });
    const error = (await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error.issues.map((i) => i.path)).toEqual(['/user_tags/[REDACTED]', '/user_tags/[REDACTED]']);
    expectScrubbed(error, [token, encodeURIComponent(token), token.replace('/', '~1')]);
  });

  it('ResponseValidationError: a map key equal to the token (SMH metaData) or to the request signature', async () => {
    const token = 'smh-access-token-0123';
    const { fetch } = recordingFetch({ status: 200, body: { name: 'n', type: 'file', path: ['n'], metaData: { [token]: 1 } } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: token }, fetch });
    const smhError = await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e);
    expect(smhError).toBeInstanceOf(ResponseValidationError);
    expect((smhError as ResponseValidationError).issues.map((i) => i.path)).toContain('/metaData/[REDACTED]');
    expectScrubbed(smhError, [token]);

    const seen: string[] = [];
    const signed = recordingFetch((request) => {
      seen.push(signatureOf(request));
      return Response.json({ ...file, user_tags: { [seen[0]!]: false } }, { headers: { 'x-ca-request-id': seen[0]! } });
    });
    const pds = createPds({ domainId: 'd', credentials: pdsKey, fetch: signed.fetch });
    const pdsError = (await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e)) as ResponseValidationError;
    expect(pdsError).toBeInstanceOf(ResponseValidationError);
    expect(pdsError.requestId).toBe('[REDACTED]');
    expectScrubbed(pdsError, seen);
  });

  it('TransportError: a non-JSON answer whose content type echoes the signature', async () => {
    const seen: string[] = [];
    const { fetch } = recordingFetch((request) => {
      seen.push(signatureOf(request));
      return new Response('<html>bad gateway</html>', { status: 502, headers: { 'content-type': `text/x-${seen[0]}` } });
    });
    const pds = createPds({ domainId: 'd', credentials: pdsKey, fetch, maxRetries: 0 });
    const error = (await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe('GetFile: HTTP 502 with a non-JSON body (text/x-[REDACTED])');
    expect(error.operationId).toBe('GetFile');
    expect(error.attempts).toBe(1);
    expectScrubbed(error, seen);
  });

  it('TransportError: fetch failing with the signature and the SMH URL token in its message and cause', async () => {
    const seen: string[] = [];
    const token = 'smh-url-token-4567';
    const failing = (text: string) =>
      Object.assign(new TypeError('fetch failed', { cause: Object.assign(new Error(`socket hang up after ${text}`), { code: 'UND_ERR_SOCKET' }) }));
    const pds = createPds({
      domainId: 'd',
      credentials: pdsKey,
      maxRetries: 0,
      fetch: recordingFetch((request) => {
        seen.push(signatureOf(request));
        throw failing(request.headers.authorization!);
      }).fetch,
    });
    const pdsError = (await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e)) as TransportError;
    expect(pdsError).toBeInstanceOf(TransportError);
    expect((pdsError.cause as Error).cause).toMatchObject({ code: 'UND_ERR_SOCKET', message: 'socket hang up after acs AKID-public:[REDACTED]' });
    expectScrubbed(pdsError, seen);

    const smh = createSmh({
      libraryId: 'l',
      credentials: { accessToken: token },
      maxRetries: 0,
      fetch: recordingFetch((request) => {
        throw failing(request.url);
      }).fetch,
    });
    const smhError = await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e);
    expect(smhError).toBeInstanceOf(TransportError);
    expectScrubbed(smhError, [token]);
  });
});

describe('checkCommonOptions (issue 9 review D7)', () => {
  it('an options argument that is not an object is a ConfigurationError naming it', () => {
    for (const options of [null, 5, 'x', []]) {
      expect(() => checkCommonOptions(options as never)).toThrow(ConfigurationError);
      expect(() => checkCommonOptions(options as never)).toThrow(/^options: must be an object$/);
    }
  });
  it('accepts every documented responseValidation and injected functions', () => {
    for (const responseValidation of ['throw', 'off', () => {}] as const) {
      expect(() => checkCommonOptions({ responseValidation })).not.toThrow();
    }
    const fn = () => undefined as never;
    expect(() => checkCommonOptions({ fetch: fn, now: fn, nonce: fn, random: fn, sleep: fn })).not.toThrow();
  });
});
