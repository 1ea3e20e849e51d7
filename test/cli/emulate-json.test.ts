/**
 * `drivespec emulate --json` as a CI script uses it: spawn the real process, read the first line
 * of stdout as JSON, call the emulator with what it says (a typed client with the printed base URL
 * and credentials, the seed and health routes), stop it with the printed pid.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/tencent-smh.js';
import { ApiError } from '../../src/core/errors.js';
import { providerIds } from '../../src/core/provider.js';
import { defaultEmulatorCredentials } from '../../src/emulator/index.js';
import { demoIds } from '../../src/emulator/demo.js';

const root = new URL('../..', import.meta.url).pathname;
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;

let child: ChildProcessWithoutNullStreams | undefined;
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
});

/** Starts `drivespec emulate --json …` and resolves with its first stdout line, and readers for the rest. */
function startEmulate(args: string[]): Promise<{ first: string; stdout: () => string; stderr: () => string; exit: Promise<number | null> }> {
  const argv = ['--import', 'tsx', '--conditions=drivespec-source', 'src/cli/main.ts', 'emulate', '--json', '--port', '0', ...args];
  const started = spawn(process.execPath, argv, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  child = started;
  let stdout = '';
  let stderr = '';
  started.stderr.on('data', (d) => (stderr += d));
  const exit = new Promise<number | null>((resolve) => started.on('close', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start line within 60 s; stderr: ${stderr}`)), 60_000);
    started.stdout.on('data', (d) => {
      const before = stdout;
      stdout += d;
      if (!before.includes('\n') && stdout.includes('\n')) {
        clearTimeout(timer);
        resolve({ first: stdout.slice(0, stdout.indexOf('\n')), stdout: () => stdout, stderr: () => stderr, exit });
      }
    });
    started.on('close', () => reject(new Error(`exited before its start line; stderr: ${stderr}`)));
  });
}

describe('drivespec emulate --json', () => {
  it('prints one JSON line with where and how to call, which works; SIGTERM by the printed pid stops it', async () => {
    const run = await startEmulate(['--seed-demo']);
    const start = JSON.parse(run.first) as Record<string, any>;
    expect(Object.keys(start).sort()).toEqual(['demoSeeded', 'healthUrl', 'pid', 'providers', 'seedUrl', 'url', 'version']);
    expect(start.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(start.pid).toBe(child!.pid);
    expect(start.version).toBe(version);
    expect(start.demoSeeded).toBe(true);
    expect(start.seedUrl).toBe(`${start.url}/__drivespec/seed`);
    expect(start.healthUrl).toBe(`${start.url}/__drivespec/health`);
    expect(Object.keys(start.providers)).toEqual([...providerIds]);
    for (const id of providerIds) {
      expect(start.providers[id]).toEqual({ baseUrl: start.url, credentials: { ...defaultEmulatorCredentials[id] } });
    }

    expect((await fetch(start.healthUrl)).status).toBe(200);
    // The demo upload, confirmed by a typed client built from the line alone.
    const smh = start.providers['tencent-smh'];
    const client = createClient({ baseUrl: smh.baseUrl, libraryId: smh.credentials.libraryId, credentials: { accessToken: smh.credentials.accessToken } });
    const file = await client.confirmUpload({ params: { path: { ConfirmKey: demoIds['tencent-smh'].confirmKey }, query: { conflict_resolution_strategy: 'rename' } } });
    expect(file.name).toBe('file (1).docx');
    // The printed credentials are the ones it checks: another token is refused.
    const wrong = createClient({ baseUrl: smh.baseUrl, libraryId: smh.credentials.libraryId, credentials: { accessToken: 'not-the-printed-token' } });
    await expect(wrong.getUploadStatus({ params: { path: { ConfirmKey: 'x' } } })).rejects.toBeInstanceOf(ApiError);
    // Seeding over the printed URL.
    const seeded = await fetch(start.seedUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'reset' }) });
    expect(seeded.status).toBe(200);

    process.kill(start.pid, 'SIGTERM');
    expect(await run.exit).toBe(0);
    // stdout holds the start line only; the request log and the stop line went to stderr.
    expect(run.stdout()).toBe(`${run.first}\n`);
    expect(run.stderr()).toMatch(/drivespec emulate: stopped\n$/);
    expect(run.stderr()).toContain('/__drivespec/health');
  }, 90_000);

  it('names the state file and data directory it was given, as absolute paths', async () => {
    const run = await startEmulate(['--quiet', '--state', 'build/emulate-json-test/state.json', '--data-dir', 'build/emulate-json-test/data']);
    const start = JSON.parse(run.first) as Record<string, unknown>;
    expect(start).toMatchObject({
      demoSeeded: false,
      stateFile: join(root, 'build/emulate-json-test/state.json'),
      dataDir: join(root, 'build/emulate-json-test/data'),
    });
    child!.kill('SIGINT');
    expect(await run.exit).toBe(0);
    expect(run.stdout()).toBe(`${run.first}\n`);
    rmSync(join(root, 'build/emulate-json-test'), { recursive: true, force: true });
  }, 90_000);
});
