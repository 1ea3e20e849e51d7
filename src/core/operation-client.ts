/**
 * The handwritten layer every provider client is built from, assembled from one module per job:
 * the generated operation table says what an operation is; `request-input.ts` checks what the
 * caller asks for; openapi-fetch builds the request; `transport.ts` authorizes and sends it with
 * retries and timeouts; `answers.ts` turns the answer into a value or a typed error.
 */
import createFetchClient, { type Client } from 'openapi-fetch';
import type { LoadedBinding, ProviderBinding } from './binding.js';
import { checkCommonOptions, isObject, transportConfig, type CommonClientOptions } from './client-options.js';
import { TransportError, ConfigurationError } from './errors.js';
import { headerParamsAsBytes, rawClientWithHeaderBytes } from './header-bytes.js';
import { interpretFailure, interpretSuccess, type AnswerInfo } from './answers.js';
import { operationIdForPath, operationIdForUrl, rawClientWithPathKeys, requestTemplate } from './operation-routes.js';
import { serializeQuery, type QueryValue } from './query.js';
import { checkRequest, parameterDefaults, type OperationRequestInit } from './request-input.js';
import { checkCallOptions, send, type CallOptions, type PreparedRequest } from './transport.js';
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

/** A typed call's request body as openapi-fetch serialized it (undefined: none, or not JSON). */
interface TypedCall {
  body?: string;
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

  /**
   * How many attempts produced each answer, what to scrub from it, and (typed calls) its body
   * text, for errors raised after the response.
   */
  const answers = new WeakMap<Response, AnswerInfo & { text?: string | undefined }>();

  /**
   * openapi-fetch hands us a Request; we turn it into attempts. A typed call passes `typed`, with
   * the JSON body it serialized, so the Request's body stream is not read back; and it gets a
   * Response without a body: the text is decoded once from the bytes read and kept in `answers`,
   * rather than wrapped in a stream for openapi-fetch to read again (issue 10, Speed). The raw
   * client's callers read the Response themselves, so theirs carries the body.
   */
  const transportFetch = async (input: Request, operationId: string, call: CallOptions, typed?: TypedCall): Promise<Response> => {
    const sentBody = typed?.body;
    const prepared: PreparedRequest = {
      method: input.method,
      url: input.url,
      // `send` copies them for every attempt before anything changes them.
      headers: input.headers,
      body:
        sentBody !== undefined ? utf8.encode(sentBody) : input.body ? new Uint8Array(await input.arrayBuffer()) : undefined,
    };
    const answer = await send(config, operationId, prepared, call);
    if (answer.status < 200 || answer.status > 599) {
      throw new TransportError(`${operationId}: unexpected HTTP status ${answer.status}`, answer.status, {
        operationId,
        attempts: answer.attempts,
      });
    }
    const nullBody = [204, 205, 304].includes(answer.status);
    const init = { status: answer.status, statusText: answer.statusText, headers: answer.headers };
    const info = { attempts: answer.attempts, secrets: answer.secrets };
    if (!typed) {
      const response = new Response(nullBody ? null : (answer.body as Uint8Array<ArrayBuffer>), init);
      answers.set(response, info);
      return response;
    }
    // What `response.text()` would give: UTF-8, a leading BOM dropped, bad bytes as U+FFFD.
    const response = new Response(null, init);
    answers.set(response, { ...info, text: nullBody ? undefined : utf8Text.decode(answer.body) });
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

    const typed: TypedCall = {};
    // A multi-segment path parameter is written into the template here (operation-routes.ts).
    const template = requestTemplate(op, (params as { path?: Record<string, unknown> } | undefined)?.path);
    const sentParams = template.path === op.path ? params : { ...(params as object), path: template.pathParams };
    const { response } = await fetchClient.request(op.method.toLowerCase() as 'post', template.path, {
      // Validated as text above; sent as UTF-8 octets, or refused when no header can carry it (header-bytes.ts).
      params: headerParamsAsBytes(sentParams, operationId) as never,
      body: body as never,
      parseAs: 'text',
      // openapi-fetch's own serializer for a JSON body, keeping the text it sends.
      ...(op.requestBody && JSON_TYPE.test(op.requestBody.contentType)
        ? { bodySerializer: (value: unknown) => (typed.body = JSON.stringify(value)) }
        : {}),
      querySerializer: (query: Record<string, unknown>) =>
        serializeQuery(op.parameters, op.queryOrder, query as Record<string, QueryValue>, credentialQuery),
      fetch: (input: Request) => transportFetch(input, operationId, call, typed),
    });
    const answer = answers.get(response) ?? { attempts: 1, secrets: binding.secrets };
    return response.ok
      ? interpretSuccess(loaded, op, response, answer.text, responseValidation, answer)
      : interpretFailure(loaded, op, response, errorBody(answer.text), responseValidation, answer);
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
