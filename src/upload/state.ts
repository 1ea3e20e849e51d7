/**
 * The resumable state of an upload: produced as the upload goes (`onState`, and on every
 * rejection through `uploadStateOf(error)`), and checked as hostile input when it comes back as
 * `options.resume`: it may have been read from a file anyone could edit. A state that does not fit
 * (other provider, other source, another part size, a malformed shape) is refused with a
 * ConfigurationError naming `resume` and saying why; what is returned is a fresh object built
 * from the checked fields only (nothing else of the input is kept).
 */
import { ConfigurationError } from '../core/errors.js';
import type { ProviderId } from '../core/provider.js';
import type { SourceFingerprint, UploadState } from './types.js';

export function newUploadState(init: Omit<UploadState, 'version' | 'parts' | 'startedAt'> & { now: Date }): UploadState {
  return {
    version: 1,
    provider: init.provider,
    upload: { ...init.upload },
    source: { ...init.source },
    partSize: init.partSize,
    parts: [],
    startedAt: init.now.toISOString(),
  };
}

/** A new state with `part` stored: parts ascending, one entry per part number (the latest wins). */
export function withPart(state: UploadState, part: { partNumber: number; size: number; etag?: string | undefined }): UploadState {
  const entry = { partNumber: part.partNumber, size: part.size, ...(part.etag !== undefined ? { etag: part.etag } : {}) };
  const parts = state.parts.filter((p) => p.partNumber !== part.partNumber);
  parts.push(entry);
  parts.sort((a, b) => a.partNumber - b.partNumber);
  return { ...state, parts };
}

/** Bounds on what a state may hold: a hostile file must not cost unbounded time or memory. */
const MAX_UPLOAD_FIELDS = 32;
const MAX_KEY_LENGTH = 64;
const MAX_STRING_LENGTH = 4096;
const MAX_ETAG_LENGTH = 256;

/** options.resume checked as hostile input (shape, version, provider, fingerprint vs the opened source, parts). */
export function checkResumeState(value: unknown, provider: ProviderId, source: SourceFingerprint): UploadState {
  const refuse = (why: string): never => {
    throw new ConfigurationError('resume', why);
  };
  if (!isPlainObject(value)) refuse('must be the state of an earlier upload (an object, as given to onState)');
  const v = value as Record<string, unknown>;
  if (v.version !== 1) refuse(`unknown state version ${describe(v.version)} (this drivespec writes version 1)`);
  if (v.provider !== provider) refuse(`the state is of an upload to ${describe(v.provider)}, not ${provider}`);

  if (!isPlainObject(v.upload)) refuse('upload: must be an object');
  const uploadEntries = Object.entries(v.upload as object);
  if (uploadEntries.length === 0 || uploadEntries.length > MAX_UPLOAD_FIELDS) refuse(`upload: must have 1 to ${MAX_UPLOAD_FIELDS} fields`);
  const upload: Record<string, string | number | boolean> = {};
  for (const [key, field] of uploadEntries) {
    if (key.length === 0 || key.length > MAX_KEY_LENGTH || key === '__proto__') refuse('upload: a field name is empty, too long or reserved');
    if (typeof field === 'string') {
      if (field.length > MAX_STRING_LENGTH) refuse(`upload.${key}: longer than ${MAX_STRING_LENGTH} characters`);
    } else if (typeof field === 'number') {
      if (!Number.isFinite(field)) refuse(`upload.${key}: not a finite number`);
    } else if (typeof field !== 'boolean') {
      refuse(`upload.${key}: must be a string, number or boolean`);
    }
    upload[key] = field as string | number | boolean;
  }

  // Compared field by field with the opened source's own fingerprint (trusted), which is what is kept.
  if (!isPlainObject(v.source)) refuse('source: must be an object');
  const fingerprint = v.source as Record<string, unknown>;
  for (const key of ['size', 'kind', 'name', 'mtimeMs'] as const) {
    if (fingerprint[key] !== source[key]) {
      refuse(`the state is of another source (its ${key} is ${describe(fingerprint[key])}, this source's ${describe(source[key])}): the file changed or is another one`);
    }
  }

  const partSize = v.partSize;
  if (!isWhole(partSize) || partSize < 1) refuse('partSize: must be a whole number of bytes, 1 or more');
  const totalParts = Math.ceil(source.size / (partSize as number));
  if (!Array.isArray(v.parts)) refuse('parts: must be an array');
  const list = v.parts as unknown[];
  if (list.length > totalParts) refuse(`parts: ${list.length} entries, but the source has ${totalParts} parts of ${String(partSize)} bytes`);
  const parts: { partNumber: number; size: number; etag?: string }[] = [];
  for (const [index, entry] of list.entries()) {
    const where = `parts[${index}]`;
    if (!isPlainObject(entry)) refuse(`${where}: must be an object`);
    const { partNumber, size, etag } = entry as Record<string, unknown>;
    if (!isWhole(partNumber) || partNumber < 1 || partNumber > totalParts) refuse(`${where}.partNumber: must be a whole number from 1 to ${totalParts}`);
    const previous = parts[parts.length - 1];
    if (previous && previous.partNumber >= (partNumber as number)) refuse(`${where}.partNumber: parts must be ascending, without repeats`);
    const expected = Math.min(partSize as number, source.size - ((partNumber as number) - 1) * (partSize as number));
    if (size !== expected) refuse(`${where}.size: part ${String(partNumber)} of this source is ${expected} bytes, not ${describe(size)}`);
    if (etag !== undefined && (typeof etag !== 'string' || etag.length > MAX_ETAG_LENGTH || /[\x00-\x1f\x7f]/.test(etag))) {
      refuse(`${where}.etag: must be a short string`);
    }
    parts.push({ partNumber: partNumber as number, size: expected, ...(etag !== undefined ? { etag: etag as string } : {}) });
  }

  // Exactly what newUploadState wrote (Date#toISOString), nothing looser.
  const startedAt = v.startedAt;
  if (typeof startedAt !== 'string' || Number.isNaN(Date.parse(startedAt)) || new Date(startedAt).toISOString() !== startedAt) {
    refuse('startedAt: must be an ISO 8601 date as toISOString writes it');
  }
  return { version: 1, provider, upload, source: { ...source }, partSize: partSize as number, parts, startedAt: startedAt as string };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function isWhole(value: unknown): value is number {
  return Number.isSafeInteger(value);
}

/** A value for a message, short: a hostile state must not make a megabyte error message. */
function describe(value: unknown): string {
  const text = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' && value !== null ? typeof value : String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** Every rejection after an upload started carries its state, for `uploadStateOf(error)`. */
const states = new WeakMap<object, UploadState>();

export function attachUploadState<E>(error: E, state: UploadState | undefined): E {
  if (state !== undefined && typeof error === 'object' && error !== null) states.set(error, state);
  return error;
}

/** The state of the upload a rejection came from (resume it with `options.resume`), if it had started. */
export function uploadStateOf(error: unknown): UploadState | undefined {
  // A WeakMap answers undefined for a key that is no object.
  return states.get(error as object);
}
