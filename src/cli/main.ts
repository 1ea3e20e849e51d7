/**
 * `drivespec <command>`: dispatches to one module per command. Every command returns an exit
 * code; a failure is one line on stderr, never a stack trace, and a usage error that line and a
 * hint to `--help` (the style is in args.ts).
 */
import { pathToFileURL } from 'node:url';
import { DrivespecError } from '../core/errors.js';
import { parseCommandArgs, printable, runCommand, stderrLine, usageErrorText, UsageError } from './args.js';
import { processIo, type CliIo } from './io.js';
import { packageVersion } from './version.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;
interface CommandEntry {
  summary: string;
  load: () => Promise<Command>;
}

const commands: Record<string, CommandEntry> = {
  conformance: {
    summary: 'replay every documented example against the embedded emulator (or --base-url) and report',
    load: async () => (await import('./conformance.js')).run,
  },
  diff: {
    summary: 'every change between two versions of a spec, classified breaking or non-breaking for a client',
    load: async () => (await import('./diff.js')).run,
  },
  emulate: {
    summary: 'run the embedded emulator of the four services on a local port',
    load: async () => (await import('./emulate.js')).run,
  },
  hash: {
    summary: 'print crc64 (decimal), sha1 and sha256 of files',
    load: async () => (await import('./hash.js')).run,
  },
  sign: {
    summary: 'show the canonical request, string to sign and headers for a request (AK/SK from env)',
    load: async () => (await import('./sign.js')).run,
  },
  upload: {
    summary: 'upload a file with a provider client (embedded emulator or --base-url), resumable',
    load: async () => (await import('./upload.js')).run,
  },
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: drivespec <command> [options]',
    '       drivespec --version | --help',
    '',
    'commands:',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'options:',
    '  -v, --version  print the version of drivespec',
    '  -h, --help     this text',
    '',
    "Run `drivespec <command> --help` (or `drivespec help <command>`) for a command's options.",
    'Exit status: 0 success, 1 failure, 2 usage error (the message, then a hint to --help, on stderr).',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    // No command is a usage error, but the list of commands is the useful answer to it.
    io.stderr(usage());
    return 2;
  }
  if (name.startsWith('-')) return runCommand(undefined, io, () => dispatcherOptions(argv, io));
  if (name === 'help') return runCommand(undefined, io, () => help(rest, io));
  const found = command(name);
  if (found === undefined) {
    io.stderr(usageErrorText(undefined, unknownCommand(name)));
    return 2;
  }
  return runFound(name, found, rest, io);
}

async function dispatcherOptions(argv: string[], io: CliIo): Promise<number> {
  const { help, values } = parseCommandArgs(argv, { version: { type: 'boolean', short: 'v' } });
  if (values.version) {
    io.stdout(`${await packageVersion()}\n`);
    return 0;
  }
  if (help) {
    io.stdout(usage());
    return 0;
  }
  throw new UsageError('no command given'); // `drivespec --`
}

/** `drivespec help [command]`: the same text as `--help`. */
async function help(rest: string[], io: CliIo): Promise<number> {
  const [name, ...extra] = rest;
  if (name === undefined) {
    io.stdout(usage());
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument '${printable(extra[0]!, 64)}'`);
  const found = command(name);
  if (found === undefined) throw new UsageError(unknownCommand(name));
  return runFound(name, found, ['--help'], io);
}

function command(name: string): CommandEntry | undefined {
  // Own keys only: `commands.toString` is no command.
  return Object.hasOwn(commands, name) ? commands[name] : undefined;
}

function unknownCommand(name: string): string {
  return `unknown command '${printable(name, 64)}' (one of ${Object.keys(commands).join(', ')})`;
}

async function runFound(name: string, found: CommandEntry, argv: string[], io: CliIo): Promise<number> {
  try {
    return await (await found.load())(argv, io);
  } catch (error) {
    // Commands report their own failures; this is the last line of defence against a stack trace.
    if (error instanceof UsageError) {
      io.stderr(usageErrorText(name, error.message));
      return error.exitCode;
    }
    const message = error instanceof DrivespecError || error instanceof Error ? error.message : String(error);
    io.stderr(stderrLine(name, message));
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
