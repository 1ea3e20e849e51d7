import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/hash.js';
import type { CliIo } from '../../src/cli/io.js';

const dir = mkdtempSync(join(tmpdir(), 'drivespec-cli-hash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'check.txt'), '123456789');
writeFileSync(join(dir, 'hello.txt'), 'Hello');

function io(): CliIo & { out: string; err: string } {
  const state: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env: {},
    cwd: dir,
    stdout: (s: string) => void (state.out += s),
    stderr: (s: string) => void (state.err += s),
  };
  return state;
}

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

describe('drivespec hash', () => {
  it('prints crc64 (decimal), sha1, sha256 and size of each file, relative to cwd', async () => {
    const cli = io();
    expect(await run(['check.txt', join(dir, 'hello.txt')], cli)).toBe(0);
    expect(cli.err).toBe('');
    expect(cli.out).toBe(
      [
        'check.txt',
        '  crc64   11051210869376104954',
        `  sha1    ${sha1('123456789')}`,
        `  sha256  ${sha256('123456789')}`,
        '  size    9',
        join(dir, 'hello.txt'),
        '  crc64   5895031849087642824',
        `  sha1    ${sha1('Hello')}`,
        `  sha256  ${sha256('Hello')}`,
        '  size    5',
        '',
      ].join('\n'),
    );
  });

  it('- reads standard input (the CRC-64/XZ check value of 123456789 in two chunks), next to a file', async () => {
    const cli = io();
    const enc = new TextEncoder();
    cli.stdin = (async function* () {
      yield enc.encode('1234');
      yield enc.encode('56789');
    })();
    expect(await run(['--json', '-', 'hello.txt'], cli)).toBe(0);
    expect(cli.err).toBe('');
    expect(cli.out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { file: '-', crc64: '11051210869376104954', sha1: sha1('123456789'), sha256: sha256('123456789'), size: 9 },
      { file: 'hello.txt', crc64: '5895031849087642824', sha1: sha1('Hello'), sha256: sha256('Hello'), size: 5 },
    ]);
  });

  it('- twice is a usage error (standard input can be read once)', async () => {
    const cli = io();
    expect(await run(['-', '-'], cli)).toBe(2);
    expect(cli.err).toContain('standard input');
    expect(cli.out).toBe('');
  });

  it('- through the real command reads the process\'s standard input', () => {
    const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
    const main = join(process.cwd(), 'src', 'cli', 'main.ts');
    const child = spawnSync(tsx, [main, 'hash', '--json', '-'], { input: 'Hello', encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout)).toEqual({ file: '-', crc64: '5895031849087642824', sha1: sha1('Hello'), sha256: sha256('Hello'), size: 5 });
  }, 60_000);

  it('--json prints one object per file and line', async () => {
    const cli = io();
    expect(await run(['--json', 'check.txt', 'hello.txt'], cli)).toBe(0);
    const lines = cli.out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(lines).toEqual([
      { file: 'check.txt', crc64: '11051210869376104954', sha1: sha1('123456789'), sha256: sha256('123456789'), size: 9 },
      { file: 'hello.txt', crc64: '5895031849087642824', sha1: sha1('Hello'), sha256: sha256('Hello'), size: 5 },
    ]);
  });

  it('a missing file gives one stderr line, exit 1, and the other files are still hashed', async () => {
    const cli = io();
    expect(await run(['missing.bin', 'hello.txt', '--json'], cli)).toBe(1);
    expect(cli.err).toBe('drivespec hash: cannot read missing.bin: no such file or directory\n');
    expect(cli.err).not.toMatch(/ENOENT|at |Error/);
    expect(JSON.parse(cli.out)).toMatchObject({ file: 'hello.txt', size: 5 });
  });

  it('control characters in a file name cannot forge output lines', async () => {
    const name = 'evil\n  crc64   0\u001b[2J.txt';
    writeFileSync(join(dir, name), '123456789');
    const cli = io();
    expect(await run([name, 'missing\nforged'], cli)).toBe(1);
    expect(cli.out.split('\n')[0]).toBe('evil\\u000a  crc64   0\\u001b[2J.txt');
    expect(cli.out.split('\n')[1]).toBe('  crc64   11051210869376104954');
    expect(cli.err.trimEnd().split('\n')).toHaveLength(1);
    expect(cli.err).toContain('missing\\u000aforged');
  });

  it('a directory gives one stderr line and exit 1', async () => {
    const cli = io();
    expect(await run(['.'], cli)).toBe(1);
    expect(cli.err).toBe('drivespec hash: cannot read .: is a directory\n');
    expect(cli.out).toBe('');
  });

  const mkfifo = process.platform === 'win32' ? undefined : spawnSync('mkfifo', [join(dir, 'pipe')]);
  const fifoSkip = !mkfifo ? 'no FIFOs on Windows' : mkfifo.error ? `mkfifo unavailable: ${mkfifo.error.message}` : mkfifo.status !== 0 ? 'mkfifo failed' : '';
  it.skipIf(fifoSkip !== '')(`a FIFO gives one stderr line and exit 1 instead of hanging${fifoSkip ? ` (skipped: ${fifoSkip})` : ''}`, async () => {
    const cli = io();
    expect(await run(['pipe', 'hello.txt'], cli)).toBe(1);
    expect(cli.err).toBe('drivespec hash: cannot read pipe: not a regular file\n');
    expect(cli.out).toContain('hello.txt');
  });

  it.each([
    [[], 'no FILE given'],
    [['--sha512', 'check.txt'], "unknown option '--sha512'"],
    [['-x', 'check.txt'], "unknown option '-x'"],
    [['--json=yes', 'check.txt'], '--json takes no value'],
    [['--\u001b[2J', 'check.txt'], "unknown option '--\\u001b[2J'"],
  ])('%j: usage error, the hint to --help, exit 2, nothing hashed', async (argv, message) => {
    const cli = io();
    expect(await run(argv, cli)).toBe(2);
    expect(cli.err).toBe(`drivespec hash: ${message}\nRun 'drivespec hash --help' for usage.\n`);
    expect(cli.out).toBe('');
  });

  it('-h is --help, and - is standard input (parseArgs keeps it as a positional): none given, one stderr line', async () => {
    const help = io();
    expect(await run(['check.txt', '-h'], help)).toBe(0);
    expect(help.out).toMatch(/^usage: drivespec hash/);
    const dash = io();
    expect(await run(['-'], dash)).toBe(1);
    expect(dash.err).toBe('drivespec hash: cannot read -: no standard input\n');
  });

  it('--help prints usage and exits 0; -- ends options', async () => {
    const help = io();
    expect(await run(['--help'], help)).toBe(0);
    expect(help.out).toMatch(/^usage: drivespec hash \[--json\] FILE\.\.\./);
    writeFileSync(join(dir, '--json'), 'Hello');
    const dashed = io();
    expect(await run(['--', '--json'], dashed)).toBe(0);
    expect(dashed.out).toMatch(/^--json\n {2}crc64 {3}5895031849087642824/);
  });
});
