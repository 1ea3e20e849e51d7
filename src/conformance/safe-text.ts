/**
 * Keeps secrets out of every report line (ARCHITECTURE.md, Errors): credential values are shown
 * as the `{placeholder}` the docs use for them, and whatever else looks secret is redacted.
 */
import { REDACTED, isSecretHeader, redactSecrets, redactUrl } from '../core/redact.js';

/** Placeholder name → the credential value it stands for (`accessToken` → the token). */
export type CredentialLabels = Readonly<Record<string, string>>;

/** Values shorter than this are identifiers at most (`bj1`); replacing them would garble text. */
const MIN_SECRET_LENGTH = 4;

/** Replaces each credential value (raw or percent-encoded) with its `{placeholder}`, longest first. */
export function placeholderize(text: string, labels: CredentialLabels): string {
  const entries = Object.entries(labels)
    .filter(([, value]) => value.length >= MIN_SECRET_LENGTH)
    .sort(([, a], [, b]) => b.length - a.length);
  let out = text;
  for (const [label, value] of entries) {
    out = out.split(value).join(`{${label}}`);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) out = out.split(encoded).join(`{${label}}`);
  }
  return out;
}

/** A run of token-like characters long enough to be a token, a signature or a key. */
const TOKEN_LIKE = /[A-Za-z0-9+/=_.:~-]{12,}/;

/**
 * A header value fit for a report: credentials as placeholders; a secret header whose value still
 * holds something token-like (a signature, an unknown token) is redacted whole.
 */
export function safeHeaderValue(name: string, value: string, labels: CredentialLabels): string {
  const shown = placeholderize(value, labels);
  if (!isSecretHeader(name)) return shown;
  return TOKEN_LIKE.test(shown.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, '')) ? REDACTED : shown;
}

const PLACEHOLDER_VALUE = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/**
 * A URL (or path and query) fit for a report: credentials as placeholders
 * (`access_token={accessToken}`), any other value of a secret query parameter redacted.
 */
export function safeUrl(url: string, labels: CredentialLabels): string {
  const text = placeholderize(url, labels);
  const q = text.indexOf('?');
  if (q < 0) return text;
  const query = text
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0 || PLACEHOLDER_VALUE.test(pair.slice(eq + 1))) return pair;
      return redactUrl(`?${pair}`).slice(1);
    })
    .join('&');
  return `${text.slice(0, q)}?${query}`;
}

/** The last line of defence for free text (provider messages, error messages). */
export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  return redactSecrets(text, secrets);
}
