/**
 * The wire side: the documented request, built by the typed client and caught by the replay
 * transport, must be on the wire what the docs show.
 */
import { RequestValidationError } from '../core/errors.js';
import { REPLAY_BASE_URL, createReplayClient, errorText } from './client-check.js';
import type { ProviderSpec } from './provider-specs.js';
import type { CheckResult, ConformanceCredentials, ConformancePair } from './types.js';
import { compareWire } from './wire-comparison.js';

export interface WireCheckInput {
  spec: ProviderSpec;
  pair: ConformancePair;
  credentials: ConformanceCredentials[keyof ConformanceCredentials];
  /** A fixed clock, so date placeholders (KooDrive `X-Date`) are known before the request is built. */
  now: () => Date;
}

/**
 * KooDrive's page writes the header as `Bearer+{access_token}`; whether the `+` is literal is
 * unverified (PROVIDERS.md), so the client's default is a space and `bearerSeparator: '+'` sends
 * the documented form. The wire check compares with the documented form.
 */
const KOODRIVE_NOTE = "compared with bearerSeparator '+' (the docs write Authorization: Bearer+{access_token}; the client's default is a space)";

export async function checkWire(input: WireCheckInput): Promise<CheckResult> {
  const { spec, pair } = input;
  if (!pair.wire) return { status: 'skipped', reason: 'the docs show no wire form for this pair' };
  if (!pair.request) return { status: 'failed', reason: 'the pair shows a wire form but no request to build it from' };
  const koodrive = spec.provider === 'huawei-koodrive';
  const { replay, client } = createReplayClient(
    spec.provider,
    input.credentials,
    pair,
    input.now,
    koodrive ? { bearerSeparator: '+' } : {},
  );
  try {
    await client.call(pair.operationId, pair.request);
  } catch (error) {
    // The answer is the client side's business; only a request that never left matters here.
    if (error instanceof RequestValidationError) {
      return { status: 'failed', reason: `the client refused the documented request: ${error.message}` };
    }
    if (replay.requests.length === 0) return { status: 'failed', reason: `nothing was sent: ${errorText(error)}` };
  }
  const [sent] = replay.requests;
  if (!sent) return { status: 'failed', reason: 'the client sent nothing' };
  const mismatches = compareWire(pair.wire, sent, {
    placeholders: client.placeholders,
    body: pair.request.body,
    baseUrl: REPLAY_BASE_URL,
  });
  const result: CheckResult = mismatches.length
    ? { status: 'failed', reason: mismatches.join('; ') }
    : { status: 'passed' };
  return koodrive ? { ...result, note: KOODRIVE_NOTE } : result;
}
