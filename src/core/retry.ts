/**
 * When to retry and how long to wait, after openai-node's client: 2 retries by default,
 * exponential backoff with jitter, `Retry-After` honoured, and never a retry for an error that
 * is the caller's fault.
 */

export const DEFAULT_MAX_RETRIES = 2;
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A server asking for a longer pause than this is not waited for: the default backoff applies. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** 408 Request Timeout, 429 Too Many Requests and every 5xx are transient; other 4xx are not. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Parses `retry-after-ms`, then `Retry-After` (delta seconds or an HTTP date) against `now`;
 * `undefined` when there is no usable wish, so the default backoff applies.
 *
 * RFC 9110 §10.2.3: `Retry-After = HTTP-date / delay-seconds`. Only a value that starts with a
 * day name is read as a date (all three HTTP-date forms do: `Sun, 06 Nov 1994 08:49:37 GMT`,
 * `Sunday, 06-Nov-94 ...`, `Sun Nov  6 ...`): `Date.parse('10')` is a date in 2001, and reading
 * `Retry-After: 10` that way would retry at once. A date that is not in the future asks for
 * nothing usable (a skewed server clock, a stale cached answer): normal backoff, never a
 * zero-delay retry loop.
 */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  // Headers.get() has already stripped the value's surrounding whitespace (Fetch: normalize).
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms)) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i.test(value)) return undefined;
  const delay = Date.parse(value) - now.getTime();
  return delay > 0 ? delay : undefined;
}

/**
 * Delay before retry number `retry` (0 for the first retry): the server's wish when it is
 * reasonable, else `min(500 ms * 2^retry, 8 s)` reduced by up to 25 % jitter.
 */
export function backoffDelayMs(retry: number, random: () => number, serverDelayMs?: number): number {
  if (serverDelayMs !== undefined && serverDelayMs >= 0 && serverDelayMs <= MAX_RETRY_AFTER_MS) {
    return serverDelayMs;
  }
  const base = Math.min(INITIAL_RETRY_DELAY_MS * 2 ** retry, MAX_RETRY_DELAY_MS);
  return base * (1 - random() * 0.25);
}

/** Added to the default `totalTimeout` for what no attempt timer covers (signing, scheduling). */
export const TOTAL_TIMEOUT_MARGIN_MS = 1_000;

/**
 * The default `totalTimeout` of a call: as long as every attempt may take at its full `timeout`,
 * plus the default backoff between them, plus a margin (60 000 ms and 2 retries: 182 500 ms). So
 * the default never cuts short an attempt that the per-attempt timeout would let run; what it
 * refuses is a server's Retry-After (honoured up to 60 s) that would stretch the call past what
 * its timeouts allow (`Retry-After: 30` with `timeout: 2000` is not waited for). No per-attempt
 * timeout (0), no default deadline.
 */
export function defaultTotalTimeoutMs(timeout: number, maxRetries: number): number {
  if (!(timeout > 0)) return 0;
  const total = timeout * (maxRetries + 1) + TOTAL_TIMEOUT_MARGIN_MS;
  // In closed form, not a loop per retry: a `maxRetries` of 2e8 must not stall the call before
  // its first request. The first `doubling` waits (500, 1000, 2000, 4000 ms) are a geometric
  // series; every later one is at the cap.
  const doubling = Math.min(maxRetries, Math.ceil(Math.log2(MAX_RETRY_DELAY_MS / INITIAL_RETRY_DELAY_MS)));
  return total + INITIAL_RETRY_DELAY_MS * (2 ** doubling - 1) + (maxRetries - doubling) * MAX_RETRY_DELAY_MS;
}

/** `setTimeout` as a promise that an AbortSignal cuts short. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort);
  });
}
