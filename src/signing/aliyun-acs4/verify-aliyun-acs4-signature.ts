import { incomingHeaderMap, isHeaderName, trimOws } from '../shared/header-map.js';
import { tryParseRequestTarget } from '../shared/parse-request-url.js';
import { timingSafeEqualText } from '../shared/timing-safe-equal-text.js';
import { verifyFailure, type VerifyResult } from '../shared/verify-result.js';
import { HEADER_AUTHORIZATION } from '../aliyun-acs/constants.js';
import { parseAcs4Authorization } from './authorization.js';
import { computeAcs4Signature } from './compute-signature.js';
import { DEFAULT_MAX_SKEW_MS, HEADER_ACS_DATE, HEADER_CONTENT_SHA256, HEADER_HOST } from './constants.js';
import { parseAcs4Date, scopeDate } from './format-date.js';
import { acs4PayloadHash } from './payload-hash.js';
import { acs4Region } from './region.js';
import type { Acs4IncomingRequest, Acs4VerifyOptions } from './types.js';

/**
 * The gateway's side of ACS4-HMAC-SHA256, for the emulator, with `acs`'s rules: x-acs-date
 * within the window (fail closed on a broken clock), the declared x-acs-content-sha256 equal to
 * the SHA-256 of the body received, and the recomputed signature equal (constant time). The
 * scope's date, region and SignedHeaders are claims: each must be what the server derives (date
 * from x-acs-date, region from Host, the x-acs-* headers received), or the request is refused even
 * if its signature covers what was received. Nonce replay needs state: the caller checks it.
 * Never throws on request content; `lookupSecret`'s exceptions propagate.
 */
export async function verifyAliyunAcs4Signature(
  request: Acs4IncomingRequest,
  lookupSecret: (accessKeyId: string) => string | undefined,
  options: Acs4VerifyOptions,
): Promise<VerifyResult> {
  const headers = incomingHeaderMap(request?.headers);
  const authorization = headers.get(HEADER_AUTHORIZATION);
  if (authorization === undefined || authorization.trim() === '') return verifyFailure('missing');
  const auth = parseAcs4Authorization(authorization);
  if (auth === undefined) return verifyFailure('malformed');

  const acsDate = trimOws(headers.get(HEADER_ACS_DATE) ?? '');
  const signedAt = parseAcs4Date(acsDate);
  if (signedAt === undefined) return verifyFailure('malformed');
  const declaredHash = headers.get(HEADER_CONTENT_SHA256);
  if (declaredHash === undefined) return verifyFailure('malformed');

  // `request` is an object here: without one, the Authorization header was missing above.
  const method = request.method;
  if (typeof method !== 'string' || !isHeaderName(method)) return verifyFailure('malformed');
  const target = tryParseRequestTarget(request.url);
  if (target === undefined) return verifyFailure('malformed');
  const body = request.body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) return verifyFailure('malformed');

  const secret = lookupSecret(auth.accessKeyId);
  if (typeof secret !== 'string' || secret === '') return verifyFailure('unknown-key');

  const skew = Math.abs(options.now().getTime() - signedAt.getTime());
  // `!(skew <= max)` so a broken clock (NaN) fails closed.
  if (!(skew <= (options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS))) return verifyFailure('expired');

  const payloadHash = await acs4PayloadHash(body);
  const date = scopeDate(acsDate);
  const region = acs4Region(headers.get(HEADER_HOST) ?? target.host);
  const expected = await computeAcs4Signature({ method, target, headers, payloadHash, date, region, accessKeySecret: secret });
  const claimsHold =
    trimOws(declaredHash) === payloadHash && auth.date === date && auth.region === region && auth.signedHeaders === expected.signedHeaders;
  // The signature is compared even when a claim fails, so the time taken says nothing about which.
  const signatureHolds = await timingSafeEqualText(auth.signature, expected.signature);
  return claimsHold && signatureHolds ? { ok: true, ak: auth.accessKeyId } : verifyFailure('mismatch');
}
