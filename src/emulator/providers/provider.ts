/**
 * What each emulated provider plugs into the server: its operation table and generated
 * validators (the same ones the clients use), its security schemes, its authentication, one
 * handler per operation and the exact error answers it gives for each class of bad input.
 *
 * Dispatch is exhaustive (issue 10 item 3): a provider declares its handlers as
 * `OperationHandlers<OperationId, …>`, keyed by the `OperationId` of its generated operation
 * table, so an operation added to a spec without a handler fails the type-check naming it
 * ("Property 'DeleteFile' is missing in type …"); at run time the router looks the handler up by
 * operation id and a route without one is answered `errors.notImplemented`, never by another
 * operation's handler.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ValidationIssue } from '../../core/errors.js';
import type { OperationTable, SecuritySchemeInfo } from '../../core/operation-table.js';
import type { ProviderId } from '../../core/provider.js';
import type { GeneratedValidator } from '../../core/validation.js';
import type { Answer } from '../answer.js';
import type { QueryValue } from '../query.js';
import type { EmulatorState } from '../state.js';
import type { UploadStore } from '../storage/upload-store.js';
import type { EmulatorCredentials } from '../types.js';

export interface RequestContext {
  method: string;
  /** The request target as received (origin-form), for signature verification. */
  target: string;
  headers: IncomingHttpHeaders;
  /**
   * Decoded path parameters, not yet validated: `authenticate` sees them before the spec's
   * parameters validator (ids are judged after the credentials, router.ts).
   */
  pathParams: Record<string, string>;
  query: ReadonlyMap<string, QueryValue>;
  body: Uint8Array;
  now: Date;
  requestId: string;
  /**
   * `http://host:port` as the client reached the emulator (the Host header when it names one,
   * else the emulator's URL): handlers mint absolute upload URLs on it (`storage.putUrl`).
   */
  origin: string;
}

/** The parameters object the generated `validate<Op>Parameters` checks. */
export interface RequestParams {
  path?: Record<string, string>;
  query?: Record<string, QueryValue>;
  header?: Record<string, string>;
}

export type AuthResult<P> = { ok: true; principal: P } | { ok: false; answer: Answer };

/** What a handler receives after every check passed: parameters and body as the generated validators accepted them. */
export interface HandlerInput<Body = unknown, Params = RequestParams> {
  params: Params;
  body: Body;
}

/**
 * Runs one operation on valid input. Synchronous on purpose: reading and updating an upload
 * session happen with no `await` in between, so concurrent completes of one upload are
 * serialized by the event loop and exactly one of them wins.
 *
 * Written as a method type so that its parameters are compared bivariantly: a handler typed for
 * its own operation's body fits the server's table of every handler. The server calls it only
 * with a body its operation's generated request-body validator accepted (server.ts), which is
 * what makes `Body` and `Params` true (the parameters validator is a type guard to the same type).
 */
export type Handler<P = unknown, Body = unknown, Params = RequestParams> = {
  run(ctx: RequestContext, input: HandlerInput<Body, Params>, principal: P): Answer;
}['run'];

/**
 * The JSON request body of one entry of the generated `operations` type (openapi-typescript):
 * the body type when it is required, `| undefined` when optional, `undefined` when there is none.
 */
export type RequestBodyOf<Op> = Op extends { requestBody: { content: { 'application/json': infer B } } }
  ? B
  : Op extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B | undefined
    : undefined;

/** The parameters object of one entry of the generated `operations` type (`{ path, query, header }`). */
export type ParametersOf<Op> = Op extends { parameters: infer X } ? X : RequestParams;

/**
 * One handler for every operation id, and only those: a missing operation fails the type-check
 * with "Property '<OperationId>' is missing", an extra one with "Object literal may only specify
 * known properties". `Types` is the generated `operations` type, for each handler's parameters
 * and body types.
 */
export type OperationHandlers<Id extends string, P, Types extends { readonly [K in Id]: unknown } = { readonly [K in Id]: unknown }> = {
  readonly [K in Id]: Handler<P, RequestBodyOf<Types[K]>, ParametersOf<Types[K]>>;
};

export interface ProviderErrors {
  /** A path id that is not valid percent-encoding (the spec's `ResourceId` rules are the validator's). */
  invalidId(name: string, reason: string, requestId: string): Answer;
  /** A query string that cannot be decoded. */
  invalidQuery(reason: string, requestId: string): Answer;
  malformedBody(requestId: string): Answer;
  invalidParameters(issues: ValidationIssue[], requestId: string): Answer;
  invalidBody(issues: ValidationIssue[], requestId: string): Answer;
  tooLarge(limit: number, requestId: string): Answer;
  wrongMethod(allowed: readonly string[], requestId: string): Answer;
  internal(status: 500 | 503, requestId: string): Answer;
  /**
   * An operation of the spec the emulator has no handler for: the provider's "this API does not
   * exist" answer (its gateway's, where it has one), naming the operation.
   */
  notImplemented(operationId: string, requestId: string): Answer;
}

/**
 * One emulated provider. `Id` is its spec's `OperationId` in the provider's own module (so its
 * handlers are keyed by exactly those ids); the server sees every provider with `Id = string`.
 */
export interface ProviderEmulator<P = unknown, Id extends string = string> {
  readonly id: ProviderId;
  readonly operations: Readonly<Record<string, OperationTable>>;
  readonly validators: Readonly<Record<string, GeneratedValidator>>;
  /** The spec's security schemes: where credentials travel (never spec parameters). */
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeInfo>>;
  /** Response header carrying the request id on every answer. */
  readonly requestIdHeader: string;
  readonly errors: ProviderErrors;
  /** May be async: the AccessKey verifiers hash with WebCrypto-shaped (promise) primitives. */
  authenticate(op: OperationTable, ctx: RequestContext): AuthResult<P> | Promise<AuthResult<P>>;
  /**
   * The handlers by operation id (an `OperationHandlers` record in each provider). The server
   * serves any table it is given: a row without a handler is answered `errors.notImplemented`
   * (router.ts).
   */
  readonly handlers: { readonly [K in Id]: Handler<P> };
  /** Extra cleanup on `seed.reset()` (the PDS nonce cache). */
  reset?(): void;
}

/**
 * The query parameters that carry credentials for an operation: the names of its `apiKey`
 * schemes `in: query` (SMH `access_token`), read from the spec's security schemes so they are
 * not reported as undeclared parameters.
 */
export function credentialQueryNames(op: OperationTable, schemes: Readonly<Record<string, SecuritySchemeInfo>>): string[] {
  const names = new Set<string>();
  for (const requirement of op.security) {
    for (const schemeName of requirement) {
      const scheme = Object.hasOwn(schemes, schemeName) ? schemes[schemeName] : undefined;
      if (scheme?.type === 'apiKey' && scheme.in === 'query' && scheme.name) names.add(scheme.name);
    }
  }
  return [...names];
}

/** The handler of an operation, only an own entry (an operation named `constructor` is not `Object.prototype`'s). */
export function handlerFor<P>(handlers: Readonly<Record<string, Handler<P>>>, operationId: string): Handler<P> | undefined {
  return Object.hasOwn(handlers, operationId) ? handlers[operationId] : undefined;
}

/** What the providers share: the store, the current credentials and the persistence hook. */
export interface ProviderEnv {
  state: EmulatorState;
  credentials: EmulatorCredentials;
  /** The bytes clients PUT to the upload URLs handlers hand out (storage/upload-store.ts); it persists itself. */
  storage: UploadStore;
  /** Call after every change to the store (persists it when a state file is configured). */
  commit(): void;
}

/** A request header as one string (Node joins repeated fields), `undefined` when absent. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name.toLowerCase()];
  if (v === undefined) return undefined;
  return Array.isArray(v) ? v.join(', ') : v;
}

/** A short, single-line description of validation issues for an error message. */
export function describeIssues(issues: readonly ValidationIssue[]): string {
  const text = issues
    .slice(0, 3)
    .map((i) => `${fieldName(i.path)} ${i.message}`)
    .join('; ');
  return issues.length > 3 ? `${text}; and ${issues.length - 3} more` : text;
}

/** `/query/with_inode` → `with_inode`, `` → `the request body`; user-chosen names are cut short. */
export function fieldName(pointer: string): string {
  if (pointer === '') return 'the request body';
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  const name = (['path', 'query', 'header'].includes(parts[0] ?? '') && parts.length > 1 ? parts.slice(1) : parts).join('.');
  const printable = name.replace(/[^\x20-\x7e]/g, '?');
  return printable.length > 64 ? `${printable.slice(0, 61)}...` : printable;
}
