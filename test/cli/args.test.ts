/** The shared argument parsing and usage-error style of every command (src/cli/args.ts). */
import { describe, expect, it } from 'vitest';
import { parseCommandArgs, printable, runCommand, usageErrorText, UsageError } from '../../src/cli/args.js';
import type { CliIo } from '../../src/cli/io.js';
import { DrivespecError } from '../../src/core/errors.js';

const options = {
  out: { type: 'string' },
  body: { type: 'string' },
  tag: { type: 'string', multiple: true },
  json: { type: 'boolean' },
} as const;

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('expected a UsageError');
}

describe('parseCommandArgs', () => {
  it('returns typed values and positionals, repeatable options as arrays', () => {
    const parsed = parseCommandArgs(['a', '--out', 'o.json', '--tag=x', '--json', '--tag', 'y', 'b'], options, { positionals: true });
    expect(parsed).toEqual({ help: false, values: { out: 'o.json', tag: ['x', 'y'], json: true }, positionals: ['a', 'b'] });
    const out: string | undefined = parsed.values.out;
    const tags: string[] | undefined = parsed.values.tag;
    const json: boolean | undefined = parsed.values.json;
    expect([out, tags, json]).toEqual(['o.json', ['x', 'y'], true]);
  });

  it('`--` ends the options and `-` is a positional', () => {
    expect(parseCommandArgs(['--', '--json', '-'], options, { positionals: true })).toEqual({ help: false, values: {}, positionals: ['--json', '-'] });
  });

  it.each([
    [['--nope'], "unknown option '--nope'"],
    [['-x'], "unknown option '-x'"],
    [['-jx'], "unknown option '-j'"],
    [['--out'], '--out needs a value'],
    [['--out='], '--out needs a value'],
    [['--out', ''], '--out needs a value'],
    [['--out', '--json'], "--out needs a value (one starting with '-' is written --out=-...)"],
    [['--out', '-1'], "--out needs a value (one starting with '-' is written --out=-...)"],
    [['--json=yes'], '--json takes no value'],
    [['--out', 'a', '--out', 'b'], '--out given twice'],
    [['--out=a', '--out=a'], '--out given twice'],
    [['file'], "unexpected argument 'file'"],
  ])('%j: %s', (argv, message) => {
    expect(usageMessage(() => parseCommandArgs(argv, options))).toBe(message);
  });

  it('names the first argument at fault, in order', () => {
    expect(usageMessage(() => parseCommandArgs(['--out', '--nope'], options))).toBe("--out needs a value (one starting with '-' is written --out=-...)");
    expect(usageMessage(() => parseCommandArgs(['extra', '--nope'], options))).toBe("unexpected argument 'extra'");
    expect(usageMessage(() => parseCommandArgs(['--nope', 'extra'], options))).toBe("unknown option '--nope'");
  });

  it('accepts what the rules allow: an attached value starting with -, repeated booleans and multiples, allowEmpty', () => {
    expect(parseCommandArgs(['--out=-1', '--json', '--json'], options).values).toEqual({ out: '-1', json: true });
    expect(parseCommandArgs(['--body='], options, { allowEmpty: ['body'] }).values).toEqual({ body: '' });
    expect(parseCommandArgs(['--tag', 'a', '--tag', 'a'], options).values).toEqual({ tag: ['a', 'a'] });
    expect(usageMessage(() => parseCommandArgs(['--out='], options, { allowEmpty: ['body'] }))).toBe('--out needs a value');
  });

  it('never repeats a value in a message', () => {
    for (const argv of [['--nope=SECRET-1'], ['--json=SECRET-1'], ['--out', '-SECRET-1'], ['--out=SECRET-1', '--out=SECRET-1']]) {
      expect(usageMessage(() => parseCommandArgs(argv, options))).not.toContain('SECRET-1');
    }
  });

  it('shows names and positionals as one printable line of at most 64 characters', () => {
    expect(usageMessage(() => parseCommandArgs(['--a\nforged: 1'], options))).toBe("unknown option '--a\\u000aforged: 1'");
    const long = usageMessage(() => parseCommandArgs(['x'.repeat(500)], options));
    expect(long).toBe(`unexpected argument '${'x'.repeat(64)}...'`);
    expect(printable('a\u001b[2Jb\u009b')).toBe('a\\u001b[2Jb\\u009b');
  });

  it('-h or --help wins over every other argument, right or wrong', () => {
    for (const argv of [['--help'], ['-h'], ['--nope', '-h'], ['extra', '--help'], ['--out', 'a', '--out', 'b', '--help']]) {
      expect(parseCommandArgs(argv, options)).toEqual({ help: true, values: {}, positionals: [] });
    }
    // As the value of a string option, `--help` is a missing value, not a request for help.
    expect(usageMessage(() => parseCommandArgs(['--out', '--help'], options))).toMatch(/^--out needs a value/);
  });
});

describe('the usage error and its style', () => {
  function io() {
    const err: string[] = [];
    const value: CliIo = { stdout: () => {}, stderr: (s) => err.push(s), env: {}, cwd: '/' };
    return { io: value, err };
  }

  it('is a DrivespecError with exit code 2', () => {
    const error = new UsageError('x');
    expect(error).toBeInstanceOf(DrivespecError);
    expect(error.name).toBe('UsageError');
    expect(error.exitCode).toBe(2);
  });

  it('is written as `drivespec <command>: <message>` and a hint line to --help', () => {
    expect(usageErrorText('hash', 'no FILE given')).toBe("drivespec hash: no FILE given\nRun 'drivespec hash --help' for usage.\n");
    expect(usageErrorText(undefined, "unknown command 'x'")).toBe("drivespec: unknown command 'x'\nRun 'drivespec --help' for usage.\n");
  });

  it('runCommand reports a UsageError with exit 2 and passes every other error on', async () => {
    const t = io();
    expect(await runCommand('emulate', t.io, async () => {
      throw new UsageError('--port given twice');
    })).toBe(2);
    expect(t.err).toEqual(["drivespec emulate: --port given twice\nRun 'drivespec emulate --help' for usage.\n"]);
    const failure = new DrivespecError('cannot write');
    await expect(runCommand('emulate', t.io, async () => {
      throw failure;
    })).rejects.toBe(failure);
    expect(await runCommand('emulate', t.io, async () => 1)).toBe(1);
    expect(t.err).toHaveLength(1);
  });
});
