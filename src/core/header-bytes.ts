/**
 * Header values cross `fetch` and Node's HTTP server as "byte strings" (WHATWG Fetch
 * §2.2.2, Node's latin1 view): one character per octet, U+0000–U+00FF. Non-ASCII text is sent
 * as its UTF-8 bytes (RFC 9110 §5.5 leaves field octets opaque; UTF-8 is what the providers'
 * Go SDKs put on the wire), so a value above U+00FF does not throw a raw
 * `TypeError: Cannot convert argument to a ByteString`, and é travels as C3 A9, not E9.
 */

import type { Client } from 'openapi-fetch';
import { ConfigurationError, RequestValidationError } from './errors.js';

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text -> its UTF-8 bytes as a byte string (what `Headers` sends octet for octet). */
export function toHeaderBytes(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const byte of utf8.encode(text)) out += String.fromCharCode(byte);
  return out;
}

/**
 * A byte string -> the text a signature covers: its bytes read as UTF-8 when they are valid
 * UTF-8, else the byte string as it is (each octet its latin1 character). The fallback is what the
 * official Huawei Node SDK needs: axios writes `usér-ü` as latin1 octets (E9, FC) while the SDK
 * signs the UTF-8 text, which is the latin1 reading of those octets. A value with characters
 * above U+00FF is text already and is returned unchanged.
 */
export function fromHeaderBytes(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return value;
  }
}

/**
 * Why a header value cannot be sent, or `undefined`: a C0 control character other than HTAB, or
 * DEL (`Headers` throws a TypeError on NUL, CR and LF, quoting the value; RFC 9110 §5.5 allows
 * none of them), or a lone surrogate (UTF-8 has no bytes for it; TextEncoder would send U+FFFD).
 */
export function headerValueProblem(value: string): string | undefined {
  if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) return 'contains a control character (NUL, CR, LF or another), which no HTTP header can carry';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(value)) {
    return 'contains a lone UTF-16 surrogate, which has no UTF-8 bytes';
  }
  return undefined;
}

/**
 * A credential sent in a header or the query (bearer, share and IAM tokens, KooDrive's user id):
 * visible ASCII, U+0021–U+007E. Bearer tokens are `b64token` (RFC 6750 §2.1) and the providers'
 * tokens and ids are ASCII; a control character, a space (fetch trims it at the ends) or a
 * non-ASCII character is a pasting mistake that would either throw at every call (with the
 * token in the TypeError) or be sent altered. Refused here, naming the option, never the value.
 */
export function requireToken(option: string, value: unknown): string {
  // The same answer as `requireString` for a missing or blank value.
  if (typeof value !== 'string' || value.trim() === '') throw new ConfigurationError(option, 'must be a non-empty string');
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new ConfigurationError(option, 'must be visible ASCII (no spaces, control or non-ASCII characters): it is sent in an HTTP request as it is');
  }
  return value;
}

/**
 * The string values of a parameter group's headers as UTF-8 byte strings (other values as they
 * are); a value no header can carry is a RequestValidationError before anything is sent.
 */
export function headerParamsAsBytes<T>(params: T, operationId: string): T {
  const header = (params as { header?: unknown } | undefined)?.header;
  if (header === null || typeof header !== 'object') return params;
  let any = false;
  for (const _ in header) {
    any = true;
    break;
  }
  if (!any) return params;
  const encoded = Object.fromEntries(
    Object.entries(header as Record<string, unknown>).map(([name, value]) => [name, headerValueAsBytes(operationId, 'header', name, value)]),
  );
  return { ...params, header: encoded };
}

function headerValueAsBytes(operationId: string, group: string, name: string, value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => headerValueAsBytes(operationId, group, name, item));
  if (typeof value !== 'string') return value;
  const problem = headerValueProblem(value);
  if (problem) throw new RequestValidationError(operationId, 'parameters', [{ path: `/${group}/${name}`, message: problem, keyword: 'header' }]);
  return toHeaderBytes(value);
}

/** `init.headers` of a raw call (a record, a list of pairs or a `Headers`) with its values as UTF-8 byte strings. */
function headersOptionAsBytes(operationId: string, headers: unknown): unknown {
  if (headers === null || typeof headers !== 'object' || headers instanceof Headers) return headers; // a Headers holds byte strings already
  if (Array.isArray(headers)) {
    // openapi-fetch reads `headers` with Object.entries, which turns a list of pairs into headers
    // named 0, 1, ...: given as a record of arrays, each value is appended under its own name.
    const grouped: Record<string, unknown[]> = {};
    for (const [name, value] of headers as Array<[unknown, unknown]>) {
      (grouped[String(name)] ??= []).push(headerValueAsBytes(operationId, 'headers', String(name), value));
    }
    return grouped;
  }
  return Object.fromEntries(
    Object.entries(headers as Record<string, unknown>).map(([name, value]) => [name, headerValueAsBytes(operationId, 'headers', name, value)]),
  );
}

const RAW_METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/**
 * The path-based client with the typed path's header handling (issue 9, review D3): openapi-fetch
 * builds its `Request`, and throws on a value `Headers` refuses, before drivespec's `fetch` sees
 * it, so `params.header` and `headers` are checked and encoded in the init, before delegating.
 * `nameOf(method, path)` names the call in a RequestValidationError.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the same Client type it is given
export function rawClientWithHeaderBytes<C extends Client<any>>(client: C, nameOf: (method: string, path: string) => string): C {
  const prepare = (method: string, path: unknown, init: unknown): unknown => {
    if (init == null) return init;
    const operationId = nameOf(method.toUpperCase(), String(path));
    const { params, headers } = init as { params?: unknown; headers?: unknown };
    return { ...init, params: headerParamsAsBytes(params, operationId), headers: headersOptionAsBytes(operationId, headers) };
  };
  const wrapped: Record<string, unknown> = { ...(client as object) };
  const methods = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  for (const method of RAW_METHODS) {
    // async: a refused value rejects the returned promise, as every other failure of a call does.
    wrapped[method] = async (path: unknown, init?: unknown) => methods[method]!(path, prepare(method, path, init));
  }
  wrapped.request = async (method: string, path: unknown, init?: unknown) => methods.request!(method, path, prepare(String(method), path, init));
  return wrapped as C;
}
