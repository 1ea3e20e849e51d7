import { describe, expect, it } from 'vitest';
import { AbortError, ConfigurationError, TimeoutError, TransportError } from '../../src/core/errors.js';
import { MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS } from '../../src/core/retry.js';
import { isRefusedRedirect, send, type TransportConfig } from '../../src/core/transport.js';
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

/** Answers after 15 ms unless its signal aborts first. */
const slowFetch = (_r: unknown, signal: AbortSignal | undefined) =>
  new Promise<Response>((resolve, reject) => {
    const timer = setTimeout(() => resolve(new Response('{}')), 15);
    signal?.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)));
  });

const hangingFetch = (_r: unknown, signal: AbortSignal | undefined) =>
  new Promise<Response>((_resolve, reject) => {
    signal?.addEventListener('abort', () => reject(signal.reason));
  });

describe('transport: timeouts and abort', () => {
  const hang = hangingFetch;

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
    const { cfg, recorder, sleeper } = config([hang], { maxRetries: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).attempts).toBe(1);
    expect(recorder.requests).toHaveLength(1);
    expect(sleeper.delays).toEqual([]);
  });

  it('does not send at all when the signal is already aborted', async () => {
    const { cfg, recorder } = config([{ status: 200 }]);
    const error = await send(cfg, 'Op', request(), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).attempts).toBe(0);
    expect(recorder.requests).toHaveLength(0);
  });

  it('refuses a response body larger than the limit', async () => {
    const { cfg } = config([{ status: 200, text: 'x'.repeat(2048) }]);
    await expect(send(cfg, 'Op', request())).rejects.toThrow(/exceeds 1024 bytes/);
  });
});

describe('transport: a fetch or body that ignores the signal is bounded all the same (review D9)', () => {
  /** Never settles, and never looks at its signal. */
  const deaf = () => new Promise<Response>(() => {});
  /** Answers at once with a body that sends one chunk and then stalls; records its cancellation. */
  const stalling = () => {
    const state = { cancelled: 0 };
    const reply = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start: (c) => c.enqueue(new TextEncoder().encode('{"a":')),
          cancel: () => void state.cancelled++,
        }),
        { status: 200 },
      );
    return { state, reply };
  };

  it('a fetch that never settles: the attempt timeout is a TimeoutError, and is retried', async () => {
    const { cfg, recorder } = config([deaf], { timeout: 15, maxRetries: 1 });
    const error = await send(cfg, 'Op', request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('Op: timed out after 15 ms (attempt 2)');
    expect(recorder.requests).toHaveLength(2);
  });

  it('a fetch that never settles: the totalTimeout ends the call', async () => {
    const { cfg } = config([deaf], { timeout: 0, totalTimeout: 15, maxRetries: 3 });
    const error = await send(cfg, 'Op', request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).limit).toBe('totalTimeout');
  });

  it('a fetch that never settles: the caller’s abort is an AbortError', async () => {
    const { cfg } = config([deaf], { timeout: 0, maxRetries: 2 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).attempts).toBe(1);
  });

  it('a body that never ends: a TimeoutError, and the stream is cancelled', async () => {
    const { state, reply } = stalling();
    const { cfg } = config([reply], { timeout: 15, maxRetries: 0 });
    const error = await send(cfg, 'Op', request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).message).toBe('Op: timed out after 15 ms');
    expect(state.cancelled).toBe(1);
  });

  it('a body that never ends: the caller’s abort is an AbortError, and the stream is cancelled', async () => {
    const { state, reply } = stalling();
    const { cfg } = config([reply], { timeout: 0, maxRetries: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 10);
    const error = await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(state.cancelled).toBe(1);
  });

  it('an answer that arrives after the timeout has its body cancelled; a late rejection is not left unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { state, reply } = stalling();
      const settle: Array<(how: 'answer' | 'fail') => void> = [];
      const late = () =>
        new Promise<Response>((resolve, reject) => {
          settle.push((how) => (how === 'answer' ? resolve(reply()) : reject(new Error('late failure'))));
        });
      const bodiless = () => new Promise<Response>((resolve) => settle.push(() => resolve(new Response(null, { status: 204 }))));
      const { cfg } = config([late, late, bodiless], { timeout: 10, maxRetries: 2 });
      const error = await send(cfg, 'Op', request()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(settle).toHaveLength(3);
      settle[0]!('answer'); // the first attempt's answer, after its timeout
      settle[1]!('fail'); // the second attempt's failure, after its timeout
      settle[2]!('answer'); // the third's: an answer without a body, after its timeout
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(state.cancelled).toBe(1);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
  it('an abort that lands between the answer and its body read is still honoured', async () => {
    const { state, reply } = stalling();
    const controller = new AbortController();
    const answer = () => {
      const response = reply();
      // The caller aborts while the transport looks at the answer, before the body is read.
      return {
        status: 200,
        statusText: 'OK',
        headers: response.headers,
        get body() {
          controller.abort();
          return response.body;
        },
      } as unknown as Response;
    };
    const { cfg } = config([answer], { timeout: 0, maxRetries: 0 });
    const error = await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(state.cancelled).toBe(1);
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
    expect((error as AbortError).attempts).toBe(0);
    expect(recorder.requests).toHaveLength(0);
  });

  it('an abort during a later attempt counts the attempts sent', async () => {
    const controller = new AbortController();
    const { cfg } = config([{ status: 503 }, (r, signal) => (setTimeout(() => controller.abort(), 5), hangingFetch(r, signal))]);
    const error = (await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.attempts).toBe(2);
  });

  it('an abort during a wait the sleep does not cut short: no further attempt is signed or sent', async () => {
    const controller = new AbortController();
    let signings = 0;
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { cfg, recorder } = config([refused, { status: 200 }], {
      authorize: () => void signings++,
      sleep: async () => controller.abort(),
    });
    const error = (await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.attempts).toBe(1);
    expect(signings).toBe(1);
    expect(recorder.requests).toHaveLength(1);
  });

  it('after the call, neither its timer nor the caller’s signal reaches the finished attempt', async () => {
    const signals: AbortSignal[] = [];
    const controller = new AbortController();
    const { cfg } = config([(_r, signal) => (signals.push(signal!), new Response('{}'))], { timeout: 5 });
    expect((await send(cfg, 'Op', request(), { signal: controller.signal })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 20));
    controller.abort();
    expect(signals[0]!.aborted).toBe(false);
  });

  it('timeout 0 is no per-attempt timeout', async () => {
    const { cfg } = config([slowFetch], { timeout: 0, totalTimeout: 0 });
    expect((await send(cfg, 'Op', request())).status).toBe(200);
    const perCall = config([slowFetch], { timeout: 1 });
    expect((await send(perCall.cfg, 'Op', request(), { timeout: 0, totalTimeout: 0 })).status).toBe(200);
  });
});

/** A monotonic clock that only the injected sleep moves (and `advance`, for slow signing). */
function fakeTime() {
  let t = 1_000;
  const delays: number[] = [];
  return {
    clock: () => t,
    advance: (ms: number) => (t += ms),
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
      t += ms;
    },
  };
}

describe('transport: totalTimeout bounds attempts and waits together', () => {
  it('Retry-After: 30 with timeout: 2000 is not waited for: the 503 is the answer at once (default totalTimeout)', async () => {
    const { cfg, recorder, sleeper } = config([{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }], { timeout: 2000 });
    const answer = await send(cfg, 'Op', request());
    expect(answer.status).toBe(503);
    expect(answer.attempts).toBe(1);
    expect(sleeper.delays).toEqual([]);
    expect(recorder.requests).toHaveLength(1);
  });

  it('the default follows a per-call timeout', async () => {
    const { cfg, sleeper } = config([{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }], { timeout: 60_000 });
    expect((await send(cfg, 'Op', request(), { timeout: 2000 })).status).toBe(503);
    expect(sleeper.delays).toEqual([]);
    const waited = config([{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }], { timeout: 60_000 });
    expect((await send(waited.cfg, 'Op', request())).status).toBe(200);
    expect(waited.sleeper.delays).toEqual([30_000]);
  });

  it('a wait is started only when it ends before the deadline', async () => {
    const time = fakeTime();
    const { cfg, recorder } = config(
      [
        { status: 503, headers: { 'retry-after': '3' } },
        { status: 503, headers: { 'retry-after-ms': '6999' } },
        { status: 503, headers: { 'retry-after-ms': '1' } },
        { status: 200 },
      ],
      { clock: time.clock, sleep: time.sleep, totalTimeout: 10_000, maxRetries: 5 },
    );
    const answer = await send(cfg, 'Op', request());
    // 3000 + 6999 ends 1 ms before the deadline; one more millisecond would end on it.
    expect(time.delays).toEqual([3_000, 6_999]);
    expect(answer.status).toBe(503);
    expect(answer.attempts).toBe(3);
    expect(recorder.requests).toHaveLength(3);
  });

  it('a wait ending exactly on the deadline is not started; an error in hand is thrown as it is', async () => {
    const time = fakeTime();
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const { cfg, recorder } = config([refused, { status: 200 }], {
      clock: time.clock,
      sleep: time.sleep,
      random: () => 0,
      totalTimeout: 500, // the first backoff is 500 ms
    });
    const error = (await send(cfg, 'Op', request()).catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error).not.toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('Op: network error calling https://example.test/v1/op: ECONNRESET');
    expect(error.attempts).toBe(1);
    expect(time.delays).toEqual([]);
    expect(recorder.requests).toHaveLength(1);
    const roomy = fakeTime();
    const again = config([refused, { status: 200 }], { clock: roomy.clock, sleep: roomy.sleep, random: () => 0, totalTimeout: 501 });
    expect((await send(again.cfg, 'Op', request())).status).toBe(200);
    expect(roomy.delays).toEqual([500]);
  });

  it('0 means no deadline: the server’s wait is honoured', async () => {
    const { cfg, sleeper } = config([{ status: 503, headers: { 'retry-after': '30' } }, { status: 200 }], { timeout: 2000, totalTimeout: 0 });
    expect((await send(cfg, 'Op', request())).status).toBe(200);
    expect(sleeper.delays).toEqual([30_000]);
  });

  it('an attempt’s timer is clipped to what is left; running out is a TimeoutError saying so, not retried', async () => {
    const { cfg, recorder } = config([hangingFetch], { timeout: 60_000, totalTimeout: 30, maxRetries: 3 });
    const error = (await send(cfg, 'CompleteFile', request()).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.limit).toBe('totalTimeout');
    expect(error.timeoutMs).toBe(30);
    expect(error.attempts).toBe(1);
    expect(error.operationId).toBe('CompleteFile');
    expect(error.message).toBe('CompleteFile: totalTimeout of 30 ms reached after 1 attempt (attempts and retry waits together)');
    expect(recorder.requests).toHaveLength(1);
  });

  it('the per-call totalTimeout overrides the client’s, and the previous failure is the cause', async () => {
    const time = fakeTime();
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const { cfg, recorder } = config([refused, hangingFetch], {
      clock: time.clock,
      sleep: time.sleep,
      random: () => 0,
      timeout: 60_000,
      totalTimeout: 0,
    });
    const error = (await send(cfg, 'Op', request(), { totalTimeout: 520 }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.limit).toBe('totalTimeout');
    expect(error.attempts).toBe(2);
    expect(error.message).toBe('Op: totalTimeout of 520 ms reached after 2 attempts (attempts and retry waits together)');
    expect(error.cause).toBeInstanceOf(TransportError);
    expect((error.cause as TransportError).message).toContain('ECONNREFUSED');
    expect(time.delays).toEqual([500]);
    expect(recorder.requests).toHaveLength(2);
  });

  it('a deadline passed before sending (slow signing) sends nothing more', async () => {
    const time = fakeTime();
    const { cfg, recorder } = config([{ status: 200 }], {
      clock: time.clock,
      totalTimeout: 1_000,
      authorize: () => void time.advance(1_000),
    });
    const error = (await send(cfg, 'Op', request()).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.limit).toBe('totalTimeout');
    expect(error.attempts).toBe(0);
    expect(recorder.requests).toHaveLength(0);
  });

  it('when the attempt’s timeout and the deadline coincide, the attempt’s timeout is named', async () => {
    const { cfg } = config([hangingFetch], { clock: () => 0, timeout: 15, totalTimeout: 15, maxRetries: 0 });
    const error = (await send(cfg, 'Op', request()).catch((e: unknown) => e)) as TimeoutError;
    expect(error.limit).toBe('timeout');
  });

  it('a per-attempt timeout is retried and says which attempt', async () => {
    const { cfg } = config([hangingFetch], { timeout: 10, maxRetries: 1, totalTimeout: 0 });
    const error = (await send(cfg, 'Op', request()).catch((e: unknown) => e)) as TimeoutError;
    expect(error.limit).toBe('timeout');
    expect(error.timeoutMs).toBe(10);
    expect(error.attempts).toBe(2);
    expect(error.message).toBe('Op: timed out after 10 ms (attempt 2)');
  });

  it('a timeout beyond what setTimeout can hold does not fire at once', async () => {
    const { cfg } = config([slowFetch], { timeout: 2 ** 31, totalTimeout: 2 ** 40 });
    expect((await send(cfg, 'Op', request())).status).toBe(200);
  });

  it('a past HTTP date falls back to the normal backoff, never a zero-delay retry', async () => {
    const { cfg, sleeper } = config([{ status: 503, headers: { 'retry-after': 'Wed, 31 Dec 2025 00:00:00 GMT' } }, { status: 200 }]);
    await send(cfg, 'Op', request());
    expect(sleeper.delays).toEqual([437.5]);
  });

  it('Retry-After: 10 is ten seconds', async () => {
    const { cfg, sleeper } = config([{ status: 429, headers: { 'retry-after': '10' } }, { status: 200 }], { timeout: 0 });
    await send(cfg, 'Op', request());
    expect(sleeper.delays).toEqual([10_000]);
  });

  it('per-call totalTimeout is checked like the other options', async () => {
    const { cfg, recorder } = config([{ status: 200 }]);
    for (const [options, message] of [
      [{ totalTimeout: -1 }, 'totalTimeout: must be a number of milliseconds, 0 or more'],
      [{ totalTimeout: Number.NaN }, 'totalTimeout: must be a number of milliseconds, 0 or more'],
      [{ totalTimeout: Infinity }, 'totalTimeout: must be a number of milliseconds, 0 or more'],
      [{ timeout: -1 }, 'timeout: must be a number of milliseconds, 0 or more'],
      [{ maxRetries: -1 }, 'maxRetries: must be a whole number of retries, 0 or more'],
      [{ maxRetries: 0.5 }, 'maxRetries: must be a whole number of retries, 0 or more'],
      [{ signal: 'stop' }, 'signal: must be an AbortSignal'],
      [null, 'callOptions: must be an object ({ signal, timeout, maxRetries, totalTimeout })'],
      [5, 'callOptions: must be an object ({ signal, timeout, maxRetries, totalTimeout })'],
      [[], 'callOptions: must be an object ({ signal, timeout, maxRetries, totalTimeout })'],
    ] as const) {
      const error = await send(cfg, 'Op', request(), options as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).message).toBe(message);
    }
    expect(recorder.requests).toHaveLength(0);
  });
});

describe('transport: what errors carry', () => {
  it('operation id, attempts and a scrubbed cause on a network error after retries', async () => {
    const refused = Object.assign(new TypeError('fetch failed', { cause: new Error('connect to /?access_token=sekrit-token') }), {
      code: 'ERR_X',
    });
    const { cfg } = config([refused]);
    const error = (await send(cfg, 'GetFile', request()).catch((e: unknown) => e)) as TransportError;
    expect(error.operationId).toBe('GetFile');
    expect(error.attempts).toBe(3);
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(error.cause).toMatchObject({ message: 'fetch failed', code: 'ERR_X' });
    expect(((error.cause as Error).cause as Error).message).toBe('connect to /?access_token=[REDACTED]');
    expect(error.message).toBe('GetFile: network error calling https://example.test/v1/op: connect to /?access_token=[REDACTED]');
  });

  it('names the failure from the cause’s code, its message, the error’s message, or the thrown value', async () => {
    const cases: [unknown, string][] = [
      [Object.assign(new TypeError('fetch failed'), { cause: { code: 'EPIPE', message: 'm' } }), 'EPIPE'],
      [Object.assign(new TypeError('fetch failed'), { cause: { code: 7, message: 'socket closed' } }), 'socket closed'],
      [new TypeError('plain failure'), 'plain failure'],
      ['a string was thrown', 'a string was thrown'],
      [undefined, 'undefined'],
    ];
    for (const [thrown, detail] of cases) {
      const { cfg } = config([(() => Promise.reject(thrown)) as never], { maxRetries: 0 });
      const error = (await send(cfg, 'Op', request()).catch((e: unknown) => e)) as TransportError;
      expect(error.message).toBe(`Op: network error calling https://example.test/v1/op: ${detail}`);
    }
  });

  it('a URL that is not absolute is named redacted', async () => {
    const { cfg } = config([], { maxRetries: 0, fetch: (async () => Promise.reject(new TypeError('bad url'))) as never });
    const error = (await send(cfg, 'Op', { ...request(), url: 'v1/op?access_token=sekrit-token&x=1' }).catch((e: unknown) => e)) as TransportError;
    expect(error.message).toBe('Op: network error calling v1/op?access_token=[REDACTED]&x=1: bad url');
  });

  it('a caller’s abort during a retry wait is an AbortError with the attempts so far', async () => {
    const controller = new AbortController();
    const { cfg } = config([{ status: 503 }, { status: 200 }], {
      sleep: (_ms, signal) =>
        new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(signal.reason));
          controller.abort();
        }),
    });
    const error = (await send(cfg, 'Op', request(), { signal: controller.signal }).catch((e: unknown) => e)) as AbortError;
    expect(error).toBeInstanceOf(AbortError);
    expect(error.attempts).toBe(1);
    expect(error.operationId).toBe('Op');
  });
});

describe('transport: answers', () => {
  const chunked = (chunks: string[], status = 200) => () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(c) {
          for (const chunk of chunks) c.enqueue(new TextEncoder().encode(chunk));
          c.close();
        },
      }),
      { status, headers: { 'x-answer': 'yes' } },
    );

  it('a body in many chunks arrives whole and in order', async () => {
    const { cfg } = config([chunked(['{"a":', '', '1,"b"', ':[2,3]}'])]);
    const answer = await send(cfg, 'Op', request());
    expect(new TextDecoder().decode(answer.body)).toBe('{"a":1,"b":[2,3]}');
    expect(answer.headers.get('x-answer')).toBe('yes');
    expect(answer.statusText).toBe('');
    expect(answer.secrets).toEqual(['sekrit-token']);
  });

  it('the size limit counts every chunk: exactly the limit is read, one byte more is refused and the stream cancelled', async () => {
    const { cfg } = config([chunked(['x'.repeat(1000), 'y'.repeat(24)])]);
    expect((await send(cfg, 'Op', request())).body.byteLength).toBe(1024);
    let cancelled = false;
    const over = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(c) {
            c.enqueue(new Uint8Array(600));
          },
          cancel() {
            cancelled = true;
          },
        }),
      );
    const { cfg: small } = config([over]);
    const error = (await send(small, 'Op', request()).catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe('Op: response body exceeds 1024 bytes');
    expect(error.status).toBe(200);
    expect(error.operationId).toBe('Op');
    expect(error.attempts).toBe(1);
    expect(cancelled).toBe(true);
  });

  it('an answer without a body is an empty one', async () => {
    const { cfg } = config([() => new Response(null, { status: 204 })]);
    expect((await send(cfg, 'Op', request())).body).toEqual(new Uint8Array(0));
  });

  it('a redirect is refused, not retried, naming only the target’s origin', async () => {
    for (const [location, shown] of [
      ['https://other.test/x?access_token=sekrit-token', ' to https://other.test'],
      ['/relative?y=1', ' to https://example.test'],
      ['http://[bad', ''],
      [undefined, ''],
    ] as const) {
      for (const status of [300, 302, 399]) {
      let cancelled = false;
      const { cfg, recorder } = config([
        () =>
          new Response(
            new ReadableStream({
              cancel() {
                cancelled = true;
              },
            }),
            { status, headers: location ? { location } : {} },
          ),
        { status: 200 },
      ]);
      const error = (await send(cfg, 'Op', request()).catch((e: unknown) => e)) as TransportError;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.message).toBe(`Op: HTTP ${status} redirect${shown} refused: drivespec never follows redirects (credentials would go along)`);
      expect(error.status).toBe(status);
      expect(error.operationId).toBe('Op');
      expect(error.attempts).toBe(1);
      expect(recorder.requests).toHaveLength(1);
      expect(cancelled).toBe(true);
      }
    }
    const bodiless = config([() => new Response(null, { status: 304 })]);
    await expect(send(bodiless.cfg, 'Op', request())).rejects.toThrow('Op: HTTP 304 redirect refused');
  });

  it('sends method, headers and body as prepared, with redirect: manual, and registers attempt secrets', async () => {
    let init: RequestInit | undefined;
    const { cfg } = config([], {
      fetch: (async (_url: string, i: RequestInit) => {
        init = i;
        return new Response('{}');
      }) as never,
      authorize: (r, ctx) => {
        ctx.addSecret(`signature-${ctx.attempt}`);
        ctx.addSecret('');
        ctx.addSecret('sekrit-token');
      },
    });
    const answer = await send(cfg, 'Op', request());
    expect(init?.method).toBe('POST');
    expect(init?.redirect).toBe('manual');
    expect(new Headers(init?.headers).get('content-type')).toBe('application/json');
    expect(answer.secrets).toEqual(['sekrit-token', 'signature-0']);
  });
});

describe('transport: Blob and stream bodies (redirect: error)', () => {
  /** A real server (node:http) behind the real fetch (undici), answering `status` with a Location. */
  async function server(status: number) {
    const { createServer } = await import('node:http');
    const received: number[] = [];
    const s = createServer((req, res) => {
      let n = 0;
      req.on('data', (c: Buffer) => (n += c.length));
      req.on('end', () => {
        received.push(n);
        res.writeHead(status, status < 400 ? { location: 'http://elsewhere.test/x?access_token=leak', etag: '"e"' } : {}).end();
      });
    });
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(s.address() as { port: number }).port}/o?access_token=sekrit-token`;
    return { url, received, close: () => new Promise((r) => s.close(r)) };
  }
  const bodies = () => [
    new Blob([new Uint8Array(3000).fill(7)]),
    new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(3000).fill(7));
        c.close();
      },
    }),
  ];

  it("hands fetch redirect: 'error' for a Blob or a stream, 'manual' for bytes", async () => {
    const modes: (RequestRedirect | undefined)[] = [];
    const { cfg } = config([], {
      fetch: (async (_url: string, i: RequestInit) => {
        modes.push(i.redirect);
        return new Response(null, { status: 200 });
      }) as never,
    });
    for (const body of [...bodies(), new Uint8Array(3000)]) {
      await send(cfg, 'Op', { ...request(), method: 'PUT', headers: new Headers({ 'content-length': '3000' }), body });
    }
    expect(modes).toEqual(['error', 'error', 'manual']);
  });

  it('a redirect answered to a Blob or stream body is refused once, not retried, typed and scrubbed', async () => {
    const s = await server(307);
    try {
      const { cfg } = config([], { fetch: globalThis.fetch, maxResponseBytes: 1 << 20 });
      for (const body of bodies()) {
        const error = (await send(cfg, 'PutObject', { method: 'PUT', url: s.url, headers: new Headers({ 'content-length': '3000' }), body }).catch((e: unknown) => e)) as TransportError;
        expect(error).toBeInstanceOf(TransportError);
        expect(error.message).toBe('PutObject: HTTP redirect refused: drivespec never follows redirects (credentials would go along)');
        expect(error.attempts).toBe(1);
        expect(isRefusedRedirect(error)).toBe(true);
      }
      // Each body went once, whole, to the first server only (maxRetries 2 was not used).
      expect(s.received).toEqual([3000, 3000]);
    } finally {
      await s.close();
    }
  });

  it('a network failure is not taken for a refused redirect', async () => {
    // A port nothing listens on any more: the connection is refused.
    const s = await server(200);
    await s.close();
    const { cfg } = config([], { fetch: globalThis.fetch, maxRetries: 0 });
    const error = (await send(cfg, 'PutObject', { method: 'PUT', url: s.url, headers: new Headers(), body: new Blob(['x']) }).catch((e: unknown) => e)) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toMatch(/^PutObject: network error calling http:\/\/127\.0\.0\.1:\d+\/o: ECONNREFUSED$/);
    expect(isRefusedRedirect(error)).toBe(false);
    expect(isRefusedRedirect(new TransportError('PutObject: HTTP redirect refused', undefined, { operationId: 'PutObject' }))).toBe(false);
  });
});
