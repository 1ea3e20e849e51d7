/**
 * The client side: the documented response, served by the replay transport, goes through the
 * typed client and its generated validators. A success pair must resolve to the documented body;
 * an error pair must throw the provider's ApiError subclass with the documented status and code.
 */
import { isDeepStrictEqual } from 'node:util';
import {
  ApiError,
  RequestValidationError,
  ResponseValidationError,
  apiErrorClasses,
  formatIssues,
} from '../core/errors.js';
import { describeAnswer, errorCodeOf } from './error-code.js';
import { createHarnessClient, type HarnessClient, type HarnessClientOptions } from './provider-clients.js';
import type { ProviderSpec } from './provider-specs.js';
import { createReplayTransport, type ReplayTransport } from './replay-transport.js';
import type { CheckResult, ConformanceCredentials, ConformancePair, PairRequest } from './types.js';
import { jsonDifferences } from './wire-comparison.js';

/** Never resolved: the replay transport answers every request itself. */
export const REPLAY_BASE_URL = 'https://replay.drivespec.invalid';

/** A harness client whose transport records what it sends and answers with the pair's documented response. */
export function createReplayClient(
  provider: HarnessClientOptions['provider'],
  credentials: HarnessClientOptions['credentials'],
  pair: Pick<ConformancePair, 'response'>,
  now: () => Date,
  extra: Pick<HarnessClientOptions, 'bearerSeparator'> = {},
): { replay: ReplayTransport; client: HarnessClient } {
  const replay = createReplayTransport({ status: pair.response.status, body: pair.response.body });
  const client = createHarnessClient({ provider, credentials, baseUrl: REPLAY_BASE_URL, fetch: replay.fetch, now, ...extra });
  return { replay, client };
}

export interface ClientCheckInput {
  spec: ProviderSpec;
  pair: ConformancePair;
  /** The pair's request, or one borrowed from another pair of the operation. */
  request: PairRequest | null;
  /** Set when `request` was borrowed: the name of the pair it came from. */
  requestFrom?: string | undefined;
  credentials: ConformanceCredentials[keyof ConformanceCredentials];
  now: () => Date;
}

export async function checkClientSide(input: ClientCheckInput): Promise<CheckResult> {
  const { spec, pair, request } = input;
  if (!request) {
    return { status: 'failed', reason: 'no documented request in this operation to build one from' };
  }
  const note = input.requestFrom ? `the docs show no request; sent the one of ${input.requestFrom}` : undefined;
  const withNote = (result: CheckResult): CheckResult => (note ? { ...result, note } : result);
  const { client } = createReplayClient(spec.provider, input.credentials, pair, input.now);
  const expectsError = pair.response.status >= 400;
  const documentedCode = expectsError ? errorCodeOf(pair.response.body) : undefined;
  const documented = describeAnswer(pair.response.status, documentedCode);

  let value: unknown;
  try {
    value = await client.call(pair.operationId, request);
  } catch (error) {
    if (error instanceof ResponseValidationError) {
      return withNote({
        status: 'failed',
        reason: `the documented ${documented} response does not match the spec: ${formatIssues(error.issues)}`,
      });
    }
    if (error instanceof RequestValidationError) {
      return withNote({ status: 'failed', reason: `the client refused the documented request: ${error.message}` });
    }
    if (!(error instanceof ApiError)) {
      return withNote({ status: 'failed', reason: `the client failed: ${errorText(error)}` });
    }
    if (!expectsError) {
      return withNote({ status: 'failed', reason: `the client threw ${error.name} (${error.message}) for a documented success` });
    }
    const ErrorClass = apiErrorClasses[spec.provider];
    const problems: string[] = [];
    if (!(error instanceof ErrorClass)) problems.push(`threw ${error.name}, not ${ErrorClass.name}`);
    if (error.status !== pair.response.status) problems.push(`status ${error.status}, documented ${pair.response.status}`);
    if (documentedCode !== undefined && error.code !== documentedCode) {
      problems.push(`code ${error.code ?? '(none)'}, documented ${documentedCode}`);
    }
    return withNote(
      problems.length
        ? { status: 'failed', reason: `the client's error for the documented ${documented}: ${problems.join('; ')}` }
        : { status: 'passed' },
    );
  }

  if (expectsError) {
    return withNote({ status: 'failed', reason: `the client resolved instead of throwing for the documented ${documented}` });
  }
  if (!isDeepStrictEqual(value, pair.response.body)) {
    return withNote({
      status: 'failed',
      reason: `the client resolved to something else than the documented body: ${jsonDifferences(pair.response.body, value, '').join('; ')}`,
    });
  }
  return withNote({ status: 'passed' });
}

export function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
