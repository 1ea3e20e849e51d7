import { lowercaseHeaders } from '../shared/header-map.js';
import { parseRequestTarget } from '../shared/parse-request-url.js';
import { SigningError } from '../shared/signing-error.js';
import { acsSigningInputs, setAcsHeaders } from '../aliyun-acs/signing-inputs.js';
import { HEADER_AUTHORIZATION } from '../aliyun-acs/constants.js';
import { formatAcs4Authorization } from './authorization.js';
import { computeAcs4Signature } from './compute-signature.js';
import { HEADER_ACS_DATE, HEADER_CONTENT_SHA256, HEADER_HOST } from './constants.js';
import { formatAcs4Date, scopeDate } from './format-date.js';
import { acs4PayloadHash } from './payload-hash.js';
import { acs4Region } from './region.js';
import type { Acs4Credentials, Acs4SignedRequest, Acs4SigningRequest, Acs4SignOptions } from './types.js';

/**
 * Signs a request with ACS4-HMAC-SHA256, setting the headers the SDK's `modify_request` sets for
 * v4: those of `acs` except x-acs-signature-method / -version, plus x-acs-date and
 * x-acs-content-sha256. Every x-acs-* header of the request is signed; the ones set here replace
 * any the caller passed, as does an existing Authorization or Date, so re-signing on retry is
 * safe. The body is signed (its SHA-256), so it must be the exact bytes sent. `dateHeader: false`
 * leaves Date out (and signs its empty line) for runtimes that cannot send it.
 */
export async function signAliyunAcs4Request(
  request: Acs4SigningRequest,
  credentials: Acs4Credentials,
  options: Acs4SignOptions,
): Promise<Acs4SignedRequest> {
  const { nonce, now } = acsSigningInputs(request.method, credentials, options);
  if (options.dateHeader !== undefined && typeof options.dateHeader !== 'boolean') throw new SigningError('dateHeader', 'must be a boolean');
  const body = request.body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new SigningError('body', 'must be a string or bytes: ACS4 signs the SHA-256 of the body');
  }

  const headers = lowercaseHeaders(request.headers);
  headers.delete(HEADER_AUTHORIZATION);
  const target = parseRequestTarget(request.url);
  const acsDate = formatAcs4Date(now);
  const payloadHash = await acs4PayloadHash(body);

  const added = setAcsHeaders(
    headers,
    { now, nonce, action: options.action, securityToken: credentials.securityToken, date: options.dateHeader !== false },
    { [HEADER_ACS_DATE]: acsDate, [HEADER_CONTENT_SHA256]: payloadHash },
  );

  const date = scopeDate(acsDate);
  const region = acs4Region(headers.get(HEADER_HOST) ?? target.host);
  const steps = await computeAcs4Signature({
    method: request.method,
    target,
    headers,
    payloadHash,
    date,
    region,
    accessKeySecret: credentials.accessKeySecret,
  });
  added[HEADER_AUTHORIZATION] = formatAcs4Authorization({
    accessKeyId: credentials.accessKeyId,
    date,
    region,
    signedHeaders: steps.signedHeaders,
    signature: steps.signature,
  });
  return { headers: added, ...steps };
}
