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
  // Storage services' temporary-credential tokens (SMH hands out COS's in an upload's `headers`).
  'x-cos-security-token',
  'x-obs-security-token',
  'x-oss-security-token',
  'x-amz-security-token',
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
  // COS query-string signing (q-signature) and S3 session tokens in presigned URLs.
  'q-signature',
  'x-amz-security-token',
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
 * (HTML4 forms), `&amp;`). A parameter's name starts after `?`, `#`, `&` or `;` and is compared
 * after decoding `+` and `%XX` escapes (repeatedly, so `access%255Ftoken` counts; a malformed
 * escape stays as it is). Every occurrence of a secret name is redacted, also a repeated one.
 *
 * A value runs to the next `&`, `;` or `#`, or to whitespace (a request target holds none, so in
 * a log line whitespace ends the URL), whatever it holds: a server reads `"`, `<`, `>`, `?` and
 * `=` as part of the value, so the redaction must too. When the URL is quoted or bracketed in
 * the text (`"…?access_token=t"`, `<…?access_token=t>`), the closing quote or bracket is redacted
 * along with the value: over-redacting a log line is preferred to leaking a token.
 *
 * A value that holds a secret parameter itself (a URL nested in another parameter, such as
 * `next=%2Fb%3Faccess_token%3Dt`, or `a=1?access_token=t`) is redacted whole; it is looked for
 * in the value as written and after each of up to {@link MAX_VALUE_DECODINGS} rounds of decoding.
 */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  const start = text.search(/[?#]/);
  if (start < 0) return text;
  return (
    text.slice(0, start) +
    text.slice(start).replace(/([?#&;])([^?#&;=\s"<>]*)=([^#&;\s]*)/g, (whole, lead: string, name: string, value: string) =>
      isSecretQueryParam(decodeName(name)) || holdsSecretParam(value) ? `${lead}${name}=${REDACTED}` : whole,
    )
  );
}

/** How many rounds of percent-decoding a value gets when looking for a nested secret parameter. */
export const MAX_VALUE_DECODINGS = 8;

/**
 * Whether a parameter's value holds a secret parameter (`…?access_token=…`), as written or after
 * up to {@link MAX_VALUE_DECODINGS} rounds of decoding. A value still decoding after them counts
 * as holding one: it is redacted rather than searched further.
 */
function holdsSecretParam(value: string): boolean {
  let current = value;
  for (let round = 0; ; round++) {
    for (const match of current.matchAll(/(?:^|[?#&;\s])([^?#&;=\s]*)=/g)) {
      if (isSecretQueryParam(decodeName(match[1]!))) return true;
    }
    const next = decodeOnce(current);
    if (next === current) return false;
    if (round === MAX_VALUE_DECODINGS) return true;
    current = next;
  }
}

/** One round: `+` as space, `%XX` escapes of ASCII (secret names and separators are ASCII; others stay). */
function decodeOnce(text: string): string {
  return text.replace(/\+/g, ' ').replace(/%([0-7][0-9a-f])/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * {@link decodeOnce} until nothing changes (each round shortens the text, so this ends), trimmed.
 * Malformed escapes stay as they are.
 */
function decodeName(name: string): string {
  let current = name;
  for (;;) {
    const next = decodeOnce(current);
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
