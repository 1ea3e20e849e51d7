/**
 * `drivespec upload` with a fake client standing for `client.upload()` (CONTRACTS12.md): argument
 * parsing and targets, the connection (embedded emulator or --base-url with the environment's
 * credentials), progress, --json, the --resume state file, abort and exit codes. The uploads
 * against the real emulator are in upload.emulator.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import {
  flagOf,
  lineProgress,
  parseByteSize,
  parseUploadArgs,
  readStateFile,
  run,
  StateFile,
  uploadUsage,
  type UploadClient,
  type UploadConnection,
  type UploadHooks,
} from '../../src/cli/upload.js';
import { AbortError, AliyunPdsApiError, ConfigurationError, TencentSmhApiError } from '../../src/core/errors.js';
import { attachUploadState } from '../../src/upload/state.js';
import { defaultEmulatorCredentials } from '../../src/emulator/credentials.js';
import type { UploadOptions, UploadState } from '../../src/upload/types.js';

const dir = mkdtempSync(join(tmpdir(), 'drivespec-cli-upload-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIZE = 10 * 1024;
writeFileSync(join(dir, 'data.bin'), Buffer.alloc(SIZE, 7));
writeFileSync(join(dir, 'empty.bin'), '');

function io(env: Record<string, string> = {}): CliIo & { out: string; err: string } {
  const state = {
    out: '',
    err: '',
    env,
    cwd: dir,
    stdout: (s: string) => void (state.out += s),
    stderr: (s: string) => void (state.err += s),
  };
  return state;
}

interface Call {
  connection: UploadConnection;
  source: string;
  target: object;
  options: UploadOptions;
}

const PART = 1024;

/**
 * A client whose upload() acts as the contract says: reads the file's size, calls onState after
 * the start and after every stored part, onProgress on each phase and part, honours the signal,
 * skips the parts a resume state lists; `failAt` makes that part's PUT refused.
 */
function fakeClient(calls: Call[], behaviour: { failAt?: number; abortAt?: (n: number) => void; file?: unknown; error?: Error } = {}) {
  return (connection: UploadConnection): UploadClient => ({
    async upload(source, target, options) {
      calls.push({ connection, source, target, options });
      if (behaviour.error) throw behaviour.error;
      const size = (await stat(source)).size;
      const total = Math.ceil(size / PART);
      const resume = options.resume;
      let state: UploadState = resume ?? {
        version: 1,
        provider: connection.provider,
        upload: { id: 'u-1' },
        source: { size, kind: 'file', name: 'data.bin', mtimeMs: 1 },
        partSize: PART,
        parts: [],
        startedAt: '2026-12-02T00:00:00.000Z',
      };
      const progress = (phase: 'hashing' | 'starting' | 'uploading' | 'completing') =>
        options.onProgress?.({ phase, bytes: state.parts.reduce((s, p) => s + p.size, 0), total: size, parts: state.parts.length, totalParts: total });
      progress('hashing');
      progress('starting');
      options.onState?.(state);
      progress('uploading');
      let sent = 0;
      let partsSent = 0;
      for (let n = 1; n <= total; n++) {
        if (state.parts.some((p) => p.partNumber === n)) continue;
        behaviour.abortAt?.(n);
        await new Promise((r) => setTimeout(r, 2));
        if (options.signal?.aborted) throw new AbortError('UploadPart');
        if (behaviour.failAt === n) {
          throw new AliyunPdsApiError({ provider: 'aliyun-pds', operationId: 'UploadPart', status: 403, code: 'AccessDenied', message: 'refused' });
        }
        const bytes = Math.min(PART, size - (n - 1) * PART);
        sent += bytes;
        partsSent++;
        state = { ...state, parts: [...state.parts, { partNumber: n, size: bytes, etag: `"e${n}"` }] };
        options.onState?.(state);
        progress('uploading');
      }
      progress('completing');
      return { file: behaviour.file ?? { file_id: 'f-1', size }, rapidUpload: false, bytesSent: sent, partsSent, state };
    },
  });
}

const fakeEmulator = (closed: string[]): UploadHooks['startEmulator'] => async () => ({
  url: 'http://127.0.0.1:9',
  credentials: defaultEmulatorCredentials,
  close: async () => void closed.push('closed'),
});

function hooks(calls: Call[], extra: Partial<UploadHooks> & { closed?: string[]; behaviour?: Parameters<typeof fakeClient>[1] } = {}): UploadHooks {
  const { closed = [], behaviour, ...rest } = extra;
  return {
    createClient: fakeClient(calls, behaviour),
    startEmulator: fakeEmulator(closed),
    signal: new AbortController().signal,
    progressStream: { isTTY: false, write: () => true },
    ...rest,
  };
}

describe('drivespec upload: arguments', () => {
  it('--help prints the usage with every target option and the credential variables', async () => {
    const t = io();
    expect(await run(['--help'], t)).toBe(0);
    expect(t.out).toBe(uploadUsage());
    for (const flag of ['--drive-id', '--parent-file-id', '--check-name-mode', '--asset-id', '--asset-type', '--asset-file-category', '--path', '--conflict-resolution-strategy', '--parent-folder', '--file-type', '--resume', '--json', '--no-rapid-upload']) {
      expect(t.out).toContain(flag);
    }
    expect(t.out).toContain('DRIVESPEC_SMH_ACCESS_TOKEN');
  });

  it.each([
    [[], '--provider is required (one of aliyun-pds, huawei-koodrive, huawei-metastudio, tencent-smh)'],
    [['--provider', 'dropbox', 'x'], "unknown provider 'dropbox' (one of aliyun-pds, huawei-koodrive, huawei-metastudio, tencent-smh)"],
    [['--provider', 'aliyun-pds'], 'no FILE given'],
    [['--provider', 'aliyun-pds', 'a', 'b'], "unexpected argument 'b' (one FILE per upload)"],
    [['--provider', 'aliyun-pds', 'a', '--path', 'x'], '--path is a target option of tencent-smh, not of aliyun-pds'],
    [['--provider', 'tencent-smh', 'a', '--file-name', 'x'], '--file-name is a target option of huawei-koodrive, huawei-metastudio, not of tencent-smh'],
    [['--provider', 'aliyun-pds', 'a', '--part-size', '8 MB'], '--part-size must be a positive number of bytes, optionally with KiB, MiB or GiB (e.g. 8MiB)'],
    [['--provider', 'aliyun-pds', 'a', '--part-size', '0'], '--part-size must be a positive number of bytes, optionally with KiB, MiB or GiB (e.g. 8MiB)'],
    [['--provider', 'aliyun-pds', 'a', '--concurrency', '65'], '--concurrency must be an integer from 1 to 64'],
    [['--provider', 'aliyun-pds', 'a', '--concurrency', '1.5'], '--concurrency must be an integer from 1 to 64'],
    [['--provider', 'huawei-metastudio', 'a'], 'huawei-metastudio needs --asset-id, or --asset-type (and --asset-name) to create the asset'],
    [['--provider', 'huawei-metastudio', 'a', '--asset-id', 'x', '--asset-type', 'VIDEO'], '--asset-id names an existing asset: give it, or --asset-type (and --asset-name) to create one, not both'],
    [['--provider', 'aliyun-pds', 'a', '--base-url', 'https://x.example/?access_token=secret'], '--base-url must not carry a query, fragment or user info (credentials come from the environment)'],
    [['--provider', 'aliyun-pds', 'a', '--base-url', 'https://pds.example'], '--base-url needs credentials: set DRIVESPEC_PDS_ACCESS_TOKEN, or DRIVESPEC_PDS_ACCESS_KEY_ID and DRIVESPEC_PDS_ACCESS_KEY_SECRET'],
  ])('%j is a usage error (exit 2), nothing uploaded', async (argv, message) => {
    const calls: Call[] = [];
    const closed: string[] = [];
    const t = io();
    expect(await run(argv, t, hooks(calls, { closed }))).toBe(2);
    expect(t.err).toBe(`drivespec upload: ${message}\nRun 'drivespec upload --help' for usage.\n`);
    expect(t.err).not.toContain('secret');
    expect(calls).toEqual([]);
    expect(closed).toEqual([]);
  });

  it('sizes: bytes or KiB/MiB/GiB (binary)', () => {
    expect(parseByteSize('--part-size', '8MiB')).toBe(8 * 1024 * 1024);
    expect(parseByteSize('--part-size', '8m')).toBe(8 * 1024 * 1024);
    expect(parseByteSize('--part-size', '100KiB')).toBe(102_400);
    expect(parseByteSize('--part-size', '1GiB')).toBe(1024 ** 3);
    expect(parseByteSize('--part-size', '5242880')).toBe(5_242_880);
    expect(() => parseByteSize('--part-size', '9007199254740993')).toThrow(/positive number of bytes/);
  });

  it('targets carry the emulator-friendly defaults, named after the spec fields', () => {
    const target = (argv: string[]) => parseUploadArgs([...argv, 'dir/report.pdf']).target;
    expect(target(['--provider', 'aliyun-pds'])).toEqual({ drive_id: '1', parent_file_id: 'root', name: 'report.pdf' });
    expect(target(['--provider', 'aliyun-pds', '--drive-id', '7', '--parent-file-id', 'p', '--name', 'n', '--check-name-mode', 'refuse'])).toEqual({
      drive_id: '7',
      parent_file_id: 'p',
      name: 'n',
      check_name_mode: 'refuse',
    });
    expect(target(['--provider', 'tencent-smh'])).toEqual({ path: 'report.pdf' });
    expect(target(['--provider', 'tencent-smh', '--path', 'a/b.pdf', '--conflict-resolution-strategy', 'overwrite'])).toEqual({
      path: 'a/b.pdf',
      conflict_resolution_strategy: 'overwrite',
    });
    expect(target(['--provider', 'huawei-koodrive'])).toEqual({ parentFolder: 'root', fileName: 'report.pdf' });
    expect(target(['--provider', 'huawei-koodrive', '--file-type', '35'])).toEqual({ parentFolder: 'root', fileName: 'report.pdf', fileType: '35' });
    expect(target(['--provider', 'huawei-metastudio', '--asset-id', 'a1'])).toEqual({ asset_id: 'a1', file_name: 'report.pdf', asset_file_category: 'MAIN' });
    expect(target(['--provider', 'huawei-metastudio', '--asset-type', 'VIDEO', '--asset-file-category', 'COVER'])).toEqual({
      asset: { asset_name: 'report.pdf', asset_type: 'VIDEO' },
      file_name: 'report.pdf',
      asset_file_category: 'COVER',
    });
  });

  it('names the flag of a target field or option a ConfigurationError names', () => {
    expect(flagOf('target.check_name_mode')).toBe('--check-name-mode');
    expect(flagOf('target.asset.asset_type')).toBe('--asset-type');
    expect(flagOf('target.parentFolder')).toBe('--parent-folder');
    expect(flagOf('partSize')).toBe('--part-size');
    expect(flagOf('resume')).toBeUndefined();
    expect(flagOf('target.unknown_field')).toBeUndefined();
  });
});

describe('drivespec upload: one upload', () => {
  it('uploads FILE against the embedded emulator with its credentials and the options given, then stops it', async () => {
    const calls: Call[] = [];
    const closed: string[] = [];
    const t = io();
    const code = await run(
      ['--provider', 'aliyun-pds', 'data.bin', '--part-size', '1KiB', '--concurrency', '3', '--no-rapid-upload', '--quiet'],
      t,
      hooks(calls, { closed }),
    );
    expect([code, t.err]).toEqual([0, '']);
    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.connection).toEqual({ provider: 'aliyun-pds', baseUrl: 'http://127.0.0.1:9', credentials: defaultEmulatorCredentials['aliyun-pds'] });
    expect(call!.source).toBe(join(dir, 'data.bin'));
    expect(call!.target).toEqual({ drive_id: '1', parent_file_id: 'root', name: 'data.bin' });
    expect(call!.options).toMatchObject({ partSize: 1024, concurrency: 3, rapidUpload: false });
    expect(call!.options.signal).toBeInstanceOf(AbortSignal);
    expect(call!.options.resume).toBeUndefined();
    expect(t.out).toBe(`uploaded data.bin to aliyun-pds (${SIZE} bytes; ${SIZE} bytes in 10 parts sent)\n{"file_id":"f-1","size":${SIZE}}\n`);
    expect(closed).toEqual(['closed']);
  });

  it('--base-url: the credentials of the DRIVESPEC_* variables, no emulator started', async () => {
    const calls: Call[] = [];
    const closed: string[] = [];
    const t = io({ DRIVESPEC_SMH_ACCESS_TOKEN: 'live-smh-token-123', DRIVESPEC_SMH_LIBRARY_ID: 'lib9' });
    expect(await run(['--provider', 'tencent-smh', 'data.bin', '--base-url', 'https://smh.example', '--quiet'], t, hooks(calls, { closed }))).toBe(0);
    expect(calls[0]!.connection).toEqual({
      provider: 'tencent-smh',
      baseUrl: 'https://smh.example',
      credentials: { accessToken: 'live-smh-token-123', libraryId: 'lib9' },
    });
    expect(calls[0]!.target).toEqual({ path: 'data.bin' });
    expect(closed).toEqual([]);
  });

  it('--json: one object with the result; signed URLs and echoed secrets removed', async () => {
    const calls: Call[] = [];
    const token = defaultEmulatorCredentials['aliyun-pds'].accessToken;
    const file = {
      file_id: 'f-1',
      download_url: 'https://oss.example/obj?Expires=1&OSSAccessKeyId=AK&Signature=abcdef',
      note: `echo ${token}`,
    };
    const t = io();
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--json', '--quiet'], t, hooks(calls, { behaviour: { file } }))).toBe(0);
    const out = JSON.parse(t.out);
    expect(out).toMatchObject({ provider: 'aliyun-pds', source: 'data.bin', size: SIZE, rapidUpload: false, bytesSent: SIZE, partsSent: 10 });
    expect(out.file.file_id).toBe('f-1');
    expect(t.out).not.toContain('abcdef');
    expect(t.out).not.toContain(token);
    expect(t.out.endsWith('}\n')).toBe(true);
    expect(t.out.trim().split('\n')).toHaveLength(1);
  });

  it('progress: plain lines on stderr when not a terminal (phases, then each 10 %), none with --quiet', async () => {
    const t = io();
    expect(await run(['--provider', 'huawei-koodrive', 'data.bin'], t, hooks([]))).toBe(0);
    const lines = t.err.trim().split('\n');
    expect(lines[0]).toBe(`drivespec upload: hashing 0% (0/${SIZE} bytes, 0/10 parts)`);
    expect(lines).toContain(`drivespec upload: uploading 50% (${SIZE / 2}/${SIZE} bytes, 5/10 parts)`);
    expect(lines).toContain(`drivespec upload: completing 100% (${SIZE}/${SIZE} bytes, 10/10 parts)`);
    expect(lines.filter((l) => l.includes('uploading'))).toHaveLength(11);
    const quiet = io();
    expect(await run(['--provider', 'huawei-koodrive', 'data.bin', '--quiet'], quiet, hooks([]))).toBe(0);
    expect(quiet.err).toBe('');
  });

  it('progress: a cli-progress bar on a terminal, not lines', async () => {
    const drawn: string[] = [];
    const t = io();
    const stream = { isTTY: true, columns: 120, write: (s: string) => (drawn.push(s), true) };
    expect(await run(['--provider', 'huawei-koodrive', 'data.bin'], t, hooks([], { progressStream: stream }))).toBe(0);
    expect(t.err).toBe('');
    const screen = drawn.join('');
    // The final frame: the phase, a full bar, 100 %, the byte count and the parts.
    expect(screen).toMatch(/completing +\[█{30}\] 100% \| 0\.0 MiB of 0\.0 MiB \| parts 10\/10/);
    expect(screen).toContain('\x1B[?25l'); // cursor hidden while drawing ...
    expect(screen).toContain('\x1B[?25h'); // ... and shown again
  });

  it('line progress reports an empty file as 100 %', () => {
    const lines: string[] = [];
    const view = lineProgress((l) => lines.push(l));
    view.update({ phase: 'completing', bytes: 0, total: 0, parts: 0, totalParts: 0 });
    expect(lines).toEqual(['drivespec upload: completing 100% (0/0 bytes)\n']);
  });
});

describe('drivespec upload: failures and exit codes', () => {
  it('a refused part: exit 1, the ApiError in one line, the emulator stopped', async () => {
    const closed: string[] = [];
    const t = io();
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--quiet'], t, hooks([], { closed, behaviour: { failAt: 3 } }))).toBe(1);
    expect(t.err).toBe(
      'drivespec upload: UploadPart: HTTP 403 AccessDenied: refused; give --resume STATE to be able to continue an upload\n',
    );
    expect(t.out).toBe('');
    expect(closed).toEqual(['closed']);
  });

  it('a bad target field the client refuses is a usage error naming the flag', async () => {
    const t = io();
    const error = new ConfigurationError('target.check_name_mode', "must be one of ignore, auto_rename, refuse");
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--check-name-mode', 'x', '--quiet'], t, hooks([], { behaviour: { error } }))).toBe(2);
    expect(t.err).toBe(
      "drivespec upload: --check-name-mode: must be one of ignore, auto_rename, refuse\nRun 'drivespec upload --help' for usage.\n",
    );
  });

  it('a secret in an error message never reaches stderr', async () => {
    const token = defaultEmulatorCredentials['tencent-smh'].accessToken;
    const t = io();
    const error = new Error(`GET https://x/?access_token=${token} failed`);
    expect(await run(['--provider', 'tencent-smh', 'data.bin', '--quiet'], t, hooks([], { behaviour: { error } }))).toBe(1);
    expect(t.err).not.toContain(token);
    expect(t.err).toContain('[REDACTED]');
  });

  it('a file that cannot be read: exit 1, one line (the client\'s InputError)', async () => {
    const t = io();
    expect(await run(['--provider', 'aliyun-pds', 'missing.bin', '--quiet'], t, hooks([]))).toBe(1);
    expect(t.err.split('\n')).toHaveLength(2);
    expect(t.err).toMatch(/^drivespec upload: .*ENOENT/);
  });

  it('an emulator that cannot start: exit 1, nothing uploaded', async () => {
    const calls: Call[] = [];
    const t = io();
    const startEmulator = async () => {
      throw new Error('listen EADDRINUSE\n    at stack');
    };
    expect(await run(['--provider', 'aliyun-pds', 'data.bin'], t, hooks(calls, { startEmulator }))).toBe(1);
    expect(t.err).toBe('drivespec upload: cannot start the embedded emulator: listen EADDRINUSE\n');
    expect(calls).toEqual([]);
  });
});

describe('drivespec upload --resume STATE', () => {
  const stateOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as UploadState;

  it('a failed upload leaves its state in STATE; the same command resumes it, sends only the missing parts, and removes STATE', async () => {
    const statePath = join(dir, 'resume-1.json');
    const first: Call[] = [];
    const t1 = io();
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--resume', 'resume-1.json', '--quiet'], t1, hooks(first, { behaviour: { failAt: 4 } }))).toBe(1);
    expect(t1.err).toBe('drivespec upload: UploadPart: HTTP 403 AccessDenied: refused; its state is in resume-1.json: run the same command again to resume\n');
    expect(first[0]!.options.resume).toBeUndefined();
    const kept = stateOf(statePath);
    expect(kept.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
    expect(kept.upload).toEqual({ id: 'u-1' });

    const second: Call[] = [];
    const t2 = io();
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--resume', 'resume-1.json'], t2, hooks(second))).toBe(0);
    expect(second[0]!.options.resume).toEqual(kept);
    expect(t2.err.split('\n')[0]).toBe('drivespec upload: resuming the upload kept in resume-1.json');
    expect(t2.out).toContain(`${SIZE - 3 * PART} bytes in 7 parts sent`);
    expect(existsSync(statePath)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a rejection that carries its state (uploadStateOf) keeps that state, also when onState never saw it', async () => {
    const carried: UploadState = {
      version: 1,
      provider: 'tencent-smh',
      upload: { path: 'data.bin', confirmKey: 'k1' },
      source: { size: SIZE, kind: 'file', name: 'data.bin', mtimeMs: 1 },
      partSize: PART,
      parts: [{ partNumber: 1, size: PART }],
      startedAt: '2026-12-02T00:00:00.000Z',
    };
    const error = attachUploadState(new TencentSmhApiError({ provider: 'tencent-smh', operationId: 'ConfirmUpload', status: 400, code: 'BadCrc64' }), carried);
    const t = io();
    expect(await run(['--provider', 'tencent-smh', 'data.bin', '--resume', 'resume-4.json', '--quiet'], t, hooks([], { behaviour: { error } }))).toBe(1);
    expect(t.err).toBe('drivespec upload: ConfirmUpload: HTTP 400 BadCrc64; its state is in resume-4.json: run the same command again to resume\n');
    expect(stateOf(join(dir, 'resume-4.json'))).toEqual(carried);
  });

  it('an abort (Ctrl-C) mid-upload: exit 1, "interrupted", the state of the stored parts kept', async () => {
    const controller = new AbortController();
    const t = io();
    const code = await run(
      ['--provider', 'huawei-koodrive', 'data.bin', '--resume', 'resume-2.json', '--quiet'],
      t,
      hooks([], { signal: controller.signal, behaviour: { abortAt: (n) => n === 6 && controller.abort() } }),
    );
    expect(code).toBe(1);
    expect(t.err).toBe('drivespec upload: interrupted: the upload was aborted; its state is in resume-2.json: run the same command again to resume\n');
    expect(stateOf(join(dir, 'resume-2.json')).parts).toHaveLength(5);
  });

  it('SIGINT aborts the upload through its signal, and the handler is removed afterwards', async () => {
    const before = process.listenerCount('SIGINT');
    const t = io();
    const { signal: _unused, ...rest } = hooks([], { behaviour: { abortAt: (n) => n === 2 && process.emit('SIGINT') } });
    const code = await run(['--provider', 'aliyun-pds', 'data.bin', '--resume', 'resume-3.json', '--quiet'], t, rest);
    expect(code).toBe(1);
    expect(t.err).toMatch(/^drivespec upload: interrupted: the upload was aborted; its state is in resume-3.json/);
    expect(stateOf(join(dir, 'resume-3.json')).parts).toHaveLength(1);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it('a STATE that is not JSON: exit 1 before anything is uploaded; an empty or missing STATE starts afresh', async () => {
    writeFileSync(join(dir, 'bad.json'), '{"version": 1,');
    const calls: Call[] = [];
    const t = io();
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--resume', 'bad.json'], t, hooks(calls))).toBe(1);
    expect(t.err).toBe('drivespec upload: the resume state bad.json is not JSON: not a state drivespec wrote\n');
    expect(calls).toEqual([]);
    writeFileSync(join(dir, 'empty.json'), '');
    expect(await readStateFile(join(dir, 'empty.json'), 'empty.json')).toBeUndefined();
    expect(await readStateFile(join(dir, 'nothing.json'), 'nothing.json')).toBeUndefined();
    await expect(readStateFile(dir, 'dir')).rejects.toThrow('the resume state dir is not a file');
  });

  it('a resume state the client refuses (other file, other provider): exit 1 with its reason', async () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ version: 1, provider: 'tencent-smh' }));
    const t = io();
    const error = new ConfigurationError('resume', 'the state belongs to tencent-smh, not aliyun-pds');
    expect(await run(['--provider', 'aliyun-pds', 'data.bin', '--resume', 'other.json', '--quiet'], t, hooks([], { behaviour: { error } }))).toBe(1);
    expect(t.err).toBe('drivespec upload: resume: the state belongs to tencent-smh, not aliyun-pds\n');
    expect(existsSync(join(dir, 'other.json'))).toBe(true);
  });
});

describe('StateFile', () => {
  const state = (n: number): UploadState => ({
    version: 1,
    provider: 'aliyun-pds',
    upload: { id: 'x' },
    source: { size: n, kind: 'file' },
    partSize: 1,
    parts: Array.from({ length: n }, (_, i) => ({ partNumber: i + 1, size: 1 })),
    startedAt: '2026-12-02T00:00:00.000Z',
  });

  it('keeps the latest state, written whole (temp file + rename), coalescing states given while a write runs', async () => {
    const path = join(dir, 'coalesce.json');
    const file = new StateFile(path, () => {
      throw new Error('no write should fail');
    });
    for (let n = 1; n <= 200; n++) file.update(state(n));
    await file.flush();
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(state(200));
    expect(readdirSync(dir).filter((f) => f.startsWith('coalesce.json.'))).toEqual([]);
    expect(file.problem).toBeUndefined();
  });

  it('a write that fails is reported once, and the problem is kept until a write works', async () => {
    const reasons: string[] = [];
    const file = new StateFile(join(dir, 'no-such-dir', 'state.json'), (r) => reasons.push(r));
    file.update(state(1));
    await file.flush();
    file.update(state(2));
    await file.flush();
    expect(reasons).toEqual(['ENOENT']);
    expect(file.problem).toBe('ENOENT');
  });
});
