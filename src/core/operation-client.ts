/**
 * The handwritten layer every provider client is built from, assembled from one module per job:
 * the generated operation table says what an operation is; `request-input.ts` checks what the
 * caller asks for; openapi-fetch's serializers write the request; `transport.ts` authorizes and sends it with
 * retries and timeouts; `answers.ts` turns the answer into a value or a typed error.
 */
import createFetchClient, { createFinalURL, defaultBodySerializer, defaultPathSerializer, mergeHeaders, removeTrailingSlash, type Client } from 'openapi-fetch';
import type { LoadedBinding, ProviderBinding } from './binding.js';
import type { OperationTable } from './operation-table.js';
import { checkCommonOptions, isObject, transportConfig, type CommonClientOptions } from './client-options.js';
import { ConfigurationError, RequestValidationError, TransportError } from './errors.js';
import { headerParamsAsBytes, rawClientWithHeaderBytes } from './header-bytes.js';
import { interpretFailure, interpretSuccess } from './answers.js';
import { operationIdForPath, operationIdForUrl, rawClientWithPathKeys, requestTemplate } from './operation-routes.js';
import { serializeQuery, type QueryValue } from './query.js';
import { checkRequest, parameterDefaults, type OperationRequestInit } from './request-input.js';
import { checkCallOptions, send, type CallOptions, type PreparedRequest, type TransportResponse } from './transport.js';
import type { ResponseValidation } from './validation.js';
import type { UploadContext } from '../upload/types.js';

// The modules this one was split into keep their names importable from here, as in 0.1.0.
export type { ErrorFields, ProviderBinding } from './binding.js';
export { checkCommonOptions, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS, requireString, type CommonClientOptions } from './client-options.js';
export { field } from './answers.js';
export type { OperationTable } from './operation-table.js';
export type { OperationRequestInit } from './request-input.js';

const utf8 = new TextEncoder();
const utf8Text = new TextDecoder();
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;
/** The content type openapi-fetch gives a serialized body unless a header parameter names another. */
const JSON_HEADERS = { 'Content-Type': 'application/json' };

/**
 * A typed call's body as openapi-fetch serializes it: JSON for a JSON operation; otherwise its
 * default serializer (JSON, or a form when a header parameter says
 * `application/x-www-form-urlencoded`). No spec has such an operation today; a FormData, which
 * would need a multipart encoder, is refused before anything is sent.
 */
function serializeBody(op: OperationTable, body: unknown, header: unknown): string | undefined {
  if (op.requestBody && JSON_TYPE.test(op.requestBody.contentType)) return JSON.stringify(body);
  const serialized: unknown = (defaultBodySerializer as (body: unknown, headers?: Headers) => unknown)(body, mergeHeaders(header as never));
  if (serialized !== undefined && typeof serialized !== 'string') {
    throw new RequestValidationError(op.operationId, 'body', [{ path: '', message: 'cannot be serialized as text', keyword: 'type' }]);
  }
  return serialized;
}

/** A failure's body as openapi-fetch would hand it over: the parsed JSON, else the text. */
function errorBody(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Statuses whose answer has no body (Fetch: "null body status"). */
function isNullBodyStatus(status: number): boolean {
  return status === 204 || status === 205 || status === 304;
}

export interface OperationClient<Paths extends {}> {
  /** Every operation's one call path; `bindOperations` (generated) puts the typed methods on it. */
  invoke(operationId: string, init: unknown, call: CallOptions | undefined): Promise<unknown>;
  /** The path-based openapi-fetch client, with the same credentials, retries and timeouts. */
  raw: Client<Paths>;
  /** The client's transport for `upload()`'s storage requests (src/upload/types.ts). */
  uploadContext: UploadContext;
}

/** A storage answer (XML error or empty 200) is small; a larger one is not read (a hostile server). */
export const DEFAULT_MAX_STORAGE_ANSWER_BYTES = 64 * 1024;

export function createOperationClient<Paths extends {}>(binding: ProviderBinding, options: CommonClientOptions): OperationClient<Paths> {
  const { operations } = binding.spec;
  if (!isObject(options)) checkCommonOptions(options); // throws: options must be an object
  // The parameters the client fills: its options (x-drivespec-client-option) and flags' only
  // value. Checked before the common options, as 0.1.0's clients checked libraryId and projectId.
  const defaults = parameterDefaults(operations, binding.spec.clientOptions, options as Readonly<Record<string, unknown>>);
  checkCommonOptions(options);
  const responseValidation: ResponseValidation = options.responseValidation ?? 'throw';
  const config = transportConfig(options, binding.authorize, binding.secrets);
  const tables = Object.values(operations);
  const allParameters = tables.flatMap((op) => op.parameters);
  const credentialQuery = binding.credentialQuery ?? {};
  // openapi-fetch's createClient drops a trailing slash the same way.
  const fetchBaseUrl = removeTrailingSlash(binding.baseUrl);

  /** `send`, refusing a status no Response can carry (a broken or hostile fetch). */
  const exchange = async (operationId: string, prepared: PreparedRequest, call: CallOptions): Promise<TransportResponse> => {
    const answer = await send(config, operationId, prepared, call);
    if (answer.status < 200 || answer.status > 599) {
      throw new TransportError(`${operationId}: unexpected HTTP status ${answer.status}`, answer.status, {
        operationId,
        attempts: answer.attempts,
      });
    }
    return answer;
  };

  /**
   * The raw client's fetch: openapi-fetch hands us its Request, we turn it into attempts and hand
   * back a Response with the body read (the raw client's callers read it themselves).
   */
  const rawFetch = async (input: Request): Promise<Response> => {
    const operationId = operationIdForUrl(tables, binding.baseUrl, input);
    const prepared: PreparedRequest = {
      method: input.method,
      url: input.url,
      // `send` copies them for every attempt before anything changes them.
      headers: input.headers,
      body: input.body ? new Uint8Array(await input.arrayBuffer()) : undefined,
    };
    const answer = await exchange(operationId, prepared, {});
    const init = { status: answer.status, statusText: answer.statusText, headers: answer.headers };
    return new Response(isNullBodyStatus(answer.status) ? null : (answer.body as Uint8Array<ArrayBuffer>), init);
  };

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- narrowed by each provider module
  const fetchClient = createFetchClient<any>({
    baseUrl: binding.baseUrl,
    // Power users' calls go through the same pipeline; the operation is found by its path.
    fetch: rawFetch,
    // No operation is known here, so every flag parameter of the provider is written bare.
    querySerializer: (query: Record<string, unknown>) =>
      serializeQuery(allParameters, null, query as Record<string, QueryValue>, credentialQuery),
  });
  // Header values checked and sent as UTF-8 octets as on the typed path (header-bytes.ts).
  // Path keys with `?flag` and multi-segment parameters first (operation-routes.ts), then the
  // header checks, which name the call by the key the caller wrote.
  const raw = rawClientWithHeaderBytes(rawClientWithPathKeys(fetchClient, tables), (method, path) =>
    operationIdForPath(tables, method, path),
  );

  // The binding with its validators loaded: at once when given as an object, else on the first
  // typed call (the raw client validates nothing, so it never waits for them).
  const spec = binding.spec;
  const validatorSource = spec.validators;
  const loadedBinding: () => Promise<LoadedBinding> =
    typeof validatorSource === 'function'
      ? (() => {
          let done: Promise<LoadedBinding> | undefined;
          return () =>
            (done ??= validatorSource().then(
              (validators) => ({ ...binding, spec: { ...spec, validators } }),
              (error: unknown) => {
                done = undefined; // a failed load is tried again by the next call
                throw error;
              },
            ));
        })()
      : ((ready) => () => Promise.resolve(ready))({ ...binding, spec: { ...spec, validators: validatorSource } });

  async function invoke(operationId: string, init: unknown = {}, call: CallOptions = {}): Promise<unknown> {
    checkCallOptions(call);
    const op = operations[operationId];
    if (!op) throw new ConfigurationError('operationId', `unknown operation ${operationId}`);
    const loaded = await loadedBinding();
    const { params, body } = checkRequest(loaded.spec.validators, op, init, defaults);

    // A multi-segment path parameter is written into the template here (operation-routes.ts).
    const template = requestTemplate(op, (params as { path?: Record<string, unknown> } | undefined)?.path);
    const sentParams: { header?: unknown } = template.path === op.path ? params : { ...params, path: template.pathParams as Record<string, unknown> };
    // Validated as text above; sent as UTF-8 octets, or refused when no header can carry it (header-bytes.ts).
    const headerParams = headerParamsAsBytes(sentParams, operationId);
    // The request openapi-fetch would build (its own URL, header and body serializers, so the
    // bytes are those of `client.raw`), without building it: openapi-fetch's Request, its body
    // stream read back and the answer re-wrapped in a Response for it to read cost more than
    // everything else drivespec does per call (issue 10, Speed).
    const bodyText = body === undefined ? undefined : serializeBody(op, body, headerParams.header);
    const prepared: PreparedRequest = {
      method: op.method,
      url: createFinalURL(template.path, {
        baseUrl: fetchBaseUrl,
        params: headerParams as never,
        querySerializer: (query: Record<string, unknown>) =>
          serializeQuery(op.parameters, op.queryOrder, query as Record<string, QueryValue>, credentialQuery),
        pathSerializer: defaultPathSerializer,
      }),
      headers: mergeHeaders(bodyText === undefined ? undefined : JSON_HEADERS, headerParams.header as never),
      body: bodyText === undefined ? undefined : utf8.encode(bodyText),
    };
    const answer = await exchange(operationId, prepared, call);
    // What `response.text()` would give: UTF-8, a leading BOM dropped, bad bytes as U+FFFD.
    const text = isNullBodyStatus(answer.status) ? undefined : utf8Text.decode(answer.body);
    return answer.status >= 200 && answer.status < 300
      ? interpretSuccess(loaded, op, answer, text, responseValidation, answer)
      : interpretFailure(loaded, op, answer, errorBody(text), responseValidation, answer);
  }

  // Storage URLs carry their own signature (or SMH's COS headers do): nothing is added to them.
  const storageConfig = { ...config, authorize: () => {} };
  const uploadContext: UploadContext = {
    provider: binding.spec.info.id,
    storage: (operationId, request, call = {}) => {
      const { maxResponseBytes = DEFAULT_MAX_STORAGE_ANSWER_BYTES, ...rest } = call;
      return send({ ...storageConfig, maxResponseBytes }, operationId, request, rest);
    },
    now: config.now,
    random: config.random,
    sleep: config.sleep,
    secrets: binding.secrets,
    maxRetries: config.maxRetries,
    timeout: config.timeout,
  };

  // openapi-fetch's client is built for any paths above; each provider's are its own spec's.
  return { invoke, raw: raw as Client<Paths>, uploadContext };
}
