import { SigningError } from './signing-error.js';

/** The parts of a request target that get signed. */
export interface RequestTarget {
  /** As on the wire: percent-encoded, not decoded. */
  pathname: string;
  /** `''` or `?` followed by the raw query. */
  search: string;
  /** From an absolute URL; `undefined` for an origin-form target (the Host header says it). */
  host: string | undefined;
}

/**
 * Reads a request target for signing or verification.
 *
 * An absolute URL (or `URL` object) goes through the WHATWG parser, so the path is what `fetch`
 * will put on the wire (dot segments resolved, spaces and non-ASCII escaped).
 *
 * An origin-form target (`/v1/x?y`, what a server sees in `req.url`) is split as is: the client
 * signed the bytes it sent, and a gateway verifies those bytes, so `/a/./b` must not be
 * normalized to `/a/b`, nor `//a/b` read as host `a` (RFC 9112 §3.2.1).
 */
export function parseRequestTarget(url: string | URL): RequestTarget {
  // A client signs the same URL on every call of an operation: the last parse is kept (frozen,
  // so no caller can change what the next one gets).
  if (typeof url === 'string' && url === lastUrl) return lastTarget!;
  const parsed = tryParseRequestTarget(url);
  // The URL is not echoed: it may carry a token in its query string.
  if (parsed === undefined) throw new SigningError('url', 'not a valid absolute URL or origin-form path');
  if (typeof url === 'string') {
    lastUrl = url;
    lastTarget = Object.freeze(parsed);
  }
  return parsed;
}

let lastUrl: string | undefined;
let lastTarget: Readonly<RequestTarget> | undefined;

/** As `parseRequestTarget`, for verifiers: `undefined` instead of an exception. */
export function tryParseRequestTarget(url: unknown): RequestTarget | undefined {
  if (url instanceof URL) return fromUrl(url);
  if (typeof url !== 'string') return undefined;
  if (isRelativeTarget(url)) {
    // Whitespace and controls cannot appear in a request line (RFC 9112 §3).
    if (/[\x00-\x20\x7f]/.test(url)) return undefined;
    const withoutFragment = url.split('#', 1)[0]!;
    const q = withoutFragment.indexOf('?');
    return q < 0
      ? { pathname: withoutFragment, search: '', host: undefined }
      : { pathname: withoutFragment.slice(0, q), search: withoutFragment.slice(q), host: undefined };
  }
  try {
    return fromUrl(new URL(url));
  } catch {
    return undefined;
  }
}

export function isRelativeTarget(url: unknown): url is string {
  return typeof url === 'string' && url.startsWith('/');
}

function fromUrl(url: URL): RequestTarget {
  return { pathname: url.pathname, search: url.search, host: url.host };
}
