/**
 * The request pipeline under every client. For each attempt, in this order: copy the serialized
 * request → authorize (sign) it with a fresh date and nonce → send it with a per-attempt timeout;
 * all inside the retry loop, so a retried request is never sent with a stale signature
 * (smithy-typescript places signing inside the retry loop for the same reason).
 */
import { AbortError, ConfigurationError, TimeoutError, TransportError } from './errors.js';
import { redactSecrets, redactUrl } from './redact.js';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from './retry.js';

/** A serialized request, before credentials. `body` as bytes can be replayed; a stream cannot. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | ReadableStream<Uint8Array> | undefined;
}

export interface AttemptContext {
  operationId: string;
  /** 0 for the first attempt. */
  attempt: number;
  now: Date;
  /** Unique per attempt (PDS `x-acs-signature-nonce`). */
  nonce: string;
  /**
   * Registers a value made for this attempt that must never be shown (a request signature): a
   * server that echoes the Authorization header back must not put it into an error.
   */
  addSecret: (value: string) => void;
}

/** Adds credentials to one attempt's copy of the request (headers, signature). */
export type Authorize = (request: PreparedRequest, context: AttemptContext) => void | Promise<void>;

export interface TransportConfig {
  fetch: typeof globalThis.fetch;
  now: () => Date;
  nonce: () => string;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  authorize: Authorize;
  /** Values to scrub from any message built from upstream text. */
  secrets: readonly string[];
  maxRetries: number;
  /** Milliseconds per attempt; `undefined` or 0 for none. */
  timeout: number | undefined;
  maxResponseBytes: number;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Milliseconds per attempt, overriding the client's `timeout`. */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
}

export interface TransportResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  attempts: number;
  /** The client's secrets plus every value the attempts registered with `addSecret`. */
  secrets: readonly string[];
}

/** Thrown through `fetch` to tell a timeout from the caller's own abort. */
class AttemptTimeout extends Error {}

export async function send(
  config: TransportConfig,
  operationId: string,
  template: PreparedRequest,
  call: CallOptions = {},
): Promise<TransportResponse> {
  checkCallOptions(call);
  const replayable = !(template.body instanceof ReadableStream);
  const maxRetries = replayable ? Math.max(0, call.maxRetries ?? config.maxRetries) : 0;
  const timeout = call.timeout ?? config.timeout;
  const signal = call.signal;
  const secrets = [...config.secrets];
  const addSecret = (value: string) => {
    if (value && !secrets.includes(value)) secrets.push(value);
  };

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new AbortError(operationId);
    const request: PreparedRequest = {
      method: template.method,
      url: template.url,
      headers: new Headers(template.headers),
      body: template.body,
    };
    await config.authorize(request, { operationId, attempt, now: config.now(), nonce: config.nonce(), addSecret });
    // Signing may await: the caller can abort in between, and a listener added after the abort
    // would never fire.
    if (signal?.aborted) throw new AbortError(operationId);

    const controller = new AbortController();
    const onCallerAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer =
      timeout && timeout > 0 ? setTimeout(() => controller.abort(new AttemptTimeout()), timeout) : undefined;

    let outcome: TransportResponse | { retryable: boolean; error: Error };
    try {
      const response = await config.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        signal: controller.signal,
        // Never follow a redirect: fetch would re-send the credential headers (all but
        // Authorization) to the new location and turn the POST into a GET whose answer would be
        // taken for the operation's result.
        redirect: 'manual',
        ...(request.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        throw new TransportError(
          `${operationId}: HTTP ${response.status} redirect${describeLocation(response.headers.get('location'), request.url)} refused: drivespec never follows redirects (credentials would go along)`,
          response.status,
        );
      }
      const body = await readBody(response, config.maxResponseBytes, operationId);
      outcome = {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body,
        attempts: attempt + 1,
        secrets,
      };
    } catch (error) {
      if (controller.signal.reason instanceof AttemptTimeout) {
        outcome = { retryable: true, error: new TimeoutError(operationId, timeout ?? 0) };
      } else if (signal?.aborted) {
        throw new AbortError(operationId);
      } else if (error instanceof TransportError) {
        outcome = { retryable: false, error };
      } else {
        outcome = { retryable: true, error: networkError(operationId, request.url, error, secrets) };
      }
    } finally {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onCallerAbort);
    }

    if ('error' in outcome) {
      if (!outcome.retryable || attempt >= maxRetries) throw outcome.error;
      await pause(config, backoffDelayMs(attempt, config.random), signal, operationId);
      continue;
    }
    if (isRetryableStatus(outcome.status) && attempt < maxRetries) {
      const delay = backoffDelayMs(attempt, config.random, retryAfterMs(outcome.headers, config.now()));
      await pause(config, delay, signal, operationId);
      continue;
    }
    return outcome;
  }
}

/** Per-call options come from callers' code too: check them like client options. */
export function checkCallOptions(call: CallOptions): void {
  if (call.maxRetries !== undefined && (!Number.isSafeInteger(call.maxRetries) || call.maxRetries < 0)) {
    throw new ConfigurationError('maxRetries', 'must be a whole number of retries, 0 or more');
  }
  if (call.timeout !== undefined && (!Number.isFinite(call.timeout) || call.timeout < 0)) {
    throw new ConfigurationError('timeout', 'must be a number of milliseconds, 0 or more');
  }
  if (call.signal !== undefined && !(call.signal instanceof AbortSignal)) {
    throw new ConfigurationError('signal', 'must be an AbortSignal');
  }
}

/** Where a redirect pointed, as an origin only (a Location's query can carry a token). */
function describeLocation(location: string | null, base: string): string {
  if (!location) return '';
  try {
    return ` to ${new URL(location, base).origin}`;
  } catch {
    return '';
  }
}

async function pause(config: TransportConfig, ms: number, signal: AbortSignal | undefined, operationId: string) {
  try {
    await config.sleep(ms, signal);
  } catch {
    throw new AbortError(operationId);
  }
}

/** Reads the whole body, refusing more than `limit` bytes (a hostile or broken server). */
async function readBody(response: Response, limit: number, operationId: string): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new TransportError(`${operationId}: response body exceeds ${limit} bytes`, response.status);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function networkError(operationId: string, url: string, error: unknown, secrets: readonly string[]): TransportError {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail =
    (typeof cause?.code === 'string' && cause.code) ||
    (typeof cause?.message === 'string' && cause.message) ||
    (error instanceof Error ? error.message : String(error));
  const origin = safeOrigin(url);
  return new TransportError(
    redactSecrets(`${operationId}: network error calling ${origin}: ${detail}`, secrets),
  );
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}
