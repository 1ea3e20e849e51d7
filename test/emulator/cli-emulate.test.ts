/**
 * `drivespec emulate`: options, the start banner (URL and the emulator's own test credentials,
 * printed on purpose), redacted request lines, demo seeding, state file, stop on request.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEmulateArgs, run } from '../../src/cli/emulate.js';
import type { CliIo } from '../../src/cli/io.js';
import { defaultEmulatorCredentials, startEmulator } from '../../src/emulator/index.js';
import { rawRequest } from './support/fixture.js';

function io(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd: mkdtempSync(join(tmpdir(), 'drivespec-cli-')) };
}

describe('drivespec emulate', () => {
  it('--help prints the usage and exits 0', async () => {
    const t = io();
    expect(await run(['--help'], t)).toBe(0);
    expect(t.out.join('')).toContain('usage: drivespec emulate [--port N]');
  });

  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535'],
    [['--port=70000'], '--port must be a whole number from 0 to 65535'],
    [['--port'], '--port needs a value'],
    [['--bogus'], "unknown option '--bogus'"],
    [['--bogus=secret-value'], "unknown option '--bogus'"],
    [['-x'], "unknown option '-x'"],
    [['8080'], "unexpected argument '8080'"],
    [['--port', '1', '--port', '2'], '--port given twice'],
    [['--quiet=no'], '--quiet takes no value'],
    [['--seed-demo=yes'], '--seed-demo takes no value'],
    [['--max-connections', '0'], '--max-connections must be a whole number from 1 to 1000000'],
    [['--max-body-bytes-in-flight=-1'], '--max-body-bytes-in-flight must be a whole number from 1 to 9007199254740991'],
    [['--max-body-bytes-in-flight', '-1'], "--max-body-bytes-in-flight needs a value (one starting with '-' is written --max-body-bytes-in-flight=-...)"],
    [['--headers-timeout-ms', '1.5'], '--headers-timeout-ms must be a whole number from 1 to 86400000'],
    [['--request-timeout-ms='], '--request-timeout-ms needs a value'],
  ])('%j: the message, the hint to --help, exit 2', async (argv, message) => {
    const t = io();
    expect(await run(argv, t)).toBe(2);
    expect(t.err.join('')).toBe(`drivespec emulate: ${message}\nRun 'drivespec emulate --help' for usage.\n`);
    expect(t.out).toEqual([]);
  });

  it('warns on stderr when it listens beyond loopback (the seed endpoint has no authentication)', async () => {
    const t = io();
    expect(await run(['--quiet', '--host', '0.0.0.0', '--port', '0'], t, { until: Promise.resolve() })).toBe(0);
    expect(t.err.join('')).toBe(
      'drivespec emulate: warning: listening on 0.0.0.0, not a loopback address: anyone who can reach it can seed and reset its state\n',
    );
    const local = io();
    expect(await run(['--quiet', '--port', '0'], local, { until: Promise.resolve() })).toBe(0);
    expect(local.err).toEqual([]);
  });

  it('parses every option', () => {
    expect(
      parseEmulateArgs([
        '--port',
        '8080',
        '--host=0.0.0.0',
        '--state',
        's.json',
        '--seed-demo',
        '--max-body-bytes',
        '10',
        '--max-body-bytes-in-flight=20',
        '--max-connections',
        '3',
        '--headers-timeout-ms',
        '400',
        '--request-timeout-ms=500',
        '--quiet',
        '--json',
      ]),
    ).toEqual({
      help: false,
      port: 8080,
      host: '0.0.0.0',
      state: 's.json',
      seedDemo: true,
      maxBodyBytes: 10,
      maxBodyBytesInFlight: 20,
      maxConnections: 3,
      headersTimeoutMs: 400,
      requestTimeoutMs: 500,
      quiet: true,
      json: true,
    });
  });

  it('serves until stopped: banner with URL and credentials, demo seed, redacted request lines, state file', async () => {
    const t = io();
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    let url = '';
    const exit = run(['--seed-demo', '--state', 'state.json'], t, { until, onStarted: (u) => (url = u) });
    await expect.poll(() => url).not.toBe('');

    const banner = t.out.join('');
    expect(banner).toContain(`drivespec emulate: listening on ${url}`);
    expect(banner).toContain("the emulator's own local test values, printed on purpose");
    expect(banner).toContain(`accessToken=${defaultEmulatorCredentials['tencent-smh'].accessToken}`);
    expect(banner).toContain(`State file: ${join(t.cwd, 'state.json')}`);

    const token = defaultEmulatorCredentials['tencent-smh'].accessToken;
    const r = await rawRequest(url, { path: `/api/v1/file/smhdocs/-/b8a24e0f3c5d4f6a9e1d7c2b0a8f6e4d?confirm&access_token=${token}`, body: '' });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: 'file (1).docx' });
    const requestLine = t.out.find((line) => line.startsWith('POST /api/v1/file/'))!;
    expect(requestLine).toBe('POST /api/v1/file/smhdocs/-/b8a24e0f3c5d4f6a9e1d7c2b0a8f6e4d?confirm&access_token=[REDACTED] 200\n');

    stop();
    expect(await exit).toBe(0);
    expect(t.out.at(-1)).toBe('drivespec emulate: stopped\n');

    // The state file keeps the completion: a restart answers UploadComplete.
    const again = await startEmulator({ stateFile: join(t.cwd, 'state.json') });
    try {
      const twice = await rawRequest(again.url, {
        path: `/api/v1/file/smhdocs/-/b8a24e0f3c5d4f6a9e1d7c2b0a8f6e4d?confirm&access_token=${token}`,
        body: '',
      });
      expect(twice.json).toMatchObject({ code: 'UploadComplete' });
    } finally {
      await again.close();
    }
  });

  it('a state file that cannot be written: one line on stderr, exit 1, even with --quiet; nothing served', async () => {
    const t = io();
    let started = false;
    expect(await run(['--quiet', '--state', 'no-such-dir/state.json'], t, { until: Promise.resolve(), onStarted: () => (started = true) })).toBe(1);
    expect(t.err).toEqual([`drivespec emulate: cannot write state file ${join(t.cwd, 'no-such-dir', 'state.json')}: its folder does not exist (ENOENT)\n`]);
    expect(t.out).toEqual([]);
    expect(started).toBe(false);
  });

  it('--quiet: a state file write failing later is still a warning on stderr, and no request line', async () => {
    const t = io();
    mkdirSync(join(t.cwd, 'sub'));
    let stop!: () => void;
    const until = new Promise<void>((resolve) => (stop = resolve));
    let url = '';
    const exit = run(['--quiet', '--state', 'sub/state.json'], t, { until, onStarted: (u) => (url = u) });
    await expect.poll(() => url).not.toBe('');
    rmSync(join(t.cwd, 'sub'), { recursive: true });
    const r = await rawRequest(url, { path: '/__drivespec/seed', body: JSON.stringify({ kind: 'koodriveUpload', fileId: 'f' }) });
    expect(r.status).toBe(200);
    stop();
    expect(await exit).toBe(0);
    expect(t.err).toEqual([
      `drivespec emulate: warning: cannot write state file ${join(t.cwd, 'sub', 'state.json')}: its folder does not exist (ENOENT); changes are kept in memory only until a write succeeds\n`,
    ]);
    expect(t.out.some((line) => line.includes('state file not written') || line.startsWith('POST '))).toBe(false);
  });

  it('the limit flags reach the emulator: timeouts, body budget, connection limit', async () => {
    const serve = async (argv: string[]) => {
      const t = io();
      let stop!: () => void;
      const until = new Promise<void>((resolve) => (stop = resolve));
      let url = '';
      const exit = run(['--quiet', ...argv], t, { until, onStarted: (u) => (url = u) });
      await expect.poll(() => url).not.toBe('');
      return {
        url,
        stop: async () => {
          stop();
          expect(await exit).toBe(0);
          expect(t.err).toEqual([]);
        },
      };
    };
    const exchange = (url: string, bytes?: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(Number(new URL(url).port), '127.0.0.1', () => bytes !== undefined && socket.write(bytes));
        let text = '';
        socket.on('data', (d) => (text += d.toString('latin1')));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
      });
    const status = async (url: string, body: string) => (await rawRequest(url, { path: '/v2/file/get', body }).catch(() => ({ status: 0 }))).status;

    const a = await serve(['--headers-timeout-ms', '300', '--request-timeout-ms', '400', '--max-body-bytes', '10', '--max-body-bytes-in-flight', '10']);
    // --headers-timeout-ms: an idle connection gets the neutral 408 naming the stated time.
    expect(await exchange(a.url)).toContain('"message":"The request headers were not received within 300 ms."');
    // --request-timeout-ms and --max-body-bytes-in-flight 10: a body of 6 that never ends holds
    // 6 bytes of the budget, so another body of 6 is refused with the provider's 503, one of 4 is read.
    const slowBody = exchange(a.url, 'POST /v2/file/get HTTP/1.1\r\nhost: e\r\ncontent-length: 6\r\n\r\n{');
    await expect.poll(() => status(a.url, '{    }')).toBe(503);
    expect(await status(a.url, '{  }')).toBe(401);
    expect(await slowBody).toContain('"message":"The request was not received completely within 400 ms."');
    await a.stop();

    // --max-connections 1: a second connection while one is open gets the provider's 503.
    const b = await serve(['--max-connections', '1', '--headers-timeout-ms', '300']);
    const holder = exchange(b.url);
    await expect.poll(() => status(b.url, '{}')).toBe(503);
    await holder;
    await b.stop();
  });

  it('limits that contradict each other: one line on stderr, exit 1', async () => {
    const t = io();
    expect(await run(['--max-body-bytes', '100', '--max-body-bytes-in-flight', '99'], t, { until: Promise.resolve() })).toBe(1);
    expect(t.err).toEqual(['drivespec emulate: maxBodyBytesInFlight: must be at least maxBodyBytes (else no body at the limit could ever be read)\n']);
  });

  it('a port in use: one line on stderr, exit 1', async () => {
    const busy = await startEmulator();
    try {
      const t = io();
      expect(await run(['--port', String(busy.port)], t, { until: Promise.resolve() })).toBe(1);
      expect(t.err).toEqual([`drivespec emulate: port ${busy.port} is already in use\n`]);
    } finally {
      await busy.close();
    }
  });
});
