import { SigningError } from './signing-error.js';

/** Origin used to parse origin-form targets (`/v1/x?y`, what a server sees). */
const RELATIVE_BASE = 'http://relative.invalid';

/**
 * The URL of a request being signed or verified. An origin-form target is prefixed rather than
 * resolved, so `//a/b` stays the path `//a/b` instead of becoming host `a` (RFC 9112 §3.2.1).
 * The host that gets signed comes from the Host header in that case, never from this URL.
 */
export function parseRequestUrl(url: string | URL): URL {
  const parsed = tryParseRequestUrl(url);
  // The URL is not echoed: it may carry a token in its query string.
  if (parsed === undefined) throw new SigningError('url', 'not a valid absolute URL or origin-form path');
  return parsed;
}

/** As `parseRequestUrl`, for verifiers: `undefined` instead of an exception. */
export function tryParseRequestUrl(url: unknown): URL | undefined {
  if (url instanceof URL) return url;
  if (typeof url !== 'string') return undefined;
  try {
    return url.startsWith('/') ? new URL(RELATIVE_BASE + url) : new URL(url);
  } catch {
    return undefined;
  }
}

export function isRelativeTarget(url: string | URL): boolean {
  return typeof url === 'string' && url.startsWith('/');
}
