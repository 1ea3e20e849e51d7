/** `drivespec` itself: --version, --help, `help <command>`, unknown commands and options, and the shared style through every command. */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { packageVersion } from '../../src/cli/version.js';
import { DrivespecError } from '../../src/core/errors.js';

const root = new URL('../..', import.meta.url).pathname;

function io() {
  const out: string[] = [];
  const err: string[] = [];
  const value: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd: root };
  return { io: value, stdout: () => out.join(''), stderr: () => err.join('') };
}

async function manifestVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
  expect(manifest.version).toMatch(/^\d+\.\d+\.\d+/);
  return manifest.version;
}

describe('drivespec --version', () => {
  it.each([['--version'], ['-v']])('%s prints the version of package.json and exits 0', async (flag) => {
    const t = io();
    expect(await main([flag], t.io)).toBe(0);
    expect(t.stdout()).toBe(`${await manifestVersion()}\n`);
    expect(t.stderr()).toBe('');
  });

  it('--version takes no value and no command', async () => {
    const value = io();
    expect(await main(['--version=2'], value.io)).toBe(2);
    expect(value.stderr()).toBe("drivespec: --version takes no value\nRun 'drivespec --help' for usage.\n");
    const extra = io();
    expect(await main(['--version', 'hash'], extra.io)).toBe(2);
    expect(extra.stderr()).toBe("drivespec: unexpected argument 'hash'\nRun 'drivespec --help' for usage.\n");
  });

  describe('packageVersion finds drivespec’s own package.json at any depth', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'drivespec-version-'));
      // The published layout: dist/src/cli/main.js, and package.json files on the way that are not drivespec's.
      await mkdir(join(dir, 'node_modules', 'drivespec', 'dist', 'src', 'cli'), { recursive: true });
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', version: '9.9.9' }));
      await writeFile(join(dir, 'node_modules', 'drivespec', 'package.json'), JSON.stringify({ name: 'drivespec', version: '1.2.3-beta.4' }));
      await writeFile(join(dir, 'node_modules', 'drivespec', 'dist', 'package.json'), JSON.stringify({ type: 'module' }));
      await writeFile(join(dir, 'node_modules', 'drivespec', 'dist', 'src', 'package.json'), '{ not json');
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('from dist/src/cli/ in an installed package', async () => {
      const module = pathToFileURL(join(dir, 'node_modules', 'drivespec', 'dist', 'src', 'cli', 'main.js'));
      expect(await packageVersion(module)).toBe('1.2.3-beta.4');
    });

    it('from src/cli/ in this repository (the default)', async () => {
      expect(await packageVersion()).toBe(await manifestVersion());
    });

    it('none above: a DrivespecError, reported by the CLI as one line with exit 1', async () => {
      const module = pathToFileURL(join(dir, 'main.js'));
      await expect(packageVersion(module)).rejects.toThrow(DrivespecError);
      await expect(packageVersion(module)).rejects.toThrow('cannot find the package.json of drivespec above the CLI');
    });
  });

  it('the real process: `tsx src/cli/main.ts --version` exits 0; an unknown option exits 2', async () => {
    const run = promisify(execFile);
    const tsx = join(root, 'node_modules', '.bin', 'tsx');
    const ok = await run(tsx, [join(root, 'src', 'cli', 'main.ts'), '--version'], { cwd: tmpdir() });
    expect(ok.stdout).toBe(`${await manifestVersion()}\n`);
    const bad = await run(tsx, [join(root, 'src', 'cli', 'main.ts'), '--nope'], { cwd: tmpdir() }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("drivespec: unknown option '--nope'\nRun 'drivespec --help' for usage.\n");
  });
});

describe('drivespec --help and help', () => {
  it.each([['--help'], ['-h'], ['help']])('%s lists the commands and --version, exit 0', async (flag) => {
    const t = io();
    expect(await main([flag], t.io)).toBe(0);
    const out = t.stdout();
    expect(out).toMatch(/^usage: drivespec <command> \[options\]\n {7}drivespec --version \| --help\n/);
    for (const command of ['conformance', 'diff', 'emulate', 'hash', 'sign', 'upload']) expect(out).toMatch(new RegExp(`^ {2}${command} +\\S`, 'm'));
    expect(out).toContain('  -v, --version  print the version of drivespec\n');
    expect(t.stderr()).toBe('');
  });

  it('help <command> prints what <command> --help prints', async () => {
    for (const command of ['conformance', 'diff', 'emulate', 'hash', 'sign', 'upload']) {
      const viaHelp = io();
      const viaFlag = io();
      expect(await main(['help', command], viaHelp.io)).toBe(0);
      expect(await main([command, '--help'], viaFlag.io)).toBe(0);
      expect(viaHelp.stdout()).toMatch(new RegExp(`^usage: drivespec ${command}`));
      expect(viaHelp.stdout()).toBe(viaFlag.stdout());
    }
    const unknown = io();
    expect(await main(['help', 'download'], unknown.io)).toBe(2);
    expect(unknown.stderr()).toBe(
      "drivespec: unknown command 'download' (one of conformance, diff, emulate, hash, sign, upload)\nRun 'drivespec --help' for usage.\n",
    );
  });

  it('no command: the usage on stderr, exit 2', async () => {
    const t = io();
    expect(await main([], t.io)).toBe(2);
    expect(t.stderr()).toMatch(/^usage: drivespec <command>/);
    expect(t.stdout()).toBe('');
  });
});

describe('usage errors in one style, through every command', () => {
  it.each([
    [['download'], "drivespec: unknown command 'download' (one of conformance, diff, emulate, hash, sign, upload)"],
    [['toString'], "drivespec: unknown command 'toString' (one of conformance, diff, emulate, hash, sign, upload)"],
    [['--nope'], "drivespec: unknown option '--nope'"],
    [['--'], 'drivespec: no command given'],
  ])('%j', async (argv, line) => {
    const t = io();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.stderr()).toBe(`${line}\nRun 'drivespec --help' for usage.\n`);
    expect(t.stdout()).toBe('');
  });

  it.each([['conformance'], ['diff'], ['emulate'], ['hash'], ['sign'], ['upload']])('drivespec %s --nope: its name, the message, the hint, exit 2', async (command) => {
    const t = io();
    expect(await main([command, '--nope', 'x'], t.io)).toBe(2);
    expect(t.stderr()).toBe(`drivespec ${command}: unknown option '--nope'\nRun 'drivespec ${command} --help' for usage.\n`);
    expect(t.stdout()).toBe('');
  });

  it.each([
    [['conformance', '--reporter'], '--reporter needs a value'],
    [['emulate', '--port'], '--port needs a value'],
    [['sign', 'aliyun-pds', '--url'], '--url needs a value'],
  ])('%j: a missing option value', async (argv, message) => {
    const t = io();
    expect(await main(argv, t.io)).toBe(2);
    expect(t.stderr()).toBe(`drivespec ${argv[0]}: ${message}\nRun 'drivespec ${argv[0]} --help' for usage.\n`);
  });

  it('a failure that is not a usage error keeps its exit code 1 and its one line', async () => {
    const t = io();
    expect(await main(['hash', 'no-such-file.bin'], t.io)).toBe(1);
    expect(t.stderr()).toBe('drivespec hash: cannot read no-such-file.bin: no such file or directory\n');
  });
});
