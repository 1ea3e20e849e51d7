import { fromHeaderBytes } from '../../core/header-bytes.js';
import { SigningError } from './signing-error.js';

/** Header values as a server hands them over (Node's IncomingHttpHeaders fits). */
export type IncomingHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * Lowercase-keyed copy of caller headers for signing. Two spellings of one name would reach the
 * wire as two field lines whose combined value nobody can predict, so that is refused.
 */
export function lowercaseHeaders(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (!isHeaderName(lower)) throw new SigningError('headers', 'a header name is not an HTTP token');
    if (typeof value !== 'string') throw new SigningError(`headers.${lower}`, 'the value is not a string');
    if (/[\r\n\0]/.test(value)) throw new SigningError(`headers.${lower}`, 'the value contains CR, LF or NUL');
    if (out.has(lower)) throw new SigningError(`headers.${lower}`, 'given twice with different letter case');
    out.set(lower, value);
  }
  return out;
}

/**
 * Lowercase-keyed view of headers received by a server, for verification: never throws.
 * Values are Node's latin1 view of the octets received; each is read as the text it was signed
 * as (`fromHeaderBytes`: UTF-8 when the octets are UTF-8, else the latin1 characters), so
 * `X-App-UserId: usér-ü` verifies whether it arrived as UTF-8 (drivespec) or as latin1 octets
 * (the official Huawei Node SDK). Repeated fields are combined with `, ` as RFC 9110 §5.3
 * allows; anything that is not a string (or list of strings) is dropped, so it can only make
 * verification fail.
 */
export function incomingHeaderMap(headers: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (headers === null || typeof headers !== 'object') return out;
  for (const [name, value] of Object.entries(headers as Record<string, unknown>)) {
    const lower = name.toLowerCase();
    let text: string | undefined;
    if (typeof value === 'string') text = fromHeaderBytes(value);
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) text = value.map(fromHeaderBytes).join(', ');
    if (text === undefined) continue;
    const previous = out.get(lower);
    out.set(lower, previous === undefined ? text : `${previous}, ${text}`);
  }
  return out;
}

/** RFC 9110 §5.6.2 token. */
export function isHeaderName(name: string): boolean {
  return /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name);
}

/** Strips optional whitespace (SP / HTAB) the way an HTTP parser does (RFC 9110 §5.5). */
export function trimOws(value: string): string {
  // Most values have nothing to strip: checked by character before running the expression.
  if (value === '' || (!isOws(value.charCodeAt(0)) && !isOws(value.charCodeAt(value.length - 1)))) return value;
  return value.replace(/^[ \t]+|[ \t]+$/g, '');
}

/** SP or HTAB. */
function isOws(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * The headers of a request about to be sent, as the text to sign: `Headers` holds byte strings
 * (UTF-8 octets for non-ASCII values, see core/header-bytes.ts), and the signature covers the
 * text those octets encode, as the official SDKs sign the UTF-8 text.
 */
export function outgoingHeaderText(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => {
    out[name] = fromHeaderBytes(value);
  });
  return out;
}
