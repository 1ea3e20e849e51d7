/**
 * A storage service's error answer as the provider's ApiError. OSS, OBS, COS and S3 answer the
 * same XML (`<Error><Code/><Message/><RequestId/>…</Error>`: OSS
 * https://www.alibabacloud.com/help/en/oss/support/http-status-code, OBS
 * https://support.huaweicloud.com/api-obs/obs_04_0115.html, COS
 * https://www.tencentcloud.com/document/product/436/7730, S3
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), and for a refused
 * signature they echo the request back: `<StringToSign>`, `<SignatureProvided>`,
 * `<CanonicalRequest>`, `<AWSAccessKeyId>`. Only the code, the message and the request id are
 * kept, each bounded and scrubbed; the body itself never reaches the error.
 */
import { apiErrorClasses, type ApiError } from '../core/errors.js';
import type { ProviderId } from '../core/provider.js';
import { isSecretHeader, isSecretQueryParam, redactSecrets, redactUrl } from '../core/redact.js';
import type { TransportResponse } from '../core/transport.js';

/** Codes are short identifiers (`AccessDenied`, `SignatureDoesNotMatch`); anything else is not one. */
const CODE = /<Code>\s*([A-Za-z0-9._:-]{1,64})\s*<\/Code>/;
const MESSAGE = /<Message>([^<]{0,1024})<\/Message>/;
const REQUEST_ID = /<RequestId>\s*([A-Za-z0-9._:/+=-]{1,128})\s*<\/RequestId>/;
/** A message longer than this is cut (a server that echoes a whole request in it). */
const MAX_MESSAGE = 200;
/** Only the head of an answer is looked at: the error elements come first. */
const MAX_SCANNED = 16 * 1024;

const requestIdHeaders = ['x-oss-request-id', 'x-obs-request-id', 'x-cos-request-id', 'x-amz-request-id', 'x-request-id', 'x-reqid'];

export interface StorageErrorFields {
  code: string | undefined;
  message: string | undefined;
  requestId: string | undefined;
}

/** `<Code>`, `<Message>`, `<RequestId>` (or a request-id header) of a storage answer, scrubbed. */
export function storageErrorFields(answer: Pick<TransportResponse, 'body' | 'headers'>, secrets: readonly string[]): StorageErrorFields {
  const text = new TextDecoder().decode(answer.body.subarray(0, MAX_SCANNED));
  const code = CODE.exec(text)?.[1];
  const rawMessage = MESSAGE.exec(text)?.[1];
  let requestId: string | undefined;
  for (const name of requestIdHeaders) {
    const value = answer.headers.get(name);
    if (value && /^[\x21-\x7e]{1,128}$/.test(value)) {
      requestId = value;
      break;
    }
  }
  requestId ??= REQUEST_ID.exec(text)?.[1];
  const scrub = (value: string | undefined) => (value === undefined ? undefined : redactSecrets(redactUrl(value), secrets));
  let message: string | undefined;
  if (rawMessage !== undefined) {
    // Entities decoded, control characters (a forged log line) dropped, then cut.
    const plain = decodeEntities(rawMessage).replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
    message = plain.length > MAX_MESSAGE ? `${plain.slice(0, MAX_MESSAGE)}…` : plain;
  }
  return { code: scrub(code), message: scrub(message), requestId: scrub(requestId) };
}

/**
 * The provider's ApiError for a storage answer. `secrets`: what else must not appear (the part
 * URL's signature and token, a signed header's value); the answer's own secrets (the client's
 * token and keys) are always scrubbed. `body` holds the three fields only.
 */
export function storageApiError(provider: ProviderId, operationId: string, answer: TransportResponse, secrets: readonly string[] = []): ApiError {
  const all = [...answer.secrets, ...secrets];
  const fields = storageErrorFields(answer, all);
  const ErrorClass = apiErrorClasses[provider];
  return new ErrorClass({
    provider,
    operationId,
    status: answer.status,
    code: fields.code,
    message: fields.message ?? (fields.code === undefined ? describeBody(answer) : undefined),
    requestId: fields.requestId,
    body: { code: fields.code, message: fields.message, requestId: fields.requestId },
    attempts: answer.attempts,
  });
}

/** The values in a part target that must never be shown: secret query parameters and headers. */
export function targetSecrets(url: string, headers: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  try {
    for (const [name, value] of new URL(url).searchParams) if (isSecretQueryParam(name) && value) out.push(value);
  } catch {
    // An unparsable URL fails at fetch; its text is redacted by redactUrl wherever it is shown.
  }
  for (const [name, value] of Object.entries(headers)) {
    if (!value) continue;
    if (isSecretHeader(name)) {
      out.push(value);
      // `OSS ak:signature`, `q-sign-algorithm=…&q-signature=…`: the signature alone may be echoed.
      for (const piece of value.split(/[\s,:&=]+/)) if (piece.length >= 16) out.push(piece);
    }
  }
  return out;
}

/** No XML error: say what came instead (an HTML page from a proxy, nothing), never its text. */
function describeBody(answer: Pick<TransportResponse, 'body' | 'headers'>): string {
  if (answer.body.byteLength === 0) return 'the storage answered with no error code and an empty body';
  const type = answer.headers.get('content-type')?.split(';', 1)[0]?.trim();
  const safeType = type && /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : 'unknown type';
  return `the storage answered with no error code (${answer.body.byteLength} bytes of ${safeType})`;
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/gi, (whole, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    const lower = entity.toLowerCase();
    if (lower in named) return named[lower]!;
    const point = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
    return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
  });
}
