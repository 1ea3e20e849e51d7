/**
 * Keeps secrets out of every report line (ARCHITECTURE.md, Errors): credential values are shown
 * as the `{placeholder}` the docs use for them, and whatever else looks secret is redacted.
 */
import { REDACTED, isSecretHeader, isSecretQueryParam, redactSecrets, redactUrl } from '../core/redact.js';

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

/** Names whose values are secret wherever they show up: secret headers and query parameters, `*signature*`, `*secret*`, `*password*`. */
function isSecretName(name: string): boolean {
  return isSecretHeader(name) || isSecretQueryParam(name) || /signature|secret|password|token/i.test(name);
}

/** Whether a value, once its `{placeholders}` are taken out, still holds something token-like. */
function holdsToken(value: string): boolean {
  return TOKEN_LIKE.test(value.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, ''));
}

/** `name:`, `"name":`, `name=`, also JSON-escaped once (`\"name\":`). */
const NAME_AND_SEPARATOR = /(?<![A-Za-z0-9_.-])([A-Za-z][A-Za-z0-9_.-]*)(\\?["']?\s*[:=]\s*)/g;

/**
 * The value after a separator: quoted (also JSON-escaped once), or an optional auth scheme word and
 * one token (`acs id:sig`, `Bearer t`, `SDK-HMAC-SHA256 Access=...`).
 */
const VALUE = /\\"(?:(?!\\")[^\r\n])*\\"|"(?:[^"\\\r\n]|\\.)*"|'[^'\r\n]*'|(?:[A-Za-z][A-Za-z0-9-]* +)?[^\s"',;&<>\\]+/y;

/** Replaces the value of every secret-named `name: value` that still holds something token-like. */
function redactNamedValues(text: string): string {
  let out = '';
  let from = 0;
  NAME_AND_SEPARATOR.lastIndex = 0;
  for (let m = NAME_AND_SEPARATOR.exec(text); m; m = NAME_AND_SEPARATOR.exec(text)) {
    const valueAt = m.index + m[0].length;
    if (!isSecretName(m[1]!)) {
      // Only the name is consumed: the value may itself hold a `token=...`.
      NAME_AND_SEPARATOR.lastIndex = m.index + m[1]!.length;
      continue;
    }
    VALUE.lastIndex = valueAt;
    const value = VALUE.exec(text)?.[0];
    if (value === undefined || !holdsToken(value)) {
      NAME_AND_SEPARATOR.lastIndex = valueAt;
      continue;
    }
    const quote = /^\\?["']/.exec(value)?.[0] ?? '';
    out += `${text.slice(from, valueAt)}${quote}${REDACTED}${quote}`;
    from = valueAt + value.length;
    NAME_AND_SEPARATOR.lastIndex = from;
  }
  return out + text.slice(from);
}

/**
 * The XML elements in which storage services echo a refused request's signature and the string it
 * was computed over (OSS/OBS/S3 `SignatureDoesNotMatch`: `<SignatureProvided>`, `<StringToSign>`,
 * `<StringToSignBytes>`, `<CanonicalRequest>`, `<AWSAccessKeyId>`/`<OSSAccessKeyId>`): their whole
 * content goes, token-like or not (a string to sign holds the request's credentials).
 */
const ECHO_ELEMENTS =
  /<(SignatureProvided|StringToSign|StringToSignBytes|CanonicalRequest|CanonicalRequestBytes|AWSAccessKeyId|OSSAccessKeyId|AccessKeyId)>[^<]*<\/\1>/gi;

/** Auth header values quoted without their header name: `acs id:sig`, `Bearer t`, `Basic b64`. */
const SCHEME_VALUE = /\b(acs|Bearer|Basic|Token)( +|\+)([^\s"',;&<>\\]+)/gi;

/**
 * Upstream text fit for a report (a provider's error code or message, a response body, an error
 * message quoting a request): the same scrubbing as wire values. A server may echo the request
 * back, so a signature (derived from the secret, valid until it expires) can appear anywhere:
 * credentials become their `{placeholder}`, other secrets are removed, and the value of every
 * secret-named header or parameter, and every auth scheme value, that still holds something
 * token-like is replaced with [REDACTED].
 */
export function scrubReportText(text: string, labels: CredentialLabels, secrets: Iterable<string>): string {
  let out = scrubSecrets(placeholderize(text, labels), secrets);
  out = out.replace(ECHO_ELEMENTS, (_, name: string) => `<${name}>${REDACTED}</${name}>`);
  out = redactNamedValues(out);
  out = out.replace(SCHEME_VALUE, (whole, scheme: string, gap: string, value: string) =>
    holdsToken(value) ? `${scheme}${gap}${REDACTED}` : whole,
  );
  return out;
}
