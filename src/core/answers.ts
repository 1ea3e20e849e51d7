/**
 * Turning an answer into the call's result: a documented success body (validated against the
 * spec), or a typed error (ApiError subclass, ResponseValidationError, TransportError). Every
 * string taken from the answer is scrubbed of the call's secrets before an error is built.
 */
import { ApiError, type ValidationIssue, ResponseValidationError, TransportError, apiErrorClasses } from './errors.js';
import type { ErrorFields, LoadedBinding } from './binding.js';
import type { OperationTable } from './operation-table.js';
import { redactJson, redactSecrets } from './redact.js';
import { validatorFor } from './request-input.js';
import { issuesOf, type ResponseValidation } from './validation.js';

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * What an answer came with: how many attempts it took, and every secret that could be echoed in
 * it (the client's credentials plus each attempt's request signature, `TransportResponse.secrets`).
 * Every error built from an answer is scrubbed of these before it is constructed, so neither its
 * message nor its stack, fields, `JSON.stringify` or `util.inspect` can show one.
 */
export interface AnswerInfo {
  attempts: number;
  secrets: readonly string[];
}

/** What the answer said besides its body: a Response fits, and so does `send`'s TransportResponse. */
export interface AnswerHead {
  status: number;
  headers: Headers;
}

/** The content type is the server's text too: scrubbed like a message. */
function describeBody(response: AnswerHead, secrets: readonly string[]): string {
  const type = response.headers.get('content-type');
  return type ? `a non-JSON body (${redactSecrets(type.split(';')[0]!, secrets)})` : 'a non-JSON body';
}

function checkResponse(
  binding: LoadedBinding,
  op: OperationTable,
  status: number,
  body: unknown,
  requestId: string | undefined,
  mode: ResponseValidation,
  answer: AnswerInfo,
): void {
  if (mode === 'off') return;
  const entry = op.responses[String(status)] ?? op.responses.default;
  if (!entry?.validator) return;
  const validator = validatorFor(binding.spec.validators, entry.validator);
  if (validator(body)) return;
  report(op, status, issuesOf(validator), requestId, mode, answer);
}

function report(
  op: OperationTable,
  status: number,
  issues: ValidationIssue[],
  requestId: string | undefined,
  mode: ResponseValidation,
  answer: AnswerInfo,
): void {
  if (mode === 'off') return;
  const scrub = (s: string) => redactSecrets(s, answer.secrets);
  // Issue paths hold the server's map keys (PDS `user_tags`, SMH `metaData`): a key can be a token.
  const scrubbed = issues.map((i) => ({ ...i, path: scrub(i.path), message: scrub(i.message) }));
  const error = new ResponseValidationError(op.operationId, status, scrubbed, requestId === undefined ? undefined : scrub(requestId));
  if (mode === 'throw') throw error;
  mode(error);
}

/**
 * A response the spec documents without content must arrive without one. MetaStudio's
 * ConfirmFileUpload 200 is the case: its page lists only the `X-Request-Id` header, PROVIDERS.md
 * says "empty body", and the official SDKs' `ConfirmFileUploadResponse` models no field at all.
 * `{}` is accepted in its place because it says nothing more (the SDKs decode it to the same
 * empty result); any other body (a captive portal's HTML page, invalid JSON, an object with
 * fields, an array) means the documented service did not give the documented answer, so the
 * call does not report an upload confirmed.
 */
function checkNoContent(
  op: OperationTable,
  response: AnswerHead,
  text: string | undefined,
  requestId: string | undefined,
  mode: ResponseValidation,
  answer: AnswerInfo,
): undefined {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return undefined;
  const parsed = parseJson(trimmed);
  if (parsed.ok && isEmptyObject(parsed.value)) return undefined;
  const arrived = parsed.ok ? 'a JSON body with content' : describeBody(response, answer.secrets);
  const issue = { path: '', message: `is documented without a body, but ${arrived} arrived`, keyword: 'content' };
  report(op, response.status, [issue], requestId, mode, answer);
  return undefined;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}

export function interpretSuccess(
  binding: LoadedBinding,
  op: OperationTable,
  response: AnswerHead,
  text: string | undefined,
  mode: ResponseValidation,
  answer: AnswerInfo,
): unknown {
  const requestId = response.headers.get(binding.spec.info.requestIdHeader) ?? undefined;
  const entry = op.responses[String(response.status)] ?? op.responses.default;
  if (!entry) {
    // A 2xx the spec does not declare: its body has no schema, so it cannot be trusted as the
    // typed result.
    const issue = { path: '', message: `HTTP ${response.status} is not a documented answer`, keyword: 'status' };
    report(op, response.status, [issue], requestId, mode, answer);
    const parsed = text ? parseJson(text) : undefined;
    return parsed?.ok ? parsed.value : undefined;
  }
  if (!entry.contentType) return checkNoContent(op, response, text, requestId, mode, answer);
  if (!text) {
    checkResponse(binding, op, response.status, undefined, requestId, mode, answer);
    return undefined;
  }
  const parsed = parseJson(text);
  if (!parsed.ok) {
    throw new TransportError(`${op.operationId}: HTTP ${response.status} with ${describeBody(response, answer.secrets)}`, response.status, {
      operationId: op.operationId,
      attempts: answer.attempts,
    });
  }
  checkResponse(binding, op, response.status, parsed.value, requestId, mode, answer);
  const failure = binding.successFailure?.(parsed.value);
  if (failure) {
    throw apiError(binding, op, response, parsed.value, { ...failure, requestId: failure.requestId ?? requestId }, answer);
  }
  return parsed.value;
}

export function interpretFailure(
  binding: LoadedBinding,
  op: OperationTable,
  response: AnswerHead,
  error: unknown,
  mode: ResponseValidation,
  answer: AnswerInfo,
): never {
  // openapi-fetch hands back the parsed JSON, or the raw text when it was not JSON.
  if (typeof error === 'string' && error.trim() !== '') {
    throw new TransportError(`${op.operationId}: HTTP ${response.status} with ${describeBody(response, answer.secrets)}`, response.status, {
      operationId: op.operationId,
      attempts: answer.attempts,
    });
  }
  const body = typeof error === 'string' ? undefined : error;
  const fields = binding.errorFields(body, response.headers);
  if (body !== undefined) checkResponse(binding, op, response.status, body, fields.requestId, mode, answer);
  throw apiError(binding, op, response, body, fields, answer);
}

function apiError(
  binding: LoadedBinding,
  op: OperationTable,
  response: AnswerHead,
  body: unknown,
  fields: ErrorFields,
  answer: AnswerInfo,
): ApiError {
  const ErrorClass = apiErrorClasses[binding.spec.info.id];
  const scrub = (s: string | undefined) => (s === undefined ? undefined : redactSecrets(s, answer.secrets));
  return new ErrorClass({
    provider: binding.spec.info.id,
    operationId: op.operationId,
    status: response.status,
    code: scrub(fields.code),
    message: scrub(fields.message),
    requestId: scrub(fields.requestId),
    attempts: answer.attempts,
    // The provider's body can echo what it was sent (a token in a message): scrub it too.
    body: redactJson(body, answer.secrets),
  });
}

/** A string field of an unknown JSON value, if it is one (numbers are stringified). */
export function field(body: unknown, ...names: string[]): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  for (const name of names) {
    const v = (body as Record<string, unknown>)[name];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return undefined;
}
