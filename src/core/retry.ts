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

/** Parses `retry-after-ms`, then `Retry-After` (delta seconds or an HTTP date) against `now`. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const ms = headers.get('retry-after-ms');
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
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
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
