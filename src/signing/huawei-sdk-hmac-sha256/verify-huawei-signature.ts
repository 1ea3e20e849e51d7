import { incomingHeaderMap, isHeaderName, trimOws } from '../shared/header-map.js';
import { tryParseRequestTarget } from '../shared/parse-request-url.js';
import { timingSafeEqualText } from '../shared/timing-safe-equal-text.js';
import { verifyFailure, type VerifyResult } from '../shared/verify-result.js';
import { parseAuthorization } from './authorization.js';
import { computeSignature } from './compute-signature.js';
import { DEFAULT_MAX_SKEW_MS, KEY, REQUIRED_SIGNED_HEADERS } from './constants.js';
import { parseSdkDate } from './parse-date.js';
import type { HuaweiIncomingRequest, HuaweiVerifyOptions } from './types.js';

/**
 * The gateway's side of SDK-HMAC-SHA256, for the emulator. Recomputes the signature over the
 * headers the client listed in SignedHeaders (which must include host and x-sdk-date), checks
 * X-Sdk-Date against `now()` and compares in constant time. Never throws on request content;
 * `lookupSecret` is the caller's code and its exceptions propagate.
 */
export async function verifyHuaweiSignature(
  request: HuaweiIncomingRequest,
  lookupSecret: (ak: string) => string | undefined,
  options: HuaweiVerifyOptions,
): Promise<VerifyResult> {
  const headers = incomingHeaderMap(request?.headers);
  const authorization = headers.get(KEY.authorization);
  if (authorization === undefined || authorization.trim() === '') return verifyFailure('missing');

  const auth = parseAuthorization(authorization);
  if (auth === undefined) return verifyFailure('malformed');
  if (!REQUIRED_SIGNED_HEADERS.every((name) => auth.signedHeaders.includes(name))) return verifyFailure('malformed');

  const sdkDate = headers.get(KEY.sdkDate) ?? '';
  const signedAt = parseSdkDate(trimOws(sdkDate));
  if (signedAt === undefined) return verifyFailure('malformed');

  const method = request?.method;
  if (typeof method !== 'string' || !isHeaderName(method)) return verifyFailure('malformed');
  const target = tryParseRequestTarget(request?.url);
  if (target === undefined) return verifyFailure('malformed');
  if (!headers.has(KEY.host)) {
    // HTTP/2 servers may only have :authority; a client-side check may pass an absolute URL.
    const authority = headers.get(KEY.authority) ?? target.host;
    if (authority !== undefined) headers.set(KEY.host, authority);
  }
  const body = request?.body;
  if (body !== undefined && typeof body !== 'string' && !(body instanceof Uint8Array)) return verifyFailure('malformed');

  const sk = lookupSecret(auth.ak);
  if (typeof sk !== 'string' || sk === '') return verifyFailure('unknown-key');

  const maxSkewMs = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const skew = Math.abs(options.now().getTime() - signedAt.getTime());
  // `!(skew <= max)` so a broken clock (NaN) fails closed.
  if (!(skew <= maxSkewMs)) return verifyFailure('expired');

  const expected = await computeSignature({
    method,
    target,
    headers,
    signedHeaders: auth.signedHeaders,
    body,
    sdkDate: trimOws(sdkDate),
    sk,
  });
  return (await timingSafeEqualText(auth.signature, expected.signature)) ? { ok: true, ak: auth.ak } : verifyFailure('mismatch');
}
