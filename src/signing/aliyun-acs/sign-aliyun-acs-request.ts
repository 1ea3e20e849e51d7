import { lowercaseHeaders } from '../shared/header-map.js';
import { parseRequestTarget } from '../shared/parse-request-url.js';
import { formatAcsAuthorization } from './authorization.js';
import { computeAcsSignature } from './compute-signature.js';
import {
  API_VERSION,
  DEFAULT_ACCEPT,
  DEFAULT_CONTENT_TYPE,
  HEADER_ACCEPT,
  HEADER_ACTION,
  HEADER_AUTHORIZATION,
  HEADER_CONTENT_TYPE,
  HEADER_DATE,
  HEADER_NONCE,
  HEADER_SECURITY_TOKEN,
  HEADER_SIGNATURE_METHOD,
  HEADER_SIGNATURE_VERSION,
  HEADER_VERSION,
  SIGNATURE_METHOD,
  SIGNATURE_VERSION,
} from './constants.js';
import { formatAcsDate } from './format-date.js';
import { acsSigningInputs } from './signing-inputs.js';
import type { AcsCredentials, AcsSignedRequest, AcsSigningRequest, AcsSignOptions } from './types.js';

/**
 * Signs a request with the `acs` HMAC-SHA1 scheme. The request's own `x-acs-*` headers are signed
 * too; the ones this function sets replace any the caller passed, as does an existing
 * Authorization or Date, so re-signing on retry is safe. Accept and Content-Type default to the
 * gateway's JSON values unless the request has its own.
 */
export function signAliyunAcsRequest(
  request: AcsSigningRequest,
  credentials: AcsCredentials,
  options: AcsSignOptions,
): AcsSignedRequest {
  const { nonce, now } = acsSigningInputs(request.method, credentials, options);

  const headers = lowercaseHeaders(request.headers);
  headers.delete(HEADER_AUTHORIZATION);
  const target = parseRequestTarget(request.url);

  const added: Record<string, string> = {
    [HEADER_DATE]: formatAcsDate(now),
    [HEADER_VERSION]: API_VERSION,
    [HEADER_ACTION]: options.action,
    [HEADER_NONCE]: nonce,
    [HEADER_SIGNATURE_METHOD]: SIGNATURE_METHOD,
    [HEADER_SIGNATURE_VERSION]: SIGNATURE_VERSION,
  };
  if (!headers.has(HEADER_ACCEPT)) added[HEADER_ACCEPT] = DEFAULT_ACCEPT;
  if (!headers.has(HEADER_CONTENT_TYPE)) added[HEADER_CONTENT_TYPE] = DEFAULT_CONTENT_TYPE;
  if (credentials.securityToken !== undefined) added[HEADER_SECURITY_TOKEN] = credentials.securityToken;
  for (const [name, value] of Object.entries(added)) headers.set(name, value);

  const { stringToSign, signature } = computeAcsSignature({
    method: request.method,
    target,
    headers,
    accessKeySecret: credentials.accessKeySecret,
  });
  added[HEADER_AUTHORIZATION] = formatAcsAuthorization({ accessKeyId: credentials.accessKeyId, signature });
  return { headers: added, stringToSign, signature };
}
