import { incomingHeaderMap, isHeaderName, trimOws } from '../shared/header-map.js';
import { tryParseRequestTarget } from '../shared/parse-request-url.js';
import { timingSafeEqualText } from '../shared/timing-safe-equal-text.js';
import { verifyFailure, type VerifyResult } from '../shared/verify-result.js';
import { parseAcsAuthorization } from './authorization.js';
import { computeAcsSignature } from './compute-signature.js';
import {
  DEFAULT_MAX_SKEW_MS,
  HEADER_AUTHORIZATION,
  HEADER_DATE,
  HEADER_SIGNATURE_METHOD,
  HEADER_SIGNATURE_VERSION,
  SIGNATURE_METHOD,
  SIGNATURE_VERSION,
} from './constants.js';
import { parseAcsDate } from './parse-date.js';
import type { AcsIncomingRequest, AcsVerifyOptions } from './types.js';

/**
 * The gateway's side of the `acs` signature, for the emulator: Date within the window, declared
 * signature method/version (when sent) HMAC-SHA1 / 1.0, constant-time comparison. Nonce replay
 * is not tracked here (that needs state). Never throws on request content; `lookupSecret`'s
 * exceptions propagate.
 */
export async function verifyAliyunAcsSignature(
  request: AcsIncomingRequest,
  lookupSecret: (accessKeyId: string) => string | undefined,
  options: AcsVerifyOptions,
): Promise<VerifyResult> {
  const headers = incomingHeaderMap(request?.headers);
  const authorization = headers.get(HEADER_AUTHORIZATION);
  if (authorization === undefined || authorization.trim() === '') return verifyFailure('missing');

  const auth = parseAcsAuthorization(authorization);
  if (auth === undefined) return verifyFailure('malformed');
  const method = headers.get(HEADER_SIGNATURE_METHOD);
  const version = headers.get(HEADER_SIGNATURE_VERSION);
  if (method !== undefined && trimOws(method) !== SIGNATURE_METHOD) return verifyFailure('malformed');
  if (version !== undefined && trimOws(version) !== SIGNATURE_VERSION) return verifyFailure('malformed');

  const signedAt = parseAcsDate(trimOws(headers.get(HEADER_DATE) ?? ''));
  if (signedAt === undefined) return verifyFailure('malformed');

  // `request` is an object here: without one, the Authorization header was missing above.
  const httpMethod = request.method;
  if (typeof httpMethod !== 'string' || !isHeaderName(httpMethod)) return verifyFailure('malformed');
  const target = tryParseRequestTarget(request.url);
  if (target === undefined) return verifyFailure('malformed');

  const secret = lookupSecret(auth.accessKeyId);
  if (typeof secret !== 'string' || secret === '') return verifyFailure('unknown-key');

  const skew = Math.abs(options.now().getTime() - signedAt.getTime());
  // `!(skew <= max)` so a broken clock (NaN) fails closed.
  if (!(skew <= (options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS))) return verifyFailure('expired');

  const expected = await computeAcsSignature({ method: httpMethod, target, headers, accessKeySecret: secret });
  return (await timingSafeEqualText(auth.signature, expected.signature))
    ? { ok: true, ak: auth.accessKeyId }
    : verifyFailure('mismatch');
}
