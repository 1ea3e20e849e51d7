/**
 * What each emulated provider plugs into the server: its operation table and generated
 * validators (the same ones the clients use), its authentication, its handlers and the exact
 * error answers it gives for each class of bad input.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { ValidationIssue } from '../../core/errors.js';
import type { OperationTable } from '../../core/operation-client.js';
import type { ProviderId } from '../../core/provider.js';
import type { GeneratedValidator } from '../../core/validation.js';
import type { Answer } from '../answer.js';
import type { QueryValue } from '../query.js';
import type { EmulatorState } from '../state.js';
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
}

/** The parameters object the generated `validate<Op>Parameters` checks. */
export interface RequestParams {
  path?: Record<string, string>;
  query?: Record<string, QueryValue>;
  header?: Record<string, string>;
}

export type AuthResult<P> = { ok: true; principal: P } | { ok: false; answer: Answer };

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
}

export interface ProviderEmulator<P = unknown> {
  readonly id: ProviderId;
  readonly operations: Readonly<Record<string, OperationTable>>;
  readonly validators: Readonly<Record<string, GeneratedValidator>>;
  /** Response header carrying the request id on every answer. */
  readonly requestIdHeader: string;
  /** Query parameters that carry credentials (security schemes, not spec parameters). */
  readonly credentialQuery: readonly string[];
  readonly errors: ProviderErrors;
  authenticate(op: OperationTable, ctx: RequestContext): AuthResult<P>;
  /**
   * Runs the operation on valid input. Synchronous on purpose: reading and updating an upload
   * session happen with no `await` in between, so concurrent completes of one upload are
   * serialized by the event loop and exactly one of them wins.
   */
  handle(op: OperationTable, ctx: RequestContext, input: { params: RequestParams; body: unknown }, principal: P): Answer;
}

/** What the providers share: the store, the current credentials and the persistence hook. */
export interface ProviderEnv {
  state: EmulatorState;
  credentials: EmulatorCredentials;
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
