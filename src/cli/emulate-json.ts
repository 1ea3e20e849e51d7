/**
 * `drivespec emulate --json`: the start line for scripts (a CI job starts the emulator in the
 * background and reads where and how to call it). One JSON object on one line, documented in the
 * README ("Emulator"); its fields are only ever added to:
 *
 * - `url`: the emulator's base URL (every provider is served there, the seed and health routes too)
 * - `pid`: the process to signal (SIGINT or SIGTERM) to stop it
 * - `version`: drivespec's version
 * - `providers.<id>.baseUrl`: the `baseUrl` for that provider's `createClient` (today `url` for all)
 * - `providers.<id>.credentials`: the emulator's credentials for that provider, field names as in
 *   `createClient`'s `credentials` plus the ids (`domainId`, `projectId`, `libraryId`, `userId`);
 *   local test values, printed on purpose: they open nothing but this emulator
 * - `seedUrl`, `healthUrl`: `POST` seed input / `GET` liveness
 * - `demoSeeded`: whether `--seed-demo` seeded the documented example ids
 * - `stateFile`, `dataDir`: absolute paths, when given
 */
import type { EmulatorCredentials } from '../emulator/index.js';
import { providerIds, type ProviderId } from '../core/provider.js';

export interface EmulateStart {
  url: string;
  pid: number;
  version: string;
  credentials: EmulatorCredentials;
  demoSeeded: boolean;
  stateFile?: string;
  dataDir?: string;
}

export interface EmulateStartLine {
  url: string;
  pid: number;
  version: string;
  providers: Record<ProviderId, { baseUrl: string; credentials: Record<string, string> }>;
  seedUrl: string;
  healthUrl: string;
  demoSeeded: boolean;
  stateFile?: string;
  dataDir?: string;
}

export function startLine(start: EmulateStart): EmulateStartLine {
  const providers = Object.fromEntries(
    providerIds.map((id) => [id, { baseUrl: start.url, credentials: { ...(start.credentials[id] as Record<string, string>) } }]),
  ) as EmulateStartLine['providers'];
  return {
    url: start.url,
    pid: start.pid,
    version: start.version,
    providers,
    seedUrl: `${start.url}/__drivespec/seed`,
    healthUrl: `${start.url}/__drivespec/health`,
    demoSeeded: start.demoSeeded,
    ...(start.stateFile !== undefined ? { stateFile: start.stateFile } : {}),
    ...(start.dataDir !== undefined ? { dataDir: start.dataDir } : {}),
  };
}

/** The line as printed: compact JSON and a newline (a reader takes the first line whole). */
export function formatStartJson(start: EmulateStart): string {
  return `${JSON.stringify(startLine(start))}\n`;
}
