/**
 * What every `drivespec` command shares: argument parsing (`node:util` `parseArgs`, strict), the
 * usage error (exit 2) and the message style.
 *
 * Style: every line a command writes to stderr starts with `drivespec <command>: ` (`drivespec: `
 * for the dispatcher itself). A usage error is that line, then one hint line naming `--help`:
 *
 *     drivespec hash: unknown option '--sha512'
 *     Run 'drivespec hash --help' for usage.
 *
 * No message here repeats an option's value: values may be secrets (a token pasted after the
 * wrong flag) and are never echoed; positionals and option names are, made printable.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { DrivespecError } from '../core/errors.js';
import type { CliIo } from './io.js';

type ParseArgsOptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** Bad usage of a command: reported as one message and the `--help` hint, exit code 2. */
export class UsageError extends DrivespecError {
  override name = 'UsageError';
  readonly exitCode = 2;
}

/** `drivespec <command>`, or `drivespec` for the dispatcher: the first word of every stderr line. */
export function commandLabel(command?: string): string {
  return command === undefined ? 'drivespec' : `drivespec ${command}`;
}

/** One line for stderr in the shared style: a failure (not a usage error) or a warning. */
export function stderrLine(command: string | undefined, message: string): string {
  return `${commandLabel(command)}: ${message}\n`;
}

/** A usage error as written to stderr: the message, then the hint to `--help`. */
export function usageErrorText(command: string | undefined, message: string): string {
  return `${stderrLine(command, message)}Run '${commandLabel(command)} --help' for usage.\n`;
}

/**
 * Runs a command's body, reporting a UsageError it throws in the shared style with exit code 2.
 * Every other error goes on to the caller: each command reports its own failures.
 */
export async function runCommand(command: string | undefined, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(usageErrorText(command, error.message));
    return error.exitCode;
  }
}

/** The values parseArgs returns for `O`; every option may be absent (no defaults: commands apply their own). */
export type ParsedOptions<O extends ParseArgsOptionsConfig> = {
  -readonly [K in keyof O]?: O[K]['multiple'] extends true ? OptionValue<O[K]['type']>[] : OptionValue<O[K]['type']>;
};
type OptionValue<T> = T extends 'string' ? string : boolean;

export interface ParsedCommandArgs<O extends ParseArgsOptionsConfig> {
  /** `-h` or `--help` was given: the command prints its usage, whatever else is wrong. */
  help: boolean;
  values: ParsedOptions<O>;
  positionals: string[];
}

export interface ParseCommandOptions<O> {
  /** Whether the command takes positionals (file names, a provider); refused otherwise. */
  positionals?: boolean;
  /** String options for which `''` is a value (`--body ''`); for every other, `--x=` needs a value. */
  allowEmpty?: readonly (keyof O & string)[];
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

/**
 * Parses `argv` with `parseArgs` in strict mode, `-h`/`--help` added to `options`. Beyond
 * parseArgs' own rules, a string option that is not `multiple` may be given once and, unless in
 * `allowEmpty`, not empty. Throws UsageError naming the first argument at fault.
 */
export function parseCommandArgs<const O extends ParseArgsOptionsConfig>(
  argv: readonly string[],
  options: O,
  config: ParseCommandOptions<O> = {},
): ParsedCommandArgs<O> {
  const allowPositionals = config.positionals ?? false;
  const all: ParseArgsOptionsConfig = { ...options, ...HELP };
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: all, strict: true, allowPositionals, tokens: true });
  } catch (error) {
    // A user asking for help gets it, even with a mistake elsewhere on the line.
    if (helpRequested(argv, all)) return { help: true, values: {}, positionals: [] };
    throw explainParseError(error, argv, all, allowPositionals);
  }
  if (parsed.values.help === true) return { help: true, values: {}, positionals: [] };

  const allowEmpty: readonly string[] = config.allowEmpty ?? [];
  const seen = new Set<string>();
  for (const token of parsed.tokens) {
    if (token.kind !== 'option' || token.value === undefined) continue;
    const option = all[token.name]!;
    if (token.value === '' && !allowEmpty.includes(token.name)) {
      throw new UsageError(`${printable(token.rawName)} needs a value`);
    }
    if (!option.multiple && seen.has(token.name)) throw new UsageError(`${printable(token.rawName)} given twice`);
    seen.add(token.name);
  }
  const { help: _help, ...values } = parsed.values;
  // parseArgs built `values` from `options` in strict mode: its shape is ParsedOptions<O>.
  return { help: false, values: values as ParsedOptions<O>, positionals: parsed.positionals };
}

function helpRequested(argv: readonly string[], options: ParseArgsOptionsConfig): boolean {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

/**
 * parseArgs' own messages quote values and suggest syntax for programmers; this names the
 * argument at fault in the CLI's words. The same rules, in the same order as parseArgs applies
 * them (node lib/internal/util/parse_args), find the first token at fault.
 */
function explainParseError(
  error: unknown,
  argv: readonly string[],
  options: ParseArgsOptionsConfig,
  allowPositionals: boolean,
): UsageError {
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind === 'positional') {
      if (!allowPositionals) return new UsageError(`unexpected argument '${printable(token.value, 64)}'`);
      continue;
    }
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    const name = printable(token.rawName, 64);
    if (option === undefined) return new UsageError(`unknown option '${name}'`);
    if (option.type === 'boolean' && token.value !== undefined) return new UsageError(`${name} takes no value`);
    if (option.type === 'string' && token.value === undefined) return new UsageError(`${name} needs a value`);
    if (option.type === 'string' && !token.inlineValue && token.value!.length > 1 && token.value!.startsWith('-')) {
      // `--out --reporter json`: the value is missing, or starts with '-' and must be attached.
      return new UsageError(`${name} needs a value (one starting with '-' is written ${name}=-...)`);
    }
  }
  return new UsageError(`invalid arguments (${(error as { code?: unknown }).code ?? 'unknown error'})`);
}

/**
 * Text from the command line (a file name, an unknown option) as one inert line, cut after `max`
 * characters: control characters (newlines, terminal escapes) could otherwise forge output lines.
 */
export function printable(text: string, max = Infinity): string {
  const shown = text.length > max ? `${text.slice(0, max)}...` : text;
  // eslint-disable-next-line no-control-regex
  return shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
