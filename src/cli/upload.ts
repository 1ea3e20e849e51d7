/**
 * `drivespec upload --provider P FILE [target options]` (issue 12): one `client.upload()` of FILE,
 * against the embedded emulator (started in this process on a free loopback port, as
 * `conformance` does) or a live `--base-url` with the credentials of the same `DRIVESPEC_*`
 * variables as `conformance`. Progress on stderr (a bar on a terminal, plain lines otherwise), the
 * result on stdout (`--json`: one JSON object, no secret), `--resume FILE` to keep the resumable
 * state in FILE and continue from it. Exit 0 uploaded, 1 failed or interrupted, 2 bad usage.
 */
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { createClient as createPds } from '../clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../clients/huawei-metastudio.js';
import { createClient as createSmh } from '../clients/tencent-smh.js';
import { credentialsFromEnv, liveCredentialHint, liveCredentialVariables } from '../conformance/live-credentials.js';
import { secretsOf } from '../conformance/provider-clients.js';
import type { ConformanceCredentials } from '../conformance/types.js';
import { baseUrlProblem } from '../core/base-url.js';
import { AbortError, ConfigurationError, InputError } from '../core/errors.js';
import { isProviderId, providerIds, type ProviderId } from '../core/provider.js';
import { redactJson, redactSecrets, redactUrl } from '../core/redact.js';
import { uploadStateOf } from '../upload/state.js';
import type { UploadOptions, UploadProgress, UploadResult, UploadState } from '../upload/types.js';
import { parseCommandArgs, printable, runCommand, stderrLine, UsageError } from './args.js';
import type { CliIo } from './io.js';

const COMMAND = 'upload';

/** The one method of a client this command calls (CONTRACTS12.md: `client.upload(source, target, options)`). */
export interface UploadClient {
  upload(source: string, target: object, options: UploadOptions): Promise<UploadResult<unknown>>;
}

/** Where the upload goes: a base URL and the provider's credentials (the emulator's, or the environment's). */
export interface UploadConnection<P extends ProviderId = ProviderId> {
  provider: P;
  baseUrl: string;
  credentials: ConformanceCredentials[P];
}

/** The stream the progress bar draws on: a terminal (`isTTY`), or anything else for plain lines. */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

/** What tests replace; each default is the real thing. */
export interface UploadHooks {
  /** Builds the provider's client. Default: the provider's `createClient`. */
  createClient?: (connection: UploadConnection) => UploadClient;
  /** Starts the embedded emulator. Default: `startEmulator` of drivespec/emulator on 127.0.0.1, a free port. */
  startEmulator?: () => Promise<{ url: string; credentials: ConformanceCredentials; close(): Promise<void> }>;
  /** Aborts the upload (as Ctrl-C does). Default: the first SIGINT or SIGTERM of this process. */
  signal?: AbortSignal;
  /** Where progress is shown. Default: process.stderr (a bar when it is a terminal). */
  progressStream?: ProgressStream;
}

// ---------------------------------------------------------------------------------------------
// Arguments

/** Target options, per provider, named after the spec's target fields (snake/camel case → kebab). */
const targetOptions = {
  'aliyun-pds': ['drive-id', 'parent-file-id', 'name', 'check-name-mode'],
  'huawei-metastudio': ['asset-id', 'asset-name', 'asset-type', 'file-name', 'asset-file-category'],
  'tencent-smh': ['path', 'conflict-resolution-strategy'],
  'huawei-koodrive': ['parent-folder', 'file-name', 'file-type'],
} as const satisfies Record<ProviderId, readonly string[]>;

type TargetOption = (typeof targetOptions)[ProviderId][number];

const options = {
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  'part-size': { type: 'string' },
  concurrency: { type: 'string' },
  'no-rapid-upload': { type: 'boolean' },
  json: { type: 'boolean' },
  resume: { type: 'string' },
  quiet: { type: 'boolean' },
  'drive-id': { type: 'string' },
  'parent-file-id': { type: 'string' },
  name: { type: 'string' },
  'check-name-mode': { type: 'string' },
  'asset-id': { type: 'string' },
  'asset-name': { type: 'string' },
  'asset-type': { type: 'string' },
  'file-name': { type: 'string' },
  'asset-file-category': { type: 'string' },
  path: { type: 'string' },
  'conflict-resolution-strategy': { type: 'string' },
  'parent-folder': { type: 'string' },
  'file-type': { type: 'string' },
} as const satisfies Record<string, { type: 'string' | 'boolean' }> & Record<TargetOption, { type: 'string' }>;

export interface UploadArgs {
  help: boolean;
  provider: ProviderId;
  file: string;
  baseUrl?: string;
  partSize?: number;
  concurrency?: number;
  rapidUpload: boolean;
  json: boolean;
  quiet: boolean;
  resume?: string;
  /** The provider's target, with the defaults filled in. */
  target: Record<string, unknown>;
}

export function uploadUsage(): string {
  const variables = providerIds.flatMap((p) =>
    liveCredentialVariables[p].map((v) => `    ${v.name.padEnd(34)} ${p}: ${v.description}`),
  );
  return [
    'usage: drivespec upload --provider P FILE [target options] [--base-url URL] [--part-size N]',
    '                        [--concurrency N] [--no-rapid-upload] [--resume STATE] [--json] [--quiet]',
    '',
    "Uploads FILE with the provider client's upload(): hashes, rapid/instant upload first, parts PUT",
    'concurrently with retries, completion checked against the hashes. By default against the',
    'embedded emulator (started in this process on a free local port), or a live --base-url.',
    '',
    'options:',
    `  --provider P        one of ${providerIds.join(', ')} (required)`,
    '  --base-url URL      a live endpoint instead of the embedded emulator; credentials from the',
    '                      environment (below), never from flags',
    '  --part-size N       bytes per part: a number, or with KiB, MiB or GiB (8MiB); default: the',
    "                      provider's (grown so the file fits its part count)",
    '  --concurrency N     parts in flight at once, 1 to 64 (default 4)',
    '  --no-rapid-upload   do not try rapid / instant / flash upload first',
    '  --resume STATE      keep the resumable state in the file STATE (rewritten atomically after',
    '                      each stored part) and, when STATE holds one, continue that upload: only',
    '                      the missing parts are sent. Removed once the upload has completed',
    '  --json              print the result as one JSON object (no secret) instead of text',
    '  --quiet             no progress on stderr',
    '  -h, --help          this text',
    '',
    'target options (named after the fields of each provider\'s upload target):',
    '  aliyun-pds          --drive-id ID (default 1) --parent-file-id ID (default root)',
    '                      --name NAME (default: the base name of FILE) --check-name-mode MODE',
    '  huawei-metastudio   --asset-id ID, or --asset-type TYPE [--asset-name NAME] to create the asset',
    '                      (name default: the base name of FILE); --file-name NAME (default: the base',
    '                      name of FILE) --asset-file-category CATEGORY (default MAIN)',
    '  tencent-smh         --path PATH (default: the base name of FILE) --conflict-resolution-strategy S',
    '  huawei-koodrive     --parent-folder ID (default root) --file-name NAME (default: the base name',
    '                      of FILE) --file-type TYPE',
    'The defaults name what a fresh emulator has (PDS drive 1, folder root; SMH library smhdocs;',
    'KooDrive folder root); a MetaStudio asset must be named or created.',
    '',
    'Credentials for --base-url come from the environment:',
    ...variables,
    '',
    'Progress goes to stderr: a bar on a terminal, otherwise one line per phase and per 10 %.',
    'Ctrl-C aborts the upload (in-flight parts too); with --resume its state is kept for the next run.',
    'Exit status: 0 uploaded, 1 failed or interrupted, 2 bad usage.',
    '',
  ].join('\n');
}

const SIZE_UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kib: 1024, m: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gib: 1024 ** 3 };

/** `8MiB`, `8m`, `8388608`: bytes, a positive safe integer. */
export function parseByteSize(flag: string, text: string): number {
  const match = /^([0-9]+)\s*([a-z]*)$/i.exec(text.trim());
  const unit = match ? SIZE_UNITS[match[2]!.toLowerCase()] : undefined;
  const value = match && unit !== undefined ? Number(match[1]) * unit : NaN;
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new UsageError(`${flag} must be a positive number of bytes, optionally with KiB, MiB or GiB (e.g. 8MiB)`);
  }
  return value;
}

function parseCount(flag: string, text: string): number {
  if (!/^[0-9]+$/.test(text) || Number(text) < 1 || Number(text) > 64) throw new UsageError(`${flag} must be an integer from 1 to 64`);
  return Number(text);
}

export function parseUploadArgs(argv: readonly string[]): UploadArgs {
  const { help, values, positionals } = parseCommandArgs(argv, options, { positionals: true });
  if (help) return { help: true, provider: 'aliyun-pds', file: '', rapidUpload: true, json: false, quiet: false, target: {} };
  if (values.provider === undefined) throw new UsageError(`--provider is required (one of ${providerIds.join(', ')})`);
  const provider = values.provider;
  if (!isProviderId(provider)) throw new UsageError(`unknown provider '${printable(provider, 64)}' (one of ${providerIds.join(', ')})`);
  if (positionals.length === 0) throw new UsageError('no FILE given');
  if (positionals.length > 1) throw new UsageError(`unexpected argument '${printable(positionals[1]!, 64)}' (one FILE per upload)`);
  const file = positionals[0]!;

  // A target option of another provider is a mistake to name, not to ignore.
  const own: readonly string[] = targetOptions[provider];
  for (const name of new Set(Object.values(targetOptions).flat())) {
    if (values[name] === undefined || own.includes(name)) continue;
    const owners = providerIds.filter((p) => (targetOptions[p] as readonly string[]).includes(name));
    throw new UsageError(`--${name} is a target option of ${owners.join(', ')}, not of ${provider}`);
  }

  const args: UploadArgs = {
    help: false,
    provider,
    file,
    rapidUpload: values['no-rapid-upload'] !== true,
    json: values.json === true,
    quiet: values.quiet === true,
    target: targetOf(provider, values, basename(file)),
  };
  if (values['base-url'] !== undefined) {
    const problem = baseUrlProblem(values['base-url']);
    const why = problem === 'must not carry a query, fragment or user info' ? ' (credentials come from the environment)' : '';
    if (problem !== undefined) throw new UsageError(`--base-url ${problem}${why}`);
    args.baseUrl = values['base-url'];
  }
  if (values['part-size'] !== undefined) args.partSize = parseByteSize('--part-size', values['part-size']);
  if (values.concurrency !== undefined) args.concurrency = parseCount('--concurrency', values.concurrency);
  if (values.resume !== undefined) args.resume = values.resume;
  return args;
}

type Values = Partial<Record<TargetOption, string>>;

function targetOf(provider: ProviderId, v: Values, fileName: string): Record<string, unknown> {
  switch (provider) {
    case 'aliyun-pds':
      return {
        drive_id: v['drive-id'] ?? '1',
        parent_file_id: v['parent-file-id'] ?? 'root',
        name: v.name ?? fileName,
        ...(v['check-name-mode'] !== undefined ? { check_name_mode: v['check-name-mode'] } : {}),
      };
    case 'huawei-metastudio': {
      const common = { file_name: v['file-name'] ?? fileName, asset_file_category: v['asset-file-category'] ?? 'MAIN' };
      if (v['asset-id'] !== undefined) {
        if (v['asset-name'] !== undefined || v['asset-type'] !== undefined) {
          throw new UsageError('--asset-id names an existing asset: give it, or --asset-type (and --asset-name) to create one, not both');
        }
        return { asset_id: v['asset-id'], ...common };
      }
      if (v['asset-type'] === undefined) {
        throw new UsageError('huawei-metastudio needs --asset-id, or --asset-type (and --asset-name) to create the asset');
      }
      return { asset: { asset_name: v['asset-name'] ?? fileName, asset_type: v['asset-type'] }, ...common };
    }
    case 'tencent-smh':
      return {
        path: v.path ?? fileName,
        ...(v['conflict-resolution-strategy'] !== undefined ? { conflict_resolution_strategy: v['conflict-resolution-strategy'] } : {}),
      };
    case 'huawei-koodrive':
      return {
        parentFolder: v['parent-folder'] ?? 'root',
        fileName: v['file-name'] ?? fileName,
        ...(v['file-type'] !== undefined ? { fileType: v['file-type'] } : {}),
      };
  }
}

/** The flag for an option a ConfigurationError names (`target.drive_id` → `--drive-id`), when it is one. */
export function flagOf(option: string): string | undefined {
  if (option === 'partSize') return '--part-size';
  if (option === 'concurrency') return '--concurrency';
  if (!option.startsWith('target')) return undefined;
  const last = option.split('.').at(-1)!;
  const flag = last.replace(/_/g, '-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  return Object.hasOwn(options, flag) ? `--${flag}` : undefined;
}

// ---------------------------------------------------------------------------------------------
// Progress

export interface ProgressView {
  update(progress: UploadProgress): void;
  stop(): void;
}

const PHASE_WORD: Record<UploadProgress['phase'], string> = {
  hashing: 'hashing',
  starting: 'starting',
  uploading: 'uploading',
  completing: 'completing',
};

function percent(p: UploadProgress): number {
  return p.total === 0 ? 100 : Math.floor((p.bytes / p.total) * 100);
}

function mib(bytes: number): string {
  return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** Plain lines (not a terminal): one per phase change and one per 10 % of a phase. */
export function lineProgress(write: (line: string) => void): ProgressView {
  let phase: string | undefined;
  let step = -1;
  return {
    update(p) {
      const tenth = Math.floor(percent(p) / 10);
      if (p.phase === phase && tenth <= step) return;
      phase = p.phase;
      step = tenth;
      const parts = p.totalParts > 0 ? `, ${p.parts}/${p.totalParts} parts` : '';
      write(stderrLine(COMMAND, `${PHASE_WORD[p.phase]} ${percent(p)}% (${p.bytes}/${p.total} bytes${parts})`));
    },
    stop() {},
  };
}

/** A cli-progress bar on a terminal (loaded only then: library users never load it). */
export async function barProgress(stream: ProgressStream): Promise<ProgressView> {
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar(
    {
      // cli-progress reads isTTY, columns and write() of the stream, and moves the cursor through node:readline.
      stream: stream as NodeJS.WritableStream,
      format: '{phase} [{bar}] {percentage}% | {done} of {size} | parts {parts}',
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      fps: 10,
    },
    Presets.shades_classic,
  );
  let started = false;
  const payload = (p: UploadProgress) => ({
    phase: PHASE_WORD[p.phase].padEnd(10),
    done: mib(p.bytes),
    size: mib(p.total),
    parts: p.totalParts > 0 ? `${p.parts}/${p.totalParts}` : '-',
  });
  return {
    update(p) {
      // An empty file is 100 % done at once: cli-progress would show 0/0 as NaN.
      const total = Math.max(p.total, 1);
      const value = p.total === 0 ? 1 : p.bytes;
      if (!started) {
        bar.start(total, value, payload(p));
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(value, payload(p));
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The state file (--resume)

/** The largest state file read: 10,000 parts are well under 1 MiB of JSON. */
const MAX_STATE_BYTES = 16 * 1024 ** 2;

/**
 * Keeps the latest state in a file, written atomically (a temp file beside it, then rename), one
 * write at a time; states that arrive while a write runs are coalesced into the next one, so a
 * fast upload is not slowed by a write per part and the file is never torn.
 */
export class StateFile {
  private pending: UploadState | undefined;
  private writing: Promise<void> | undefined;
  private failure: string | undefined;
  constructor(
    readonly path: string,
    private readonly onFirstFailure: (reason: string) => void,
  ) {}

  update(state: UploadState): void {
    this.pending = state;
    this.writing ??= this.drain();
  }

  /** Resolves when the latest state given is on disk (or its write failed). */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  /** Why the last write failed, if it did. */
  get problem(): string | undefined {
    return this.failure;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending) {
        const state = this.pending;
        this.pending = undefined;
        const temp = `${this.path}.${process.pid}.tmp`;
        try {
          await writeFile(temp, `${JSON.stringify(state)}\n`, { mode: 0o600 });
          await rename(temp, this.path);
          this.failure = undefined;
        } catch (error) {
          const reason = (error as { code?: unknown }).code;
          if (this.failure === undefined) this.onFirstFailure(typeof reason === 'string' ? reason : 'write failed');
          this.failure = typeof reason === 'string' ? reason : 'write failed';
          await rm(temp, { force: true }).catch(() => {});
        }
      }
    } finally {
      this.writing = undefined;
    }
  }
}

/** The state FILE holds, or undefined when there is none yet (missing or empty file). Throws a one-line message. */
export async function readStateFile(path: string, shown: string): Promise<unknown> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new InputError(`cannot read the resume state ${shown} (${String((error as { code?: unknown }).code ?? 'error')})`);
  }
  if (!info.isFile()) throw new InputError(`the resume state ${shown} is not a file`);
  if (info.size === 0) return undefined;
  if (info.size > MAX_STATE_BYTES) throw new InputError(`the resume state ${shown} is larger than ${MAX_STATE_BYTES} bytes: not a state drivespec wrote`);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new InputError(`the resume state ${shown} is not JSON: not a state drivespec wrote`);
  }
}

// ---------------------------------------------------------------------------------------------
// Clients

/** The provider's client for the connection, as far as this command calls it. */
export function defaultCreateClient(connection: UploadConnection): UploadClient {
  const { provider, baseUrl } = connection;
  let client: unknown;
  switch (provider) {
    case 'aliyun-pds': {
      const c = connection.credentials as ConformanceCredentials['aliyun-pds'];
      const credentials = c.accessToken
        ? { accessToken: c.accessToken }
        : { accessKeyId: c.accessKeyId ?? '', accessKeySecret: c.accessKeySecret ?? '' };
      client = createPds({ baseUrl, credentials, ...(c.domainId ? { domainId: c.domainId } : {}) });
      break;
    }
    case 'huawei-metastudio': {
      const c = connection.credentials as ConformanceCredentials['huawei-metastudio'];
      const credentials = c.token ? { token: c.token } : { ak: c.ak ?? '', sk: c.sk ?? '' };
      client = createMetaStudio({ baseUrl, projectId: c.projectId, credentials });
      break;
    }
    case 'tencent-smh': {
      const c = connection.credentials as ConformanceCredentials['tencent-smh'];
      client = createSmh({ baseUrl, libraryId: c.libraryId, credentials: { accessToken: c.accessToken } });
      break;
    }
    case 'huawei-koodrive': {
      const c = connection.credentials as ConformanceCredentials['huawei-koodrive'];
      client = createKooDrive({ baseUrl, credentials: { accessToken: c.accessToken, userId: c.userId } });
      break;
    }
  }
  const upload = (client as Partial<UploadClient>).upload;
  if (typeof upload !== 'function') throw new ConfigurationError('provider', `the ${provider} client of this build has no upload()`);
  return client as UploadClient;
}

async function defaultStartEmulator(): ReturnType<NonNullable<UploadHooks['startEmulator']>> {
  const { startEmulator } = await import('../emulator/index.js');
  return startEmulator({ host: '127.0.0.1', port: 0 });
}

/** Aborts on the first SIGINT or SIGTERM; a second one gets node's default (the process ends at once). */
function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onSignal = () => {
    dispose();
    controller.abort(new AbortError('interrupted'));
  };
  const dispose = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return { signal: controller.signal, dispose };
}

// ---------------------------------------------------------------------------------------------
// The command

export async function run(argv: string[], io: CliIo, hooks: UploadHooks = {}): Promise<number> {
  return runCommand(COMMAND, io, () => upload(argv, io, hooks));
}

/** The provider's file information for --json and the text output: signed URLs and secrets removed. */
export function publicFileInfo(file: unknown, secrets: readonly string[]): unknown {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return /^https?:\/\//i.test(v) ? redactUrl(v) : v;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, child]) => [k, walk(child)]));
    return v;
  };
  return redactJson(walk(file), secrets);
}

async function upload(argv: string[], io: CliIo, hooks: UploadHooks): Promise<number> {
  const args = parseUploadArgs(argv);
  if (args.help) {
    io.stdout(uploadUsage());
    return 0;
  }
  const fail = (message: string) => {
    io.stderr(stderrLine(COMMAND, printable(message.split('\n', 1)[0]!, 2000)));
    return 1;
  };

  let credentials: ConformanceCredentials[ProviderId] | undefined;
  if (args.baseUrl !== undefined) {
    credentials = credentialsFromEnv(io.env)[args.provider];
    if (credentials === undefined) throw new UsageError(`--base-url needs credentials: ${liveCredentialHint[args.provider]}`);
  }

  const filePath = resolve(io.cwd, args.file);
  const shownFile = printable(args.file, 200);
  const statePath = args.resume === undefined ? undefined : resolve(io.cwd, args.resume);
  const shownState = args.resume === undefined ? '' : printable(args.resume, 200);

  let resume: unknown;
  if (statePath !== undefined) {
    try {
      resume = await readStateFile(statePath, shownState);
    } catch (error) {
      return fail((error as Error).message);
    }
  }

  // Listening before the emulator starts: a Ctrl-C from here on aborts, never kills half-way.
  const interrupt = hooks.signal ? undefined : interruptSignal();
  const signal = hooks.signal ?? interrupt!.signal;
  let emulator: Awaited<ReturnType<NonNullable<UploadHooks['startEmulator']>>> | undefined;
  if (args.baseUrl === undefined) {
    try {
      emulator = await (hooks.startEmulator ?? defaultStartEmulator)();
    } catch (error) {
      interrupt?.dispose();
      return fail(`cannot start the embedded emulator: ${(error as Error).message}`);
    }
    credentials = emulator.credentials[args.provider];
  }
  const secrets = secretsOf({ [args.provider]: credentials });
  const scrub = (text: string) => redactSecrets(text, secrets);
  const stream = hooks.progressStream ?? process.stderr;
  let view: ProgressView | undefined;
  const stateFile =
    statePath === undefined
      ? undefined
      : new StateFile(statePath, (reason) =>
          io.stderr(stderrLine(COMMAND, `warning: cannot write the resume state ${shownState} (${reason}); the upload goes on`)),
        );
  let lastState: UploadState | undefined;

  try {
    if (!args.quiet) view = stream.isTTY ? await barProgress(stream) : lineProgress(io.stderr);
    const client = (hooks.createClient ?? defaultCreateClient)({
      provider: args.provider,
      baseUrl: args.baseUrl ?? emulator!.url,
      credentials: credentials!,
    });
    if (resume !== undefined && !args.quiet) io.stderr(stderrLine(COMMAND, `resuming the upload kept in ${shownState}`));
    const uploadOptions: UploadOptions = {
      rapidUpload: args.rapidUpload,
      signal,
      onState: (state) => {
        lastState = state;
        stateFile?.update(state);
      },
      ...(view ? { onProgress: (p: UploadProgress) => view!.update(p) } : {}),
      ...(args.partSize !== undefined ? { partSize: args.partSize } : {}),
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      // Checked by upload() as hostile input (shape, provider, the source's fingerprint).
      ...(resume !== undefined ? { resume: resume as UploadState } : {}),
    };
    let result: UploadResult<unknown>;
    try {
      result = await client.upload(filePath, args.target, uploadOptions);
    } finally {
      view?.stop();
    }
    if (stateFile) {
      await stateFile.flush();
      // A completed upload cannot be resumed: a state left behind would only fail the next run.
      await rm(statePath!, { force: true }).catch(() => {});
    }
    const file = publicFileInfo(result.file, secrets);
    if (args.json) {
      io.stdout(
        `${JSON.stringify({
          provider: args.provider,
          source: args.file,
          size: result.state.source.size,
          rapidUpload: result.rapidUpload,
          bytesSent: result.bytesSent,
          partsSent: result.partsSent,
          file,
        })}\n`,
      );
    } else {
      const how = result.rapidUpload ? 'rapid upload, no byte sent' : `${result.bytesSent} bytes in ${result.partsSent} parts sent`;
      io.stdout(`uploaded ${shownFile} to ${args.provider} (${result.state.source.size} bytes; ${how})\n${JSON.stringify(file)}\n`);
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof ConfigurationError) {
      const flag = flagOf(error.option);
      if (flag !== undefined) throw new UsageError(scrub(`${flag}: ${error.message.slice(error.option.length + 2)}`));
    }
    // The rejection carries the upload's state (the engine's uploadStateOf); keep it, in case it is newer than the last onState.
    const kept = uploadStateOf(error) ?? lastState;
    if (kept !== undefined && kept !== lastState) {
      lastState = kept;
      stateFile?.update(kept);
    }
    await stateFile?.flush();
    // Whatever the upload rejected with once the signal fired (AbortError, or a request cut short), the cause is the interruption.
    const interrupted = signal.aborted;
    const message = interrupted ? 'interrupted: the upload was aborted' : scrub(error instanceof Error ? error.message : String(error));
    let hint = '';
    if (lastState !== undefined) {
      hint =
        stateFile && stateFile.problem === undefined
          ? `; its state is in ${shownState}: run the same command again to resume`
          : stateFile
            ? `; its state could not be written to ${shownState}`
            : '; give --resume STATE to be able to continue an upload';
    }
    return fail(`${message}${hint}`);
  } finally {
    interrupt?.dispose();
    await emulator?.close();
  }
}
