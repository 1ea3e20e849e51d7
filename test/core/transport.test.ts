import { describe, expect, it } from 'vitest';
import { AbortError, TimeoutError, TransportError } from '../../src/core/errors.js';
import { MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS } from '../../src/core/retry.js';
import { send, type TransportConfig } from '../../src/core/transport.js';
import { fixedClock, recordingFetch, recordingSleep, type Reply } from '../helpers/recording-fetch.js';

function config(replies: Reply[], overrides: Partial<TransportConfig> = {}) {
  const recorder = recordingFetch(...replies);
  const sleeper = recordingSleep();
  let nonce = 0;
  const dates: string[] = [];
  const cfg: TransportConfig = {
    fetch: recorder.fetch,
    now: fixedClock(),
    nonce: () => `nonce-${nonce++}`,
    random: () => 0.5,
    sleep: sleeper.sleep,
    authorize: (request, ctx) => {
      request.headers.set('x-attempt', String(ctx.attempt));
      request.headers.set('x-nonce', ctx.nonce);
      dates.push(ctx.now.toISOString());
    },
    secrets: ['sekrit-token'],
    maxRetries: 2,
    timeout: undefined,
    maxResponseBytes: 1024,
    ...overrides,
  };
  return { cfg, recorder, sleeper, dates };
}

const request = () => ({
  method: 'POST',
  url: 'https://example.test/v1/op?access_token=sekrit-token',
  headers: new Headers({ 'content-type': 'application/json' }),
  body: new TextEncoder().encode('{"a":1}'),
});

describe('transport: retries', () => {
  it('retries 5xx, 408 and 429 up to maxRetries, authorizing each attempt afresh', async () => {
    const { cfg, recorder } = config([{ status: 503 }, { status: 429 }, { status: 200, body: { ok: true } }]);
    const answer = await send(cfg, 'Op', request());
    expect(answer.status).toBe(200);
    expect(answer.attempts).toBe(3);
    expect(recorder.requests.map((r) => r.headers['x-attempt'])).toEqual(['0', '1', '2']);
    expect(recorder.requests.map((r) => r.headers['x-nonce'])).toEqual(['nonce-0', 'nonce-1', 'nonce-2']);
    // The body is replayed byte for byte on every attempt.
    expect(recorder.requests.map((r) => r.body)).toEqual(['{"a":1}', '{"a":1}', '{"a":1}']);
  });

  it('returns the last retryable answer once retries are spent', async () => {
    const { cfg, recorder } = config([{ status: 500 }, { status: 502 }, { status: 504 }, { status: 200 }]);
    const answer = await send(cfg, 'Op', request());
    expect(answer.status).toBe(504);
    expect(recorder.requests).toHaveLength(3);
  });

  it('never retries a 4xx that is the caller’s fault', async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const { cfg, recorder } = config([{ status }, { status: 200 }]);
      expect((await send(cfg, 'Op', request())).status).toBe(status);
      expect(recorder.requests).toHaveLength(1);
    }
  });

  it('honours maxRetries per call, including 0', async () => {
    const { cfg, recorder } = config([{ status: 503 }, { status: 200 }]);
    expect((await send(cfg, 'Op', request(), { maxRetries: 0 })).status).toBe(503);
    expect(recorder.requests).toHaveLength(1);
  });

  it('backs off exponentially with at most 25% jitter, capped', async () => {
    const replies = Array.from({ length: 8 }, () => ({ status: 500 }));
    for (const random of [0, 0.999]) {
      const { cfg, sleeper } = config(replies, { maxRetries: 7, random: () => random });
      await send(cfg, 'Op', request());
      sleeper.delays.forEach((delay, retry) => {
        const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
        expect(delay).toBeLessThanOrEqual(base);
        expect(delay).toBeGreaterThanOrEqual(base * 0.75);
      });
      expect(sleeper.delays).toHaveLength(7);
    }
  });

  it('honours Retry-After in seconds, as an HTTP date, and retry-after-ms', async () => {
    const { cfg, sleeper } = config(
      [
        { status: 429, headers: { 'retry-after': '3' } },
        { status: 503, headers: { 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' } },
        { status: 200 },
      ],
      {},
    );
    await send(cfg, 'Op', request());
    expect(sleeper.delays).toEqual([3000, 7000]);
    const second = config([{ status: 429, headers: { 'retry-after-ms': '250' } }, { status: 200 }]);
    await send(second.cfg, 'Op', request());
    expect(second.sleeper.delays).toEqual([250]);
  });

  it('ignores an unreasonable Retry-After and uses its own backoff', async () => {
    const { cfg, sleeper } = config([{ status: 503, headers: { 'retry-after': '86400' } }, { status: 200 }]);
    await send(cfg, 'Op', request());
    expect(sleeper.delays[0]).toBeLessThanOrEqual(INITIAL_RETRY_DELAY_MS);
  });

  it('retries connection errors, then throws a TransportError without secrets', async () => {
    const refused = Object.assign(new TypeError('fetch failed'), {
      cause: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED https://example.test/?access_token=sekrit-token' },
    });
    const { cfg, recorder } = config([refused, refused, refused]);
    const error = await send(cfg, 'Op', request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((error as Error).message).not.toContain('sekrit-token');
    expect(recorder.requests).toHaveLength(3);
  });

  it('never retries a body that cannot be replayed (a stream)', async () => {
    const { cfg, recorder } = config([{ status: 503 }, { status: 200 }]);
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3]));
        c.close();
      },
    });
    const answer = await send(cfg, 'Op', { ...request(), body: stream });
    expect(answer.status).toBe(503);
    expect(recorder.requests).toHaveLength(1);
  });
});

describe('transport: timeouts and abort', () => {
  const hang = (_r: unknown, signal: AbortSignal | undefined) =>
    new Promise<Response>((_resolve, reject) => {
      signal?.addEventListener('abort', () => reject(signal.reason));
    });

  it('rejects with a TimeoutError naming the operation and the time, and aborts the request', async () => {
    let aborted = 0;
    const counting = (r: unknown, signal: AbortSignal | undefined) => {
      signal?.addEventListener('abort', () => aborted++);
      return hang(r, signal);
    };
    const { cfg, recorder } = config([counting], { timeout: 20, maxRetries: 1 });
    const error = await send(cfg, 'CompleteFile', request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('CompleteFile: timed out after 20 ms (attempt 2)');
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(recorder.requests).toHaveLength(2); // a timed-out attempt is retried
    expect(aborted).toBe(2);
  });

  it('applies a per-call timeout over the client default', async () => {
    const { cfg } = config([hang], { timeout: 60_000, maxRetries: 0 });
    const error = await send(cfg, 'Op', request(), { timeout: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('honours the caller’s AbortSignal without retrying', async () => {
    const { cfg, recorder } = config([hang], { maxRetries: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(recorder.requests).toHaveLength(1);
  });

  it('does not send at all when the signal is already aborted', async () => {
    const { cfg, recorder } = config([{ status: 200 }]);
    const error = await send(cfg, 'Op', request(), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(recorder.requests).toHaveLength(0);
  });

  it('refuses a response body larger than the limit', async () => {
    const { cfg } = config([{ status: 200, text: 'x'.repeat(2048) }]);
    await expect(send(cfg, 'Op', request())).rejects.toThrow(/exceeds 1024 bytes/);
  });
});

describe('transport: abort while authorizing', () => {
  it('an abort that lands while the signer awaits is still honoured', async () => {
    const controller = new AbortController();
    const { cfg, recorder } = config([{ status: 200 }], {
      authorize: async () => {
        controller.abort();
        await Promise.resolve();
      },
    });
    const error = await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(recorder.requests).toHaveLength(0);
  });
});
