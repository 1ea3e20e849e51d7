/**
 * `drivespec hash FILE... [--json]`: crc64 (CRC-64/XZ, unsigned decimal as PDS and SMH send it),
 * sha1 and sha256 of each file, in one pass per file.
 *
 * Like sha256sum, an unreadable file is reported on one stderr line and the others are still
 * hashed; the exit code is then 1.
 */
import { isAbsolute, resolve } from 'node:path';
import { DrivespecError, InputError } from '../core/errors.js';
import { hashSource } from '../hashing/index.js';
import { stderrLine, parseCommandArgs, printable, runCommand, UsageError } from './args.js';
import type { CliIo } from './io.js';

export const hashUsage = `usage: drivespec hash [--json] FILE...

Prints the CRC-64/XZ (unsigned decimal: PDS crc64_hash, SMH crc64), SHA-1 and SHA-256 (lowercase
hex) and the size of each FILE, reading each file once. FILE must be a regular file (a pipe,
FIFO or device is refused rather than waited on); \`-\` reads standard input (once; a file
named - is ./-).

options:
  --json      one JSON object per line and file: {"file","crc64","sha1","sha256","size"}
  -h, --help  show this help
  --          end of options (for file names starting with -)

exit status: 0 when every file was hashed, 1 when one could not be read, 2 on a usage error.
`;

const options = { json: { type: 'boolean' } } as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runCommand('hash', io, () => hash(argv, io));
}

async function hash(argv: string[], io: CliIo): Promise<number> {
  const { help, values, positionals: files } = parseCommandArgs(argv, options, { positionals: true });
  if (help) {
    io.stdout(hashUsage);
    return 0;
  }
  if (files.length === 0) throw new UsageError('no FILE given');
  const json = values.json === true;
  // `-` is standard input, as for sha256sum; it can be read once.
  if (files.filter((f) => f === '-').length > 1) throw new UsageError('- (standard input) given more than once');

  let failed = false;
  for (const file of files) {
    const path = isAbsolute(file) ? file : resolve(io.cwd, file);
    try {
      if (file === '-' && !io.stdin) throw new InputError('cannot read -: no standard input');
      const input = file === '-' ? io.stdin! : path;
      const result = await hashSource(input, { algorithms: ['crc64', 'sha1', 'sha256'] });
      if (json) {
        io.stdout(
          `${JSON.stringify({ file, crc64: result.crc64, sha1: result.sha1, sha256: result.sha256, size: result.size })}\n`,
        );
      } else {
        io.stdout(
          [
            printable(file),
            `  crc64   ${result.crc64}`,
            `  sha1    ${result.sha1}`,
            `  sha256  ${result.sha256}`,
            `  size    ${result.size}`,
            '',
          ].join('\n'),
        );
      }
    } catch (error) {
      failed = true;
      // hashSource names the absolute path; the user typed `file`.
      const message =
        error instanceof DrivespecError ? error.message.replace(path, file) : `cannot read ${file}: ${String(error)}`;
      io.stderr(stderrLine('hash', printable(message)));
    }
  }
  return failed ? 1 : 0;
}
