/**
 * `drivespec upload` with the providers' real `client.upload()` against the emulator: the result
 * checked against node:crypto's digests of the file (the emulator computes its hashes from the
 * bytes it stored), a resume after a failed run that sends only the missing parts, and Ctrl-C on
 * the real process (SIGINT → abort → exit 1 with the state kept, then the same command finishes).
 */
import { spawn } from 'node:child_process';
import { createHash, randomFillSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import type { CliIo } from '../../src/cli/io.js';
import { run, type UploadHooks } from '../../src/cli/upload.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/emulator/types.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'drivespec-cli-upload-emulator-'));
const KiB = 1024;
const MiB = 1024 * KiB;
const bytes = randomFillSync(Buffer.alloc(700 * KiB + 3));
writeFileSync(join(dir, 'report.bin'), bytes);
const digest = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(dir, { recursive: true, force: true });
});

function io(): CliIo & { out: string; err: string } {
  const state = { out: '', err: '', env: {}, cwd: dir, stdout: (s: string) => void (state.out += s), stderr: (s: string) => void (state.err += s) };
  return state;
}

/** The test's emulator, left running after the command so the result can be looked at. */
const shared = (): UploadHooks => ({
  startEmulator: async () => ({ url: emulator.url, credentials: emulator.credentials, close: async () => {} }),
  signal: new AbortController().signal,
  progressStream: { isTTY: false, write: () => true },
});

describe('drivespec upload against the emulator', () => {
  it('aliyun-pds: the file is stored, its SHA-1 and size those node:crypto computes', async () => {
    const t = io();
    const code = await run(['--provider', 'aliyun-pds', 'report.bin', '--part-size', '100KiB', '--json', '--quiet'], t, shared());
    expect([code, t.err]).toEqual([0, '']);
    const out = JSON.parse(t.out);
    expect(out).toMatchObject({ provider: 'aliyun-pds', size: bytes.length, rapidUpload: false, bytesSent: bytes.length, partsSent: 8 });
    expect(out.file).toMatchObject({ name: 'report.bin', size: bytes.length, content_hash: digest('sha1').toUpperCase() });
    // The same bytes again: a rapid upload (no byte sent), unless --no-rapid-upload.
    const again = io();
    expect(await run(['--provider', 'aliyun-pds', 'report.bin', '--json', '--quiet'], again, shared())).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject({ rapidUpload: true, bytesSent: 0 });
    const forced = io();
    expect(await run(['--provider', 'aliyun-pds', 'report.bin', '--json', '--quiet', '--no-rapid-upload'], forced, shared())).toBe(0);
    expect(JSON.parse(forced.out)).toMatchObject({ rapidUpload: false, bytesSent: bytes.length });
  }, 60_000);

  it('huawei-koodrive: the file is stored in root with the SHA-256 node:crypto computes', async () => {
    const t = io();
    const code = await run(['--provider', 'huawei-koodrive', 'report.bin', '--no-rapid-upload', '--json', '--quiet'], t, shared());
    expect([code, t.err]).toEqual([0, '']);
    const out = JSON.parse(t.out);
    expect(out).toMatchObject({ provider: 'huawei-koodrive', size: bytes.length, rapidUpload: false });
    expect(out.file).toMatchObject({ length: bytes.length, sha256: digest('sha256'), parentFolder: ['root'] });
  }, 60_000);

  it('huawei-koodrive --resume: a run whose part PUTs fail keeps the state; the next run sends only the missing parts', async () => {
    const statePath = join(dir, 'kd.state.json');
    const content = randomFillSync(Buffer.alloc(20 * MiB + 3));
    writeFileSync(join(dir, 'kd.bin'), content);
    let puts = 0;
    // The first run's client: its fetch fails every storage PUT after the second.
    const failing: UploadHooks = {
      ...shared(),
      createClient: ({ baseUrl, credentials }) =>
        createKooDrive({
          baseUrl,
          credentials: credentials as { accessToken: string; userId: string },
          maxRetries: 0,
          fetch: async (input, init) => {
            const url = input instanceof Request ? input.url : String(input);
            if (url.includes('/__drivespec/storage/') && ++puts > 2) throw new TypeError('fetch failed');
            return fetch(input, init);
          },
        }),
    };
    const first = io();
    const argv = ['--provider', 'huawei-koodrive', 'kd.bin', '--part-size', '5MiB', '--concurrency', '1', '--no-rapid-upload', '--resume', 'kd.state.json', '--json', '--quiet'];
    expect(await run(argv, first, failing)).toBe(1);
    expect(first.err).toMatch(/; its state is in kd\.state\.json: run the same command again to resume\n$/);
    const text = readFileSync(statePath, 'utf8');
    const kept = JSON.parse(text);
    expect(kept).toMatchObject({ version: 1, provider: 'huawei-koodrive' });
    expect(kept.parts.map((p: { partNumber: number }) => p.partNumber)).toEqual([1, 2]);
    expect(text).not.toContain(emulator.credentials['huawei-koodrive'].accessToken);

    const second = io();
    expect(await run(argv, second, shared())).toBe(0);
    const out = JSON.parse(second.out);
    expect(out).toMatchObject({ rapidUpload: false, bytesSent: content.length - 10 * MiB, partsSent: 3 });
    expect(out.file).toMatchObject({ length: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    expect(existsSync(statePath)).toBe(false);
  }, 90_000);
});

describe('drivespec upload: Ctrl-C on the real process', () => {
  it('SIGINT aborts (exit 1, "interrupted", the state kept); the same command then completes the upload', async () => {
    const big = join(dir, 'big.bin');
    const content = randomFillSync(Buffer.alloc(50 * MiB));
    writeFileSync(big, content);
    const statePath = join(dir, 'big.state.json');
    const argv = ['--import', 'tsx', '--conditions=drivespec-source', 'src/cli/main.ts', 'upload', '--provider', 'huawei-koodrive', big, '--part-size', '5MiB', '--concurrency', '1', '--resume', statePath, '--json', '--base-url', emulator.url];
    // The test's emulator, through --base-url, so the second run finds the upload the first one started.
    const env = {
      ...process.env,
      DRIVESPEC_KOODRIVE_ACCESS_TOKEN: emulator.credentials['huawei-koodrive'].accessToken,
      DRIVESPEC_KOODRIVE_USER_ID: emulator.credentials['huawei-koodrive'].userId,
    };
    // One process (node with the tsx loader), so the SIGINT reaches the command itself.
    const runCli = (interrupt: boolean) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, argv, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let sent = false;
        child.stdout.on('data', (d) => (stdout += d));
        child.stderr.on('data', (d) => {
          stderr += d;
          // Interrupted once a few parts are stored (the plain progress lines say so).
          if (interrupt && !sent && /uploading [1-9]\d?%/.test(stderr)) {
            // Once: a second Ctrl-C gets node's default (the process ends at once).
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('close', (code, signal) => resolve({ code, stdout, stderr: signal ? `${stderr}[killed by ${signal}]` : stderr }));
      });
    const first = await runCli(true);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stderr).toMatch(/drivespec upload: interrupted: the upload was aborted; its state is in .*big\.state\.json: run the same command again to resume\n$/);
    const kept = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(kept.parts.length).toBeGreaterThan(0);
    expect(kept.parts.length).toBeLessThan(10);

    const second = await runCli(false);
    expect(second.code, second.stderr).toBe(0);
    const out = JSON.parse(second.stdout);
    expect(out.file).toMatchObject({ length: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    expect(out.bytesSent).toBeLessThan(content.length);
    expect(existsSync(statePath)).toBe(false);
  }, 120_000);
});
