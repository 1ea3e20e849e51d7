import { isHeaderName } from '../shared/header-map.js';
import { SigningError } from '../shared/signing-error.js';
import { acsCredentialsProblem } from './check-credentials.js';
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
