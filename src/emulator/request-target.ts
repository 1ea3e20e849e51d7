/**
 * The request target as the emulator routes it: the raw (still percent-encoded) path, split into
 * segments, and the raw query. Ids are decoded one segment at a time, so an encoded `/` stays
 * inside its segment and is then refused by the spec's `ResourceId` pattern.
 */

export interface RequestTarget {
  /** Raw path, percent-encoding kept. */
  path: string;
  /** Raw query without `?`, `''` when absent. */
  query: string;
}

/** Origin-form (`/a/b?c`) or absolute-form (`http://h/a/b?c`, RFC 9112 §3.2.2); anything else is refused. */
export function parseRequestTarget(target: string): RequestTarget | undefined {
  let rest = target;
  if (!rest.startsWith('/')) {
    const m = /^https?:\/\/[^/?#]*(\/[^#]*)?$/i.exec(rest);
    if (!m) return undefined;
    rest = m[1] ?? '/';
  }
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  return q < 0 ? { path: rest, query: '' } : { path: rest.slice(0, q), query: rest.slice(q + 1) };
}

/** `decodeURIComponent` without the exception. */
export function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

/**
 * An identifier that can be used as a key and in a path: 1 to 1,024 characters (code points, as
 * JSON Schema's maxLength counts them), not `.` alone (a dot segment, which a URL parser removes),
 * no `/` or `\`, no `..`, no NUL or other control characters (checked after decoding, so
 * `%2e` and `%2e%2e%2f` are caught). The same rules as every spec's
 * `ResourceId` schema, which is what requests are judged by; this copy checks seeded ids, and a
 * test keeps the two equal (test/emulator/bad-input.test.ts).
 */
export function isSafeId(id: string): boolean {
  const length = codePoints(id);
  return length > 0 && length <= 1024 && id !== '.' && !/[/\\\u0000-\u001f\u007f]/.test(id) && !id.includes('..');
}

/** Why an id is refused, for the error message (never echoes the id itself). */
export function unsafeIdReason(id: string): string {
  if (id.length === 0) return 'is empty';
  if (codePoints(id) > 1024) return 'is longer than 1024 characters';
  if (id === '.') return 'is "."';
  if (/[/\\]/.test(id)) return 'contains a path separator';
  if (id.includes('..')) return 'contains ".."';
  return 'contains a control character';
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}
