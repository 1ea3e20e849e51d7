/**
 * `drivespec emulate [--port N] [--host H] [--state FILE] [--data-dir DIR] [--seed-demo] [limits]`: runs the embedded
 * emulator of the four services until SIGINT/SIGTERM. Prints the URL and the emulator's default
 * credentials, which are local test values printed on purpose (they open nothing but this
 * emulator); request log lines are redacted (`redactUrl`).
 */
import { resolve } from 'node:path';
import { seedDemo, startEmulator, type EmulatorCredentials, type EmulatorOptions } from '../emulator/index.js';
import { stderrLine, parseCommandArgs, runCommand, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { providerIds, providers } from '../core/provider.js';
import { formatStartJson } from './emulate-json.js';
import { drivespecPackage } from './version.js';

/** What the emulator serves, from the provider registry (specs/), wrapped at 100 columns. */
function emulatedServices(): string[] {
  const services = providerIds.map((id) => `${id} (${providers[id].operationIds.join(', ')})`);
  const sentence = `Runs one local HTTP server emulating ${services.slice(0, -1).join(', ')} and ${services.at(-1)}.`;
  const lines: string[] = [];
  let line = '';
  for (const word of sentence.split(' ')) {
    if (line && line.length + 1 + word.length > 100) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return [...lines, line];
}

export function usage(): string {
  return [
    'usage: drivespec emulate [--port N] [--host H] [--state FILE] [--data-dir DIR] [--seed-demo]',
    '                         [--max-body-bytes N] [--max-body-bytes-in-flight N] [--max-connections N]',
    '                         [--headers-timeout-ms N] [--request-timeout-ms N] [--quiet] [--json]',
    '',
    ...emulatedServices(),
    '',
    '  --port N            port to listen on (default 0: a free port, printed at start)',
    '  --host H            address to bind (default 127.0.0.1)',
    '  --state FILE        keep uploads, files and credentials in FILE across restarts',
    '  --data-dir DIR      store uploaded bytes in DIR (kept); default FILE.data with --state, else a',
    '                      temp directory removed on exit',
    '  --seed-demo         seed one pending upload per operation with the documented example ids',
    '  --max-body-bytes N  largest request body accepted (default 1048576)',
    '  --max-body-bytes-in-flight N',
    '                      request-body bytes held at once, all requests together (default 67108864,',
    '                      or --max-body-bytes if larger); beyond it: the provider\'s 503 "busy" answer',
    '  --max-connections N connections open at once (default 256); beyond it: the provider\'s 503',
    '  --headers-timeout-ms N',
    '                      time for request headers to arrive (default 30000); then 408',
    '  --request-timeout-ms N',
    '                      time for a whole request, body included (default 60000); then 408',
    '  --quiet             do not log one line per request',
    '  --json              print one JSON object on one line at start (url, pid, version, per provider',
    '                      baseUrl and credentials, seedUrl, healthUrl; README "Emulator"); the request',
    '                      log and the stop line then go to stderr, so stdout holds that line only',
    '',
    'Seed over HTTP: POST <url>/__drivespec/seed with JSON { "kind": "pdsUpload" | "metaStudioUpload" |',
    '"metaStudioAsset" | "smhUpload" | "smhFile" | "koodriveUpload" | "fault" | "reset", ...input } (content as a UTF-8',
    'string, or contentBase64). Stops on SIGINT or SIGTERM.',
    '',
  ].join('\n');
}

interface ParsedArgs {
  help: boolean;
  port?: number;
  host?: string;
  state?: string;
  dataDir?: string;
  seedDemo: boolean;
  maxBodyBytes?: number;
  maxBodyBytesInFlight?: number;
  maxConnections?: number;
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  quiet: boolean;
  json: boolean;
}

const options = {
  port: { type: 'string' },
  host: { type: 'string' },
  state: { type: 'string' },
  'data-dir': { type: 'string' },
  'seed-demo': { type: 'boolean' },
  'max-body-bytes': { type: 'string' },
  'max-body-bytes-in-flight': { type: 'string' },
  'max-connections': { type: 'string' },
  'headers-timeout-ms': { type: 'string' },
  'request-timeout-ms': { type: 'string' },
  quiet: { type: 'boolean' },
  json: { type: 'boolean' },
} as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/** Throws UsageError on bad usage. */
export function parseEmulateArgs(argv: readonly string[]): ParsedArgs {
  const { help, values } = parseCommandArgs(argv, options);
  const wholeNumber = (name: keyof typeof options & string, min: number, max: number): number | undefined => {
    const text = values[name];
    if (typeof text !== 'string') return undefined;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const out: ParsedArgs = { help, seedDemo: values['seed-demo'] === true, quiet: values.quiet === true, json: values.json === true };
  const port = wholeNumber('port', 0, 65535);
  const maxBodyBytes = wholeNumber('max-body-bytes', 1, 1024 * 1024 * 1024);
  const maxBodyBytesInFlight = wholeNumber('max-body-bytes-in-flight', 1, Number.MAX_SAFE_INTEGER);
  const maxConnections = wholeNumber('max-connections', 1, 1_000_000);
  const headersTimeoutMs = wholeNumber('headers-timeout-ms', 1, DAY_MS);
  const requestTimeoutMs = wholeNumber('request-timeout-ms', 1, DAY_MS);
  if (port !== undefined) out.port = port;
  if (values.host !== undefined) out.host = values.host;
  if (values.state !== undefined) out.state = values.state;
  if (values['data-dir'] !== undefined) {
    if (values['data-dir'] === '') throw new UsageError('--data-dir must name a directory');
    out.dataDir = values['data-dir'];
  }
  if (maxBodyBytes !== undefined) out.maxBodyBytes = maxBodyBytes;
  if (maxBodyBytesInFlight !== undefined) out.maxBodyBytesInFlight = maxBodyBytesInFlight;
  if (maxConnections !== undefined) out.maxConnections = maxConnections;
  if (headersTimeoutMs !== undefined) out.headersTimeoutMs = headersTimeoutMs;
  if (requestTimeoutMs !== undefined) out.requestTimeoutMs = requestTimeoutMs;
  return out;
}

/** The credentials block printed at start, one provider per line. */
export function formatCredentials(credentials: EmulatorCredentials): string {
  const width = Math.max(...Object.keys(credentials).map((p) => p.length));
  return Object.entries(credentials)
    .map(([provider, fields]) => {
      const pairs = Object.entries(fields as Record<string, string>).map(([k, v]) => `${k}=${v}`);
      return `  ${provider.padEnd(width)}  ${pairs.join('  ')}`;
    })
    .join('\n');
}

/** Resolves on the first SIGINT or SIGTERM; `dispose` stops listening. */
function signalWaiter(): { promise: Promise<string>; dispose: () => void } {
  let onSignal: (signal: string) => void = () => {};
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  const promise = new Promise<string>((resolveSignal) => {
    onSignal = (signal: string) => {
      dispose();
      resolveSignal(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
  return { promise, dispose };
}

/**
 * `until` replaces the wait for a signal (tests); `onStarted` sees the running emulator's URL.
 */
export async function run(
  argv: string[],
  io: CliIo,
  hooks: { until?: Promise<unknown>; onStarted?: (url: string) => void } = {},
): Promise<number> {
  return runCommand('emulate', io, () => emulate(argv, io, hooks));
}

async function emulate(argv: string[], io: CliIo, hooks: { until?: Promise<unknown>; onStarted?: (url: string) => void }): Promise<number> {
  const args = parseEmulateArgs(argv);
  if (args.help) {
    io.stdout(usage());
    return 0;
  }
  const options: EmulatorOptions = {
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.host !== undefined ? { host: args.host } : {}),
    ...(args.state !== undefined ? { stateFile: resolve(io.cwd, args.state) } : {}),
    ...(args.dataDir !== undefined ? { dataDir: resolve(io.cwd, args.dataDir) } : {}),
    ...(args.maxBodyBytes !== undefined ? { maxBodyBytes: args.maxBodyBytes } : {}),
    ...(args.maxBodyBytesInFlight !== undefined ? { maxBodyBytesInFlight: args.maxBodyBytesInFlight } : {}),
    ...(args.maxConnections !== undefined ? { maxConnections: args.maxConnections } : {}),
    ...(args.headersTimeoutMs !== undefined ? { headersTimeoutMs: args.headersTimeoutMs } : {}),
    ...(args.requestTimeoutMs !== undefined ? { requestTimeoutMs: args.requestTimeoutMs } : {}),
    // With --json stdout carries the start line only: the request log goes to stderr.
    ...(args.quiet ? {} : { log: (line: string) => (args.json ? io.stderr : io.stdout)(`${line}\n`) }),
    // Not the request log: --quiet must not hide that the state file stopped being written.
    onWarning: (line: string) => io.stderr(stderrLine('emulate', `warning: ${line}`)),
  };
  // Listen for signals before starting, so a Ctrl+C during start-up is not lost.
  const signals = hooks.until ? undefined : signalWaiter();
  const until = hooks.until ?? signals!.promise;
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    signals?.dispose();
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'EADDRINUSE' ? `port ${args.port} is already in use` : String((error as Error)?.message ?? error);
    io.stderr(stderrLine('emulate', message.split('\n', 1)[0]!));
    return 1;
  }
  if (args.seedDemo) seedDemo(emulator.seed);
  if (!isLoopback(args.host ?? '127.0.0.1')) {
    // The seed endpoint has no authentication and the credentials above are public defaults.
    io.stderr(
      stderrLine('emulate', `warning: listening on ${args.host}, not a loopback address: anyone who can reach it can seed and reset its state`),
    );
  }
  // --json: one machine-readable line instead of the banner (src/cli/emulate-json.ts).
  const startJson = args.json ? await jsonStartLine(args, emulator, io.cwd) : undefined;
  io.stdout(
    startJson ??
    [
      `drivespec emulate: listening on ${emulator.url}`,
      '',
      "Credentials (the emulator's own local test values, printed on purpose: they open nothing but this emulator):",
      formatCredentials(emulator.credentials),
      '',
      `Seed: POST ${emulator.url}/__drivespec/seed  (drivespec emulate --help)`,
      ...(args.seedDemo ? ['Demo uploads seeded with the documented example ids (content "123456789").'] : []),
      ...(args.state ? [`State file: ${resolve(io.cwd, args.state)}`] : []),
      ...(args.dataDir ? [`Data directory: ${resolve(io.cwd, args.dataDir)}`] : []),
      'Stop with Ctrl+C.',
      '',
    ].join('\n'),
  );
  hooks.onStarted?.(emulator.url);
  await until;
  await emulator.close();
  (args.json ? io.stderr : io.stdout)('drivespec emulate: stopped\n');
  return 0;
}

async function jsonStartLine(args: ParsedArgs, emulator: { url: string; credentials: EmulatorCredentials }, cwd: string): Promise<string> {
  let version = 'unknown';
  try {
    version = (await drivespecPackage()).version;
  } catch {
    // A copy without drivespec's package.json: the line still tells where and how to call.
  }
  return formatStartJson({
    url: emulator.url,
    pid: process.pid,
    version,
    credentials: emulator.credentials,
    demoSeeded: args.seedDemo,
    ...(args.state ? { stateFile: resolve(cwd, args.state) } : {}),
    ...(args.dataDir ? { dataDir: resolve(cwd, args.dataDir) } : {}),
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
