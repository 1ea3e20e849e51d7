/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/, the format browsers' and proxies'
 * "export as HAR" write) read as hostile input: every field is checked before use, and anything
 * the checks cannot read is an InputError naming the entry index and the field, never the
 * value (a HAR is full of tokens) and never a stack. What a recorder may leave out (a body it
 * did not keep, a `postData` on a bodiless request) is not an error: the body is marked
 * `not-recorded` or `truncated` and the checks that need it are skipped, not passed.
 */
import { InputError } from '../../core/errors.js';

export interface HarHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * One field of a form body as HAR 1.2 records it in `postData.params`: `value` for a plain
 * field, `fileName` (and `contentType`) for a file part, whose `value` recorders often leave out.
 */
export interface HarFormParam {
  readonly name: string;
  readonly value?: string;
  readonly fileName?: string;
  readonly contentType?: string;
}

/** A body as the recording holds it. */
export type RecordedBody =
  /** No body was sent (or answered). */
  | { readonly state: 'absent' }
  | { readonly state: 'recorded'; readonly bytes: Uint8Array; readonly mimeType: string | undefined }
  /** A form kept as its fields only (`postData.params` without `text`). */
  | { readonly state: 'form'; readonly params: readonly HarFormParam[]; readonly mimeType: string | undefined }
  /** The recorder says there was a body (`bodySize`, `content.size`) and kept none of it. */
  | { readonly state: 'not-recorded'; readonly size: number }
  /** The recorder kept fewer bytes than it says were sent (`content.size` vs `text`). */
  | { readonly state: 'truncated'; readonly size: number; readonly recorded: number };

export interface HarExchange {
  /** 0-based position in `log.entries`, as reported. */
  readonly index: number;
  readonly method: string;
  readonly url: URL;
  readonly requestHeaders: readonly HarHeader[];
  readonly requestBody: RecordedBody;
  /** `0`: the recorder saw no answer (blocked, aborted, a CORS failure). */
  readonly status: number;
  readonly responseHeaders: readonly HarHeader[];
  readonly responseBody: RecordedBody;
}

export interface ParseHarOptions {
  /** Refuse more entries than this (default 100 000): a bound on work, not on the file's size. */
  maxEntries?: number;
}

const DEFAULT_MAX_ENTRIES = 100_000;
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

/** Parses a whole HAR document (its text, already size-checked by the caller). */
export function parseHar(text: string, options: ParseHarOptions = {}): HarExchange[] {
  let document: unknown;
  try {
    document = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    // JSON.parse's message quotes the text around the fault: it may be a token.
    throw new InputError('the HAR file is not JSON');
  }
  const log = field(document, 'log');
  if (!isObject(log)) throw new InputError('the HAR file has no `log` object (not a HAR 1.2 export)');
  const entries = field(log, 'entries');
  if (!Array.isArray(entries)) throw new InputError('the HAR file has no `log.entries` array');
  const max = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  if (entries.length > max) throw new InputError(`the HAR file has ${entries.length} entries, more than the limit of ${max}`);
  return entries.map((entry, index) => parseEntry(entry, index));
}

/** Decodes a HAR file's bytes: UTF-8 (RFC 8259 §8.1), a BOM allowed; anything else is refused. */
export function decodeHarBytes(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InputError('the HAR file is not UTF-8 text');
  }
}

function parseEntry(entry: unknown, index: number): HarExchange {
  const at = (path: string, problem: string) => new InputError(`HAR entry ${index}: ${path} ${problem}`);
  if (!isObject(entry)) throw at('', 'is not an object');
  const request = field(entry, 'request');
  if (!isObject(request)) throw at('request', 'is missing or not an object');
  const response = field(entry, 'response');
  if (!isObject(response)) throw at('response', 'is missing or not an object');

  const method = field(request, 'method');
  if (typeof method !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/.test(method)) throw at('request.method', 'is not an HTTP method');
  const rawUrl = field(request, 'url');
  if (typeof rawUrl !== 'string') throw at('request.url', 'is not a string');
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw at('request.url', 'is not an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw at('request.url', 'is not an http(s) URL');

  const status = field(response, 'status');
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 0 || status > 999) {
    throw at('response.status', 'is not an HTTP status');
  }

  return {
    index,
    method: method.toUpperCase(),
    url,
    requestHeaders: headersOf(field(request, 'headers'), (p) => at(`request.headers${p}`, 'is not a {name, value} list')),
    requestBody: requestBodyOf(request, at),
    status,
    responseHeaders: headersOf(field(response, 'headers'), (p) => at(`response.headers${p}`, 'is not a {name, value} list')),
    responseBody: responseBodyOf(response, status, at),
  };
}

function headersOf(value: unknown, fault: (path: string) => InputError): HarHeader[] {
  // Optional in practice (some proxies omit it): no headers recorded.
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw fault('');
  return value.map((h, i) => {
    const name = field(h, 'name');
    const v = field(h, 'value');
    if (typeof name !== 'string' || typeof v !== 'string') throw fault(`[${i}]`);
    return { name, value: v };
  });
}

type Fault = (path: string, problem: string) => InputError;

function requestBodyOf(request: object, at: Fault): RecordedBody {
  const bodySize = sizeOf(field(request, 'bodySize'));
  const postData = field(request, 'postData');
  if (postData === undefined) return bodySize > 0 ? { state: 'not-recorded', size: bodySize } : { state: 'absent' };
  if (!isObject(postData)) throw at('request.postData', 'is not an object');
  const text = field(postData, 'text');
  const mimeType = optionalString(field(postData, 'mimeType'), () => at('request.postData.mimeType', 'is not a string'));
  const params = field(postData, 'params');
  if (text === undefined) {
    // A form recorded as its fields (HAR 1.2 `params`): the checks read them; the bytes are not kept.
    if (params !== undefined) {
      const fields = formParamsOf(params, at);
      if (fields.length > 0) return { state: 'form', params: fields, mimeType };
    }
    return bodySize > 0 ? { state: 'not-recorded', size: bodySize } : { state: 'absent' };
  }
  if (typeof text !== 'string') throw at('request.postData.text', 'is not a string');
  const encoding = field(postData, 'encoding');
  const bytes = decodeText(text, encoding, () => at('request.postData', 'has an encoding other than base64'), () =>
    at('request.postData.text', 'is not valid base64'),
  );
  if (bytes.length === 0 && bodySize <= 0) return { state: 'absent' };
  if (bodySize > bytes.length) return { state: 'truncated', size: bodySize, recorded: bytes.length };
  return { state: 'recorded', bytes, mimeType };
}

/** `postData.params`: a list of `{name, value?, fileName?, contentType?}`, every field a string. */
function formParamsOf(value: unknown, at: Fault): HarFormParam[] {
  if (!Array.isArray(value)) throw at('request.postData.params', 'is not a list');
  return value.map((p, i) => {
    const fault = () => at(`request.postData.params[${i}]`, 'is not a {name, value, fileName, contentType} record of strings');
    const name = field(p, 'name');
    if (typeof name !== 'string') throw fault();
    const param: { name: string; value?: string; fileName?: string; contentType?: string } = { name };
    for (const key of ['value', 'fileName', 'contentType'] as const) {
      const v = optionalString(field(p, key), fault);
      if (v !== undefined) param[key] = v;
    }
    return param;
  });
}

function responseBodyOf(response: object, status: number, at: Fault): RecordedBody {
  const content = field(response, 'content');
  if (content === undefined) return status === 0 ? { state: 'absent' } : { state: 'not-recorded', size: -1 };
  if (!isObject(content)) throw at('response.content', 'is not an object');
  // content.size: the decoded (uncompressed) length; bodySize: the bytes on the wire (compressed).
  const size = sizeOf(field(content, 'size'));
  const mimeType = optionalString(field(content, 'mimeType'), () => at('response.content.mimeType', 'is not a string'));
  const text = field(content, 'text');
  if (text === undefined) return size > 0 ? { state: 'not-recorded', size } : { state: 'absent' };
  if (typeof text !== 'string') throw at('response.content.text', 'is not a string');
  const bytes = decodeText(text, field(content, 'encoding'), () => at('response.content', 'has an encoding other than base64'), () =>
    at('response.content.text', 'is not valid base64'),
  );
  if (size > bytes.length) return { state: 'truncated', size, recorded: bytes.length };
  if (bytes.length === 0) return { state: 'absent' };
  return { state: 'recorded', bytes, mimeType };
}

/** `text` as bytes: UTF-8 as written, or base64 (`encoding: "base64"`, binary or non-UTF-8 bodies). */
function decodeText(text: string, encoding: unknown, badEncoding: () => InputError, badBase64: () => InputError): Uint8Array {
  if (encoding === undefined || encoding === '') return encoder.encode(text);
  if (typeof encoding !== 'string' || encoding.toLowerCase() !== 'base64') throw badEncoding();
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) throw badBase64();
  return new Uint8Array(Buffer.from(compact, 'base64'));
}

/** A HAR size: a non-negative integer, or -1 / absent for "unknown" (read as -1). */
function sizeOf(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : -1;
}

function optionalString(value: unknown, fault: () => InputError): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw fault();
  return value;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own field only: a HAR key named `__proto__` or `constructor` is data, never the prototype's. */
function field(value: unknown, name: string): unknown {
  if (!isObject(value) || !Object.hasOwn(value, name)) return undefined;
  return (value as Record<string, unknown>)[name];
}
