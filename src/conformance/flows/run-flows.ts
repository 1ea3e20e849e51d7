/**
 * Runs a provider's upload flows against the embedded emulator, one after another, each on a
 * freshly reset emulator, each within a time limit: a flow that hangs fails with the limit as its
 * reason instead of hanging the run, and a flow that throws anything (not only `FlowFailure`)
 * fails with what it threw, scrubbed of secrets by the caller's `scrub`.
 */
import { TimeoutError, TransportError } from '../../core/errors.js';
import type { CheckStatus } from '../types.js';
import type { RunningEmulator } from '../emulator-contract.js';
import { elapsedMs } from '../summary.js';
import { flowContent } from './content.js';
import { countingFetch } from './counting-fetch.js';
import type { FlowName, UploadFlow } from './types.js';

export interface FlowReport {
  name: FlowName;
  /** What the flow proves. */
  description: string;
  status: CheckStatus;
  /** Why it failed or was skipped (never a secret). */
  reason?: string;
  /** Wall-clock time of the run (0 when skipped). */
  durationMs: number;
}

export interface RunFlowsInput {
  flows: readonly UploadFlow[];
  emulator: RunningEmulator;
  fetch: typeof globalThis.fetch;
  /** Per flow. */
  timeoutMs: number;
  /** Applied to every reason (errors may quote what a server echoed). */
  scrub: (text: string) => string;
  /** Milliseconds since some fixed point; for the durations only. */
  clock?: () => number;
  onFlow?: (report: FlowReport) => void;
  /** The emulator's clock, handed to the flows (`FlowContext.now`). */
  now?: () => Date;
}

export async function runFlows(input: RunFlowsInput): Promise<FlowReport[]> {
  const clock = input.clock ?? (() => performance.now());
  const reports: FlowReport[] = [];
  for (const flow of input.flows) {
    const started = clock();
    const outcome = await runOne(flow, input);
    const report: FlowReport = {
      name: flow.name,
      description: flow.description,
      status: outcome === undefined ? 'passed' : outcome.errored ? 'errored' : 'failed',
      ...(outcome === undefined ? {} : { reason: input.scrub(outcome.reason) }),
      durationMs: elapsedMs(clock, started),
    };
    reports.push(report);
    input.onFlow?.(report);
  }
  return reports;
}

/** Skipped flows (a live target: the flows store files, and need the emulator's storage routes). */
export function skippedFlows(flows: readonly UploadFlow[], reason: string): FlowReport[] {
  return flows.map((flow) => ({ name: flow.name, description: flow.description, status: 'skipped', reason, durationMs: 0 }));
}

/**
 * `undefined` when the flow passed, else why not; `errored` when it could not run to a verdict
 * (the time limit, nothing listening, no answer in time) rather than found something wrong.
 */
async function runOne(flow: UploadFlow, input: RunFlowsInput): Promise<{ reason: string; errored: boolean } | undefined> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    input.emulator.seed.reset();
    const counting = countingFetch(input.fetch);
    const run = flow.run({
      emulator: input.emulator,
      fetch: counting.fetch,
      storageBytesSent: counting.storageBytesSent,
      content: flowContent,
      signal: controller.signal,
      ...(input.now ? { now: input.now } : {}),
    });
    const limit = new Promise<{ reason: string; errored: boolean }>((resolve) => {
      timer = setTimeout(() => {
        controller.abort();
        resolve({ reason: `did not finish within ${input.timeoutMs} ms`, errored: true });
      }, input.timeoutMs);
    });
    const result = await Promise.race([run.then(() => undefined), limit]);
    // The flow's promise may still settle after the limit: keep its rejection from going unhandled.
    run.catch(() => undefined);
    return result;
  } catch (error) {
    const unreachable = error instanceof TimeoutError || (error instanceof TransportError && error.status === undefined);
    return { reason: describe(error), errored: unreachable };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return `${error.name}${typeof code === 'string' || typeof code === 'number' ? ` ${code}` : ''}: ${error.message}`;
  }
  return `threw ${typeof error}`;
}
