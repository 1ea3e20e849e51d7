/**
 * `drivespec/conformance`: replays every documented example pair of the four specs through the
 * typed clients (client side), against the docs' wire form (wire side) and against the embedded
 * emulator or a live endpoint (server side), and reports with the docs' errata.
 */
export { runConformance, type ConformanceOptions } from './run-conformance.js';
export { formatJsonReport } from './json-reporter.js';
export { escapeXml, formatJunitReport } from './junit-reporter.js';
export { formatPrettyReport, formatPrettySummary, formatProgressLine, formatStartLine } from './pretty-reporter.js';
export { credentialsFromEnv, liveCredentialVariables, type CredentialVariable } from './live-credentials.js';
export { createReplayTransport, type RecordedRequest, type ReplayResponse, type ReplayTransport } from './replay-transport.js';
export { compareWire, substitutePlaceholders, type WireComparisonOptions } from './wire-comparison.js';
export type {
  CheckCounts,
  CheckKind,
  CheckResult,
  CheckStatus,
  ConformanceCredentials,
  ConformancePair,
  ConformanceProgressEvent,
  ConformanceReport,
  ConformanceSummary,
  ConformanceTarget,
  Erratum,
  OperationReport,
  PairReport,
  PairRequest,
  ProviderReport,
  Scenario,
  WireExpectation,
} from './types.js';
export type { RunningEmulator, StartEmulator } from './emulator-contract.js';
