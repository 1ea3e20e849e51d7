/**
 * The concurrent part PUTs of every provider's upload. A pool of `concurrency` workers takes the
 * parts in order; each part is sent through the client's own storage transport (`ctx.storage`: its
 * injectable fetch, timeout, bounded answer and redaction) and retried on its own, with a fresh
 * target (re-signed URL) and its bytes read again for every attempt. A part counts as stored only
 * when the storage answered the operation's success status, and (where the provider's storage
 * answers one) an ETag equal to the MD5 of the bytes sent: a proxy's HTML page on a 200 is no
 * stored part. The first failure stops the pool: the other PUTs in flight are aborted, no new
 * part starts, and the call rejects with that failure once every worker has let go.
 */
import { AbortError, ConfigurationError, DrivespecError, InputError, TransportError, apiErrorClasses, type ApiError } from '../core/errors.js';
import { backoffDelayMs, isRetryableStatus, retryAfterMs } from '../core/retry.js';
import { isRefusedRedirect, type TransportResponse } from '../core/transport.js';
import { digestHex } from '../platform/digest.js';
import { uncopiedBody } from '../platform/request-body.js';
import { MAX_CONCURRENCY } from './options.js';
import type { PartPlan } from './plan.js';
import { recycleBody, type OpenedSource } from './source.js';
import { storageApiError, storageErrorFields, targetSecrets } from './storage-error.js';
import type { UploadContext } from './types.js';
import { untilSignal } from './until-signal.js';

export interface PartTarget {
  method: 'PUT' | 'POST';
  url: string;
  headers: Record<string, string>;
}

export interface SendPartsOptions {
  ctx: UploadContext;
  /** Names the storage call in errors, e.g. 'UploadPart'. */
  operationId: string;
  /** Only the missing ones. For a stream source, in ascending offset order. */
  parts: readonly PartPlan[];
  /**
   * A part's body, called for every attempt (read it again from a random-access source). Give
   * this or `source`.
   */
  body?(part: PartPlan, signal: AbortSignal): Promise<Uint8Array | Blob>;
  /**
   * The opened source, instead of `body`: a random-access source's range is read again for every
   * attempt; a stream's part is read once, in order, and kept only until that part is done, so
   * at most `concurrency` parts are held in memory.
   */
  source?: OpenedSource;
  /**
   * The URL + headers for a part; `refresh` true after the storage said the URL expired
   * (403 AccessDenied / "Request has expired"): fetch a fresh one (GetUploadUrl, renew, re-request links).
   */
  target(part: PartPlan, refresh: boolean, signal: AbortSignal): Promise<PartTarget>;
  /** From the operation's transfer table. */
  successStatus: number;
  /** Verify the answer's ETag is the quoted hex MD5 of the bytes sent (table `etag: true`); a mismatch is retried, then an error. */
  verifyEtag: boolean;
  /** Is this storage answer "URL expired, refresh and retry" (provider-specific)? Default: 403 with <Code>AccessDenied</Code>. */
  isExpired?(status: number, code: string | undefined, message: string | undefined): boolean;
  concurrency: number;
  /** Retries per part after its first attempt (network errors, timeouts, 408/429/5xx, an ETag mismatch). */
  maxRetries: number;
  /** Milliseconds per attempt; undefined: the client's `timeout`; 0: none. */
  partTimeout: number | undefined;
  signal?: AbortSignal;
  /**
   * A part was stored. `bytesSent`: the body bytes sent for this part, its retries included
   * (`part.size` when the first attempt succeeded); count `part.size` for progress. A throw here
   * (the state could not be kept) fails the transfer like a refused part.
   */
  onPartStored(part: PartPlan, etag: string | undefined, bytesSent: number): void;
}

/** Refreshed URLs per part at least, whatever `maxRetries` (an expiry is not the part's fault). */
const MIN_REFRESHES = 1;

export function defaultIsExpired(status: number, code: string | undefined): boolean {
  return status === 403 && code === 'AccessDenied';
}

/**
 * Resolves when every part is stored; rejects with the provider's ApiError (storage XML Code/Message/
 * RequestId only, never the echoed StringToSign/Signature), AbortError, TimeoutError, TransportError,
 * InputError (the source). On the first failure the other in-flight PUTs are aborted and no new part starts.
 */
export async function sendParts(options: SendPartsOptions): Promise<{ bytesSent: number }> {
  checkSendOptions(options);
  const { ctx, operationId, parts, signal: caller } = options;
  if (caller?.aborted) throw new AbortError(operationId, { cause: caller.reason });
  const bodies = partBodies(options);
  const stop = new AbortController();
  const onCallerAbort = () => stop.abort(caller!.reason);
  caller?.addEventListener('abort', onCallerAbort, { once: true });

  let failure: { error: unknown } | undefined;
  let next = 0;
  let bytesSent = 0;
  const send = (part: PartPlan) =>
    sendPart(options, part, stop.signal, bodies, (bytes) => {
      bytesSent += bytes;
    });
  const worker = async () => {
    while (failure === undefined && !stop.signal.aborted && next < parts.length) {
      const part = parts[next++]!;
      // A stream's bytes are claimed now, in the order the parts are taken: a later part's
      // target() answering first must not read (skip) past an earlier part's bytes.
      bodies.reserve(part, stop.signal);
      try {
        await send(part);
      } catch (error) {
        if (failure === undefined && !stop.signal.aborted) {
          failure = { error };
          stop.abort(new Stopped());
        }
      } finally {
        bodies.release(part);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(options.concurrency, parts.length) }, worker));
  } finally {
    caller?.removeEventListener('abort', onCallerAbort);
  }
  // The caller's abort wins: the failures it caused in flight are its consequence.
  if (caller?.aborted) throw new AbortError(operationId, { cause: caller.reason });
  if (failure !== undefined) throw failure.error;
  return { bytesSent };
}

/** The pool stopped after another part's failure (internal). */
class Stopped extends Error {}

interface PartBodies {
  get(part: PartPlan, signal: AbortSignal): Promise<Uint8Array | Blob>;
  /** Called when a worker takes the part, before its target: a stream starts reading it then. */
  reserve(part: PartPlan, signal: AbortSignal): void;
  release(part: PartPlan): void;
}

function partBodies(options: SendPartsOptions): PartBodies {
  const { body, source } = options;
  if (body) return { get: (part, signal) => body(part, signal), reserve: () => {}, release: () => {} };
  const from = source!;
  if (from.randomAccess) {
    return { get: (part, signal) => from.read(part.offset, part.offset + part.size, { signal }), reserve: () => {}, release: () => {} };
  }
  // A stream: each part read once, in order (skipping what earlier parts of a resume hold), and
  // kept for its retries until the part is done. Parts start in order and at most `concurrency`
  // are in flight, so at most that many are held.
  const cache = new Map<number, Promise<Uint8Array>>();
  let position = 0;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    reserve(part, signal) {
      // A failed read is seen by the part's own get(); the queue's reaction already handles it,
      // so a part stopped before its get() leaves no unhandled rejection.
      void this.get(part, signal);
    },
    get(part, signal) {
      const cached = cache.get(part.partNumber);
      if (cached) return cached;
      const turn = queue.then(async () => {
        if (part.offset < position) throw new InputError(`part ${part.partNumber}: a stream is read once, in order; its bytes at ${part.offset} are gone`);
        while (position < part.offset) {
          const skipped = await from.next(Math.min(SKIP_CHUNK, part.offset - position), signal);
          if (skipped.byteLength === 0) throw new InputError(`the stream ended at ${position} bytes, before part ${part.partNumber}`);
          position += skipped.byteLength;
        }
        const bytes = await from.next(part.size, signal);
        position += bytes.byteLength;
        return bytes;
      });
      // Not `turn.catch(...)`: that would keep the part's bytes as the queue's value.
      queue = turn.then(
        () => undefined,
        () => undefined,
      );
      cache.set(part.partNumber, turn);
      return turn;
    },
    release(part) {
      cache.delete(part.partNumber);
    },
  };
}

/** Bytes of a stream skipped per read when a resume starts past its beginning. */
const SKIP_CHUNK = 1 << 20;

async function sendPart(
  options: SendPartsOptions,
  part: PartPlan,
  signal: AbortSignal,
  bodies: PartBodies,
  countSent: (bytes: number) => void,
): Promise<void> {
  const { ctx, operationId, maxRetries } = options;
  const isExpired = options.isExpired ?? defaultIsExpired;
  const maxRefreshes = Math.max(MIN_REFRESHES, maxRetries);
  let retries = 0;
  let refreshes = 0;
  let refresh = false;
  let sentForPart = 0;
  /** Waits before the next attempt, or throws `error` when the part's retries are spent. */
  const retryOrThrow = async (error: unknown, serverDelayMs?: number) => {
    if (retries >= maxRetries) throw error;
    const delay = backoffDelayMs(retries++, ctx.random, serverDelayMs);
    // Raced too: an injected sleep that ignores the signal must not hold an abort back.
    await untilStopped(ctx.sleep(delay, signal), signal);
    refresh = false;
  };
  for (;;) {
    if (signal.aborted) throw new Stopped();
    const target = checkTarget(await untilStopped(options.target(part, refresh, signal), signal), operationId);
    const body = await untilStopped(readBody(bodies, part, signal), signal);
    const size = body instanceof Uint8Array ? body.byteLength : body.size;
    if (size !== part.size) throw new InputError(`part ${part.partNumber}: the source gave ${size} bytes, the plan says ${part.size}`);
    const secrets = [...ctx.secrets, ...targetSecrets(target.url, target.headers)];
    let headers: Headers;
    try {
      headers = new Headers(target.headers);
    } catch {
      throw new TransportError(`${operationId}: part ${part.partNumber}'s request headers are not valid HTTP headers`, undefined, { operationId });
    }

    let answer: TransportResponse;
    countSent(size);
    sentForPart += size;
    try {
      answer = await ctx.storage(
        operationId,
        // On Node the part's own buffer, not a copy fetch makes (src/platform/request-body.ts).
        { method: target.method, url: target.url, headers, body: body instanceof Uint8Array ? uncopiedBody(body, headers) : body },
        // Retries are this loop's: each one gets a fresh target and its bytes read again.
        { signal, maxRetries: 0, ...(options.partTimeout !== undefined ? { timeout: options.partTimeout } : {}) },
      );
    } catch (error) {
      if (signal.aborted) throw new Stopped();
      if (isRetryableTransportError(error)) {
        await retryOrThrow(error);
        continue;
      }
      throw error;
    }

    if (answer.status === options.successStatus) {
      const etag = answer.headers.get('etag') ?? undefined;
      const mismatch = options.verifyEtag ? etagProblem(etag, body) : undefined;
      if (mismatch !== undefined) {
        await retryOrThrow(etagError(options, part, answer, mismatch));
        continue;
      }
      options.onPartStored(part, etag, sentForPart);
      // The storage hashed every byte, so the buffer is no longer read: a file source reuses it.
      if (mismatch === undefined && options.verifyEtag) recycleBody(body);
      return;
    }
    const { code, message } = storageErrorFields(answer, secrets);
    if (isExpired(answer.status, code, message) && refreshes < maxRefreshes) {
      refreshes++;
      refresh = true;
      continue;
    }
    const error = storageApiError(ctx.provider, operationId, answer, secrets);
    if (isRetryableStatus(answer.status)) {
      await retryOrThrow(error, retryAfterMs(answer.headers, ctx.now()));
      continue;
    }
    throw error;
  }
}

async function readBody(bodies: PartBodies, part: PartPlan, signal: AbortSignal): Promise<Uint8Array | Blob> {
  try {
    return await bodies.get(part, signal);
  } catch (error) {
    if (error instanceof DrivespecError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new InputError(`part ${part.partNumber}: the source could not be read: ${detail.split('\n', 1)[0]}`, { cause: error });
  }
}

/**
 * Why the answer's ETag is not the MD5 of the bytes sent, or undefined when it is. OSS, OBS, COS
 * and S3 answer a part's ETag as its quoted hex MD5 (S3 UploadPart, OSS UploadPart docs); an
 * answer without one did not come from the storage.
 */
function etagProblem(etag: string | undefined, body: Uint8Array | Blob): string | undefined {
  // Headers#get has already trimmed the value (Fetch: normalize).
  if (etag === undefined) return 'the answer has no ETag';
  // A Blob body is read by fetch as it is sent (a file-backed one from disk): its MD5 would take
  // a second read of the same bytes. Its presence and form are checked; the value cannot be.
  if (!(body instanceof Uint8Array)) return /^"?[0-9a-f]{32}"?$/i.test(etag) ? undefined : 'the ETag is not a hex MD5';
  const expected = digestHex('md5', body);
  const given = etag.replace(/^"(.*)"$/, '$1').toLowerCase();
  return given === expected ? undefined : `the ETag is not the MD5 of the bytes sent (${expected})`;
}

function etagError(options: SendPartsOptions, part: PartPlan, answer: TransportResponse, problem: string): ApiError {
  const { ctx, operationId } = options;
  const ErrorClass = apiErrorClasses[ctx.provider];
  return new ErrorClass({
    provider: ctx.provider,
    operationId,
    status: answer.status,
    code: 'ETagMismatch',
    message: `part ${part.partNumber} was not stored as sent: ${problem}`,
    requestId: storageErrorFields(answer, answer.secrets).requestId,
    body: { code: 'ETagMismatch', partNumber: part.partNumber },
    attempts: answer.attempts,
  });
}

/**
 * A connection that failed or an attempt that timed out (TimeoutError is a TransportError without
 * status): the part may be sent again. A refused redirect (with a status, or without one for a
 * stream or Blob body: transport.ts `isRefusedRedirect`) or an oversized answer is not.
 */
function isRetryableTransportError(error: unknown): boolean {
  return error instanceof TransportError && !(error instanceof AbortError) && error.status === undefined && !isRefusedRedirect(error);
}

function checkTarget(target: unknown, operationId: string): PartTarget {
  const t = target as Partial<PartTarget> | null;
  if (
    typeof t !== 'object' ||
    t === null ||
    (t.method !== 'PUT' && t.method !== 'POST') ||
    typeof t.url !== 'string' ||
    typeof t.headers !== 'object' ||
    t.headers === null ||
    Object.values(t.headers).some((v) => typeof v !== 'string')
  ) {
    throw new ConfigurationError('target', `${operationId}: a part target must be { method: 'PUT' | 'POST', url, headers: Record<string, string> }`);
  }
  return t as PartTarget;
}

const untilStopped = <T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> => untilSignal(promise, signal, () => new Stopped());

function checkSendOptions(options: SendPartsOptions): void {
  if (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1 || options.concurrency > MAX_CONCURRENCY) {
    throw new ConfigurationError('concurrency', `must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${String(options.concurrency)}`);
  }
  if (!Number.isSafeInteger(options.maxRetries) || options.maxRetries < 0) {
    throw new ConfigurationError('maxRetries', `must be a whole number of retries, 0 or more, got ${String(options.maxRetries)}`);
  }
  if (!options.body && !options.source) throw new ConfigurationError('body', 'sendParts needs `body` or `source`');
  if (options.source && !options.body && !options.source.randomAccess) {
    for (let i = 1; i < options.parts.length; i++) {
      if (options.parts[i]!.offset <= options.parts[i - 1]!.offset) {
        throw new ConfigurationError('parts', 'a stream is read once: its parts must be in ascending order');
      }
    }
  }
}
