/**
 * Redaction, after octokit's request-error.js: secrets never reach an error message, a log line,
 * a report or a snapshot. SMH's access token travels in the query string, so URLs are redacted
 * too, not only headers.
 */

export const REDACTED = '[REDACTED]';

/** Header names (lowercase) whose values are secrets. */
const secretHeaders = new Set([
  'authorization',
  'x-auth-token',
  'x-security-token',
  'x-share-token',
  'x-acs-security-token',
  'x-subject-token',
  'cookie',
  'set-cookie',
  'proxy-authorization',
]);

/** Query parameter names (lowercase) whose values are secrets. */
const secretQueryParams = new Set([
  'access_token',
  'accesstoken',
  'library_secret',
  'token',
  'signature',
  'security-token',
  'security_token',
  'x-oss-signature',
  'x-amz-signature',
  'sk',
]);

export function isSecretHeader(name: string): boolean {
  return secretHeaders.has(name.toLowerCase());
}

export function isSecretQueryParam(name: string): boolean {
  return secretQueryParams.has(name.toLowerCase());
}

/**
 * Redacts secret parameter values in URL text (absolute, relative, a bare query, or a log line
 * holding one); leaves everything else byte for byte. Servers and logs do not agree on where a
 * query starts or how it is split, so this does not parse a URL: everything after the first `?`
 * or `#` is read as parameters (a fragment before the query, a second `?`, `;` as separator
 * (HTML4 forms), `&amp;`), a parameter ends at `&`, `;`, `?`, `#`, whitespace, `"`, `<` or `>`,
 * and its name is compared after decoding `+` and `%XX` escapes (repeatedly, so
 * `access%255Ftoken` counts; a malformed escape stays as it is). Every occurrence of a secret name
 * is redacted, also a repeated one.
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  const start = text.search(/[?#]/);
  if (start < 0) return text;
  return (
    text.slice(0, start) +
    text.slice(start).replace(/([?#&;])([^?#&;=\s"<>]*)=([^?#&;\s"<>]*)/g, (whole, lead: string, name: string) =>
      isSecretQueryParam(decodeName(name)) ? `${lead}${name}=${REDACTED}` : whole,
    )
  );
}

/**
 * `+` as space, then `%XX` escapes of ASCII, until nothing changes (each round shortens the text,
 * so this ends). Secret names are ASCII: other escapes, and malformed ones, stay as they are.
 */
function decodeName(name: string): string {
  let current = name;
  for (;;) {
    const next = current.replace(/\+/g, ' ').replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    if (next === current) return current.trim();
    current = next;
  }
}

/** A plain-object copy of headers with secret values replaced. */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const entries = headers instanceof Headers ? headers.entries() : Object.entries(headers);
  for (const [name, value] of entries) out[name] = isSecretHeader(name) ? REDACTED : value;
  return out;
}

/**
 * Removes every occurrence of the given secret strings from free text (a last line of defence for
 * messages that embed upstream text, such as a provider error message echoing a token), in the
 * forms a server or a validator writes them: as is, percent-encoded (either case of hex), and
 * JSON-pointer-escaped (`~1` for `/`: a map key in a validation issue's path).
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), secret.replace(/~/g, '~0').replace(/\//g, '~1')])) {
      const pattern = escapeRegExp(form).replace(/%([0-9A-F]{2})/g, (_, hex: string) => `%(?:${hex}|${hex.toLowerCase()})`);
      out = out.replace(new RegExp(pattern, 'g'), REDACTED);
    }
  }
  return out;
}

/** A copy of a JSON value with every secret removed from every string in it (keys included). */
export function redactJson(value: unknown, secrets: Iterable<string | undefined>): unknown {
  const list = [...secrets];
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecrets(v, list);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.entries(v).map(([k, child]) => [redactSecrets(k, list), walk(child)]));
    }
    return v;
  };
  return walk(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A copy of a thrown value that is safe to keep as an error's `cause`: fetch's errors carry the
 * URL (SMH's token) or what a server echoed in their messages, stacks and nested causes. Keeps
 * the prototype (a `TypeError` stays one) and primitive own fields such as `code` and `name`;
 * every string is scrubbed; a thrown value that is no Error is scrubbed like JSON. Nested causes are copied up to a few levels deep.
 */
export function redactError(error: unknown, secrets: Iterable<string | undefined>, depth = 0): unknown {
  const list = [...secrets];
  if (!(error instanceof Error)) return redactJson(error, list);
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  // Like the originals: not enumerable, so JSON.stringify and inspect show them as they would.
  const hidden = (name: string, value: unknown) => Object.defineProperty(copy, name, { value, writable: true });
  hidden('message', redactSecrets(error.message, list));
  hidden('stack', error.stack === undefined ? undefined : redactSecrets(error.stack, list));
  // An own `name` (a class field, an assignment) is enumerable and copied with the fields below.
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string') (copy as unknown as Record<string, unknown>)[key] = redactSecrets(value, list);
    else if (typeof value === 'number' || typeof value === 'boolean') (copy as unknown as Record<string, unknown>)[key] = value;
  }
  if (error.cause !== undefined && depth < 3) hidden('cause', redactError(error.cause, list, depth + 1));
  return copy;
}
