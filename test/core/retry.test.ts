/** When to retry and how long to wait (src/core/retry.ts), as pure functions. */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_RETRIES,
  INITIAL_RETRY_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  TOTAL_TIMEOUT_MARGIN_MS,
  backoffDelayMs,
  defaultTotalTimeoutMs,
  isRetryableStatus,
  retryAfterMs,
  sleep,
} from '../../src/core/retry.js';

const now = new Date('2026-01-01T00:00:00Z');
const after = (headers: Record<string, string>) => retryAfterMs(new Headers(headers), now);

describe('isRetryableStatus', () => {
  it('408, 429 and every 5xx are transient', () => {
    for (const status of [408, 429, 500, 501, 502, 503, 504, 599]) expect(isRetryableStatus(status), String(status)).toBe(true);
  });
  it('other answers are not', () => {
    for (const status of [200, 204, 400, 401, 403, 404, 407, 409, 413, 428, 430, 499]) {
      expect(isRetryableStatus(status), String(status)).toBe(false);
    }
  });
});

describe('retryAfterMs', () => {
  it('reads delay-seconds, never as a date (Date.parse("10") is a day in 2001)', () => {
    expect(after({ 'retry-after': '10' })).toBe(10_000);
    expect(after({ 'retry-after': ' 3 ' })).toBe(3_000);
    expect(after({ 'retry-after': '0' })).toBe(0);
    expect(after({ 'retry-after': '1.5' })).toBe(1_500);
    expect(after({ 'retry-after': '1.25' })).toBe(1_250);
  });

  it('reads the HTTP-date forms against the injected clock', () => {
    expect(after({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' })).toBe(7_000);
    expect(after({ 'retry-after': 'Thursday, 01-Jan-26 00:00:07 GMT' })).toBe(7_000);
    expect(after({ 'retry-after': '  thu, 01 Jan 2026 00:00:01 GMT' })).toBe(1_000);
    // asctime has no zone (HTTP means GMT; Date.parse reads local time): a day ahead is ahead anywhere.
    expect(after({ 'retry-after': 'Fri Jan  2 00:00:00 2026' })).toBeGreaterThan(0);
  });

  it('a date that is not in the future asks for nothing: the default backoff applies', () => {
    expect(after({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' })).toBeUndefined();
    expect(after({ 'retry-after': 'Thu, 01 Jan 2026 00:00:00 GMT' })).toBeUndefined();
  });

  it('anything else is no wish at all', () => {
    for (const value of ['', 'soon', '-1', '1e3', '10s', '2026-01-01T00:00:09Z', 'Thu,', 'Thursday', 'x Thu, 01 Jan 2026 00:00:07 GMT', '01 Jan 2026 00:00:07 GMT']) {
      expect(after({ 'retry-after': value }), value).toBeUndefined();
    }
    expect(after({})).toBeUndefined();
  });

  it('retry-after-ms comes first, in milliseconds, when it is a number', () => {
    expect(after({ 'retry-after-ms': '250', 'retry-after': '9' })).toBe(250);
    expect(after({ 'retry-after-ms': ' 12.5 ' })).toBe(12.5);
    expect(after({ 'retry-after-ms': 'soon', 'retry-after': '2' })).toBe(2_000);
    expect(after({ 'retry-after-ms': '-5' })).toBeUndefined();
    expect(after({ 'retry-after-ms': '12abc', 'retry-after': '2' })).toBe(2_000);
    expect(after({ 'retry-after-ms': '12.55' })).toBe(12.55);
  });
});

describe('backoffDelayMs', () => {
  it('doubles from 500 ms up to 8 s, less up to 25 % jitter', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((retry) => backoffDelayMs(retry, () => 0))).toEqual([500, 1000, 2000, 4000, 8000, 8000, 8000]);
    expect(backoffDelayMs(0, () => 1)).toBe(375);
    expect(backoffDelayMs(2, () => 0.5)).toBe(1750);
    expect(INITIAL_RETRY_DELAY_MS).toBe(500);
    expect(MAX_RETRY_DELAY_MS).toBe(8_000);
  });

  it('the server’s wish wins when it is between 0 and 60 s, else the backoff', () => {
    expect(backoffDelayMs(3, () => 0, 0)).toBe(0);
    expect(backoffDelayMs(3, () => 0, 1234)).toBe(1234);
    expect(backoffDelayMs(0, () => 0, MAX_RETRY_AFTER_MS)).toBe(60_000);
    expect(backoffDelayMs(0, () => 0, MAX_RETRY_AFTER_MS + 1)).toBe(500);
    expect(backoffDelayMs(1, () => 0, -1)).toBe(1000);
  });
});

describe('defaultTotalTimeoutMs', () => {
  it('is every attempt at its full timeout, the default backoff between them and a margin', () => {
    expect(DEFAULT_MAX_RETRIES).toBe(2);
    expect(TOTAL_TIMEOUT_MARGIN_MS).toBe(1_000);
    expect(defaultTotalTimeoutMs(60_000, 2)).toBe(182_500);
    expect(defaultTotalTimeoutMs(2_000, 2)).toBe(8_500);
    expect(defaultTotalTimeoutMs(1_000, 0)).toBe(2_000);
    expect(defaultTotalTimeoutMs(1_000, 6)).toBe(7_000 + 1_000 + 500 + 1_000 + 2_000 + 4_000 + 8_000 + 8_000);
  });
  it('is computed in closed form: a huge maxRetries gives its value without a loop per retry (D6)', () => {
    // A loop per retry would not return from 1e11 for minutes.
    const capped = (n: number) => 500 + 1_000 + 2_000 + 4_000 + (n - 4) * 8_000;
    expect(defaultTotalTimeoutMs(1_000, 1e11)).toBe(1_000 * (1e11 + 1) + 1_000 + capped(1e11));
    expect(defaultTotalTimeoutMs(60_000, 2e8)).toBe(60_000 * (2e8 + 1) + 1_000 + capped(2e8));
    expect(defaultTotalTimeoutMs(1_000, 3)).toBe(4_000 + 1_000 + 500 + 1_000 + 2_000);
    expect(defaultTotalTimeoutMs(1_000, 4)).toBe(5_000 + 1_000 + 500 + 1_000 + 2_000 + 4_000);
    expect(defaultTotalTimeoutMs(1_000, 5)).toBe(6_000 + 1_000 + 500 + 1_000 + 2_000 + 4_000 + 8_000);
    expect(defaultTotalTimeoutMs(1_000, Number.MAX_SAFE_INTEGER)).toBeGreaterThan(8_000 * 2 ** 52);
  });
  it('no per-attempt timeout, no default deadline', () => {
    expect(defaultTotalTimeoutMs(0, 2)).toBe(0);
    expect(defaultTotalTimeoutMs(Number.NaN, 2)).toBe(0);
  });
});

describe('sleep (the default, which every other test replaces)', () => {
  it('wakes up, and not before a shorter timer', async () => {
    const order: string[] = [];
    const marker = new Promise<void>((resolve) => setTimeout(() => resolve(void order.push('0 ms timer')), 0));
    await sleep(25).then(() => order.push('sleep'));
    await marker;
    expect(order).toEqual(['0 ms timer', 'sleep']);
  });

  it('an abort cuts it short with the signal’s reason, also one given before', async () => {
    const controller = new AbortController();
    const pending = sleep(60_000, controller.signal);
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 5);
    await expect(pending).rejects.toBe(reason);
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });

  it('an abort after waking changes nothing', async () => {
    const controller = new AbortController();
    await sleep(1, controller.signal);
    controller.abort();
    await expect(sleep(1)).resolves.toBeUndefined();
  });
});
