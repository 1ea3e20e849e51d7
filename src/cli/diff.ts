/**
 * `drivespec diff OLD NEW [--fail-on breaking] [--format pretty|json|markdown]`: every change
 * between two versions of a spec, classified for a consumer of the generated client
 * (src/spec-diff/rules.ts). Exit 0 unless `--fail-on breaking` meets a breaking change (1); 2 for
 * bad usage or an input that cannot be read or is not an OpenAPI document.
 */
import { DrivespecError } from '../core/errors.js';
import { diffSpecs } from '../spec-diff/diff-specs.js';
import { formatSpecDiff, specDiffFormats, type SpecDiffFormat } from '../spec-diff/format-spec-diff.js';
import { readSpecDocument } from '../spec-diff/spec-document.js';
import { parseCommandArgs, printable, runCommand, stderrLine, UsageError } from './args.js';
import type { CliIo } from './io.js';

export const diffUsage = `usage: drivespec diff OLD NEW [--fail-on breaking] [--format pretty|json|markdown]

Lists every change from OLD to NEW (two versions of an OpenAPI 3.1 spec, YAML or JSON), each
named by its operation and path and classified for a consumer of the generated client:
  breaking      an operation, parameter, field, header or success response removed; a request
                field or parameter made required; a response field made optional; a request
                type, enum or bound narrowed; a response type or enum widened (a new enum value
                breaks exhaustive switches); a security scheme or server removed or changed
  non-breaking  everything else (additions that ask nothing of the caller, docs, errata, examples)

OLD and NEW are files, or git:REV:PATH for a file as committed (git:HEAD:specs/tencent-smh.yaml).

options:
  --fail-on breaking  exit 1 when a change is breaking
  --format F          pretty (default), json (one object: counts and changes) or markdown (a table)
  -h, --help          this text

Exit status: 0 (or 1 with --fail-on breaking and a breaking change); 2 for bad usage, or an
input that cannot be read or is not an OpenAPI document.
`;

const options = {
  'fail-on': { type: 'string' },
  format: { type: 'string' },
} as const;

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runCommand('diff', io, () => diffCommand(argv, io));
}

async function diffCommand(argv: string[], io: CliIo): Promise<number> {
  const { help, values, positionals } = parseCommandArgs(argv, options, { positionals: true });
  if (help) {
    io.stdout(diffUsage);
    return 0;
  }
  if (positionals.length < 2) throw new UsageError(positionals.length === 0 ? 'OLD and NEW not given' : 'NEW not given');
  if (positionals.length > 2) throw new UsageError(`unexpected argument '${printable(positionals[2]!, 64)}'`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'breaking') throw new UsageError(`--fail-on takes 'breaking' (got '${printable(failOn, 64)}')`);
  let format: SpecDiffFormat = 'pretty';
  if (values.format !== undefined) {
    const f = specDiffFormats.find((x) => x === values.format);
    if (f === undefined) throw new UsageError(`unknown format '${printable(values.format, 64)}' (one of ${specDiffFormats.join(', ')})`);
    format = f;
  }
  const [oldName, newName] = positionals as [string, string];
  let text: string;
  let breaking: number;
  try {
    const [before, after] = await Promise.all([readSpecDocument(oldName, { cwd: io.cwd }), readSpecDocument(newName, { cwd: io.cwd })]);
    const result = diffSpecs(before.doc, after.doc);
    text = formatSpecDiff(result, { old: oldName, new: newName }, format);
    breaking = result.breaking;
  } catch (error) {
    // An input we cannot judge is not "no breaking change": exit 2, not 0.
    const message = error instanceof DrivespecError ? error.message : `unexpected failure: ${String(error)}`;
    io.stderr(stderrLine('diff', printable(message, 500)));
    return 2;
  }
  io.stdout(text);
  return failOn === 'breaking' && breaking > 0 ? 1 : 0;
}
