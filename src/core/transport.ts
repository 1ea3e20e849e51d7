/**
 * The request pipeline under every client. For each attempt, in this order: copy the serialized
 * request → authorize (sign) it with a fresh date and nonce → send it with a per-attempt timeout;
 * all inside the retry loop, so a retried request is never sent with a stale signature
 * (smithy-typescript places signing inside the retry loop for the same reason).
 */
import { AbortError, ConfigurationError, DrivespecError, TimeoutError, TransportError } from './errors.js';
import { redactError, redactSecrets, redactUrl } from './redact.js';
import { backoffDelayMs, defaultTotalTimeoutMs, isRetryableStatus, retryAfterMs } from './retry.js';

/** A serialized request, before credentials. `body` as bytes or a Blob can be replayed (fetch reads a Blob again for each attempt); a stream cannot. */
export interface PreparedRequest {
  method: string;
  url: string;
  headers: Headers;
  body: Uint8Array | Blob | ReadableStream<Uint8Array> | undefined;
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
  /**
   * Milliseconds for the whole call, attempts and retry waits together; 0 for none; `undefined`
   * for the default, `defaultTotalTimeoutMs(timeout, maxRetries)`.
   */
  totalTimeout?: number | undefined;
  /** Monotonic milliseconds for the totalTimeout (default `performance.now`; the wall clock can jump). */
  clock?: () => number;
  maxResponseBytes: number;
}

export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Milliseconds per attempt, overriding the client's `timeout`. */
  timeout?: number | undefined;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number | undefined;
  /** Milliseconds for the whole call, attempts and retry waits together, overriding the client's `totalTimeout`. */
  totalTimeout?: number | undefined;
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

/** The longest delay `setTimeout` honours; a longer one fires at once (Node clamps it to 1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `config.authorize`. A DrivespecError from it (a SigningError, say) goes through as it is;
 * anything else (a TypeError from `Headers.set` quoting the token, say) becomes a
 * ConfigurationError naming `credentials`, its message scrubbed of the call's secrets and
 * without the original as `cause`, which would carry them (issue 9, review D2).
 */
function authorizeOrThrowScrubbed(
  config: TransportConfig,
  request: PreparedRequest,
  context: AttemptContext,
  secrets: readonly string[],
): void | Promise<void> {
  const scrubbed = (error: unknown): DrivespecError => {
    if (error instanceof DrivespecError) return error;
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return new ConfigurationError('credentials', redactSecrets(`${context.operationId}: the request could not be authorized: ${detail}`, secrets));
  };
  let pending: void | Promise<void>;
  try {
    pending = config.authorize(request, context);
  } catch (error) {
    throw scrubbed(error);
  }
  // A token authorizer is synchronous: no promise, no turn of the event loop waited for.
  if (pending !== undefined && typeof (pending as PromiseLike<void>).then === 'function') {
    return Promise.resolve(pending).then(undefined, (error: unknown) => {
      throw scrubbed(error);
    });
  }
}

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
  const perAttempt = timeout || Infinity; // checked options: never negative
  const total = call.totalTimeout ?? config.totalTimeout ?? defaultTotalTimeoutMs(timeout ?? 0, maxRetries);
  const clock = config.clock ?? (() => performance.now());
  // One deadline for the call: every wait and every attempt's timer is measured against it, so
  // no server's Retry-After and no run of timeouts can make a call outlive it.
  const deadline = total > 0 ? clock() + total : Infinity;
  const signal = call.signal;
  const secrets = [...config.secrets];
  const addSecret = (value: string) => {
    if (value && !secrets.includes(value)) secrets.push(value);
  };
  /** The failure of the previous attempt, the `cause` of a totalTimeout that ends the call. */
  let previous: Error | undefined;

  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw new AbortError(operationId, { attempts: attempt });
    const request: PreparedRequest = {
      method: template.method,
      url: template.url,
      headers: new Headers(template.headers),
      body: template.body,
    };
    const authorizing = authorizeOrThrowScrubbed(config, request, { operationId, attempt, now: config.now(), nonce: config.nonce(), addSecret }, secrets);
    if (authorizing) await authorizing;
    // Signing may await: the caller can abort in between, and a listener added after the abort
    // would never fire.
    if (signal?.aborted) throw new AbortError(operationId, { attempts: attempt });
    const left = deadline - clock();
    if (left <= 0) {
      throw new TimeoutError(operationId, total, { limit: 'totalTimeout', attempts: attempt, cause: previous });
    }
    // The attempt's timer is clipped to what is left of the call.
    const clipped = left < perAttempt;
    const budget = Math.min(perAttempt, left);

    const guard = guardAttempt(signal, budget);
    const streamed = streamedBody(request.body);

    let outcome: TransportResponse | { retryable: boolean; error: Error };
    try {
      // Raced against the attempt's signal: a fetch that ignores it cannot outlive the timer. An
      // answer that still arrives after the abort has its body cancelled (the connection freed).
      const fetched = config.fetch(request.url, {
        method: request.method,
        headers: request.headers,
        body: request.body ?? null,
        ...(guard ? { signal: guard.signal } : {}),
        // Never follow a redirect: fetch would re-send the credential headers (all but
        // Authorization) to the new location and turn the POST into a GET whose answer would be
        // taken for the operation's result. A Blob or stream body asks for 'error', not 'manual'
        // (see `streamedBody`).
        redirect: streamed ? 'error' : 'manual',
        ...(request.body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const response = await untilAborted(fetched, guard, (late) => void late.body?.cancel().catch(() => {}));
      if (response.status >= 300 && response.status < 400) {
        await response.body?.cancel().catch(() => {});
        throw new TransportError(
          redactSecrets(
            `${operationId}: HTTP ${response.status} redirect${describeLocation(response.headers.get('location'), request.url)} refused: drivespec never follows redirects (credentials would go along)`,
            secrets,
          ),
          response.status,
          { operationId, attempts: attempt + 1 },
        );
      }
      const body = await readBody(response, config.maxResponseBytes, operationId, attempt + 1, guard);
      outcome = {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
        body,
        attempts: attempt + 1,
        secrets,
      };
    } catch (error) {
      if (guard?.signal.reason instanceof AttemptTimeout) {
        // Retryable either way: after a clipped attempt the deadline has passed, so no wait starts.
        outcome = {
          retryable: true,
          error: clipped
            ? new TimeoutError(operationId, total, { limit: 'totalTimeout', attempts: attempt + 1, cause: previous })
            : new TimeoutError(operationId, perAttempt, { attempts: attempt + 1 }),
        };
      } else if (signal?.aborted) {
        throw new AbortError(operationId, { attempts: attempt + 1 });
      } else if (error instanceof TransportError) {
        outcome = { retryable: false, error };
      } else if (streamed && isUnexpectedRedirect(error)) {
        outcome = { retryable: false, error: refusedRedirect(operationId, attempt + 1) };
      } else {
        outcome = { retryable: true, error: networkError(operationId, request.url, error, secrets, attempt + 1) };
      }
    } finally {
      guard?.release();
    }

    // A wait that would end at or past the deadline is not started: the call ends with what it
    // has, the last answer or error, as when the retries are spent (a server's 503 says more than
    // a timeout would).
    if ('error' in outcome) {
      if (!outcome.retryable || attempt >= maxRetries) throw outcome.error;
      const delay = backoffDelayMs(attempt, config.random);
      if (clock() + delay >= deadline) throw outcome.error;
      previous = outcome.error;
      await pause(config, delay, signal);
      continue;
    }
    if (isRetryableStatus(outcome.status) && attempt < maxRetries) {
      const delay = backoffDelayMs(attempt, config.random, retryAfterMs(outcome.headers, config.now()));
      if (clock() + delay >= deadline) return outcome;
      previous = undefined;
      await pause(config, delay, signal);
      continue;
    }
    return outcome;
  }
}

/** Per-call options come from callers' code too: check them like client options. */
export function checkCallOptions(call: CallOptions): void {
  if (typeof call !== 'object' || call === null || Array.isArray(call)) {
    throw new ConfigurationError('callOptions', 'must be an object ({ signal, timeout, maxRetries, totalTimeout })');
  }
  if (call.maxRetries !== undefined && (!Number.isSafeInteger(call.maxRetries) || call.maxRetries < 0)) {
    throw new ConfigurationError('maxRetries', 'must be a whole number of retries, 0 or more');
  }
  if (call.timeout !== undefined && (!Number.isFinite(call.timeout) || call.timeout < 0)) {
    throw new ConfigurationError('timeout', 'must be a number of milliseconds, 0 or more');
  }
  if (call.totalTimeout !== undefined && (!Number.isFinite(call.totalTimeout) || call.totalTimeout < 0)) {
    throw new ConfigurationError('totalTimeout', 'must be a number of milliseconds, 0 or more');
  }
  if (call.signal !== undefined && !(call.signal instanceof AbortSignal)) {
    throw new ConfigurationError('signal', 'must be an AbortSignal');
  }
}

/**
 * Whether fetch gets `redirect: 'error'` for this body. With any other mode, fetch (undici's
 * "HTTP-network-or-cache fetch", after the Fetch standard) sends a clone of the request and keeps
 * the original's body, a `tee()` of it, for following a redirect; with `'manual'` that branch is
 * never read, so it keeps every chunk read from a Blob or stream until the request is gone:
 * MetaStudio's single PUT of a 1 GiB file-backed Blob held 1 GiB (Node 20.20, undici 6.24).
 * Only `'error'` sends the request itself. fetch then fails a 3xx answer as a network error
 * without its status ("unexpected redirect"), refused below. Bytes stay on `'manual'` so a
 * refused redirect names its status and target (an API call's JSON body is small).
 */
function streamedBody(body: PreparedRequest['body']): boolean {
  return body instanceof ReadableStream || (typeof Blob !== 'undefined' && body instanceof Blob);
}

/** undici's failure for a 3xx answer to `redirect: 'error'`: TypeError "fetch failed", cause "unexpected redirect". */
function isUnexpectedRedirect(error: unknown): boolean {
  const cause = (error as { cause?: { message?: unknown } } | undefined)?.cause;
  return error instanceof TypeError && cause?.message === 'unexpected redirect';
}

/** The redirects refused without a status (see `streamedBody`): not retried by upload()'s part loop either. */
const statuslessRedirects = new WeakSet<TransportError>();

/** True for the refusal of a redirect whose status fetch did not give (a Blob or stream body). */
export function isRefusedRedirect(error: unknown): boolean {
  return error instanceof TransportError && statuslessRedirects.has(error);
}

function refusedRedirect(operationId: string, attempts: number): TransportError {
  const error = new TransportError(`${operationId}: HTTP redirect refused: drivespec never follows redirects (credentials would go along)`, undefined, {
    operationId,
    attempts,
  });
  statuslessRedirects.add(error);
  return error;
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

/** An abort cuts the wait short; the loop's next check turns it into an AbortError. */
async function pause(config: TransportConfig, ms: number, signal: AbortSignal | undefined): Promise<void> {
  await config.sleep(ms, signal).catch(() => {});
}

/**
 * What can cut one attempt short: its timer (`budget` ms) and the caller's signal, as one signal
 * for fetch and one promise that rejects with its reason. Undefined when the attempt has neither
 * (no timeout, no deadline, no signal): then nothing can abort it and nothing is set up.
 */
interface AttemptGuard {
  signal: AbortSignal;
  /** Rejects with the signal's reason when it aborts; never resolves. */
  aborted: Promise<never>;
  /** Clears the timer and stops listening to the caller's signal. */
  release(): void;
}

function guardAttempt(caller: AbortSignal | undefined, budget: number): AttemptGuard | undefined {
  const timed = budget <= MAX_TIMER_MS;
  if (!timed && !caller) return undefined;
  const controller = new AbortController();
  let reject!: (reason: unknown) => void;
  const aborted = new Promise<never>((_, no) => (reject = no));
  // Handled here: an abort while no read is raced against it (between two awaits) must not
  // surface as an unhandled rejection; every race still sees the rejection.
  aborted.catch(() => {});
  // One function for both causes, instead of a listener on our own signal per awaited step.
  const abort = (reason: unknown) => {
    controller.abort(reason);
    reject(controller.signal.reason);
  };
  const onCallerAbort = () => abort(caller!.reason);
  caller?.addEventListener('abort', onCallerAbort);
  const timer = timed ? setTimeout(() => abort(new AttemptTimeout()), budget) : undefined;
  return {
    signal: controller.signal,
    aborted,
    release: () => {
      clearTimeout(timer);
      caller?.removeEventListener('abort', onCallerAbort);
    },
  };
}

/**
 * `promise`, or a rejection with the guard's reason as soon as it aborts, whatever `promise`
 * does. A value that settles after the abort goes to `discard`; a rejection after it is handled
 * (by the race), so none is left unhandled. An abort that has already happened wins over a value
 * that has already settled.
 */
function untilAborted<T>(promise: T | Promise<T>, guard: AttemptGuard | undefined, discard?: (late: T) => void): Promise<T> {
  const settled = Promise.resolve(promise);
  if (!guard) return settled;
  if (discard) {
    settled.then(
      (value) => {
        if (guard.signal.aborted) discard(value);
      },
      () => {},
    );
  }
  return Promise.race([guard.aborted, settled]);
}

/**
 * Reads the whole body, refusing more than `limit` bytes (a hostile or broken server). Every
 * read is raced against the attempt's signal, so a body that stalls cannot outlive the timer;
 * the stream is then cancelled (best effort: a stalled source may never answer).
 */
async function readBody(
  response: Response,
  limit: number,
  operationId: string,
  attempts: number,
  guard: AttemptGuard | undefined,
): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await untilAborted(reader.read(), guard);
    } catch (error) {
      void reader.cancel().catch(() => {});
      throw error;
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new TransportError(`${operationId}: response body exceeds ${limit} bytes`, response.status, { operationId, attempts });
    }
    chunks.push(value);
  }
  // A small answer usually arrives in one chunk: no copy.
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.byteLength;
  }
  return out;
}

function networkError(
  operationId: string,
  url: string,
  error: unknown,
  secrets: readonly string[],
  attempts: number,
): TransportError {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const detail =
    (typeof cause?.code === 'string' && cause.code) ||
    (typeof cause?.message === 'string' && cause.message) ||
    (error instanceof Error ? error.message : String(error));
  const origin = safeOrigin(url);
  return new TransportError(redactSecrets(`${operationId}: network error calling ${origin}: ${detail}`, secrets), undefined, {
    operationId,
    attempts,
    // fetch's own error, for `cause.code` and the like; its messages can hold the URL (SMH's
    // token) or an echoed signature, so a scrubbed copy.
    cause: redactError(error, secrets),
  });
}

function safeOrigin(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return redactUrl(url);
  }
}
