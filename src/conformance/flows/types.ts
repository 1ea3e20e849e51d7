/**
 * Whole-upload flows (issue 11): each provider's start → bytes → complete → look-up run against
 * the embedded emulator, including the ways an upload must fail (a corrupted part) and the upload
 * that must send no bytes (instant / rapid / flash upload). A flow resolves only when the
 * documented outcome happened; anything else throws, so a false success cannot read as PASS.
 */
import type { ProviderId } from '../../core/provider.js';
import type { RunningEmulator } from '../emulator-contract.js';

export type FlowName = 'upload' | 'corrupted-part' | 'instant-upload';

export interface FlowContext {
  /** The running emulator (url, credentials, seed), reset before each flow. */
  emulator: RunningEmulator;
  /** Pass as the client's `fetch` and use for byte PUTs: it counts the request-body bytes sent to storage URLs. */
  fetch: typeof fetch;
  /** Body bytes sent to the emulator's storage (`/__drivespec/storage/`) so far in this flow. */
  storageBytesSent(): number;
  /** Deterministic content of `size` bytes (`seed` picks another sequence), so runs are reproducible. */
  content(size: number, seed?: number): Uint8Array;
  /** Aborted when the flow runs out of time: pass it on to calls that accept a signal. */
  signal: AbortSignal;
}

export interface UploadFlow {
  provider: ProviderId;
  name: FlowName;
  /** One line for the report: what the flow proves. */
  description: string;
  /**
   * Resolves when the documented success (or, for corrupted-part, the documented refusal)
   * happened; throws `FlowFailure` with a reason otherwise. Never resolves on a false success.
   */
  run(ctx: FlowContext): Promise<void>;
}

/** A flow's documented outcome did not happen: the message says what happened instead. */
export class FlowFailure extends Error {
  override name = 'FlowFailure';
}
