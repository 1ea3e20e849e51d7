/**
 * The server side: the pair's scenario is provoked from the target and the answer judged. Against
 * the emulator and a live endpoint alike, it passes only when the answer is the documented status
 * and provider code with a body the spec accepts; a check that got no answer (nothing listening, a
 * timeout) could not run: it is `errored` (no pass, and the run fails), saying why.
 */
import {
  ApiError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  TransportError,
  formatIssues,
} from '../core/errors.js';
import { serializeQuery, type QueryValue } from '../core/query.js';
import { issuesOf } from '../core/validation.js';
import { errorText } from './client-check.js';
import type { RunningEmulator } from './emulator-contract.js';
import { describeAnswer, errorCodeOf } from './error-code.js';
import { createHarnessClient } from './provider-clients.js';
import type { ProviderSpec } from './provider-specs.js';
import { planServerCheck, type ServerPlan, type TargetKind } from './scenarios.js';
import type { CheckResult, ConformanceCredentials, ConformancePair, PairRequest } from './types.js';

export interface ServerCheckInput {
  spec: ProviderSpec;
  pair: ConformancePair;
  /** Aimed at the target already (`targetRequest`). */
  request: PairRequest;
  credentials: ConformanceCredentials[keyof ConformanceCredentials];
  target: TargetKind;
  baseUrl: string;
  /** The emulator to seed; required when `target` is `'emulator'`. */
  emulator?: RunningEmulator;
  fetch: typeof globalThis.fetch;
  now: () => Date;
  nonce?: () => string;
  /** Milliseconds per request. */
  timeout?: number;
}

/**
 * What came back, reduced to what the check judges: the answer's status and body text as they
 * arrived (read off the wire, not through the client's decoding), and for the typed client what it
 * made of them; or why there is no answer to judge.
 */
export type Outcome =
  | { kind: 'answer'; status: number; text: string; client?: { error?: unknown } }
  | { kind: 'failure'; message: string; /** No answer for want of a reachable target: the check could not run. */ errored?: boolean };

export async function checkServerSide(input: ServerCheckInput): Promise<CheckResult> {
  const planned = planServerCheck(input);
  if ('skip' in planned) return { status: 'skipped', reason: planned.skip };
  const { plan } = planned;
  const withNote = (result: CheckResult): CheckResult => (plan.note ? { ...result, note: plan.note } : result);

  if (input.target === 'emulator') {
    if (!input.emulator) return { status: 'errored', reason: 'no emulator to run against' };
    input.emulator.seed.reset();
    try {
      plan.seed?.(input.emulator);
    } catch (error) {
      return withNote({ status: 'errored', reason: `seeding the emulator failed: ${errorText(error)}` });
    }
  }
  if (plan.prepare) {
    try {
      // Preparation only needs the state change; its answers are checked by their own pairs.
      await plan.prepare(clientFor(input, 'valid', 'off').client);
    } catch (error) {
      return withNote({ status: 'errored', reason: `preparing the emulator failed: ${errorText(error)}` });
    }
  }

  const outcome = plan.brokenBody ? await sendRaw(input, plan) : await sendTyped(input, plan);
  return withNote(judge(input, plan, outcome));
}

/**
 * The harness client, with a fetch that keeps a copy of every answer's bytes as the transport
 * reads them: the check judges what arrived, not what the client made of it. The copy passes
 * through a stream (no `Response.clone()`: a tee's cancel waits for both branches, so a transport
 * cancelling a redirect's body would wait forever), holds no more than the transport read (its size
 * and time limits apply), and is complete only when the body was read to its end.
 */
function clientFor(input: ServerCheckInput, variant: ServerPlan['variant'], responseValidation: 'throw' | 'off' = 'throw') {
  const answers: { status: number; chunks: Uint8Array[]; complete: boolean }[] = [];
  const observing = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const response = await input.fetch(url, init);
    const answer = { status: response.status, chunks: [] as Uint8Array[], complete: response.body === null };
    answers.push(answer);
    if (response.body === null) return response;
    const copy = new TransformStream<Uint8Array, Uint8Array>({
      transform: (chunk, controller) => {
        answer.chunks.push(chunk);
        controller.enqueue(chunk);
      },
      flush: () => {
        answer.complete = true;
      },
    });
    const { status, statusText, headers } = response;
    return new Response(response.body.pipeThrough(copy), { status, statusText, headers });
  }) as typeof globalThis.fetch;
  const client = createHarnessClient({
    provider: input.spec.provider,
    credentials: input.credentials,
    baseUrl: input.baseUrl,
    fetch: observing,
    now: input.now,
    variant,
    responseValidation,
    ...(input.nonce ? { nonce: input.nonce } : {}),
    ...(input.timeout !== undefined ? { timeout: input.timeout } : {}),
  });
  /** The last answer as text; `undefined` when none came back or it was not read to its end. */
  const lastAnswer = (): { status: number; text: string } | undefined => {
    const last = answers.at(-1);
    return last?.complete ? { status: last.status, text: Buffer.concat(last.chunks).toString('utf8') } : undefined;
  };
  return { client, lastAnswer };
}

/** Why a call produced no answer to judge (the harness never mistakes these for an answer). */
function noAnswer(error: unknown): Outcome {
  if (error instanceof RequestValidationError) {
    return { kind: 'failure', message: `the client refused the request before sending it: ${error.message}` };
  }
  // Nothing listening or no answer in time: the check could not run (errored), which is no pass and
  // no verdict on the target either. An answer that arrived but could not be read is a failure.
  if (error instanceof TimeoutError) return { kind: 'failure', errored: true, message: `no answer from the target: ${error.message}` };
  if (error instanceof TransportError) {
    return error.status === undefined
      ? { kind: 'failure', errored: true, message: `could not reach the target: ${error.message}` }
      : { kind: 'failure', message: `the target's HTTP ${error.status} answer could not be read: ${error.message}` };
  }
  return { kind: 'failure', message: `the call failed: ${errorText(error)}` };
}

async function sendTyped(input: ServerCheckInput, plan: ServerPlan): Promise<Outcome> {
  const { client, lastAnswer } = clientFor(input, plan.variant);
  let error: unknown;
  let threw = false;
  try {
    await client.call(input.pair.operationId, plan.request);
  } catch (e) {
    threw = true;
    error = e;
  }
  // Only these come from an answer the transport read whole; anything else had none to judge.
  if (threw && !(error instanceof ApiError) && !(error instanceof ResponseValidationError)) return noAnswer(error);
  return answerOf(lastAnswer(), threw ? { error } : {});
}

/** A request the typed client would refuse, sent through openapi-fetch with the same credentials. */
async function sendRaw(input: ServerCheckInput, plan: ServerPlan): Promise<Outcome> {
  const op = input.spec.operations[input.pair.operationId];
  if (!op) return { kind: 'failure', message: `unknown operation ${input.pair.operationId}` };
  const { client, lastAnswer } = clientFor(input, plan.variant);
  try {
    await client.raw.request(op.method.toLowerCase() as 'post', op.path, {
      params: { path: plan.request.path, query: plan.request.query, header: plan.request.header } as never,
      body: plan.brokenBody?.body as never,
      parseAs: 'text',
      // openapi-fetch knows no bare flags; serialize like the typed client, credentials included.
      querySerializer: (query: Record<string, unknown>) =>
        serializeQuery(op.parameters, op.queryOrder, query as Record<string, QueryValue>, client.credentialQuery),
    });
  } catch (error) {
    return noAnswer(error);
  }
  return answerOf(lastAnswer());
}

/** (The client settles on an answer only once it has read it whole: the failure is a safeguard.) */
function answerOf(answer: { status: number; text: string } | undefined, client?: { error?: unknown }): Outcome {
  if (!answer) return { kind: 'failure', message: 'the client settled without an answer read to its end' };
  return { kind: 'answer', ...answer, ...(client ? { client } : {}) };
}

/**
 * The verdict, the same against the emulator and a live endpoint: the answer must be the
 * documented pair's status and provider code (the code of a documented body that has one, KooDrive's
 * success `code: 0` included), with a body the spec's schema for that status accepts (no body where
 * the spec declares none), read by the typed client the way the pair says (resolved for a success,
 * an ApiError for an error). A live endpoint gets no leeway: a wrong credential answered where the
 * docs show a not-found is a failure, never a pass with a note (issue 9, item 1). Scenarios a live
 * endpoint cannot be brought into are skipped by `planServerCheck` instead.
 */
export function judge(input: ServerCheckInput, plan: Pick<ServerPlan, 'variant'>, outcome: Outcome): CheckResult {
  const who = input.target === 'emulator' ? 'the emulator' : 'the target';
  if (outcome.kind !== 'answer') return { status: outcome.errored ? 'errored' : 'failed', reason: outcome.message };
  const documentedStatus = input.pair.response.status;
  const documentedCode = errorCodeOf(input.pair.response.body);
  const body = parseBody(outcome.text);
  const code = body.json ? errorCodeOf(body.value) : undefined;
  const documented = describeAnswer(documentedStatus, documentedCode);
  const answered = describeAnswer(outcome.status, code);

  if (outcome.status !== documentedStatus || (documentedCode !== undefined && code !== documentedCode)) {
    const what = body.json ? answered : `${answered} with a body that is not JSON`;
    const hint = plan.variant === 'valid' ? credentialHint(input.spec, outcome.status, code) : '';
    return { status: 'failed', reason: `${who} answered ${what}; the docs show ${documented}${hint}` };
  }

  const op = input.spec.operations[input.pair.operationId];
  const entry = op?.responses[String(outcome.status)] ?? op?.responses.default;
  if (!entry) return { status: 'failed', reason: `${who} answered ${answered}, a status the spec does not declare` };
  if (entry.contentType === null) {
    if (outcome.text !== '') return { status: 'failed', reason: `${who} answered ${answered} with a body; the spec declares none` };
  } else if (!body.json) {
    return { status: 'failed', reason: `${who} answered ${answered} with a body that is not JSON` };
  } else if (entry.validator !== null) {
    const validator = input.spec.validators[entry.validator];
    // A schema the harness cannot apply validates nothing: that is no pass either.
    if (!validator) return { status: 'failed', reason: `the harness has no ${entry.validator} to check ${who}'s ${answered} answer with` };
    if (!validator(body.value)) {
      return { status: 'failed', reason: `${who}'s ${answered} answer does not match the spec: ${formatIssues(issuesOf(validator))}` };
    }
  }

  if (outcome.client) {
    const error = outcome.client.error;
    if (documentedStatus < 400 && error !== undefined) {
      return { status: 'failed', reason: `the client refused ${who}'s ${answered} answer: ${errorText(error)}` };
    }
    // (A client never resolves on a status of 400 or more: the error here is its own complaint.)
    if (documentedStatus >= 400 && !(error instanceof ApiError)) {
      return { status: 'failed', reason: `the client did not read ${who}'s ${answered} answer as the documented error: ${errorText(error)}` };
    }
  }
  return { status: 'passed' };
}

/** The body as JSON, or why not; an empty body is `undefined`. */
function parseBody(text: string): { json: true; value: unknown } | { json: false } {
  if (text === '') return { json: true, value: undefined };
  try {
    return { json: true, value: JSON.parse(text) as unknown };
  } catch {
    return { json: false };
  }
}

/**
 * When a request sent with the given credentials is answered the way the docs answer a wrong
 * credential, the credentials are the likely cause: say so (the values are never named).
 */
function credentialHint(spec: ProviderSpec, status: number, code: string | undefined): string {
  const refused = spec.pairs.some(
    (p) => p.scenario === 'unauthorized' && p.response.status === status && errorCodeOf(p.response.body) === code,
  );
  return refused ? ' (the documented answer to a wrong credential: are the credentials right?)' : '';
}
