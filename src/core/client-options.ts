/**
 * The options every `createClient` accepts, checked once when the client is made: a wrong type or
 * range is a ConfigurationError naming the option, not a TypeError inside the first call.
 */
import { checkBaseUrl } from './base-url.js';
import { ConfigurationError } from './errors.js';
import { DEFAULT_MAX_RETRIES, sleep as defaultSleep } from './retry.js';
import type { Authorize, TransportConfig } from './transport.js';
import type { ResponseValidation } from './validation.js';
import { randomId } from '../platform/crypto.js';

/** Options every `createClient` accepts. */
export interface CommonClientOptions {
  /** Overrides the server built from the spec (and its variables). */
  baseUrl?: string;
  /** Injectable fetch (tests, proxies, instrumentation). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Injectable clock, used for date headers and signatures. */
  now?: () => Date;
  /** Retries of connection errors, timeouts, 408, 429 and 5xx. Default 2. */
  maxRetries?: number;
  /** Milliseconds per attempt. Default 60 000; 0 for none. */
  timeout?: number;
  /**
   * Milliseconds for a whole call: every attempt and every retry wait together (named after
   * Google's retry settings' `totalTimeout`; openai-node and the AWS SDK bound attempts only).
   * No wait is started that would end past it, each attempt's timeout is clipped to what is left,
   * and running out is a `TimeoutError` with `limit: 'totalTimeout'`. Default: every attempt at its
   * full `timeout`, the default backoff between them and a 1 s margin (182 500 ms with the
   * defaults); 0 for none.
   */
  totalTimeout?: number;
  /** `'throw'` (default), `'off'`, or a callback that receives the error as a warning. */
  responseValidation?: ResponseValidation;
  /** Largest response body read, in bytes. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Injectable nonce source (PDS `x-acs-signature-nonce`). */
  nonce?: () => string;
}

/**
 * Hooks for drivespec's own tests (backoff jitter and waits), read from the options object but
 * not part of the public `CommonClientOptions`: a user has no reason to replace them.
 */
export interface ClientTestHooks {
  /** Randomness for backoff jitter. */
  random?: () => number;
  /** The wait between attempts. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export function checkCommonOptions(options: CommonClientOptions & ClientTestHooks): void {
  // Callers' code is often untyped: the declared type is not a proof (and must not narrow here).
  if (!isObject(options as unknown)) throw new ConfigurationError('options', 'must be an object');
  if (options.maxRetries !== undefined && (!Number.isSafeInteger(options.maxRetries) || options.maxRetries < 0)) {
    throw new ConfigurationError('maxRetries', 'must be a whole number of retries, 0 or more');
  }
  if (options.timeout !== undefined && (!Number.isFinite(options.timeout) || options.timeout < 0)) {
    throw new ConfigurationError('timeout', 'must be a number of milliseconds, 0 or more');
  }
  if (options.totalTimeout !== undefined && (!Number.isFinite(options.totalTimeout) || options.totalTimeout < 0)) {
    throw new ConfigurationError('totalTimeout', 'must be a number of milliseconds, 0 or more');
  }
  if (options.baseUrl !== undefined) checkBaseUrl(options.baseUrl, 'baseUrl');
  if (
    options.maxResponseBytes !== undefined &&
    (!Number.isSafeInteger(options.maxResponseBytes) || options.maxResponseBytes <= 0)
  ) {
    throw new ConfigurationError('maxResponseBytes', 'must be a whole number of bytes, 1 or more');
  }
  // Injected functions are called only once a request is made: a wrong type must fail here, not
  // as a plain TypeError inside the first call.
  for (const name of ['fetch', 'now', 'nonce', 'random', 'sleep'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigurationError(name, 'must be a function');
    }
  }
  const mode = options.responseValidation;
  if (mode !== undefined && mode !== 'throw' && mode !== 'off' && typeof mode !== 'function') {
    throw new ConfigurationError('responseValidation', "must be 'throw', 'off' or a function");
  }
}

/**
 * The `credentials` of a client's options, once both are known to be objects; `hint` says what
 * to give (`give { token } or { ak, sk }`). The fields are checked by each provider module.
 */
export function credentialsOf(options: unknown, hint: string): Readonly<Record<string, unknown>> {
  if (!isObject(options)) throw new ConfigurationError('options', 'must be an object');
  const credentials = options.credentials;
  if (!isObject(credentials)) throw new ConfigurationError('credentials', hint);
  return credentials;
}

/** A non-null, non-array object: what an options bag or a request init must be. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function requireString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(option, 'must be a non-empty string');
  }
  return value;
}

/** The transport settings of a client: its options with the defaults filled in. */
export function transportConfig(options: CommonClientOptions & ClientTestHooks, authorize: Authorize, secrets: readonly string[]): TransportConfig {
  return {
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    nonce: options.nonce ?? randomId,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
    authorize,
    secrets,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    totalTimeout: options.totalTimeout,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
}
