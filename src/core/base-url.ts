/**
 * The one rule for a base URL given by a user (client `baseUrl`, conformance `baseUrl`, the CLI's
 * `--base-url`): an absolute http(s) URL with no query, fragment or user info.
 *
 * A query or user info is refused rather than stripped because it is where credentials end up
 * (SMH's `access_token`, `user:password@`): accepted, they would be sent to every operation and
 * printed in reports and logs. Credentials travel in their own option.
 */
import { ConfigurationError } from './errors.js';

/** Why a base URL is refused, worded to follow the option's name. */
export type BaseUrlProblem =
  | 'is not an absolute URL'
  | 'must be an http or https URL'
  | 'must not carry a query, fragment or user info';

/** The reason `value` is not a usable base URL, or `undefined` when it is one. */
export function baseUrlProblem(value: string): BaseUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be an http or https URL';
  // The text, not `url.search`/`url.hash`: those are empty for `https://x/?` and `https://x/#`,
  // and in an http(s) URL a literal `?` or `#` can only start a query or a fragment.
  if (url.username || url.password || /[?#]/.test(value)) {
    return 'must not carry a query, fragment or user info';
  }
  return undefined;
}

/**
 * `value` parsed, or a ConfigurationError naming `option` (`baseUrl: must be an http or https
 * URL`). The message never repeats the value: it may hold a credential.
 */
export function checkBaseUrl(value: string, option: string): URL {
  if (typeof value !== 'string') throw new ConfigurationError(option, 'is not an absolute URL');
  const problem = baseUrlProblem(value);
  if (problem !== undefined) throw new ConfigurationError(option, problem);
  return new URL(value);
}
