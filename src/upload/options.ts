/**
 * `upload()`'s options come from callers' code (and from a CLI's flags): each is checked before
 * anything is opened or sent, and a bad one is a ConfigurationError naming it. An unknown option
 * is refused too: `partsize` silently ignored would upload with the default part size.
 */
import { ConfigurationError } from '../core/errors.js';
import type { UploadOptions } from './types.js';

/** The most parts in flight at once: more would only queue on the connection pool. */
export const MAX_CONCURRENCY = 64;
export const DEFAULT_CONCURRENCY = 4;

const known: ReadonlySet<string> = new Set<keyof UploadOptions>([
  'partSize',
  'concurrency',
  'onProgress',
  'signal',
  'rapidUpload',
  'size',
  'resume',
  'onState',
  'maxRetries',
  'partTimeout',
]);

export function checkUploadOptions(options: unknown): UploadOptions {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ConfigurationError('options', 'must be an object ({ partSize, concurrency, onProgress, signal, … })');
  }
  const given = options as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (!known.has(key)) throw new ConfigurationError(key, `is not an upload option (known: ${[...known].join(', ')})`);
  }
  const out: UploadOptions = {};
  const { partSize, concurrency, onProgress, signal, rapidUpload, size, resume, onState, maxRetries, partTimeout } = given;
  if (partSize !== undefined) {
    if (!isWhole(partSize) || partSize < 1) throw new ConfigurationError('partSize', `must be a whole number of bytes, 1 or more, got ${describe(partSize)}`);
    out.partSize = partSize;
  }
  if (concurrency !== undefined) {
    if (!isWhole(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
      throw new ConfigurationError('concurrency', `must be a whole number from 1 to ${MAX_CONCURRENCY}, got ${describe(concurrency)}`);
    }
    out.concurrency = concurrency;
  }
  if (onProgress !== undefined) {
    if (typeof onProgress !== 'function') throw new ConfigurationError('onProgress', `must be a function, got ${describe(onProgress)}`);
    out.onProgress = onProgress as UploadOptions['onProgress'];
  }
  if (onState !== undefined) {
    if (typeof onState !== 'function') throw new ConfigurationError('onState', `must be a function, got ${describe(onState)}`);
    out.onState = onState as UploadOptions['onState'];
  }
  if (signal !== undefined) {
    if (!(signal instanceof AbortSignal)) throw new ConfigurationError('signal', `must be an AbortSignal, got ${describe(signal)}`);
    out.signal = signal;
  }
  if (rapidUpload !== undefined) {
    if (typeof rapidUpload !== 'boolean') throw new ConfigurationError('rapidUpload', `must be true or false, got ${describe(rapidUpload)}`);
    out.rapidUpload = rapidUpload;
  }
  if (size !== undefined) {
    if (!isWhole(size) || size < 0) throw new ConfigurationError('size', `must be a whole number of bytes, 0 or more, got ${describe(size)}`);
    out.size = size;
  }
  if (resume !== undefined) {
    // Its shape is checked against the opened source and the provider by checkResumeState.
    if (typeof resume !== 'object' || resume === null || Array.isArray(resume)) {
      throw new ConfigurationError('resume', `must be the state of an earlier upload (an object), got ${describe(resume)}`);
    }
    out.resume = resume as UploadOptions['resume'];
  }
  if (maxRetries !== undefined) {
    if (!isWhole(maxRetries) || maxRetries < 0) throw new ConfigurationError('maxRetries', `must be a whole number of retries, 0 or more, got ${describe(maxRetries)}`);
    out.maxRetries = maxRetries;
  }
  if (partTimeout !== undefined) {
    if (typeof partTimeout !== 'number' || !Number.isFinite(partTimeout) || partTimeout < 0) {
      throw new ConfigurationError('partTimeout', `must be a number of milliseconds, 0 or more (0: none), got ${describe(partTimeout)}`);
    }
    out.partTimeout = partTimeout;
  }
  return out;
}

function isWhole(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** A value for a message: its type and, for short primitives, the value (never a long string). */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return value.length <= 32 ? JSON.stringify(value) : `a string of ${value.length} characters`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'an object';
  return typeof value;
}
