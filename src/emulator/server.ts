/**
 * The emulator's HTTP server (node:http, no framework). One pipeline for every provider:
 *
 *   CORS (an origin not allowed is refused, a preflight answered: cors.ts) →
 *   route (and the operation's handler, router.ts) → body (size-limited while streaming) →
 *   credentials → injected fault → JSON → parameters and body against the generated
 *   validators → the operation's handler (synchronous)
 *
 * Each step answers with the provider's own status and error body. Nothing a client sends can
 * make an exception escape: the whole pipeline is wrapped, and a failure inside it becomes the
 * provider's internal error without a stack trace.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConfigurationError, type ValidationIssue } from '../core/errors.js';
import { providerIds, type ProviderId } from '../core/provider.js';
import { redactUrl } from '../core/redact.js';
import { issuesOf } from '../core/validation.js';
import { neutralError, serviceBusy, type Answer } from './answer.js';
import { BodyBudget, type BodyLease } from './body-budget.js';
import { ConnectionLimit } from './connection-limit.js';
import {
  apiCorsRules,
  corsHeaders,
  corsRefusal,
  createCorsPolicy,
  disallowedHeaders,
  preflightAnswer,
  STORAGE_CORS_REFUSAL,
  storageCorsRules,
  type CorsRules,
} from './cors.js';
import { mergeCredentials } from './credentials.js';
import { FaultPlan } from './faults.js';
import { lingerClose } from './linger-close.js';
import { EmulatorListenError } from './listen-error.js';
import { createProviderEmulators, type ProviderEmulators } from './providers/create-provider-emulators.js';
import type { OperationTable } from '../core/operation-table.js';
import {
  credentialQueryNames,
  type ProviderEmulator,
  type ProviderEnv,
  type RequestContext,
  type RequestParams,
} from './providers/provider.js';
import { parseQuery, type QueryValue } from './query.js';
import { readBody } from './read-body.js';
import { createRequestIds } from './request-ids.js';
import { parseRequestTarget } from './request-target.js';
import { createRouter } from './router.js';
import { applySeedRequest, createSeed, EmulatorSeedError } from './seed.js';
import { EmulatorState } from './state.js';
import { EmulatorStateFileError, readStateFile, writeStateFile } from './state-file.js';
import { DiskUploadStore } from './storage/disk-upload-store.js';
import { handleStoragePut, isStoragePath, storageFlavorOf } from './storage/put-route.js';
import { storageError } from './storage/storage-answers.js';
import { resolveStorageLimits } from './storage/storage-limits.js';
import type { EmulatorOptions, RunningEmulator } from './types.js';

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
/** Default `maxBodyBytesInFlight` (or `maxBodyBytes`, if larger): 64 bodies at the default limit. */
export const DEFAULT_MAX_BODY_BYTES_IN_FLIGHT = 64 * 1024 * 1024;
/** Default `maxConnections`: twice it (the hard cap) stays under the usual 1,024 open files. */
export const DEFAULT_MAX_CONNECTIONS = 256;
export const DEFAULT_HEADERS_TIMEOUT_MS = 30_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** The emulator's own routes live under this prefix (no provider path starts with it). */
export const CONTROL_PREFIX = '/__drivespec/';

function checkOptions(options: EmulatorOptions): void {
  const { port, host, maxBodyBytes, stateFile, now, log, onWarning, onAnswer } = options;
  const { maxBodyBytesInFlight, maxConnections, headersTimeoutMs, requestTimeoutMs } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new ConfigurationError('port', 'must be a whole number from 0 to 65535');
  }
  if (host !== undefined && (typeof host !== 'string' || host === '')) throw new ConfigurationError('host', 'must be a host name or address');
  if (maxBodyBytes !== undefined && (!Number.isSafeInteger(maxBodyBytes) || maxBodyBytes < 1)) {
    throw new ConfigurationError('maxBodyBytes', 'must be a whole number of bytes, 1 or more');
  }
  for (const [name, value] of [
    ['maxBodyBytesInFlight', maxBodyBytesInFlight],
    ['maxConnections', maxConnections],
    ['headersTimeoutMs', headersTimeoutMs],
    ['requestTimeoutMs', requestTimeoutMs],
  ] as const) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) throw new ConfigurationError(name, 'must be a whole number, 1 or more');
  }
  if (maxBodyBytesInFlight !== undefined && maxBodyBytesInFlight < (maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)) {
    throw new ConfigurationError('maxBodyBytesInFlight', 'must be at least maxBodyBytes (else no body at the limit could ever be read)');
  }
  if (headersTimeoutMs !== undefined && headersTimeoutMs > (requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)) {
    throw new ConfigurationError('headersTimeoutMs', 'must be at most requestTimeoutMs');
  }
  if (stateFile !== undefined && (typeof stateFile !== 'string' || stateFile === '')) {
    throw new ConfigurationError('stateFile', 'must be a file path');
  }
  if (options.dataDir !== undefined && (typeof options.dataDir !== 'string' || options.dataDir === '')) {
    throw new ConfigurationError('dataDir', 'must be a directory path');
  }
  resolveStorageLimits(options.storageLimits);
  for (const [name, fn] of [['now', now], ['log', log], ['onWarning', onWarning], ['onAnswer', onAnswer]] as const) {
    if (fn !== undefined && typeof fn !== 'function') throw new ConfigurationError(name, 'must be a function');
  }
}

export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulatorWith(options, createProviderEmulators);
}

/**
 * `startEmulator` serving the providers `createProviders` builds (internal, not exported from
 * `drivespec/emulator`): tests serve a provider whose operation table has an operation more than
 * its handlers, as a spec that gained an operation would.
 */
export async function startEmulatorWith(
  options: EmulatorOptions,
  createProviders: (env: ProviderEnv) => ProviderEmulators,
): Promise<RunningEmulator> {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new ConfigurationError('options', 'must be an object (or left out)');
  }
  checkOptions(options);
  const cors = createCorsPolicy(options.corsOrigins);
  const now = options.now ?? (() => new Date());
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const budget = new BodyBudget(options.maxBodyBytesInFlight ?? Math.max(DEFAULT_MAX_BODY_BYTES_IN_FLIGHT, maxBodyBytes));
  const connections = new ConnectionLimit(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const headersTimeoutMs = options.headersTimeoutMs ?? Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs);
  const log = options.log;
  const state = new EmulatorState();
  let remembered;
  let doc: unknown;
  if (options.stateFile !== undefined) {
    doc = readStateFile(options.stateFile);
    if (doc !== undefined) {
      try {
        remembered = state.load(doc);
      } catch (error) {
        throw new ConfigurationError('stateFile', (error as Error).message);
      }
    }
  }
  const credentials = mergeCredentials(remembered, options.credentials);

  const warn = (line: string): void => {
    try {
      if (options.onWarning) options.onWarning(line);
      else process.emitWarning(line, { type: 'DrivespecEmulatorWarning' });
    } catch {
      // The caller's hook must not turn a warning into a failed request.
    }
  };
  // A failing disk fails every write: warn when writes start failing (or the reason changes) and
  // when they work again, not once per request.
  let lastWriteFailure: string | undefined;
  // Storage bytes live in the data directory; their records go into the state file with the rest.
  const storage = new DiskUploadStore({
    dataDir: options.dataDir ?? (options.stateFile !== undefined ? `${options.stateFile}.data` : undefined),
    eager: options.dataDir !== undefined,
    limits: resolveStorageLimits(options.storageLimits),
    now,
    commit: () => persist(),
  });
  const snapshot = () => ({ ...state.toJSON(credentials), storage: storage.toJSON() });
  const persist = (): void => {
    if (options.stateFile === undefined) return;
    try {
      writeStateFile(options.stateFile, snapshot());
      if (lastWriteFailure !== undefined) warn(`state file written again: ${options.stateFile}`);
      lastWriteFailure = undefined;
    } catch (error) {
      // The in-memory state stays authoritative and the file keeps its last complete version
      // (atomic rename); the failure is reported, never thrown into a request.
      const message = error instanceof EmulatorStateFileError ? error.message : `cannot write state file ${options.stateFile}`;
      if (message !== lastWriteFailure) {
        warn(`${message}; changes are kept in memory only until a write succeeds`);
      }
      lastWriteFailure = message;
    }
  };
  // Written once before listening, so a file that cannot be written stops the start instead of
  // serving a session whose state would silently be lost on restart.
  try {
    storage.load(isStateDocument(doc) ? doc.storage : undefined, warn);
    if (options.stateFile !== undefined) writeStateFile(options.stateFile, snapshot());
  } catch (error) {
    storage.close();
    if (error instanceof EmulatorStateFileError) throw error;
    throw new ConfigurationError('stateFile', (error as Error).message);
  }

  const env: ProviderEnv = { state, credentials, storage, commit: persist };
  const providers = createProviders(env);
  const faults = new FaultPlan();
  const seed = createSeed({
    state,
    credentials,
    faults,
    now,
    operationIds: Object.fromEntries(providerIds.map((p) => [p, Object.keys(providers[p].operations)])) as Record<
      ProviderId,
      string[]
    >,
    commit: persist,
    onReset: () => {
      for (const provider of Object.values(providers)) provider.reset?.();
      storage.reset();
    },
    storage,
  });
  const route = createRouter(Object.values(providers));
  /** Per operation of this emulator's providers, computed on first use: its credentials' query names. */
  const credentialQueryCache = new WeakMap<OperationTable, readonly string[]>();
  const credentialQueryOf = (op: OperationTable, provider: ProviderEmulator): readonly string[] => {
    let names = credentialQueryCache.get(op);
    if (names === undefined) credentialQueryCache.set(op, (names = credentialQueryNames(op, provider.securitySchemes)));
    return names;
  };
  const nextRequestId = createRequestIds();

  interface Handled {
    answer: Answer;
    provider?: ProviderEmulator;
    op?: OperationTable;
    /** Storage routes: the body as text (XML) instead of `answer.body`; `answer.headers` carry the service's request-id header. */
    raw?: { text: string; provider?: ProviderId };
    /** A preflight answer (its CORS headers set) or a CORS refusal (none): respond() adds no CORS headers. */
    corsDone?: true;
  }

  /**
   * The CORS step (cors.ts), before the route's own checks and authentication: a request with an
   * `Origin` the policy does not allow is refused; a preflight is answered here. Undefined: go on.
   */
  function corsStep(req: IncomingMessage, method: string, parsed: { path: string; query: string }, requestId: string): Handled | undefined {
    const origin = singleHeader(req.headers.origin);
    if (origin === undefined) return undefined;
    const requestedMethod = method === 'OPTIONS' ? singleHeader(req.headers['access-control-request-method']) : undefined;
    const preflight = requestedMethod !== undefined;
    const flavor = isStoragePath(parsed.path) ? storageFlavorOf(parsed.path) : undefined;
    let provider: ProviderEmulator | undefined;
    let served: boolean;
    let rules: CorsRules | undefined;
    if (flavor) {
      served = requestedMethod === 'PUT';
      rules = storageCorsRules(flavor);
    } else if (parsed.path.startsWith(CONTROL_PREFIX)) {
      served = requestedMethod === (parsed.path === `${CONTROL_PREFIX}seed` ? 'POST' : 'GET');
      rules = CONTROL_CORS_RULES;
    } else {
      const match = route(requestedMethod ?? method, parsed.path, parsed.query);
      if (match.kind !== 'none') provider = match.provider;
      // A path and method with no operation for its flags (SMH `DELETE …?confirm`) is not served either.
      served = match.kind === 'operation' || match.kind === 'not-implemented';
      if (provider) rules = apiCorsRules(provider);
    }
    let refused = !cors.allows(origin);
    if (!refused && preflight) {
      const requestedHeaders = singleHeader(req.headers['access-control-request-headers']);
      const bad = rules ? disallowedHeaders(requestedHeaders, rules) : undefined;
      refused = !served || bad === undefined || bad.length > 0;
      if (!refused) {
        return { answer: preflightAnswer(origin, [requestedMethod], requestedHeaders), ...(provider ? { provider } : {}), corsDone: true };
      }
    }
    if (!refused) return undefined;
    // An actual request's body is left unread: close after answering (lingering).
    const close = preflight ? {} : { close: true as const };
    const refusal = corsRefusal({ ...(provider ? { provider } : {}), ...(flavor ? { flavor } : {}) }, requestId);
    if ('storage' in refusal) {
      const answer = storageError(refusal.storage, 403, 'AccessForbidden', STORAGE_CORS_REFUSAL, requestId, parsed.path);
      return { answer: { status: 403, headers: answer.headers, ...close }, raw: { text: answer.body }, corsDone: true };
    }
    return { answer: { ...refusal, ...close }, ...(provider ? { provider } : {}), corsDone: true };
  }

  async function pipeline(
    req: IncomingMessage,
    requestId: string,
    target: string,
    noteProvider: (p: ProviderEmulator) => void,
    lease: BodyLease,
  ): Promise<Handled> {
    const method = req.method ?? 'GET';
    const parsed = parseRequestTarget(target);
    if (connections.isOverLimit(req.socket)) {
      // Refused before any work, in the shape of the provider (or storage service) the path belongs to (if any).
      const busyFlavor = parsed ? storageFlavorOf(parsed.path) : undefined;
      if (busyFlavor) {
        const busy = storageError(busyFlavor, 503, 'ServiceUnavailable', 'Please reduce your request rate.', requestId, parsed!.path);
        return { answer: { status: 503, headers: { ...busy.headers, 'retry-after': '1' }, close: true }, raw: { text: busy.body } };
      }
      const match = parsed && !parsed.path.startsWith(CONTROL_PREFIX) ? route(method, parsed.path, parsed.query) : undefined;
      const provider = match && match.kind !== 'none' ? match.provider : undefined;
      if (provider) noteProvider(provider);
      const op = match && 'op' in match ? match.op : undefined;
      return { answer: serviceBusy(provider, requestId), ...(provider ? { provider } : {}), ...(op ? { op } : {}) };
    }
    // RFC 9112 §3.2: an HTTP/1.1 request without Host is answered 400 (Node's own answer has no body),
    // and so is any request with more than one Host line (Node keeps the first) or an invalid one.
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      return { answer: { ...neutralError(400, 'BadRequest', 'An HTTP/1.1 request must carry a Host header.'), close: true } };
    }
    const hostProblem = checkHostHeader(req.rawHeaders);
    if (hostProblem) return { answer: { ...neutralError(400, 'BadRequest', hostProblem), close: true } };
    if (!parsed) return { answer: neutralError(400, 'InvalidRequestTarget', 'The request target is not an origin-form path.') };
    const corsAnswer = corsStep(req, method, parsed, requestId);
    if (corsAnswer) {
      if (corsAnswer.provider) noteProvider(corsAnswer.provider);
      return corsAnswer;
    }
    // Storage PUTs stream to disk: dispatched before any body is read, and never through readBody.
    if (isStoragePath(parsed.path)) return storageRoute(req, parsed.path, parsed.query, requestId);
    if (parsed.path.startsWith(CONTROL_PREFIX)) return { answer: await control(req, method, parsed.path, lease) };

    const match = route(method, parsed.path, parsed.query);
    if (match.kind === 'none') {
      return { answer: neutralError(404, 'RouteNotFound', 'No emulated operation has this path.') };
    }
    const provider = match.provider;
    noteProvider(provider);
    if (match.kind === 'wrong-method') return { answer: provider.errors.wrongMethod(match.allowed, requestId), provider };
    // An API's path and method whose query names none of the flags selecting its operations (SMH
    // `POST …/{ConfirmKey}` without `?confirm`/`?renew`): no such API, as for a missing handler.
    if (match.kind === 'no-operation') {
      const name = `${match.method} ${parsed.path} without ${match.flags.map((f) => `?${f}`).join(', ')}`;
      return { answer: provider.errors.notImplemented(name, requestId), provider };
    }
    // A spec operation without a handler: the provider's "API does not exist" answer, before the
    // body and the credentials, as a gateway that has no such API published answers.
    if (match.kind === 'not-implemented') {
      return { answer: provider.errors.notImplemented(match.op.operationId, requestId), provider, op: match.op };
    }
    const op = match.op;

    // Refuse a declared oversized body before reading a byte of it.
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > maxBodyBytes) {
      return { answer: { ...provider.errors.tooLarge(maxBodyBytes, requestId), close: true }, provider, op };
    }
    const body = await readBody(req, maxBodyBytes, lease);
    if (!body.ok) {
      if (body.reason === 'aborted') throw new ClientGone();
      if (body.reason === 'over-budget') return { answer: serviceBusy(provider, requestId), provider, op };
      return { answer: { ...provider.errors.tooLarge(maxBodyBytes, requestId), close: true }, provider, op };
    }

    const query = parseQuery(parsed.query);
    if (!query.ok) return { answer: provider.errors.invalidQuery(query.reason, requestId), provider, op };

    const ctx: RequestContext = {
      method,
      target,
      headers: req.headers,
      pathParams: match.pathParams,
      query: query.values,
      body: body.bytes,
      now: now(),
      requestId,
      origin: originOf(req),
    };
    // A promise only for signatures: a token is checked without waiting a microtask.
    const checked = provider.authenticate(op, ctx);
    const auth = checked instanceof Promise ? await checked : checked;
    if (!auth.ok) return { answer: auth.answer, provider, op };
    // Ids are judged after the credentials (router.ts): the spec's validator below, or here an id
    // that cannot even be decoded.
    if (match.undecodable !== undefined) {
      return { answer: provider.errors.invalidId(match.undecodable, 'is not valid percent-encoding', requestId), provider, op };
    }

    const fault = faults.take(provider.id, op.operationId);
    if (fault) return { answer: provider.errors.internal(fault, requestId), provider, op };

    const params = parametersOf(op, ctx, credentialQueryOf(op, provider));
    const paramsValidator = provider.validators[op.parametersValidator]!;
    if (!paramsValidator(params)) {
      return { answer: provider.errors.invalidParameters(issuesOf(paramsValidator) as ValidationIssue[], requestId), provider, op };
    }

    let json: unknown;
    if (op.requestBody) {
      if (body.bytes.length === 0) {
        if (op.requestBody.required) {
          return { answer: provider.errors.invalidBody([{ path: '', message: 'is required', keyword: 'required' }], requestId), provider, op };
        }
      } else {
        const decoded = decodeJson(body.bytes);
        if (!decoded.ok) return { answer: provider.errors.malformedBody(requestId), provider, op };
        json = decoded.value;
        const validator = provider.validators[op.requestBody.validator]!;
        if (!validator(json)) return { answer: provider.errors.invalidBody(issuesOf(validator), requestId), provider, op };
      }
    }

    return { answer: match.handler(ctx, { params, body: json }, auth.principal), provider, op };
  }

  /** `http://host:port` as the client reached us: its Host header (checked by checkHostHeader) when it names a host. */
  function originOf(req: IncomingMessage): string {
    const host = req.headers.host;
    return host ? `http://${host}` : url;
  }

  async function storageRoute(req: IncomingMessage, path: string, query: string, requestId: string): Promise<Handled> {
    const flavor = storageFlavorOf(path);
    if (flavor === undefined) return { answer: { ...neutralError(404, 'RouteNotFound', 'No storage route has this path.'), close: true } };
    let outcome;
    try {
      outcome = await handleStoragePut(storage, req, path, query, requestId);
    } catch {
      // The emulator's bug (a disk that fails in a way not foreseen): the service's 500, no detail.
      const answer = storageError(flavor, 500, 'InternalError', 'We encountered an internal error. Please try again.', requestId, path);
      return { answer: { status: 500, headers: answer.headers, close: true }, raw: { text: answer.body } };
    }
    if (outcome.kind === 'gone') throw new ClientGone();
    const { status, headers, body, close } = outcome.answer;
    return {
      answer: { status, headers, ...(close ? { close } : {}) },
      raw: { text: body, ...(outcome.provider ? { provider: outcome.provider } : {}) },
    };
  }

  /** `/__drivespec/health` and `/__drivespec/seed`: the CLI case's seeding, no credentials (local only). */
  async function control(req: IncomingMessage, method: string, path: string, lease: BodyLease): Promise<Answer> {
    if (path === `${CONTROL_PREFIX}health`) {
      return method === 'GET' ? { status: 200, body: { ok: true } } : methodNotAllowed('GET');
    }
    if (path !== `${CONTROL_PREFIX}seed`) return neutralError(404, 'RouteNotFound', 'No emulator route has this path.');
    if (method !== 'POST') return methodNotAllowed('POST');
    const body = await readBody(req, maxBodyBytes, lease);
    if (!body.ok) {
      if (body.reason === 'aborted') throw new ClientGone();
      if (body.reason === 'over-budget') return serviceBusy(undefined, '');
      return { ...neutralError(413, 'RequestEntityTooLarge', `The seed body is larger than the ${maxBodyBytes}-byte limit.`), close: true };
    }
    const decoded = decodeJson(body.bytes);
    if (!decoded.ok) return neutralError(400, 'InvalidSeed', 'The seed body is not valid JSON.');
    try {
      const kind = applySeedRequest(seed, decoded.value);
      return { status: 200, body: { ok: true, kind } };
    } catch (error) {
      if (error instanceof EmulatorSeedError) return neutralError(400, 'InvalidSeed', error.message);
      throw error;
    }
  }

  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      // Node checks the two timeouts every 30 s by default: a stated timeout would be up to 30 s late.
      connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(headersTimeoutMs / 4))),
      // Answered by the pipeline in the neutral JSON shape instead of Node's bare 400.
      requireHostHeader: false,
    },
    (req, res) => {
      void respond(req, res);
    },
  );
  server.on('connection', (socket: Socket) => connections.accept(socket));
  /**
   * The latest answer per socket (a property, not a WeakMap entry and a `finish` listener per
   * request): a timeout must not write over an answer already started; a finished one is over.
   */
  const answeringOf = (socket: Socket): ServerResponse | undefined => {
    const res = (socket as AnsweringSocket)[ANSWERING];
    return res?.writableFinished ? undefined : res;
  };

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = nextRequestId();
    const target = req.url ?? '';
    let provider: ProviderEmulator | undefined;
    let handled: Handled;
    const lease = budget.lease();
    (req.socket as AnsweringSocket)[ANSWERING] = res;
    try {
      handled = await pipeline(req, requestId, target, (p) => (provider = p), lease);
    } catch (error) {
      if (error instanceof ClientGone) {
        res.destroy();
        return;
      }
      // Anything else is the emulator's bug: the provider's 500, no detail, no stack.
      log?.(`internal error while answering ${req.method} ${redactUrl(target)}: ${(error as Error)?.name ?? 'error'}`);
      handled = {
        answer: provider ? provider.errors.internal(500, requestId) : neutralError(500, 'InternalError', 'Internal emulator error.'),
        ...(provider ? { provider } : {}),
      };
    } finally {
      // The body is no longer referenced once the pipeline is done with it.
      lease.release();
    }
    // A timeout answered the request meanwhile (a 408 written by `clientError`, the socket ended).
    if (!req.socket.writable) return;
    const { answer, raw } = handled;
    // Storage answers carry their service's request-id header among `answer.headers`.
    const headers: Record<string, string> = raw ? {} : { [handled.provider?.requestIdHeader ?? 'x-request-id']: requestId };
    for (const [name, value] of Object.entries(answer.headers ?? {})) headers[name] = headerSafe(value);
    const text = raw ? raw.text : (answer.text ?? (answer.body === undefined ? '' : JSON.stringify(answer.body)));
    if (text !== '' && !raw) headers['content-type'] = 'application/json; charset=utf-8';
    const origin = singleHeader(req.headers.origin);
    if (origin !== undefined && !handled.corsDone && cors.allows(origin)) {
      const flavor = isStoragePath(target) ? storageFlavorOf(target.split('?', 1)[0]!) : undefined;
      Object.assign(headers, corsHeaders(origin, handled.provider ? apiCorsRules(handled.provider) : flavor ? storageCorsRules(flavor) : undefined));
    }
    headers['content-length'] = String(Buffer.byteLength(text));
    if (answer.close) {
      headers.connection = 'close';
      // Node ends a `Connection: close` answer with `socket.destroySoon()`, which resets a
      // connection whose body is still arriving (and the reset loses the answer): linger instead.
      const socket = req.socket;
      socket.destroySoon = () => {
        req.resume(); // discard the rest of the body (readBody paused it)
        lingerClose(socket);
      };
    }
    try {
      res.writeHead(answer.status, headers);
      res.end(text);
    } catch {
      res.destroy();
      return;
    }
    try {
      log?.(`${req.method} ${redactUrl(target)} ${answer.status}`);
      options.onAnswer?.({
        provider: handled.provider?.id ?? raw?.provider,
        operationId: handled.op?.operationId,
        method: req.method ?? '',
        url: redactUrl(target),
        status: answer.status,
        headers,
        body: raw ? raw.text || undefined : answer.body,
      });
    } catch {
      // The caller's hooks must not take the server down (an unhandled rejection would).
    }
  }

  // Requests Node's parser rejects (bad request line, oversized headers) never reach the handler;
  // neither do the header and request timeouts, which Node reports here as ERR_HTTP_REQUEST_TIMEOUT.
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const inFlight = answeringOf(socket);
    if (!socket.writable || inFlight?.headersSent || (error.code === 'ECONNRESET' && !socket.bytesWritten)) {
      socket.destroy();
      return;
    }
    const [status, code, message] =
      error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? inFlight
          ? ['408 Request Timeout', 'RequestTimeout', `The request was not received completely within ${requestTimeoutMs} ms.`]
          : ['408 Request Timeout', 'RequestTimeout', `The request headers were not received within ${headersTimeoutMs} ms.`]
        : error.code === 'HPE_HEADER_OVERFLOW'
          ? ['431 Request Header Fields Too Large', 'RequestHeaderFieldsTooLarge', 'The request headers are too large.']
          : ['400 Bad Request', 'BadRequest', 'The request could not be parsed as HTTP/1.1.'];
    const body = JSON.stringify({ code, message });
    socket.write(
      `HTTP/1.1 ${status}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
    lingerClose(socket);
  });

  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  await new Promise<void>((resolve, reject) => {
    // A failed listen (port in use, host that does not resolve, ...) is a plain Node error.
    const fail = (error: NodeJS.ErrnoException): void => {
      server.close(() => undefined);
      storage.close();
      reject(new EmulatorListenError(host, requestedPort, typeof error?.code === 'string' ? error.code : undefined, { cause: error }));
    };
    server.once('error', fail);
    try {
      server.listen(requestedPort, host, () => {
        server.off('error', fail);
        resolve();
      });
    } catch (error) {
      server.off('error', fail);
      fail(error as NodeJS.ErrnoException);
    }
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    credentials,
    seed,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          storage.close();
          resolve();
        });
        server.closeAllConnections();
        connections.destroyAll(); // lingering and over-limit sockets too
      })),
  };
}

class ClientGone extends Error {}

const ANSWERING = Symbol('drivespec emulator answer in progress');
type AnsweringSocket = Socket & { [ANSWERING]?: ServerResponse };

/** The emulator's own routes (health, seed): JSON bodies, nothing to expose. */
const CONTROL_CORS_RULES: CorsRules = { allowHeaders: ['accept', 'content-type'], allowHeaderPrefixes: [], anyHeader: false, exposeHeaders: [] };

/** A header sent once (Node joins repeated ones for most names; `origin` repeated is not an origin). */
function singleHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isStateDocument(doc: unknown): doc is { storage?: unknown } {
  return doc !== null && typeof doc === 'object' && !Array.isArray(doc);
}

/**
 * RFC 9112 §3.2: at most one Host line, whose value is `uri-host [ ":" port ]` (RFC 3986 §3.2.2:
 * an IP literal in brackets or a reg-name of unreserved, percent-encoded and sub-delims
 * characters; empty is allowed). Returns why the request is refused, or undefined.
 */
function checkHostHeader(rawHeaders: readonly string[]): string | undefined {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    // Length first: most names are not four characters, and lower-casing each one allocated.
    if (name.length === 4 && name.toLowerCase() === 'host') values.push(rawHeaders[i + 1]!);
  }
  if (values.length > 1) return 'A request must carry at most one Host header.';
  if (values.length === 1 && !/^(?:\[[0-9A-Za-z:.%]+\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?$/.test(values[0]!)) {
    return 'The Host header is not a valid host[:port].';
  }
  return undefined;
}

function methodNotAllowed(allowed: string): Answer {
  return { ...neutralError(405, 'MethodNotAllowed', `This route accepts ${allowed} only.`), headers: { allow: allowed } };
}

/** `fatal`: binary garbage is malformed input, not text with replacement characters. One decoder: a non-streaming decode keeps no state. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function decodeJson(bytes: Uint8Array): { ok: true; value: unknown } | { ok: false } {
  try {
    const text = strictUtf8.decode(bytes);
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The object `validate<Op>Parameters` checks, built the way the client builds it: the groups the
 * operation declares, declared header names in their spec spelling, and every query parameter
 * sent except credentials (so an undeclared one is reported, as the spec's validator decides).
 */
/** Per operation, computed on first use: the parameter groups it declares. */
const declaredCache = new WeakMap<OperationTable, ReadonlySet<string>>();

function declaredGroups(op: OperationTable): ReadonlySet<string> {
  let declared = declaredCache.get(op);
  if (declared === undefined) declaredCache.set(op, (declared = new Set(op.parameters.map((p) => p.in))));
  return declared;
}

function parametersOf(op: OperationTable, ctx: RequestContext, credentialQuery: readonly string[]): RequestParams {
  const params: RequestParams = {};
  const declared = declaredGroups(op);
  if (declared.has('path')) params.path = { ...ctx.pathParams };
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of ctx.query) {
    // defineProperty: a parameter named `__proto__` must stay a plain (reported) key.
    if (!credentialQuery.includes(name)) Object.defineProperty(query, name, { value, enumerable: true, writable: true, configurable: true });
  }
  if (declared.has('query') || Object.keys(query).length > 0) params.query = query;
  if (declared.has('header')) {
    const header: Record<string, string> = {};
    for (const p of op.parameters) {
      if (p.in !== 'header') continue;
      const value = ctx.headers[p.name.toLowerCase()];
      if (typeof value === 'string') header[p.name] = utf8Header(value);
    }
    params.header = header;
  }
  return params;
}

/**
 * Node hands header bytes over as latin1; a parameter's pattern (MetaStudio's X-App-UserId
 * refuses Chinese characters) is about the characters the client sent, so valid UTF-8 is decoded.
 */
function utf8Header(value: string): string {
  if (!/[\x80-\xff]/.test(value)) return value;
  try {
    return strictUtf8.decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** Header values must be visible ASCII (RFC 9110 §5.5); anything else becomes `?`. */
function headerSafe(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, '?');
}
