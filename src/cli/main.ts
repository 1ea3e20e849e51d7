/**
 * `drivespec <command>`: dispatches to one module per command. Every command returns an exit
 * code; a failure is one line on stderr, never a stack trace.
 */
import { pathToFileURL } from 'node:url';
import { DrivespecError } from '../core/errors.js';
import { processIo, type CliIo } from './io.js';

type Command = (argv: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  conformance: {
    summary: 'replay every documented example against the embedded emulator (or --base-url) and report',
    load: async () => (await import('./conformance.js')).run,
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
};

export function usage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  return [
    'usage: drivespec <command> [options]',
    '',
    ...Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `drivespec <command> --help` for a command\'s options.',
    '',
  ].join('\n');
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(usage());
    return name ? 0 : 2;
  }
  const command = commands[name];
  if (!command) {
    io.stderr(`drivespec: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    // Commands report their own failures; this is the last line of defence against a stack trace.
    const message = error instanceof DrivespecError || error instanceof Error ? error.message : String(error);
    io.stderr(`drivespec ${name}: ${message}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
