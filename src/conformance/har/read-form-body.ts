/**
 * A recorded form body (`application/x-www-form-urlencoded` or `multipart/form-data`) as the
 * object its fields make, for the request-body validator: HAR 1.2 keeps a form as `params`
 * (name, value, fileName, contentType) or as the raw `text`; the raw text is read by the
 * platform's own parsers (URLSearchParams, the Fetch API's multipart reader), not by ours.
 * A name given more than once is a list, as form serialization writes an array (OpenAPI 3.1
 * §4.8.14.4, `explode: true`). A file part whose content the recorder left out is reported, so
 * the check says it could not read it instead of passing a placeholder.
 */
import type { HarFormParam, HarHeader, RecordedBody } from './parse-har.js';

export const FORM_MEDIA_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'] as const;
export type FormMediaType = (typeof FORM_MEDIA_TYPES)[number];

export type FormBody =
  | { readonly kind: 'form'; readonly mediaType: FormMediaType; readonly value: Record<string, unknown>; readonly unrecordedFiles: readonly string[] }
  | { readonly kind: 'unreadable'; readonly why: string };

/** `multipart/form-data; boundary=x` → `multipart/form-data` (RFC 9110 §8.3.1: case-insensitive). */
export function mediaTypeEssence(mimeType: string | undefined): string | undefined {
  const essence = mimeType?.split(';', 1)[0]?.trim().toLowerCase();
  return essence ? essence : undefined;
}

export function isFormMediaType(essence: string | undefined): essence is FormMediaType {
  return (FORM_MEDIA_TYPES as readonly string[]).includes(essence ?? '');
}

/** The body's media type: the recorder's `mimeType`, else the request's Content-Type. */
export function recordedMimeType(body: RecordedBody, headers: readonly HarHeader[]): string | undefined {
  const own = body.state === 'recorded' || body.state === 'form' ? body.mimeType : undefined;
  if (own !== undefined && own.trim() !== '') return own;
  const header = headers.find((h) => h.name.toLowerCase() === 'content-type');
  return header?.value;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The form of a request body, or `undefined` when the body is no form (JSON and the rest are read elsewhere). */
export async function readFormBody(body: RecordedBody, headers: readonly HarHeader[]): Promise<FormBody | undefined> {
  const mimeType = recordedMimeType(body, headers);
  const essence = mediaTypeEssence(mimeType);
  if (body.state === 'form') {
    // Fields without a form media type: still a form (HAR `params` only exist for forms).
    const mediaType: FormMediaType = isFormMediaType(essence) ? essence : body.params.some((p) => p.fileName !== undefined) ? 'multipart/form-data' : 'application/x-www-form-urlencoded';
    return fromParams(mediaType, body.params);
  }
  if (body.state !== 'recorded' || !isFormMediaType(essence)) return undefined;
  if (essence === 'application/x-www-form-urlencoded') {
    let text: string;
    try {
      text = strictUtf8.decode(body.bytes);
    } catch {
      return { kind: 'unreadable', why: 'the request body is not UTF-8 text' };
    }
    return fromParams(essence, [...new URLSearchParams(text)].map(([name, value]) => ({ name, value })));
  }
  let form: FormData;
  try {
    form = await new Response(new Blob([body.bytes as Uint8Array<ArrayBuffer>]), { headers: { 'content-type': mimeType! } }).formData();
  } catch {
    // The parser's message may quote the body: it says only that the body is no such form.
    return { kind: 'unreadable', why: 'the request body is not valid multipart/form-data (or its boundary is missing)' };
  }
  const params: HarFormParam[] = [];
  for (const [name, value] of form) {
    if (typeof value === 'string') params.push({ name, value });
    else params.push({ name, fileName: value.name, contentType: value.type, value: await value.text() });
  }
  return fromParams(essence, params);
}

function fromParams(mediaType: FormMediaType, params: readonly HarFormParam[]): FormBody {
  const value: Record<string, unknown> = {};
  const unrecordedFiles: string[] = [];
  for (const p of params) {
    if (p.value === undefined && p.fileName !== undefined) unrecordedFiles.push(p.name);
    // A plain field recorded without a value is the empty field (`name=`).
    const v = p.value ?? '';
    const previous = Object.hasOwn(value, p.name) ? value[p.name] : undefined;
    const next = previous === undefined ? v : Array.isArray(previous) ? [...previous, v] : [previous, v];
    // A field named `__proto__` is data, never the prototype.
    Object.defineProperty(value, p.name, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return { kind: 'form', mediaType, value, unrecordedFiles: [...new Set(unrecordedFiles)] };
}
