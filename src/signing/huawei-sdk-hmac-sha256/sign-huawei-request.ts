import { isHeaderName, lowercaseHeaders } from '../shared/header-map.js';
import { parseRequestTarget } from '../shared/parse-request-url.js';
import { SigningError } from '../shared/signing-error.js';
import { formatAuthorization } from './authorization.js';
import { signedHeaderList } from './canonical-headers.js';
import { huaweiCredentialsProblem } from './check-credentials.js';
import { computeSignature } from './compute-signature.js';
import { HEADER, KEY } from './constants.js';
import { formatSdkDate } from './format-date.js';
import type { HuaweiCredentials, HuaweiSignedRequest, HuaweiSignOptions, HuaweiSigningRequest } from './types.js';

/**
 * Signs a request with SDK-HMAC-SHA256. Every header the caller passes is signed (as the official
 * SDKs do), plus Host, X-Sdk-Date and, for temporary keys, X-Security-Token; so pass only headers
 * that reach the gateway unchanged. Any Authorization or X-Sdk-Date already present is replaced,
 * which makes re-signing on retry safe. The method is signed as given: send it the same way.
 */
export async function signHuaweiRequest(
  request: HuaweiSigningRequest,
  credentials: HuaweiCredentials,
  options: HuaweiSignOptions,
): Promise<HuaweiSignedRequest> {
  checkCredentials(credentials);
  if (!isHeaderName(request.method)) throw new SigningError('method', 'not an HTTP method token');

  const headers = lowercaseHeaders(request.headers);
  headers.delete(KEY.authorization);
  const target = parseRequestTarget(request.url);
  const added: Record<string, string> = {};

  if (!headers.has(KEY.host)) {
    if (target.host === undefined) throw new SigningError('headers.host', 'required when url is a path');
    headers.set(KEY.host, target.host);
    added[HEADER.host] = target.host;
  }

  const now = options.now();
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new SigningError('now', 'did not return a valid Date');
  const sdkDate = formatSdkDate(now);
  headers.set(KEY.sdkDate, sdkDate);
  added[HEADER.sdkDate] = sdkDate;

  if (credentials.securityToken !== undefined) {
    headers.set(KEY.securityToken, credentials.securityToken);
    added[HEADER.securityToken] = credentials.securityToken;
  }

  const signedHeaders = signedHeaderList(headers.keys());
  const steps = await computeSignature({
    method: request.method,
    target,
    headers,
    signedHeaders,
    body: request.body,
    sdkDate,
    sk: credentials.sk,
  });
  added[HEADER.authorization] = formatAuthorization({ ak: credentials.ak, signedHeaders, signature: steps.signature });

  return { headers: added, ...steps, signedHeaders: signedHeaders.join(';') };
}

/** Messages name the field only: these values are credentials. */
function checkCredentials(credentials: HuaweiCredentials): void {
  const problem = huaweiCredentialsProblem(credentials);
  if (problem) throw new SigningError(problem.field, problem.message);
}
