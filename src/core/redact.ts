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

/** Redacts secret query values in an absolute or relative URL; leaves everything else byte for byte. */
export function redactUrl(url: string | URL): string {
  const text = String(url);
  const q = text.indexOf('?');
  if (q < 0) return text;
  const hashAt = text.indexOf('#', q);
  const query = text.slice(q + 1, hashAt < 0 ? undefined : hashAt);
  const redacted = query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, eq));
      } catch {
        name = pair.slice(0, eq);
      }
      return isSecretQueryParam(name) ? `${pair.slice(0, eq)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${text.slice(0, q)}?${redacted}${hashAt < 0 ? '' : text.slice(hashAt)}`;
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
 * messages that embed upstream text, such as a provider error message echoing a token).
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue;
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
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
