/**
 * The server side: the pair's scenario is provoked from the target and the answer judged. Against
 * the emulator and a live endpoint alike, it passes only when the answer is the documented status
 * and provider code with a body the spec accepts; a check that got no answer (nothing listening, a
 * timeout) fails, saying why.
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
  | { kind: 'failure'; message: string };

export async function checkServerSide(input: ServerCheckInput): Promise<CheckResult> {
  const planned = planServerCheck(input);
  if ('skip' in planned) return { status: 'skipped', reason: planned.skip };
  const { plan } = planned;
  const withNote = (result: CheckResult): CheckResult => (plan.note ? { ...result, note: plan.note } : result);

  if (input.target === 'emulator') {
    if (!input.emulator) return { status: 'failed', reason: 'no emulator to run against' };
    input.emulator.seed.reset();
    try {
      plan.seed?.(input.emulator);
    } catch (error) {
      return withNote({ status: 'failed', reason: `seeding the emulator failed: ${errorText(error)}` });
    }
  }
  if (plan.prepare) {
    try {
      // Preparation only needs the state change; its answers are checked by their own pairs.
      await plan.prepare(clientFor(input, 'valid', 'off').client);
    } catch (error) {
      return withNote({ status: 'failed', reason: `preparing the emulator failed: ${errorText(error)}` });
    }
  }

  const outcome = plan.brokenBody ? await sendRaw(input, plan) : await sendTyped(input, plan);
  return withNote(judge(input, plan, outcome));
}

/**
 * The harness client, with a fetch that keeps a copy of every answer (`Response.clone()`): the
 * check judges the bytes that arrived, not what the client made of them. The copy is read only
 * once the transport has read the original to its end (its size and time limits apply), and
 * dropped otherwise.
 */
function clientFor(input: ServerCheckInput, variant: ServerPlan['variant'], responseValidation: 'throw' | 'off' = 'throw') {
  const answers: Response[] = [];
  const observing = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const response = await input.fetch(url, init);
    answers.push(response.clone());
    return response;
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
  /** The last answer, read (the transport read it whole), or `undefined` when nothing came back. */
  const lastAnswer = async (): Promise<{ status: number; text: string } | undefined> => {
    const last = answers.at(-1);
    return last ? { status: last.status, text: await last.text() } : undefined;
  };
  /** Frees the copies when the transport gave up on the original (a redirect, a body over the limit). */
  const drop = () => {
    for (const answer of answers) answer.body?.cancel().catch(() => {});
  };
  return { client, lastAnswer, drop };
}

/** Why a call produced no answer to judge (the harness never mistakes these for an answer). */
function noAnswer(error: unknown): Outcome {
  if (error instanceof RequestValidationError) {
    return { kind: 'failure', message: `the client refused the request before sending it: ${error.message}` };
  }
  if (error instanceof TimeoutError) return { kind: 'failure', message: `no answer from the target: ${error.message}` };
  if (error instanceof TransportError) {
    return {
      kind: 'failure',
      message:
        error.status === undefined
          ? `could not reach the target: ${error.message}`
          : `the target's HTTP ${error.status} answer could not be read: ${error.message}`,
    };
  }
  return { kind: 'failure', message: `the call failed: ${errorText(error)}` };
}

async function sendTyped(input: ServerCheckInput, plan: ServerPlan): Promise<Outcome> {
  const { client, lastAnswer, drop } = clientFor(input, plan.variant);
  let error: unknown;
  let threw = false;
  try {
    await client.call(input.pair.operationId, plan.request);
  } catch (e) {
    threw = true;
    error = e;
  }
  // Only these come from an answer the transport read whole; anything else had none to judge.
  if (threw && !(error instanceof ApiError) && !(error instanceof ResponseValidationError)) {
    drop();
    return noAnswer(error);
  }
  const answer = await lastAnswer();
  if (!answer) return { kind: 'failure', message: 'the client resolved without sending anything' };
  return { kind: 'answer', ...answer, client: threw ? { error } : {} };
}

/** A request the typed client would refuse, sent through openapi-fetch with the same credentials. */
async function sendRaw(input: ServerCheckInput, plan: ServerPlan): Promise<Outcome> {
  const op = input.spec.operations[input.pair.operationId];
  if (!op) return { kind: 'failure', message: `unknown operation ${input.pair.operationId}` };
  const { client, lastAnswer, drop } = clientFor(input, plan.variant);
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
    drop();
    return noAnswer(error);
  }
  const answer = await lastAnswer();
  return answer ? { kind: 'answer', ...answer } : { kind: 'failure', message: 'the raw client resolved without sending anything' };
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
  if (outcome.kind === 'failure') return { status: 'failed', reason: outcome.message };
  const documentedStatus = input.pair.response.status;
  const documentedCode = errorCodeOf(input.pair.response.body);
  const body = parseBody(outcome.text);
  const code = body.json ? errorCodeOf(body.value) : undefined;
  const documented = describeAnswer(documentedStatus, documentedCode);
  const answered = describeAnswer(outcome.status, code);

  if (outcome.status !== documentedStatus || (documentedCode !== undefined && code !== documentedCode)) {
    const hint = plan.variant === 'valid' ? credentialHint(input.spec, outcome.status, code) : '';
    return { status: 'failed', reason: `${who} answered ${answered}; the docs show ${documented}${hint}` };
  }

  const op = input.spec.operations[input.pair.operationId];
  const entry = op?.responses[String(outcome.status)] ?? op?.responses.default;
  if (entry && entry.contentType === null) {
    if (outcome.text !== '') return { status: 'failed', reason: `${who} answered ${answered} with a body; the spec declares none` };
  } else if (!body.json) {
    return { status: 'failed', reason: `${who} answered ${answered} with a body that is not JSON` };
  } else {
    const validator = entry?.validator ? input.spec.validators[entry.validator] : undefined;
    if (validator && !validator(body.value)) {
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
