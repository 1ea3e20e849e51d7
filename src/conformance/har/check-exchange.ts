/**
 * One recorded exchange judged against its operation in the spec, as the three checks of the
 * report model (types.ts):
 *   wire    the recorded request: path, query and header parameters (the generated parameters
 *           validator), the body (JSON or a form, against the request-body validator), the
 *           credentials' presence and shape
 *   server  the recorded answer: a documented status, the provider's request-id header on a
 *           success, every header the spec documents for that status (present where required,
 *           its value against its schema), the body against that status's validator (errata are
 *           in the schemas)
 *   client  the recorded answer replayed through the typed client (as for a documented pair)
 * A part the recording lacks (a body the recorder did not keep) makes its check skipped; a part
 * the harness cannot judge (a form body where the spec declares another media type, a validator
 * it does not have) makes it errored; neither is ever passed, and a failure anywhere still fails it.
 */
import { providerTables } from '../../../generated/provider-tables.js';
import { formatIssues } from '../../core/errors.js';
import { issuesOf } from '../../core/validation.js';
import { checkClientSide } from '../client-check.js';
import type { ProviderSpec } from '../provider-specs.js';
import { elapsedMs } from '../summary.js';
import type { CheckResult, ConformanceCredentials, PairReport, PairRequest } from '../types.js';
import { credentialShapes, type CredentialShape } from './credential-shapes.js';
import type { ExchangeMatch } from './match-exchange.js';
import type { HarExchange, HarHeader, RecordedBody } from './parse-har.js';
import { isFormMediaType, mediaTypeEssence, readFormBody, type FormBody } from './read-form-body.js';
import { validateCoerced } from './validate-coerced.js';

export interface ExchangeCheckInput {
  spec: ProviderSpec;
  match: ExchangeMatch;
  exchange: HarExchange;
  /** The HAR file as named in the report (`source`). */
  file: string;
  /** For the client replay: never sent anywhere. */
  replayCredentials: ConformanceCredentials[keyof ConformanceCredentials];
  now: () => Date;
  /** Milliseconds, for the pair's duration only. */
  clock: () => number;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export async function checkExchange(input: ExchangeCheckInput): Promise<PairReport> {
  const { exchange, match } = input;
  const began = input.clock();
  const request = await recordedRequest(input);
  const { result: wire, sendable } = checkRequest(input, request);
  const server = checkResponse(input);
  const client = await replayThroughClient(input, request, sendable);
  return {
    name: `entry ${exchange.index}: ${exchange.method} ${exchange.url.pathname}`,
    scenario: 'recorded',
    source: `${input.file} entry ${exchange.index} (${match.op.operationId})`,
    status: exchange.status,
    checks: { client, wire, server },
    durationMs: elapsedMs(input.clock, began),
  };
}

/** Collects a check's failures, what it could not judge (errored) and what the recording lacks (skipped). */
class Verdict {
  readonly failures: string[] = [];
  readonly errors: string[] = [];
  readonly unchecked: string[] = [];
  readonly notes: string[] = [];
  result(): CheckResult {
    const note = this.notes.length ? { note: this.notes.join('; ') } : {};
    if (this.failures.length) return { status: 'failed', reason: [...this.failures, ...this.errors].join('; '), ...note };
    if (this.errors.length) return { status: 'errored', reason: this.errors.join('; '), ...note };
    if (this.unchecked.length) return { status: 'skipped', reason: `not checked: ${this.unchecked.join('; ')}`, ...note };
    return { status: 'passed', ...note };
  }
}

interface RecordedRequest {
  params: { path?: Record<string, string>; query?: Record<string, string | string[]>; header?: Record<string, string> };
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | Extract<FormBody, { kind: 'form' }> | { kind: 'unreadable'; why: string } | { kind: 'unrecorded'; why: string };
}

/** The request as the parameters validator and the client take it (credentials left out, as the emulator does). */
async function recordedRequest(input: ExchangeCheckInput): Promise<RecordedRequest> {
  const { op } = input.match;
  const credentialQuery = credentialQueryNames(input);
  const groups = new Set(op.parameters.map((p) => p.in));
  const params: RecordedRequest['params'] = {};
  if (groups.has('path')) params.path = { ...input.match.pathParams };
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of input.exchange.url.searchParams) {
    if (credentialQuery.has(name)) continue;
    const previous = Object.hasOwn(query, name) ? query[name] : undefined;
    const next = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    Object.defineProperty(query, name, { value: next, enumerable: true, writable: true, configurable: true });
  }
  if (groups.has('query') || Object.keys(query).length) params.query = query;
  if (groups.has('header')) {
    const header: Record<string, string> = {};
    for (const p of op.parameters) {
      if (p.in !== 'header') continue;
      const value = headerValue(input.exchange.requestHeaders, p.name);
      if (value !== undefined) header[p.name] = value;
    }
    params.header = header;
  }
  const form = await readFormBody(input.exchange.requestBody, input.exchange.requestHeaders);
  return { params, body: form ?? readJson(input.exchange.requestBody, 'request body') };
}

function readJson(body: RecordedBody, what: string): Exclude<RecordedRequest['body'], { kind: 'form' }> {
  switch (body.state) {
    case 'form':
      // Only requests have forms (parse-har.ts); an answer never reaches here with one.
      return { kind: 'unreadable', why: `the ${what} is a form, not JSON` };
    case 'absent':
      return { kind: 'none' };
    case 'not-recorded':
      return { kind: 'unrecorded', why: `the HAR holds no ${what}${body.size > 0 ? ` (${body.size} bytes sent)` : ''}` };
    case 'truncated':
      return { kind: 'unrecorded', why: `the HAR holds ${body.recorded} of the ${body.size} bytes of the ${what}` };
    case 'recorded': {
      let text: string;
      try {
        text = strictUtf8.decode(body.bytes);
      } catch {
        return { kind: 'unreadable', why: `the ${what} is not UTF-8 text` };
      }
      try {
        return { kind: 'json', value: JSON.parse(text) as unknown };
      } catch {
        return { kind: 'unreadable', why: `the ${what} is not JSON` };
      }
    }
  }
}

/** The wire check, and whether the typed client would send this request (parameters and body valid). */
/** Whether the typed client would send the request: `unknown` when the wire check could not judge it. */
type Sendable = 'yes' | 'no' | 'unknown';

function checkRequest(input: ExchangeCheckInput, request: RecordedRequest): { result: CheckResult; sendable: Sendable } {
  const { op } = input.match;
  const v = new Verdict();
  const validators = input.spec.validators;

  const paramsValidator = validators[op.parametersValidator];
  if (!paramsValidator) v.errors.push(`the harness has no ${op.parametersValidator}`);
  else if (!paramsValidator(request.params)) v.failures.push(`request parameters do not match the spec: ${formatIssues(issuesOf(paramsValidator))}`);

  const body = request.body;
  if (op.requestBody === null) {
    if (body.kind !== 'none') v.failures.push('a request body was sent; the spec declares none');
  } else if (body.kind === 'none') {
    if (op.requestBody.required) v.failures.push('no request body; the spec requires one');
  } else if (body.kind === 'unrecorded') {
    v.unchecked.push(body.why);
  } else if (body.kind === 'unreadable') {
    v.failures.push(body.why);
  } else if (body.kind === 'form') {
    checkForm(input, body, v);
  } else if (isFormMediaType(mediaTypeEssence(op.requestBody.contentType))) {
    v.failures.push(`request body is not a form; the spec declares ${op.requestBody.contentType}`);
  } else {
    const validator = validators[op.requestBody.validator];
    if (!validator) v.errors.push(`the harness has no ${op.requestBody.validator}`);
    else if (!validator(body.value)) v.failures.push(`request body does not match the spec: ${formatIssues(issuesOf(validator))}`);
  }

  const sendable: Sendable = v.failures.length ? 'no' : v.errors.length ? 'unknown' : 'yes';
  const security = securityProblem(input);
  if (security) v.failures.push(security);
  errataNote(input, v, 'request.');
  return { result: v.result(), sendable };
}

/**
 * A form body against the spec's request body, where the spec declares that form's media type.
 * The operation tables hold one media type per request body (scripts/generate/spec-model.ts):
 * where it is another, the form cannot be judged, and the check says so instead of passing.
 */
function checkForm(input: ExchangeCheckInput, body: Extract<FormBody, { kind: 'form' }>, v: Verdict): void {
  const { op } = input.match;
  const declared = op.requestBody!.contentType;
  const essence = mediaTypeEssence(declared);
  if (essence !== body.mediaType) {
    const what = isFormMediaType(essence) ? `${body.mediaType} body` : 'form body';
    v.errors.push(`not checked: the spec declares no ${what} for ${op.operationId} (it declares ${declared}; the recording sends ${body.mediaType})`);
    return;
  }
  if (body.unrecordedFiles.length) {
    v.unchecked.push(`the HAR holds no content of the file ${body.unrecordedFiles.length === 1 ? 'part' : 'parts'} ${body.unrecordedFiles.join(', ')}`);
    return;
  }
  const validator = input.spec.validators[op.requestBody!.validator];
  if (!validator) v.errors.push(`the harness has no ${op.requestBody!.validator}`);
  else if (!validateCoerced(validator, body.value)) v.failures.push(`request body (${body.mediaType}) does not match the spec: ${formatIssues(issuesOf(validator))}`);
}

/**
 * The headers the spec documents for the answer's status: each required one present, each
 * present one's value against its schema. The request-id header of a success is required by
 * the provider's facts (`x-drivespec-provider.requestIdHeader`) whatever its header object says.
 */
function checkResponseHeaders(input: ExchangeCheckInput, statusKey: string, v: Verdict): void {
  const { op, provider } = input.match;
  const { exchange } = input;
  const requestIdHeader = providerTables[provider].info.requestIdHeader;
  const success = exchange.status >= 200 && exchange.status < 300;
  if (success && headerValue(exchange.responseHeaders, requestIdHeader) === undefined) {
    v.failures.push(`no ${requestIdHeader} header (the provider's request id of a successful answer)`);
  }
  const byStatus = Object.hasOwn(input.spec.responseHeaders, op.operationId) ? input.spec.responseHeaders[op.operationId]! : {};
  const documented = Object.hasOwn(byStatus, statusKey) ? byStatus[statusKey]! : {};
  for (const [name, info] of Object.entries(documented)) {
    const value = headerValue(exchange.responseHeaders, name);
    if (value === undefined) {
      if (info.required && !(success && name.toLowerCase() === requestIdHeader.toLowerCase())) {
        v.failures.push(`no ${name} header (the spec requires it on HTTP ${statusKey})`);
      }
      continue;
    }
    if (info.validator === null) continue;
    const validator = input.spec.validators[info.validator];
    if (!validator) v.errors.push(`the harness has no ${info.validator} for header ${name}`);
    else if (!validateCoerced(validator, value)) v.failures.push(`header ${name} does not match the spec: ${formatIssues(issuesOf(validator))}`);
  }
}

function checkResponse(input: ExchangeCheckInput): CheckResult {
  const { op } = input.match;
  const { exchange } = input;
  const v = new Verdict();
  if (exchange.status === 0) return { status: 'skipped', reason: 'the HAR holds no answer (status 0: blocked, aborted or refused by the browser)' };
  const status = String(exchange.status);
  const statusKey = Object.hasOwn(op.responses, status) ? status : 'default';
  const entry = Object.hasOwn(op.responses, statusKey) ? op.responses[statusKey] : undefined;
  if (!entry) {
    v.failures.push(`HTTP ${status}, a status the spec does not declare for ${op.operationId} (declared: ${Object.keys(op.responses).join(', ')})`);
    return v.result();
  }
  checkResponseHeaders(input, statusKey, v);

  const body = readJson(exchange.responseBody, 'response body');
  if (entry.contentType === null) {
    // A bodiless answer may come as `{}`, which says nothing more (ARCHITECTURE.md, "Bodiless answers").
    const empty = body.kind === 'none' || (body.kind === 'json' && isEmptyObject(body.value));
    if (!empty && body.kind !== 'unrecorded') v.failures.push(`HTTP ${status} with a body; the spec declares none`);
    else if (body.kind === 'unrecorded') v.unchecked.push(body.why);
  } else if (body.kind === 'unrecorded') {
    v.unchecked.push(body.why);
  } else if (body.kind === 'unreadable') {
    v.failures.push(`HTTP ${status}: ${body.why}`);
  } else if (body.kind === 'none') {
    v.failures.push(`HTTP ${status} without a body; the spec declares ${entry.contentType}`);
  } else if (entry.validator !== null) {
    const validator = input.spec.validators[entry.validator];
    if (!validator) v.errors.push(`the harness has no ${entry.validator}`);
    else if (!validator(body.value)) v.failures.push(`the HTTP ${status} body does not match the spec: ${formatIssues(issuesOf(validator))}`);
  }
  errataNote(input, v, `response.${status}.`);
  return v.result();
}

/** The recorded answer through the typed client, when the request is one it would send. */
async function replayThroughClient(input: ExchangeCheckInput, request: RecordedRequest, sendable: Sendable): Promise<CheckResult> {
  const { exchange, match } = input;
  if (exchange.status === 0) return { status: 'skipped', reason: 'the HAR holds no answer to replay' };
  // The client refuses such a request before sending it; the wire check says why.
  if (sendable === 'no') return { status: 'skipped', reason: 'the recorded request does not match the spec (see wire)' };
  if (sendable === 'unknown') return { status: 'skipped', reason: 'the recorded request could not be checked against the spec (see wire)' };
  if (request.body.kind === 'form') {
    return { status: 'errored', reason: `not replayed: the typed client sends JSON request bodies only, not ${request.body.mediaType}` };
  }
  if (request.body.kind === 'unrecorded') return { status: 'skipped', reason: `${request.body.why}, no request to replay` };
  const answer = readJson(exchange.responseBody, 'response body');
  if (answer.kind === 'unrecorded') return { status: 'skipped', reason: `${answer.why}, nothing to replay` };
  if (answer.kind === 'unreadable') return { status: 'skipped', reason: `${answer.why}, nothing the client could read (see server)` };
  const pairRequest: PairRequest = {
    path: request.params.path ?? {},
    query: request.params.query ?? {},
    header: request.params.header ?? {},
    ...(request.body.kind === 'json' ? { body: request.body.value } : {}),
  };
  // `{}` on a bodiless answer says nothing more: the client resolves `undefined` for it (ARCHITECTURE.md, "Bodiless answers").
  const entry = Object.hasOwn(match.op.responses, String(exchange.status)) ? match.op.responses[String(exchange.status)] : undefined;
  const bodiless = entry?.contentType === null && answer.kind === 'json' && isEmptyObject(answer.value);
  const responseBody = answer.kind === 'json' && !bodiless ? answer.value : undefined;
  return checkClientSide({
    spec: input.spec,
    pair: {
      operationId: match.op.operationId,
      name: `entry ${exchange.index}`,
      scenario: 'recorded',
      source: input.file,
      request: pairRequest,
      response: { status: exchange.status, ...(responseBody !== undefined ? { body: responseBody } : {}) },
      wire: null,
    },
    request: pairRequest,
    credentials: input.replayCredentials,
    now: input.now,
  });
}

/**
 * Why the recorded credentials satisfy none of the operation's security requirements, or
 * `undefined` when one is met (an empty requirement: none needed). Names and forms only.
 */
function securityProblem(input: ExchangeCheckInput): string | undefined {
  const { op, provider } = input.match;
  if (op.security.length === 0) return undefined;
  const shapes = credentialShapes[provider];
  const problems: string[] = [];
  for (const requirement of op.security) {
    const missing: string[] = [];
    for (const name of requirement) {
      const scheme = Object.hasOwn(input.spec.securitySchemes, name) ? input.spec.securitySchemes[name] : undefined;
      if (!scheme) {
        missing.push(`${name}: unknown scheme`);
        continue;
      }
      const shape = Object.hasOwn(shapes, name) ? shapes[name] : scheme.type === 'http' && scheme.scheme === 'bearer' ? BEARER_SHAPE : undefined;
      const where = scheme.in === 'query' ? `query parameter ${scheme.name}` : `header ${scheme.type === 'http' ? 'Authorization' : scheme.name}`;
      const value =
        scheme.in === 'query' ? (input.exchange.url.searchParams.get(scheme.name ?? '') ?? undefined) : headerValue(input.exchange.requestHeaders, scheme.type === 'http' ? 'Authorization' : (scheme.name ?? ''));
      if (value === undefined || value.trim() === '') {
        missing.push(`${where} absent`);
      } else if (shape && !shape.pattern.test(value)) {
        missing.push(`${where} is not ${shape.form}`);
      } else {
        for (const w of shape?.with ?? []) {
          const v = headerValue(input.exchange.requestHeaders, w.header);
          if (v === undefined) missing.push(`header ${w.header} absent`);
          else if (!w.pattern.test(v)) missing.push(`header ${w.header} is not ${w.form}`);
        }
      }
    }
    if (missing.length === 0) return undefined;
    problems.push(`${requirement.join(' + ')} (${missing.join(', ')})`);
  }
  return `no credential the spec accepts: ${problems.join('; or ')}`;
}

const BEARER_SHAPE: CredentialShape = { pattern: /^Bearer +\S+$/i, form: '`Bearer <token>`' };

function credentialQueryNames(input: ExchangeCheckInput): Set<string> {
  const names = new Set<string>();
  for (const requirement of input.match.op.security) {
    for (const name of requirement) {
      const scheme = Object.hasOwn(input.spec.securitySchemes, name) ? input.spec.securitySchemes[name] : undefined;
      if (scheme?.type === 'apiKey' && scheme.in === 'query' && scheme.name) names.add(scheme.name);
    }
  }
  return names;
}

/**
 * Errata are in the schemas (the validators accept what the wire really sends); when a check
 * fails, the note says which of the operation's errata it already applied, so a reader does not
 * look for them in the provider's type tables.
 */
function errataNote(input: ExchangeCheckInput, v: Verdict, prefix: string): void {
  if (v.failures.length === 0) return;
  const fields = input.spec.errata.filter((e) => e.operationId === input.match.op.operationId && e.field.startsWith(prefix)).map((e) => e.field);
  if (fields.length) v.notes.push(`checked with the spec's errata applied: ${fields.join(', ')}`);
}

/** A header's value, names compared case-insensitively; repeated fields joined as HTTP does. */
export function headerValue(headers: readonly HarHeader[], name: string): string | undefined {
  const lower = name.toLowerCase();
  const values = headers.filter((h) => h.name.toLowerCase() === lower).map((h) => h.value);
  return values.length ? values.join(', ') : undefined;
}

function isEmptyObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.keys(value).length === 0;
}
