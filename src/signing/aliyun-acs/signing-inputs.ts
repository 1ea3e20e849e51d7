import { isHeaderName } from '../shared/header-map.js';
import { SigningError } from '../shared/signing-error.js';
import { acsCredentialsProblem } from './check-credentials.js';
import {
  API_VERSION,
  DEFAULT_ACCEPT,
  DEFAULT_CONTENT_TYPE,
  HEADER_ACCEPT,
  HEADER_ACTION,
  HEADER_CONTENT_TYPE,
  HEADER_DATE,
  HEADER_NONCE,
  HEADER_SECURITY_TOKEN,
  HEADER_VERSION,
} from './constants.js';
import { formatAcsDate } from './format-date.js';
import type { AcsCredentials } from './types.js';

/**
 * The checks both PDS AccessKey schemes (`acs` and ACS4-HMAC-SHA256) make before signing, and the
 * attempt's nonce and date they read once. Messages name the field only: credentials are secrets.
 */
export function acsSigningInputs(
  method: string,
  credentials: AcsCredentials,
  options: { action: string; nonce: () => string; now: () => Date },
): { nonce: string; now: Date } {
  const problem = acsCredentialsProblem(credentials);
  if (problem) throw new SigningError(problem.field, problem.message);
  if (!isHeaderName(method)) throw new SigningError('method', 'not an HTTP method token');
  if (typeof options.action !== 'string' || !/^[A-Za-z0-9]+$/.test(options.action)) {
    throw new SigningError('action', 'must be an operation name (letters and digits)');
  }
  const nonce = options.nonce();
  if (typeof nonce !== 'string' || !/^[!-~]+$/.test(nonce)) {
    throw new SigningError('nonce', 'must return non-empty printable ASCII without spaces');
  }
  const now = options.now();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new SigningError('now', 'did not return a valid Date');
  return { nonce, now };
}

/**
 * Sets the headers both schemes send (Date, API version, action, nonce, the security token, and
 * Accept/Content-Type unless the request has its own) plus the scheme's own, replacing any the
 * caller passed; returns what it set.
 *
 * `date: false` (ACS4 only, from a runtime that cannot send Date: a page) sets no Date and
 * removes the caller's, so the canonical Date line is the empty one the gateway's
 * `build_canonicalized_headers` writes for a request without Date, and what is signed is what
 * arrives. `acs` cannot do without: its only time is Date (the PDS client refuses it there).
 * Unverified against the real service: every official gateway (alibabacloud-gateway-pds, in
 * each language, the TypeScript one included) always sets Date, and the official browser SDK
 * (aliyun-pds-js-sdk) signs nothing (it uses access tokens), so no official client has sent ACS4
 * without Date. What is known: ACS4's scope date and skew window come from x-acs-date, and the
 * gateway's canonical form admits an absent Date; the emulator holds a page to exactly that rule.
 */
export function setAcsHeaders(
  headers: Map<string, string>,
  inputs: { now: Date; nonce: string; action: string; securityToken?: string | undefined; date?: boolean },
  schemeHeaders: Record<string, string>,
): Record<string, string> {
  // Plain assignments in a fixed order, not spreads of computed keys: this runs on every
  // attempt, and the key order is the order the headers are set in (bench/client.ts).
  const added: Record<string, string> = {};
  if (inputs.date ?? true) added[HEADER_DATE] = formatAcsDate(inputs.now);
  else headers.delete(HEADER_DATE);
  added[HEADER_VERSION] = API_VERSION;
  added[HEADER_ACTION] = inputs.action;
  added[HEADER_NONCE] = inputs.nonce;
  for (const name in schemeHeaders) added[name] = schemeHeaders[name]!;
  if (!headers.has(HEADER_ACCEPT)) added[HEADER_ACCEPT] = DEFAULT_ACCEPT;
  if (!headers.has(HEADER_CONTENT_TYPE)) added[HEADER_CONTENT_TYPE] = DEFAULT_CONTENT_TYPE;
  if (inputs.securityToken !== undefined) added[HEADER_SECURITY_TOKEN] = inputs.securityToken;
  for (const name in added) headers.set(name, added[name]!);
  return added;
}
