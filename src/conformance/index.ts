/**
 * `drivespec/conformance`: replays every documented example pair of the four specs through the
 * typed clients (client side), against the docs' wire form (wire side) and against the embedded
 * emulator or a live endpoint (server side), and reports with the docs' errata. The harness's parts
 * (wire comparison, replay transport, the CLI's pretty formatter) are internal: a test pins this list
 * (test/package/public-api.test.ts).
 */
export { runConformance, type ConformanceOptions } from './run-conformance.js';
export { runHarConformance, type HarConformanceOptions } from './har/run-har-conformance.js';
export { formatJsonReport } from './json-reporter.js';
export { formatJunitReport } from './junit-reporter.js';
export { credentialsFromEnv, liveCredentialVariables, type CredentialVariable } from './live-credentials.js';
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
  HarSummary,
  OperationReport,
  PairReport,
  PairRequest,
  ProviderReport,
  ReportTool,
  Scenario,
  WireExpectation,
} from './types.js';
export type { RunningEmulator, StartEmulator } from './emulator-contract.js';
export type { FlowName, FlowReport } from './flows/index.js';
