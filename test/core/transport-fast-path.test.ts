/**
 * What the cheaper per-call path (issue 10, Speed) must keep: the attempt's guard exists only
 * when something can abort it and is released after it; a body is read whole across chunks and
 * bounded; a typed call sends exactly the JSON openapi-fetch serialized, and reads its answer as
 * `response.text()` would (a BOM dropped, UTF-8 split across chunks), for successes and errors.
 */
import { createHash } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { examples } from '../../generated/aliyun-pds/examples.js';
import { AliyunPdsApiError, createClient } from '../../src/clients/aliyun-pds.js';
import { TransportError } from '../../src/core/errors.js';
import { send, type TransportConfig } from '../../src/core/transport.js';

const utf8 = new TextEncoder();

function config(fetch: typeof globalThis.fetch, overrides: Partial<TransportConfig> = {}): TransportConfig {
  return {
    fetch,
    now: () => new Date('2026-01-01T00:00:00Z'),
    nonce: () => 'nonce',
    random: () => 0.5,
    sleep: async () => {},
    authorize: () => {},
    secrets: [],
    maxRetries: 0,
    timeout: undefined,
    maxResponseBytes: 1024,
    ...overrides,
  };
}

const request = () => ({ method: 'POST', url: 'https://example.test/op', headers: new Headers(), body: utf8.encode('{}') });

/** A Response whose body arrives in the given pieces. */
function chunked(pieces: Uint8Array[], init: ResponseInit = { status: 200 }): Response {
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const piece of pieces) controller.enqueue(piece);
        controller.close();
      },
    }),
    init,
  );
}

describe('transport: the attempt guard', () => {
  it('fetch gets no signal when nothing can abort the attempt, and one when a timeout, a deadline or a caller signal can', async () => {
    const signals: (AbortSignal | null | undefined)[] = [];
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      signals.push(init?.signal);
      return new Response('{}');
    }) as typeof globalThis.fetch;
    await send(config(fetch, { timeout: 0, totalTimeout: 0 }), 'Op', request());
    await send(config(fetch, { timeout: 1000, totalTimeout: 0 }), 'Op', request());
    await send(config(fetch, { timeout: 0, totalTimeout: 5000 }), 'Op', request());
    await send(config(fetch, { timeout: 0, totalTimeout: 0 }), 'Op', request(), { signal: new AbortController().signal });
    expect(signals.map((s) => s instanceof AbortSignal)).toEqual([false, true, true, true]);
  });

  it('stops listening to the caller’s signal once the attempt is over, answered or failed', async () => {
    const caller = new AbortController();
    const ok = (async () => new Response('{}')) as typeof globalThis.fetch;
    await send(config(ok, { timeout: 1000 }), 'Op', request(), { signal: caller.signal });
    const failing = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof globalThis.fetch;
    await expect(send(config(failing, { timeout: 1000 }), 'Op', request(), { signal: caller.signal })).rejects.toThrow(TransportError);
    expect(getEventListeners(caller.signal, 'abort')).toHaveLength(0);
  });
});

describe('transport: reading the body', () => {
  it('joins a body sent in several chunks, in order', async () => {
    const fetch = (async () => chunked([utf8.encode('{"a":'), utf8.encode('"b'), utf8.encode('c"}')])) as typeof globalThis.fetch;
    const answer = await send(config(fetch), 'Op', request());
    expect(new TextDecoder().decode(answer.body)).toBe('{"a":"bc"}');
  });

  it('a one-chunk body comes back whole; the limit counts every chunk, not the largest', async () => {
    const one = (async () => chunked([utf8.encode('x'.repeat(1024))])) as typeof globalThis.fetch;
    expect((await send(config(one), 'Op', request())).body.byteLength).toBe(1024);
    const two = (async () => chunked([utf8.encode('x'.repeat(600)), utf8.encode('y'.repeat(600))])) as typeof globalThis.fetch;
    await expect(send(config(two), 'Op', request())).rejects.toThrow('Op: response body exceeds 1024 bytes');
  });
});

describe('typed calls: the JSON sent and the text read', () => {
  const success = examples.find((e) => e.operationId === 'GetFile' && e.scenario === 'success')!;
  const answerBody = { ...(success.response.body as Record<string, unknown>), name: 'résumé ☃.txt' };
  const requestBody = { drive_id: '1', file_id: 'fïle-✓' };

  /** Records the exact bytes sent; answers with `reply`. */
  function recorder(reply: () => Response) {
    const sent: { bytes: Uint8Array; headers: Headers }[] = [];
    const fetch = (async (_url: unknown, init?: RequestInit) => {
      sent.push({ bytes: new Uint8Array(await new Response(init!.body).arrayBuffer()), headers: new Headers(init!.headers) });
      return reply();
    }) as typeof globalThis.fetch;
    return { sent, fetch };
  }

  it('sends openapi-fetch’s JSON of the body as UTF-8, and ACS4 signs the SHA-256 of exactly those bytes', async () => {
    const { sent, fetch } = recorder(() => Response.json(answerBody));
    const client = createClient({
      baseUrl: 'https://d.api.aliyunpds.com',
      credentials: { accessKeyId: 'LTAI5tTestKey', accessKeySecret: 'test-secret-value', signatureVersion: 'v4' },
      fetch,
    });
    await client.getFile({ body: requestBody });
    expect(Buffer.from(sent[0]!.bytes).toString('hex')).toBe(Buffer.from('{"drive_id":"1","file_id":"fïle-✓"}', 'utf8').toString('hex'));
    expect(sent[0]!.headers.get('x-acs-content-sha256')).toBe(createHash('sha256').update(sent[0]!.bytes).digest('hex'));
  });

  it('reads a success body as response.text() would: a leading BOM dropped, a character split across chunks kept', async () => {
    const bytes = utf8.encode(`\ufeff${JSON.stringify(answerBody)}`);
    const cut = Buffer.from(bytes).indexOf(Buffer.from('é')) + 1; // inside the two bytes of é
    const { fetch } = recorder(() =>
      chunked([bytes.subarray(0, cut), bytes.subarray(cut)], { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const client = createClient({ baseUrl: 'https://d.api.aliyunpds.com', credentials: { accessToken: 'tok' }, fetch });
    expect(await client.getFile({ body: requestBody })).toEqual(answerBody);
  });

  it('an error body: JSON is the provider’s error, text is a TransportError, nothing is an error without a body', async () => {
    const answers = [
      () => new Response('\ufeff{"code":"NotFound.File","message":"gone"}', { status: 404, headers: { 'content-type': 'application/json' } }),
      () => new Response('<html>bad gateway</html>', { status: 404, headers: { 'content-type': 'text/html' } }),
      () => new Response(null, { status: 404 }),
    ];
    let i = 0;
    const { fetch } = recorder(() => answers[i++]!());
    const client = createClient({ baseUrl: 'https://d.api.aliyunpds.com', credentials: { accessToken: 'tok' }, fetch, responseValidation: 'off' });
    const json = await client.getFile({ body: requestBody }).catch((e: unknown) => e);
    expect(json).toBeInstanceOf(AliyunPdsApiError);
    expect([(json as AliyunPdsApiError).code, (json as AliyunPdsApiError).status]).toEqual(['NotFound.File', 404]);
    const text = await client.getFile({ body: requestBody }).catch((e: unknown) => e);
    expect(text).toBeInstanceOf(TransportError);
    expect((text as Error).message).toBe('GetFile: HTTP 404 with a non-JSON body (text/html)');
    const empty = await client.getFile({ body: requestBody }).catch((e: unknown) => e);
    expect(empty).toBeInstanceOf(AliyunPdsApiError);
    expect((empty as AliyunPdsApiError).body).toBeUndefined();
  });
});
