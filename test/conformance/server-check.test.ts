/**
 * The server check on its own, against scripted answers: what it sends, how it reads what came
 * back (the bytes that arrived, and what the typed client made of them) and the verdict, which
 * needs the documented status, provider code and a body the spec accepts.
 */
import { describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/conformance/index.js';
import { createHarnessClient, WRONG_CREDENTIAL } from '../../src/conformance/provider-clients.js';
import { providerSpecs, type ProviderSpec } from '../../src/conformance/provider-specs.js';
import { requestFor } from '../../src/conformance/run-conformance.js';
import { targetRequest } from '../../src/conformance/scenarios.js';
import { checkServerSide, judge, type Outcome, type ServerCheckInput } from '../../src/conformance/server-check.js';
import type { CheckResult, ConformancePair } from '../../src/conformance/types.js';
import { ApiError, ConfigurationError, DrivespecError, ResponseValidationError } from '../../src/core/errors.js';
import type { ProviderId } from '../../src/core/provider.js';
import { stubCredentials } from './support/stub-emulator.js';

const BASE_URL = 'http://target.test';
const NOW = new Date('2026-03-01T08:00:00Z');

interface Sent {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

type Script = (sent: Sent, init: RequestInit | undefined) => Response | Promise<Response>;

/** A fetch answering from a script, keeping every request it was given. */
function scripted(script: Script) {
  const sent: Sent[] = [];
  const fetch = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const request = { url: String(url), method: init?.method ?? 'GET', headers: new Headers(init?.headers), body: typeof init?.body === 'string' ? init.body : '' };
    if (init?.body instanceof Uint8Array) request.body = new TextDecoder().decode(init.body);
    sent.push(request);
    return script(request, init);
  }) as typeof globalThis.fetch;
  return { fetch, sent };
}

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const text = (status: number, body: string, type = 'text/html') => new Response(body, { status, headers: { 'content-type': type } });

function pairOf(provider: ProviderId, operationId: string, name: string): ConformancePair {
  const pair = providerSpecs[provider].pairs.find((p) => p.operationId === operationId && p.name === name);
  if (!pair) throw new Error(`no pair ${provider} ${operationId} ${name}`);
  return pair;
}

function inputFor(
  provider: ProviderId,
  pair: ConformancePair,
  fetch: typeof globalThis.fetch,
  extra: Partial<ServerCheckInput> = {},
): ServerCheckInput {
  const spec = extra.spec ?? providerSpecs[provider];
  const credentials = extra.credentials ?? stubCredentials[provider];
  const { request } = requestFor(pair, spec.pairs.filter((p) => p.operationId === pair.operationId));
  return {
    spec,
    pair,
    request: targetRequest(provider, request!, credentials as never),
    credentials,
    target: 'live',
    baseUrl: BASE_URL,
    fetch,
    now: () => NOW,
    ...extra,
  };
}

/** An emulator that is only seeded (the scripted fetch answers for it). */
function seedRecorder(fail?: string) {
  const calls: string[] = [];
  const record =
    (name: string) =>
    (input?: unknown): void => {
      calls.push(name);
      if (name === fail) throw new Error(`${name} broke`);
      void input;
    };
  const emulator = {
    url: BASE_URL,
    port: 0,
    credentials: stubCredentials,
    seed: {
      reset: record('reset'),
      pdsUpload: record('pdsUpload'),
      metaStudioUpload: record('metaStudioUpload'),
      smhUpload: record('smhUpload'),
      smhFile: record('smhFile'),
      koodriveUpload: record('koodriveUpload'),
      fault: record('fault'),
    },
    close: async () => {},
  } as unknown as RunningEmulator;
  return { emulator, calls };
}

const smhNotFound = pairOf('tencent-smh', 'ConfirmUpload', 'upload-not-found');
const smhSuccess = pairOf('tencent-smh', 'ConfirmUpload', 'documented-success');
const pdsNotFound = pairOf('aliyun-pds', 'CompleteFile', 'not-found');
const pdsSuccess = pairOf('aliyun-pds', 'CompleteFile', 'documented-success');
const msSuccess = pairOf('huawei-metastudio', 'ConfirmFileUpload', 'documented-success');
const kdSuccess = pairOf('huawei-koodrive', 'CompleteFile', 'documented-success');

const answer = (status: number, body: string, client?: { error?: unknown }): Outcome => ({
  kind: 'answer',
  status,
  text: body,
  ...(client ? { client } : {}),
});
const valid = { variant: 'valid' } as const;
const failedWith = (reason: string) => ({ status: 'failed', reason });
/** The reason of a check that must have failed. */
function reasonOf(result: CheckResult): string | undefined {
  expect(result.status).toBe('failed');
  return result.reason;
}

/** The reason of a check that could not run (no answer to judge): errored, never failed or passed. */
function erroredReason(result: CheckResult): string | undefined {
  expect(result.status).toBe('errored');
  return result.reason;
}
const unused = scripted(() => {
  throw new Error('not called');
}).fetch;

describe('judge: the documented status, the documented code, a body the spec accepts', () => {
  const smh = inputFor('tencent-smh', smhNotFound, unused);
  const documented = JSON.stringify(smhNotFound.response.body);

  it('passes the documented answer, and nothing else', () => {
    expect(judge(smh, valid, answer(404, documented))).toEqual({ status: 'passed' });
    expect(judge(smh, valid, answer(418, '{"code":"Teapot"}'))).toEqual({
      status: 'failed',
      reason: 'the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
    });
    expect(reasonOf(judge(smh, valid, answer(404, '{"code":"NoSuchUpload","message":"m"}')))).toBe(
      'the target answered HTTP 404 NoSuchUpload; the docs show HTTP 404 UploadNotFound',
    );
    // An answer with no code at all is no match for a documented code.
    expect(reasonOf(judge(smh, valid, answer(404, '{"message":"m"}')))).toBe('the target answered HTTP 404; the docs show HTTP 404 UploadNotFound');
  });

  it('the status must match as well as the code', () => {
    expect(judge(smh, valid, answer(400, documented))).toEqual(
      failedWith('the target answered HTTP 400 UploadNotFound; the docs show HTTP 404 UploadNotFound'),
    );
    const pds = inputFor('aliyun-pds', pdsSuccess, unused);
    expect(judge(pds, valid, answer(201, JSON.stringify(pdsSuccess.response.body)))).toEqual(
      failedWith('the target answered HTTP 201; the docs show HTTP 200'),
    );
    // Where the docs show no code, a code in an answer the schema accepts is no mismatch.
    expect(judge(pds, valid, answer(200, JSON.stringify({ ...(pdsSuccess.response.body as object), code: 'Extra' })))).toEqual({
      status: 'passed',
    });
  });

  it('an operation the spec does not have has no declared status', () => {
    const unknown = inputFor('tencent-smh', { ...smhNotFound, operationId: 'Nope' }, unused);
    expect(judge(unknown, valid, answer(404, documented))).toEqual(
      failedWith('the target answered HTTP 404 UploadNotFound, a status the spec does not declare'),
    );
  });

  it('names the emulator when it is the target', () => {
    expect(reasonOf(judge({ ...smh, target: 'emulator' }, valid, answer(404, '{"code":"X"}')))).toBe(
      'the emulator answered HTTP 404 X; the docs show HTTP 404 UploadNotFound',
    );
  });

  it('a failure to get an answer is the reason; an unreachable target errors the check instead of failing it', () => {
    expect(judge(smh, valid, { kind: 'failure', message: 'the call failed: boom' })).toEqual({
      status: 'failed',
      reason: 'the call failed: boom',
    });
    expect(judge(smh, valid, { kind: 'failure', errored: true, message: 'could not reach the target: boom' })).toEqual({
      status: 'errored',
      reason: 'could not reach the target: boom',
    });
  });

  it('says when sent credentials got the documented answer to a wrong credential, only then', () => {
    const pds = inputFor('aliyun-pds', pdsNotFound, unused);
    const refused = '{"code":"AccessTokenInvalid","message":"m"}';
    expect(reasonOf(judge(pds, valid, answer(401, refused)))).toBe(
      'the target answered HTTP 401 AccessTokenInvalid; the docs show HTTP 404 NotFound (the documented answer to a wrong credential: are the credentials right?)',
    );
    expect(reasonOf(judge(pds, valid, answer(401, '{"code":"Other"}')))).toBe('the target answered HTTP 401 Other; the docs show HTTP 404 NotFound');
    expect(reasonOf(judge(pds, valid, answer(403, refused)))).toBe('the target answered HTTP 403 AccessTokenInvalid; the docs show HTTP 404 NotFound');
    const signature = inputFor('huawei-metastudio', pairOf('huawei-metastudio', 'ConfirmFileUpload', 'signature-rejected'), unused);
    expect(judge(signature, { variant: 'wrong-signature' }, answer(401, '{"error_code":"MSS.00000001","error_msg":"m"}'))).toEqual(
      failedWith('the target answered HTTP 401 MSS.00000001; the docs show HTTP 401 APIGW.0301'),
    );
    // A deliberately wrong credential explains nothing about the credentials given.
    const unauthorized = inputFor('aliyun-pds', pairOf('aliyun-pds', 'CompleteFile', 'unauthorized'), unused);
    expect(reasonOf(judge(unauthorized, { variant: 'wrong-token' }, answer(404, '{"code":"NotFound"}')))).toBe(
      'the target answered HTTP 404 NotFound; the docs show HTTP 401 AccessTokenInvalid',
    );
  });

  it('a success needs a body that validates, JSON, and no body where the spec declares none', () => {
    const pds = inputFor('aliyun-pds', pdsSuccess, unused);
    const body = pdsSuccess.response.body as Record<string, unknown>;
    expect(judge(pds, valid, answer(200, JSON.stringify(body)))).toEqual({ status: 'passed' });
    expect(reasonOf(judge(pds, valid, answer(200, JSON.stringify({ ...body, size: 'large' }))))).toMatch(
      /^the target's HTTP 200 answer does not match the spec: \/size /,
    );
    expect(reasonOf(judge(pds, valid, answer(200, '<html>Welcome to the hotel Wi-Fi</html>')))).toBe(
      'the target answered HTTP 200 with a body that is not JSON',
    );
    expect(reasonOf(judge(pds, valid, answer(200, '')))).toMatch(/^the target's HTTP 200 answer does not match the spec: \/ /);

    const ms = inputFor('huawei-metastudio', msSuccess, unused);
    expect(judge(ms, valid, answer(200, ''))).toEqual({ status: 'passed' });
    expect(reasonOf(judge(ms, valid, answer(200, '<html>captive portal</html>')))).toBe('the target answered HTTP 200 with a body; the spec declares none');
    expect(reasonOf(judge(ms, valid, answer(200, '{}')))).toBe('the target answered HTTP 200 with a body; the spec declares none');
  });

  it('an error answer must match the error schema too', () => {
    expect(reasonOf(judge(smh, valid, answer(404, '{"code":"UploadNotFound","message":7}')))).toMatch(
      /^the target's HTTP 404 UploadNotFound answer does not match the spec: \/message /,
    );
    expect(reasonOf(judge(smh, valid, answer(404, 'UploadNotFound')))).toBe(
      'the target answered HTTP 404 with a body that is not JSON; the docs show HTTP 404 UploadNotFound',
    );
  });

  it("a documented success code must come back (KooDrive's code 0 on HTTP 200)", () => {
    const kd = inputFor('huawei-koodrive', kdSuccess, unused);
    expect(judge(kd, valid, answer(200, '{"code":0,"msg":"success."}'))).toEqual({ status: 'passed' });
    expect(reasonOf(judge(kd, valid, answer(200, '{"code":13000401,"msg":"Upload task not found."}')))).toBe(
      'the target answered HTTP 200 13000401; the docs show HTTP 200 0',
    );
  });

  it('a status the spec does not declare fails, even when a pair documents it', () => {
    const teapot = { ...smhNotFound, response: { status: 418, body: { code: 'Teapot', message: 'm' } } };
    expect(reasonOf(judge(inputFor('tencent-smh', teapot, unused), valid, answer(418, '{"code":"Teapot","message":"m"}')))).toBe(
      'the target answered HTTP 418 Teapot, a status the spec does not declare',
    );
  });

  it("falls back to the spec's default response, and a schema the harness lacks is no pass", () => {
    const op = providerSpecs['tencent-smh'].operations.ConfirmUpload!;
    const defaultOnly = (validator: string): ProviderSpec => ({
      ...providerSpecs['tencent-smh'],
      operations: { ConfirmUpload: { ...op, responses: { default: op.responses['404']! } } },
      validators: { ...providerSpecs['tencent-smh'].validators, [op.responses['404']!.validator!]: providerSpecs['tencent-smh'].validators[validator]! },
    });
    const known = defaultOnly(op.responses['404']!.validator!);
    const input = inputFor('tencent-smh', smhNotFound, unused, { spec: known });
    expect(judge(input, valid, answer(404, documented))).toEqual({ status: 'passed' });
    expect(reasonOf(judge(input, valid, answer(404, '{"code":"UploadNotFound","message":7}')))).toMatch(/does not match the spec: \/message /);

    // A declared JSON answer without a schema: JSON is all there is to check.
    const schemaless: ProviderSpec = {
      ...known,
      operations: { ConfirmUpload: { ...op, responses: { '404': { ...op.responses['404']!, validator: null } } } },
      validators: {},
    };
    expect(judge({ ...input, spec: schemaless }, valid, answer(404, '{"code":"UploadNotFound","message":7}'))).toEqual({ status: 'passed' });
    expect(judge({ ...input, spec: schemaless }, valid, answer(404, '{"code":"UploadNotFound"')).status).toBe('failed');

    const missing: ProviderSpec = { ...known, validators: {} };
    expect(reasonOf(judge({ ...input, spec: missing }, valid, answer(404, documented)))).toBe(
      `the harness has no ${op.responses['404']!.validator} to check the target's HTTP 404 UploadNotFound answer with`,
    );
  });

  it('the typed client must read the answer as the pair does', () => {
    const pds = inputFor('aliyun-pds', pdsSuccess, unused);
    const body = JSON.stringify(pdsSuccess.response.body);
    const refusal = new ResponseValidationError('CompleteFile', 200, [{ path: '/x', message: 'is odd', keyword: 'type' }], undefined);
    expect(judge(pds, valid, answer(200, body, {}))).toEqual({ status: 'passed' });
    expect(reasonOf(judge(pds, valid, answer(200, body, { error: refusal })))).toBe(
      "the client refused the target's HTTP 200 answer: ResponseValidationError: CompleteFile: response 200 does not match the spec: /x is odd",
    );

    const apiError = new ApiError({ provider: 'tencent-smh', operationId: 'ConfirmUpload', status: 404, code: 'UploadNotFound', body: {} } as never);
    expect(judge(smh, valid, answer(404, documented, { error: apiError }))).toEqual({ status: 'passed' });
    const misread = new ResponseValidationError('ConfirmUpload', 404, [{ path: '', message: 'odd', keyword: 'type' }], undefined);
    expect(reasonOf(judge(smh, valid, answer(404, documented, { error: misread })))).toBe(
      "the client did not read the target's HTTP 404 UploadNotFound answer as the documented error: ResponseValidationError: ConfirmUpload: response 404 does not match the spec: / odd",
    );
    // HTTP 400 is an error status too.
    const kdBroken = pairOf('huawei-koodrive', 'CompleteFile', 'invalid-parameter');
    const kdMisread = new ResponseValidationError('CompleteFile', 400, [{ path: '', message: 'odd', keyword: 'type' }], undefined);
    const kdAnswer = answer(400, JSON.stringify(kdBroken.response.body), { error: kdMisread });
    expect(reasonOf(judge(inputFor('huawei-koodrive', kdBroken, unused), valid, kdAnswer))).toMatch(
      /^the client did not read the target's HTTP 400 13000102 answer as the documented error: ResponseValidationError: /,
    );
    expect(reasonOf(judge(smh, valid, answer(404, documented, {})))).toBe(
      "the client did not read the target's HTTP 404 UploadNotFound answer as the documented error: undefined",
    );
  });
});

describe('checkServerSide: what is sent and how the answer is read', () => {
  it('sends the documented request to the base URL and passes the documented answer', async () => {
    const target = scripted(() => json(404, smhNotFound.response.body));
    const result = await checkServerSide(inputFor('tencent-smh', smhNotFound, target.fetch));
    expect(result).toEqual({ status: 'passed' });
    expect(target.sent).toHaveLength(1);
    expect(target.sent[0]!.url).toMatch(new RegExp(`^${BASE_URL}/api/v1/file/stublibrary/-/0+\\?confirm&`));
    expect(target.sent[0]!.url).toContain(`access_token=${stubCredentials['tencent-smh'].accessToken}`);
  });

  it('judges the bytes that arrived: a wrong code fails although the status is right', async () => {
    const target = scripted(() => json(404, { code: 'NoSuchUpload', message: 'm' }));
    expect(await checkServerSide(inputFor('tencent-smh', smhNotFound, target.fetch))).toEqual({
      status: 'failed',
      reason: 'the target answered HTTP 404 NoSuchUpload; the docs show HTTP 404 UploadNotFound',
    });
  });

  it('an unauthorized pair sends the wrong credential and notes it, passed or failed', async () => {
    const unauthorized = pairOf('tencent-smh', 'ConfirmUpload', 'invalid-access-token');
    const right = scripted(() => json(403, unauthorized.response.body));
    expect(await checkServerSide(inputFor('tencent-smh', unauthorized, right.fetch))).toEqual({
      status: 'passed',
      note: 'sent a wrong access token',
    });
    expect(right.sent[0]!.url).toContain(`access_token=${WRONG_CREDENTIAL}`);
    const wrong = scripted(() => json(200, smhSuccess.response.body));
    expect(await checkServerSide(inputFor('tencent-smh', unauthorized, wrong.fetch))).toEqual({
      status: 'failed',
      reason: 'the target answered HTTP 200; the docs show HTTP 403 InvalidAccessToken',
      note: 'sent a wrong access token',
    });
  });

  it('signs with the injected nonce and clock (PDS AccessKey)', async () => {
    const target = scripted(() => json(404, pdsNotFound.response.body));
    const credentials = { accessKeyId: stubCredentials['aliyun-pds'].accessKeyId, accessKeySecret: stubCredentials['aliyun-pds'].accessKeySecret };
    const result = await checkServerSide(inputFor('aliyun-pds', pdsNotFound, target.fetch, { credentials, nonce: () => 'nonce-0042' }));
    expect(result).toEqual({ status: 'passed' });
    expect(target.sent[0]!.headers.get('x-acs-signature-nonce')).toBe('nonce-0042');
    expect(target.sent[0]!.headers.get('date')).toBe(NOW.toUTCString());
  });

  it('nothing listening: could not reach the target (errored: the check could not run)', async () => {
    const target = scripted(() => {
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    });
    const result = await checkServerSide(inputFor('tencent-smh', smhNotFound, target.fetch));
    expect(erroredReason(result)).toMatch(/^could not reach the target: ConfirmUpload: network error calling http:\/\/target\.test\/api\/v1\/file\//);
  });

  it('no answer within the timeout', async () => {
    const target = scripted(
      (_, init) =>
        new Promise<Response>((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
        }),
    );
    expect(await checkServerSide(inputFor('tencent-smh', smhNotFound, target.fetch, { timeout: 40 }))).toEqual({
      status: 'errored',
      reason: 'no answer from the target: ConfirmUpload: timed out after 40 ms',
    });
  });

  it('an answer the client cannot read fails, and its copy is released (typed and raw)', async () => {
    let cancelled = 0;
    const redirect = () =>
      new Response(
        new ReadableStream({
          pull: (controller) => controller.enqueue(new TextEncoder().encode('x'.repeat(1024))),
          cancel: () => {
            cancelled++;
          },
        }),
        { status: 302, headers: { location: 'http://elsewhere.test/' } },
      );
    const typed = await checkServerSide(inputFor('tencent-smh', smhNotFound, scripted(redirect).fetch));
    expect(reasonOf(typed)).toMatch(/^the target's HTTP 302 answer could not be read: ConfirmUpload: HTTP 302 redirect/);
    expect(cancelled).toBe(1);
    const broken = pairOf('aliyun-pds', 'CompleteFile', 'invalid-parameter');
    const raw = await checkServerSide(inputFor('aliyun-pds', broken, scripted(redirect).fetch));
    expect(reasonOf(raw)).toMatch(/^the target's HTTP 302 answer could not be read: CompleteFile: HTTP 302 redirect/);
    expect(cancelled).toBe(2);
  });

  it('a request the typed client refuses is reported as such, never sent', async () => {
    const target = scripted(() => json(404, smhNotFound.response.body));
    const bad = { ...smhNotFound, request: { ...smhNotFound.request!, body: { crc64: 'not-a-number' } } };
    const result = await checkServerSide(inputFor('tencent-smh', bad, target.fetch));
    expect(reasonOf(result)).toMatch(/^the client refused the request before sending it: ConfirmUpload: invalid request body: \/crc64 /);
    expect(target.sent).toHaveLength(0);
  });

  it('a harness that cannot call the operation fails with a DrivespecError (issue 9, item 15)', async () => {
    const target = scripted(() => json(404, smhNotFound.response.body));
    const unknown = { ...smhNotFound, operationId: 'Nope' };
    expect(reasonOf(await checkServerSide(inputFor('tencent-smh', unknown, target.fetch)))).toBe(
      'the call failed: ConfigurationError: operationId: the tencent-smh client has no method for Nope',
    );
    const harness = createHarnessClient({ provider: 'tencent-smh', credentials: stubCredentials['tencent-smh'], baseUrl: BASE_URL, fetch: target.fetch, now: () => NOW });
    await expect(harness.call('Nope', smhNotFound.request!)).rejects.toBeInstanceOf(ConfigurationError);
    let thrown: unknown;
    try {
      createHarnessClient({ provider: 'dropbox' as never, credentials: {} as never, baseUrl: BASE_URL, fetch: target.fetch, now: () => NOW });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DrivespecError);
    expect((thrown as ConfigurationError).option).toBe('provider');
  });

  it('a broken body goes out through the raw client with the credentials, and its answer is judged', async () => {
    const pair = pairOf('huawei-koodrive', 'CompleteFile', 'invalid-parameter');
    const target = scripted(() => json(400, pair.response.body));
    expect(await checkServerSide(inputFor('huawei-koodrive', pair, target.fetch))).toEqual({
      status: 'passed',
      note: 'sent fileId as a number, through the raw client',
    });
    const sent = target.sent[0]!;
    expect(sent.url).toBe(`${BASE_URL}/koodrive/ose/v1/files/complete`);
    expect(JSON.parse(sent.body)).toMatchObject({ fileId: 12345 });
    expect(sent.headers.get('authorization')).toBe(`Bearer ${stubCredentials['huawei-koodrive'].accessToken}`);

    const html = scripted(() => text(400, '<html>Bad Request</html>'));
    expect(reasonOf(await checkServerSide(inputFor('huawei-koodrive', pair, html.fetch)))).toBe(
      'the target answered HTTP 400 with a body that is not JSON; the docs show HTTP 400 13000102',
    );
    const wrongCode = scripted(() => json(400, { code: 13000401, msg: 'Upload task not found.' }));
    expect(reasonOf(await checkServerSide(inputFor('huawei-koodrive', pair, wrongCode.fetch)))).toBe(
      'the target answered HTTP 400 13000401; the docs show HTTP 400 13000102',
    );
    const htmlOk = scripted(() => text(200, '<html>Welcome</html>'));
    expect(reasonOf(await checkServerSide(inputFor('huawei-koodrive', pair, htmlOk.fetch)))).toBe(
      'the target answered HTTP 200 with a body that is not JSON; the docs show HTTP 400 13000102',
    );
    const down = scripted(() => {
      throw new TypeError('fetch failed');
    });
    expect(erroredReason(await checkServerSide(inputFor('huawei-koodrive', pair, down.fetch)))).toMatch(/^could not reach the target: CompleteFile: network error/);
  });

  it('the raw client puts credentials that travel in the query where the typed one does', async () => {
    const smhBroken: ConformancePair = {
      ...smhNotFound,
      name: 'invalid-body',
      scenario: 'invalid-parameter',
      response: { status: 400, body: { code: 'InvalidParameter', message: 'm' } },
    };
    const { emulator } = seedRecorder();
    const target = scripted(() => json(400, smhBroken.response.body));
    const result = await checkServerSide(inputFor('tencent-smh', smhBroken, target.fetch, { target: 'emulator', emulator }));
    expect(result.status).toBe('passed');
    expect(target.sent[0]!.url).toMatch(/\?confirm&/);
    expect(target.sent[0]!.url).toContain(`access_token=${stubCredentials['tencent-smh'].accessToken}`);
  });
});

describe('checkServerSide against an emulator: seeding and preparing', () => {
  it('resets, then seeds, then judges the answer', async () => {
    const { emulator, calls } = seedRecorder();
    const target = scripted(() => json(200, smhSuccess.response.body));
    expect(await checkServerSide(inputFor('tencent-smh', smhSuccess, target.fetch, { target: 'emulator', emulator }))).toEqual({ status: 'passed' });
    expect(calls).toEqual(['reset', 'smhUpload']);
    const wrong = scripted(() => json(200, { ...(smhSuccess.response.body as object), crc64: 'abc' }));
    expect(reasonOf(await checkServerSide(inputFor('tencent-smh', smhSuccess, wrong.fetch, { target: 'emulator', emulator })))).toMatch(
      /^the emulator's HTTP 200 answer does not match the spec: \/crc64 /,
    );
  });

  it('needs an emulator, and reports a seed that fails', async () => {
    const target = scripted(() => json(200, smhSuccess.response.body));
    expect(await checkServerSide(inputFor('tencent-smh', smhSuccess, target.fetch, { target: 'emulator' }))).toEqual({
      status: 'errored',
      reason: 'no emulator to run against',
    });
    const { emulator } = seedRecorder('smhUpload');
    const conflict = pairOf('tencent-smh', 'ConfirmUpload', 'name-conflict');
    expect(await checkServerSide(inputFor('tencent-smh', conflict, target.fetch, { target: 'emulator', emulator }))).toEqual({
      status: 'errored',
      reason: 'seeding the emulator failed: Error: smhUpload broke',
      note: 'seeded a file with the upload’s name',
    });
    expect(target.sent).toHaveLength(0);
  });

  it('prepares with valid credentials and without judging the preparation; a failed preparation errors the check', async () => {
    const getFile = pairOf('aliyun-pds', 'GetFile', 'documented-success');
    const { emulator } = seedRecorder();
    // The preparation's answer (CompleteFile) is off the spec: it is checked by its own pair, not here.
    const target = scripted((sent) => (sent.url.endsWith('/v2/file/complete') ? json(200, { odd: true }) : json(200, getFile.response.body)));
    expect(await checkServerSide(inputFor('aliyun-pds', getFile, target.fetch, { target: 'emulator', emulator }))).toEqual({ status: 'passed' });
    expect(target.sent.map((s) => s.url)).toEqual([`${BASE_URL}/v2/file/complete`, `${BASE_URL}/v2/file/get`]);
    expect(target.sent[0]!.headers.get('authorization')).toBe(`Bearer ${stubCredentials['aliyun-pds'].accessToken}`);

    const down = scripted(() => {
      throw new TypeError('fetch failed');
    });
    expect(erroredReason(await checkServerSide(inputFor('aliyun-pds', getFile, down.fetch, { target: 'emulator', emulator })))).toMatch(
      /^preparing the emulator failed: TransportError: CompleteFile: network error/,
    );
  });

  it("the typed client's own verdict counts: an answer it refuses is no pass", async () => {
    const { emulator } = seedRecorder();
    const spec = providerSpecs['tencent-smh'];
    const successValidator = spec.operations.ConfirmUpload!.responses['200']!.validator!;
    // The harness's copy of the schema accepts anything; the client's does not.
    const lenient: ProviderSpec = { ...spec, validators: { ...spec.validators, [successValidator]: Object.assign(() => true, { errors: null }) as never } };
    const target = scripted(() => json(200, { ...(smhSuccess.response.body as object), crc64: 'abc' }));
    expect(
      reasonOf(await checkServerSide(inputFor('tencent-smh', smhSuccess, target.fetch, { target: 'emulator', emulator, spec: lenient }))),
    ).toMatch(/^the client refused the emulator's HTTP 200 answer: ResponseValidationError: ConfirmUpload: response 200 does not match the spec: \/crc64 /);
  });

  it('a KooDrive success answered with an error code in a 200 fails', async () => {
    const { emulator } = seedRecorder();
    const target = scripted(() => json(200, { code: 13000401, msg: 'Upload task not found.' }));
    expect(await checkServerSide(inputFor('huawei-koodrive', kdSuccess, target.fetch, { target: 'emulator', emulator }))).toEqual({
      status: 'failed',
      reason: 'the emulator answered HTTP 200 13000401; the docs show HTTP 200 0',
    });
  });
});
