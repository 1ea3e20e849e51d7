/**
 * The server side: the pair's scenario is provoked from the target and the answer validated
 * against the spec. Against the emulator the answer must be the documented status (and provider
 * code); against a live endpoint, any status the spec declares, with a body that validates.
 */
import {
  ApiError,
  RequestValidationError,
  ResponseValidationError,
  TransportError,
  formatIssues,
  type ValidationIssue,
} from '../core/errors.js';
import { serializeQuery, type QueryValue } from '../core/query.js';
import { issuesOf } from '../core/validation.js';
import { errorText } from './client-check.js';
import type { RunningEmulator } from './emulator-contract.js';
import { describeAnswer, errorCodeOf } from './error-code.js';
import { createHarnessClient, type HarnessClient } from './provider-clients.js';
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

/** What came back, reduced to what the check judges. */
export type Outcome =
  | { kind: 'answer'; status: number; code: string | undefined; issues: ValidationIssue[] }
  | { kind: 'failure'; message: string };

export async function checkServerSide(input: ServerCheckInput): Promise<CheckResult> {
  const planned = planServerCheck(input);
  if ('skip' in planned) return { status: 'skipped', reason: planned.skip };
  const { plan } = planned;
  const withNote = (result: CheckResult): CheckResult => {
    const note = [plan.note, result.note].filter(Boolean).join('; ');
    return note ? { ...result, note } : result;
  };

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
  return withNote(judge(input, outcome));
}

function clientFor(input: ServerCheckInput, variant: ServerPlan['variant'], responseValidation: 'throw' | 'off' = 'throw') {
  const statuses: number[] = [];
  const observing = (async (url: RequestInfo | URL, init?: RequestInit) => {
    const response = await input.fetch(url, init);
    statuses.push(response.status);
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
  return { client, statuses };
}

async function sendTyped(input: ServerCheckInput, plan: ServerPlan): Promise<Outcome> {
  const { client, statuses } = clientFor(input, plan.variant);
  try {
    await client.call(input.pair.operationId, plan.request);
    const status = statuses.at(-1);
    if (status === undefined) return { kind: 'failure', message: 'the client resolved without sending anything' };
    return { kind: 'answer', status, code: undefined, issues: [] };
  } catch (error) {
    if (error instanceof ApiError) return { kind: 'answer', status: error.status, code: error.code, issues: [] };
    if (error instanceof ResponseValidationError) {
      return { kind: 'answer', status: error.status, code: undefined, issues: error.issues };
    }
    if (error instanceof RequestValidationError) {
      return { kind: 'failure', message: `the client refused the request before sending it: ${error.message}` };
    }
    if (error instanceof TransportError) return { kind: 'failure', message: error.message };
    return { kind: 'failure', message: errorText(error) };
  }
}

/** A request the typed client would refuse, sent through openapi-fetch with the same credentials. */
async function sendRaw(input: ServerCheckInput, plan: ServerPlan): Promise<Outcome> {
  const op = input.spec.operations[input.pair.operationId];
  if (!op) return { kind: 'failure', message: `unknown operation ${input.pair.operationId}` };
  const client: HarnessClient = clientFor(input, plan.variant).client;
  try {
    const { response, data, error } = await client.raw.request(op.method.toLowerCase() as 'post', op.path, {
      params: { path: plan.request.path, query: plan.request.query, header: plan.request.header } as never,
      body: plan.brokenBody?.body as never,
      parseAs: 'text',
      // openapi-fetch knows no bare flags; serialize like the typed client, credentials included.
      querySerializer: (query: Record<string, unknown>) =>
        serializeQuery(op.parameters, op.queryOrder, query as Record<string, QueryValue>, client.credentialQuery),
    });
    // openapi-fetch hands back success bodies as text (parseAs) but error bodies already parsed
    // when they are JSON.
    const raw: unknown = response.ok ? data : error;
    let body: unknown = raw;
    if (typeof raw === 'string') {
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        return { kind: 'failure', message: `HTTP ${response.status} with a body that is not JSON` };
      }
    }
    const entry = op.responses[String(response.status)] ?? op.responses.default;
    const validator = entry?.validator ? input.spec.validators[entry.validator] : undefined;
    const issues = validator && !validator(body) ? issuesOf(validator) : [];
    return { kind: 'answer', status: response.status, code: errorCodeOf(body), issues };
  } catch (error) {
    return { kind: 'failure', message: error instanceof TransportError ? error.message : errorText(error) };
  }
}

function judge(input: ServerCheckInput, outcome: Outcome): CheckResult {
  const who = input.target === 'emulator' ? 'the emulator' : 'the target';
  if (outcome.kind === 'failure') return { status: 'failed', reason: outcome.message };
  const documentedStatus = input.pair.response.status;
  const documentedCode = documentedStatus >= 400 ? errorCodeOf(input.pair.response.body) : undefined;
  const documented = describeAnswer(documentedStatus, documentedCode);
  const answered = describeAnswer(outcome.status, outcome.code);
  const op = input.spec.operations[input.pair.operationId];

  if (input.target === 'live') {
    const declared = Object.keys(op?.responses ?? {});
    if (!declared.includes(String(outcome.status)) && !declared.includes('default')) {
      return { status: 'failed', reason: `${who} answered ${answered}, a status the spec does not declare (${declared.join(', ')})` };
    }
  } else if (outcome.status !== documentedStatus) {
    return { status: 'failed', reason: `${who} answered ${answered}; the docs show ${documented}` };
  }
  if (outcome.issues.length) {
    return { status: 'failed', reason: `${who}'s ${answered} answer does not match the spec: ${formatIssues(outcome.issues)}` };
  }
  if (input.target === 'emulator' && documentedCode !== undefined && outcome.code !== documentedCode) {
    return { status: 'failed', reason: `${who} answered ${answered}; the docs show ${documented}` };
  }
  if (input.target === 'live' && answered !== documented) {
    return { status: 'passed', note: `the target answered ${answered} (documented ${documented})` };
  }
  return { status: 'passed' };
}
