/** The client side: documented responses replayed through the typed clients; tampered ones fail naming paths. */
import { describe, expect, it } from 'vitest';
import { checkClientSide } from '../../src/conformance/client-check.js';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import { requestFor } from '../../src/conformance/run-conformance.js';
import type { ConformancePair } from '../../src/conformance/types.js';
import { checkWire } from '../../src/conformance/wire-check.js';
import { fixedClock } from '../helpers/recording-fetch.js';

const now = fixedClock();
const pds = providerSpecs['aliyun-pds'];
const kd = providerSpecs['huawei-koodrive'];
const pdsCredentials = { accessToken: 'replay-token-for-tests' };
const pair = (spec: typeof pds, name: string, operationId?: string) =>
  spec.pairs.find((p) => p.name === name && (!operationId || p.operationId === operationId))!;

async function client(spec: typeof pds, p: ConformancePair, credentials: object = pdsCredentials) {
  const { request, from } = requestFor(p, spec.pairs.filter((x) => x.operationId === p.operationId));
  return checkClientSide({ spec, pair: p, request, requestFrom: from, credentials: credentials as never, now });
}

describe('checkClientSide', () => {
  it('passes a documented success and a documented error', async () => {
    expect(await client(pds, pair(pds, 'documented-success', 'GetFile'))).toEqual({ status: 'passed' });
    expect(await client(pds, pair(pds, 'not-found', 'GetFile'))).toEqual({
      status: 'passed',
      note: 'the docs show no request; sent the one of documented-success',
    });
  });

  it('fails a tampered success body, naming the failing path', async () => {
    const documented = pair(pds, 'documented-success', 'CompleteFile');
    const tampered = { ...documented, response: { status: 200, body: { ...(documented.response.body as object), size: 'big' } } };
    const result = await client(pds, tampered);
    expect(result.status).toBe('failed');
    expect(result.reason).toMatch(/^the documented HTTP 200 response does not match the spec: \/size /);
  });

  it('fails a documented error body that breaks its schema, naming the path', async () => {
    const documented = pair(pds, 'unauthorized', 'CompleteFile');
    const missing = await client(pds, { ...documented, response: { status: 401, body: { message: 'no code' } } });
    expect(missing).toMatchObject({ status: 'failed', reason: expect.stringContaining('/code is required') });
  });

  it('fails an error pair whose documented status is a success', async () => {
    const documented = pair(kd, 'documented-success');
    const result = await client(kd, { ...documented, response: { status: 200, body: { code: 13000401, msg: 'x' } } }, {
      accessToken: 'replay-token-for-tests',
      userId: 'u',
    });
    expect(result).toMatchObject({ status: 'failed', reason: expect.stringContaining('HuaweiKooDriveApiError') });
  });
});

describe('checkWire', () => {
  it("compares KooDrive's Authorization in the documented Bearer+ form, and says so", async () => {
    const result = await checkWire({
      spec: kd,
      pair: pair(kd, 'documented-success'),
      credentials: { accessToken: 'replay-token-for-tests', userId: 'u' },
      now,
    });
    expect(result).toEqual({ status: 'passed', note: expect.stringContaining("bearerSeparator '+'") });
  });

  it('fails a tampered wire form and skips pairs without one', async () => {
    const documented = pair(pds, 'documented-success', 'GetFile');
    const tampered = { ...documented, wire: { method: 'POST', url: '/v2/file/get?x', headers: { 'x-acs-action': 'GetFile' } } };
    const result = await checkWire({ spec: pds, pair: tampered, credentials: pdsCredentials, now });
    expect(result.status).toBe('failed');
    expect(result.reason).toContain('url: the docs show /v2/file/get?x, the client sent /v2/file/get');
    expect(result.reason).toContain("header x-acs-action: the docs show 'GetFile', the client sent none");
    expect(await checkWire({ spec: pds, pair: pair(pds, 'not-found', 'GetFile'), credentials: pdsCredentials, now })).toEqual({
      status: 'skipped',
      reason: 'the docs show no wire form for this pair',
    });
  });
});
