/**
 * The handwritten layer every provider client is built from. The generated operation table says
 * what an operation is (method, path, parameters, flags, validators); openapi-fetch builds the
 * request; `transport.ts` authorizes and sends it with retries and timeouts; this module
 * validates both ends and turns answers into values or typed errors.
 */
import createFetchClient, { type Client } from 'openapi-fetch';
import { randomUUID } from 'node:crypto';
import {
  ApiError,
  ConfigurationError,
  DrivespecError,
  type ValidationIssue,
  RequestValidationError,
  ResponseValidationError,
  TransportError,
  apiErrorClasses,
} from './errors.js';
import type { ProviderId } from './provider.js';
import { serializeQuery, type QueryParameterInfo, type QueryValue } from './query.js';
import { headerParamsAsBytes, rawClientWithHeaderBytes } from './header-bytes.js';
import { redactJson, redactSecrets } from './redact.js';
import { DEFAULT_MAX_RETRIES, sleep as defaultSleep } from './retry.js';
import { checkCallOptions, send, type Authorize, type CallOptions, type PreparedRequest, type TransportConfig } from './transport.js';
import { issuesOf, type GeneratedValidator, type ResponseValidation } from './validation.js';

/** One row of `generated/<provider>/operations.ts`. */
export interface OperationTable {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly (QueryParameterInfo & { readonly required: boolean })[];
  readonly queryOrder: readonly string[] | null;
  readonly requestBody: { readonly required: boolean; readonly contentType: string; readonly validator: string } | null;
  readonly parametersValidator: string;
  readonly responses: Readonly<Record<string, { readonly contentType: string | null; readonly validator: string | null }>>;
}

export interface ErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

/** What a provider module tells the core about itself. */
export interface ProviderBinding {
  provider: ProviderId;
  operations: Readonly<Record<string, OperationTable>>;
  validators: Readonly<Record<string, GeneratedValidator>>;
  baseUrl: string;
  authorize: Authorize;
  /** Credentials that travel in the query string (SMH `access_token`). */
  credentialQuery?: Record<string, string>;
  /** Values filled in when the caller leaves them out. */
  defaults?: { path?: Record<string, string>; query?: Record<string, QueryValue> };
  /** The provider's error code, message and request id, from its error body and headers. */
  errorFields: (body: unknown, headers: Headers) => ErrorFields;
  /** The request id of a successful answer. */
  requestIdHeader: string;
  /** A 2xx body that reports a failure (KooDrive's non-zero `code`). */
  successFailure?: (body: unknown) => ErrorFields | undefined;
  /** Secrets to scrub from any message that embeds upstream text. */
  secrets: readonly string[];
}

/** Options every `createClient` accepts. */
export interface CommonClientOptions {
  /** Overrides the server built from the spec (and its variables). */
  baseUrl?: string;
  /** Injectable fetch (tests, proxies, instrumentation). Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
  /** Injectable clock, used for date headers and signatures. */
  now?: () => Date;
  /** Retries of connection errors, timeouts, 408, 429 and 5xx. Default 2. */
  maxRetries?: number;
  /** Milliseconds per attempt. Default 60 000; 0 for none. */
  timeout?: number;
  /**
   * Milliseconds for a whole call: every attempt and every retry wait together (named after
   * Google's retry settings' `totalTimeout`; openai-node and the AWS SDK bound attempts only).
   * No wait is started that would end past it, each attempt's timeout is clipped to what is left,
   * and running out is a `TimeoutError` with `limit: 'totalTimeout'`. Default: every attempt at its
   * full `timeout`, the default backoff between them and a 1 s margin (182 500 ms with the
   * defaults); 0 for none.
   */
  totalTimeout?: number;
  /** `'throw'` (default), `'off'`, or a callback that receives the error as a warning. */
  responseValidation?: ResponseValidation;
  /** Largest response body read, in bytes. Default 16 MiB. */
  maxResponseBytes?: number;
  /** Injectable randomness for backoff jitter (tests). */
  random?: () => number;
  /** Injectable sleep for backoff (tests). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Injectable nonce source (PDS `x-acs-signature-nonce`). */
  nonce?: () => string;
}

export interface OperationRequestInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  body?: unknown;
}

export const DEFAULT_TIMEOUT_MS = 60_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

export function checkCommonOptions(options: CommonClientOptions): void {
  if (!isObject(options)) throw new ConfigurationError('options', 'must be an object');
  if (options.maxRetries !== undefined && (!Number.isSafeInteger(options.maxRetries) || options.maxRetries < 0)) {
    throw new ConfigurationError('maxRetries', 'must be a whole number of retries, 0 or more');
  }
  if (options.timeout !== undefined && (!Number.isFinite(options.timeout) || options.timeout < 0)) {
    throw new ConfigurationError('timeout', 'must be a number of milliseconds, 0 or more');
  }
  if (options.totalTimeout !== undefined && (!Number.isFinite(options.totalTimeout) || options.totalTimeout < 0)) {
    throw new ConfigurationError('totalTimeout', 'must be a number of milliseconds, 0 or more');
  }
  if (options.baseUrl !== undefined) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new ConfigurationError('baseUrl', 'is not an absolute URL');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new ConfigurationError('baseUrl', 'must be an http or https URL');
    }
    if (url.search || url.hash || url.username || url.password) {
      throw new ConfigurationError('baseUrl', 'must not carry a query, fragment or user info');
    }
  }
  if (
    options.maxResponseBytes !== undefined &&
    (!Number.isSafeInteger(options.maxResponseBytes) || options.maxResponseBytes <= 0)
  ) {
    throw new ConfigurationError('maxResponseBytes', 'must be a whole number of bytes, 1 or more');
  }
  // Injected functions are called only once a request is made: a wrong type must fail here, not
  // as a plain TypeError inside the first call.
  for (const name of ['fetch', 'now', 'nonce', 'random', 'sleep'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw new ConfigurationError(name, 'must be a function');
    }
  }
  const mode = options.responseValidation;
  if (mode !== undefined && mode !== 'throw' && mode !== 'off' && typeof mode !== 'function') {
    throw new ConfigurationError('responseValidation', "must be 'throw', 'off' or a function");
  }
}

/** A non-null, non-array object: what an options bag or a request init must be. */
function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The request init comes from callers' code, often untyped: a non-object is a bad request,
 * reported like bad parameters, before anything is sent.
 */
function checkInit(operationId: string, init: unknown): asserts init is OperationRequestInit {
  if (!isObject(init)) {
    throw new RequestValidationError(operationId, 'parameters', [
      { path: '', message: 'the request must be an object ({ params, body })', keyword: 'type' },
    ]);
  }
  const params = (init as OperationRequestInit).params;
  if (params !== undefined && !isObject(params)) {
    throw new RequestValidationError(operationId, 'parameters', [{ path: '', message: 'params must be an object', keyword: 'type' }]);
  }
}

export function requireString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ConfigurationError(option, 'must be a non-empty string');
  }
  return value;
}

export interface OperationClient {
  invoke(operationId: string, init: OperationRequestInit | undefined, call?: CallOptions): Promise<unknown>;
  /** The path-based openapi-fetch client, with the same credentials, retries and timeouts. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each provider narrows it to Client<paths>
  raw: Client<any>;
}

export function createOperationClient(binding: ProviderBinding, options: CommonClientOptions): OperationClient {
  checkCommonOptions(options);
  const responseValidation: ResponseValidation = options.responseValidation ?? 'throw';
  const config: TransportConfig = {
    fetch: options.fetch ?? globalThis.fetch,
    now: options.now ?? (() => new Date()),
    nonce: options.nonce ?? randomUUID,
    random: options.random ?? Math.random,
    sleep: options.sleep ?? defaultSleep,
    authorize: binding.authorize,
    secrets: binding.secrets,
    maxRetries: options.maxRetries ?? DEFAULT_MAX_RETRIES,
    timeout: options.timeout ?? DEFAULT_TIMEOUT_MS,
    totalTimeout: options.totalTimeout,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
  };
  const tables = Object.values(binding.operations);
  const allParameters = tables.flatMap((op) => op.parameters);
  const credentialQuery = binding.credentialQuery ?? {};

  /** How many attempts produced each answer and what to scrub from it, for errors raised after the response. */
  const answers = new WeakMap<Response, AnswerInfo>();

  /** openapi-fetch hands us a Request; we turn it into attempts. */
  const transportFetch = async (input: Request, operationId: string, call: CallOptions): Promise<Response> => {
    const prepared: PreparedRequest = {
      method: input.method,
      url: input.url,
      headers: new Headers(input.headers),
      body: input.body ? new Uint8Array(await input.arrayBuffer()) : undefined,
    };
    const answer = await send(config, operationId, prepared, call);
    if (answer.status < 200 || answer.status > 599) {
      throw new TransportError(`${operationId}: unexpected HTTP status ${answer.status}`, answer.status, {
        operationId,
        attempts: answer.attempts,
      });
    }
    const nullBody = [204, 205, 304].includes(answer.status);
    const response = new Response(nullBody ? null : (answer.body as Uint8Array<ArrayBuffer>), {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    });
    answers.set(response, { attempts: answer.attempts, secrets: answer.secrets });
    return response;
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- narrowed by each provider module
  const fetchClient = createFetchClient<any>({
    baseUrl: binding.baseUrl,
    // Power users' calls go through the same pipeline; the operation is found by its path.
    fetch: (input: Request) => transportFetch(input, operationIdForUrl(tables, binding.baseUrl, input), {}),
    // No operation is known here, so every flag parameter of the provider is written bare.
    querySerializer: (query: Record<string, unknown>) =>
      serializeQuery(allParameters, null, query as Record<string, QueryValue>, credentialQuery),
  });
  // Header values checked and sent as UTF-8 octets as on the typed path (header-bytes.ts).
  const raw = rawClientWithHeaderBytes(fetchClient, (method, path) => operationIdForPath(tables, method, path));

  async function invoke(operationId: string, init: OperationRequestInit = {}, call: CallOptions = {}): Promise<unknown> {
    checkCallOptions(call);
    const op = binding.operations[operationId];
    if (!op) throw new ConfigurationError('operationId', `unknown operation ${operationId}`);
    checkInit(operationId, init);
    const params = mergeParams(op, init.params, binding.defaults);
    const paramsValidator = validatorFor(binding, op.parametersValidator);
    if (!paramsValidator(params)) {
      throw new RequestValidationError(operationId, 'parameters', issuesOf(paramsValidator));
    }
    if (op.requestBody) {
      if (init.body === undefined) {
        if (op.requestBody.required) {
          throw new RequestValidationError(operationId, 'body', [{ path: '', message: 'is required', keyword: 'required' }]);
        }
      } else {
        const bodyValidator = validatorFor(binding, op.requestBody.validator);
        if (!bodyValidator(init.body)) throw new RequestValidationError(operationId, 'body', issuesOf(bodyValidator));
      }
    } else if (init.body !== undefined) {
      throw new RequestValidationError(operationId, 'body', [
        { path: '', message: 'this operation takes no request body', keyword: 'false schema' },
      ]);
    }

    const { data, error, response } = await fetchClient.request(op.method.toLowerCase() as 'post', op.path, {
      // Validated as text above; sent as UTF-8 octets, or refused when no header can carry it (header-bytes.ts).
      params: headerParamsAsBytes(params, operationId) as never,
      body: init.body as never,
      parseAs: 'text',
      querySerializer: (query: Record<string, unknown>) =>
        serializeQuery(op.parameters, op.queryOrder, query as Record<string, QueryValue>, credentialQuery),
      fetch: (input: Request) => transportFetch(input, operationId, call),
    });
    const answer = answers.get(response) ?? { attempts: 1, secrets: binding.secrets };
    return response.ok
      ? interpretSuccess(binding, op, response, data as string | undefined, responseValidation, answer)
      : interpretFailure(binding, op, response, error, responseValidation, answer);
  }

  return { invoke, raw };
}

function validatorFor(binding: ProviderBinding, name: string): GeneratedValidator {
  const v = binding.validators[name];
  // A broken build, not something a caller can handle or fix: the root class, not a subclass.
  if (!v) throw new DrivespecError(`generated validator ${name} is missing; run npm run generate`);
  return v;
}

function mergeParams(
  op: OperationTable,
  given: OperationRequestInit['params'],
  defaults: ProviderBinding['defaults'],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const declared = new Set(op.parameters.map((p) => p.in));
  for (const location of ['path', 'query', 'header'] as const) {
    const fromDefaults = location === 'header' ? undefined : defaults?.[location];
    const value = given?.[location];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      out[location] = value as never; // let the validator name the bad group
      continue;
    }
    const applicable = Object.fromEntries(
      Object.entries(fromDefaults ?? {}).filter(([name]) => op.parameters.some((p) => p.in === location && p.name === name)),
    );
    const merged = { ...applicable, ...(value ?? {}) };
    if (declared.has(location) || Object.keys(merged).length) out[location] = merged;
  }
  return out;
}

/** The operation a raw call's path template names, or `METHOD path`. */
function operationIdForPath(tables: readonly OperationTable[], method: string, path: string): string {
  return tables.find((op) => op.method === method && op.path === path)?.operationId ?? `${method} ${path}`;
}

function operationIdForUrl(tables: readonly OperationTable[], baseUrl: string, request: Request): string {
  const base = new URL(baseUrl).pathname.replace(/\/$/, '');
  const path = new URL(request.url).pathname.slice(base.length);
  for (const op of tables) {
    const pattern = new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
    if (op.method === request.method && pattern.test(path)) return op.operationId;
  }
  return `${request.method} ${path}`;
}

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
interface AnswerInfo {
  attempts: number;
  secrets: readonly string[];
}

/** The content type is the server's text too: scrubbed like a message. */
function describeBody(response: Response, secrets: readonly string[]): string {
  const type = response.headers.get('content-type');
  return type ? `a non-JSON body (${redactSecrets(type.split(';')[0]!, secrets)})` : 'a non-JSON body';
}

function checkResponse(
  binding: ProviderBinding,
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
  const validator = validatorFor(binding, entry.validator);
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
  response: Response,
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

function interpretSuccess(
  binding: ProviderBinding,
  op: OperationTable,
  response: Response,
  text: string | undefined,
  mode: ResponseValidation,
  answer: AnswerInfo,
): unknown {
  const requestId = response.headers.get(binding.requestIdHeader) ?? undefined;
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

function interpretFailure(
  binding: ProviderBinding,
  op: OperationTable,
  response: Response,
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
  binding: ProviderBinding,
  op: OperationTable,
  response: Response,
  body: unknown,
  fields: ErrorFields,
  answer: AnswerInfo,
): ApiError {
  const ErrorClass = apiErrorClasses[binding.provider];
  const scrub = (s: string | undefined) => (s === undefined ? undefined : redactSecrets(s, answer.secrets));
  return new ErrorClass({
    provider: binding.provider,
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
