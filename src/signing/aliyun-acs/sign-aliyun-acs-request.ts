import { lowercaseHeaders } from '../shared/header-map.js';
import { parseRequestTarget } from '../shared/parse-request-url.js';
import { formatAcsAuthorization } from './authorization.js';
import { computeAcsSignature } from './compute-signature.js';
import {
  HEADER_AUTHORIZATION,
  HEADER_SIGNATURE_METHOD,
  HEADER_SIGNATURE_VERSION,
  SIGNATURE_METHOD,
  SIGNATURE_VERSION,
} from './constants.js';
import { acsSigningInputs, setAcsHeaders } from './signing-inputs.js';
import type { AcsCredentials, AcsSignedRequest, AcsSigningRequest, AcsSignOptions } from './types.js';

/**
 * Signs a request with the `acs` HMAC-SHA1 scheme. The request's own `x-acs-*` headers are signed
 * too; the ones this function sets replace any the caller passed, as does an existing
 * Authorization or Date, so re-signing on retry is safe. Accept and Content-Type default to the
 * gateway's JSON values unless the request has its own.
 */
export async function signAliyunAcsRequest(
  request: AcsSigningRequest,
  credentials: AcsCredentials,
  options: AcsSignOptions,
): Promise<AcsSignedRequest> {
  const { nonce, now } = acsSigningInputs(request.method, credentials, options);

  const headers = lowercaseHeaders(request.headers);
  headers.delete(HEADER_AUTHORIZATION);
  const target = parseRequestTarget(request.url);

  const added = setAcsHeaders(
    headers,
    { now, nonce, action: options.action, securityToken: credentials.securityToken },
    { [HEADER_SIGNATURE_METHOD]: SIGNATURE_METHOD, [HEADER_SIGNATURE_VERSION]: SIGNATURE_VERSION },
  );

  const { stringToSign, signature } = await computeAcsSignature({
    method: request.method,
    target,
    headers,
    accessKeySecret: credentials.accessKeySecret,
  });
  added[HEADER_AUTHORIZATION] = formatAcsAuthorization({ accessKeyId: credentials.accessKeyId, signature });
  return { headers: added, stringToSign, signature };
}
