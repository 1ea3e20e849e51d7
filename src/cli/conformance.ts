/**
 * `drivespec conformance`: replays every documented example pair against the embedded emulator
 * (or a live `--base-url`) and reports. Exit 0 when no check failed, 1 when one did or when a live
 * run checked nothing on the target (every server-side check skipped), 2 for bad usage.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  credentialsFromEnv,
  formatJsonReport,
  formatJunitReport,
  liveCredentialVariables,
  runConformance,
  runHarConformance,
  type ConformanceOptions,
  type ConformanceReport,
} from '../conformance/index.js';
import {
  formatFlowLine,
  formatPrettyReport,
  formatPrettySummary,
  formatProgressLine,
  formatStartLine,
} from '../conformance/pretty-reporter.js';
import { baseUrlProblem } from '../core/base-url.js';
import { isProviderId, providerIds, type ProviderId } from '../core/provider.js';
import { stderrLine, parseCommandArgs, printable, runCommand, UsageError } from './args.js';
import type { CliIo } from './io.js';

const reporters = ['pretty', 'json', 'junit'] as const;
type Reporter = (typeof reporters)[number];

export function conformanceUsage(): string {
  const variables = providerIds.flatMap((p) =>
    liveCredentialVariables[p].map((v) => `    ${v.name.padEnd(34)} ${p}: ${v.description}`),
  );
  return [
    'usage: drivespec conformance [--provider P]... [--base-url URL | --har FILE] [--reporter pretty|json|junit] [--out FILE]',
    '',
    'Replays every documented example pair of the specs and checks three sides of each:',
    '  client  the documented response, replayed, passes through the typed client and its validators',
    '  wire    the documented request, built by the typed client, is on the wire what the docs show',
    '  server  the request goes to the target; it passes only on the documented status and provider',
    '          code with a body the spec accepts (no answer at all, e.g. nothing listening, fails)',
    'then prints the errata recorded in the specs (type tables contradicted by their own examples).',
    '',
    'options:',
    `  --provider P    only this provider (repeat, or comma-separate): ${providerIds.join(', ')}`,
    '  --base-url URL  a live endpoint instead of the embedded emulator (started on a free local port),',
    '                  judged the same way; scenarios that need seeding or faults, or a credential',
    '                  not given (a wrong AK/SK signature needs the AK, a wrong token a token), are',
    '                  skipped there; the run fails',
    '                  (exit 1) when no server-side check ran at all, e.g. for want of credentials',
    '  --har FILE      check recorded traffic instead (a browser\'s or proxy\'s HAR export of real calls):',
    '                  every entry that is a call to a spec operation, its request (parameters, body,',
    '                  credentials present and shaped as documented; never verified or printed) as',
    '                  wire, its answer (status, request-id header, body, errata applied) as server,',
    '                  the answer through the typed client as client; other entries are counted and',
    '                  skipped; the run fails (exit 1) when no entry is a drivespec operation',
    '  --reporter R    pretty (default; a progress line per operation, a summary, the errata),',
    '                  json or junit',
    '  --out FILE      write the report to FILE instead of standard output',
    '  -h, --help      this text',
    '',
    'Credentials for --base-url come from the environment (never from flags):',
    ...variables,
    '',
    'Exit status: 0 when no check failed, 1 when one did (or, with --base-url, when no server-side',
    'check ran), 2 for bad usage.',
    '',
  ].join('\n');
}

interface Flags {
  providers: ProviderId[];
  baseUrl?: string;
  har?: string;
  reporter: Reporter;
  out?: string;
  help: boolean;
}

const options = {
  provider: { type: 'string', multiple: true },
  'base-url': { type: 'string' },
  har: { type: 'string' },
  reporter: { type: 'string' },
  out: { type: 'string' },
} as const;

function parseFlags(argv: string[]): Flags {
  const { help, values } = parseCommandArgs(argv, options);
  const flags: Flags = { providers: [], reporter: 'pretty', help };
  for (const p of (values.provider ?? []).flatMap((v) => v.split(',').map((s) => s.trim()))) {
    if (!isProviderId(p)) throw new UsageError(`unknown provider '${printable(p, 64)}' (one of ${providerIds.join(', ')})`);
    if (!flags.providers.includes(p)) flags.providers.push(p);
  }
  if (values['base-url'] !== undefined) {
    const problem = baseUrlProblem(values['base-url']);
    // Never accept a credential on the command line: it would end up in shell histories and logs.
    const why = problem === 'must not carry a query, fragment or user info' ? ' (credentials come from the environment)' : '';
    if (problem !== undefined) throw new UsageError(`--base-url ${problem}${why}`);
    flags.baseUrl = values['base-url'];
  }
  if (values.har !== undefined) {
    if (flags.baseUrl !== undefined) throw new UsageError('--har and --base-url cannot be combined (a recording is checked as it is)');
    flags.har = values.har;
  }
  if (values.reporter !== undefined) {
    const reporter = reporters.find((r) => r === values.reporter);
    if (reporter === undefined) throw new UsageError(`unknown reporter '${printable(values.reporter, 64)}' (one of ${reporters.join(', ')})`);
    flags.reporter = reporter;
  }
  if (values.out !== undefined) flags.out = values.out;
  return flags;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runCommand('conformance', io, () => conformance(argv, io));
}

async function conformance(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv);
  if (flags.help) {
    io.stdout(conformanceUsage());
    return 0;
  }

  const streaming = flags.reporter === 'pretty' && flags.out === undefined;
  const options: ConformanceOptions = {
    ...(flags.providers.length ? { providers: flags.providers } : {}),
    ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl, credentials: credentialsFromEnv(io.env) } : {}),
    ...(streaming
      ? {
          onProgress: (event) => {
            if (event.type === 'start') io.stdout(formatStartLine(event.target, event.providers));
            if (event.type === 'operation') io.stdout(formatProgressLine(event.provider, event.operation, event.counts));
            if (event.type === 'flow') io.stdout(formatFlowLine(event.provider, event.flow));
          },
        }
      : {}),
  };

  let report: ConformanceReport;
  try {
    report =
      flags.har !== undefined
        ? await runHarConformance({
            file: resolve(io.cwd, flags.har),
            label: printable(flags.har, 256),
            ...(flags.providers.length ? { providers: flags.providers } : {}),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          })
        : await runConformance(options);
  } catch (error) {
    io.stderr(stderrLine('conformance', error instanceof Error ? error.message : String(error)));
    return 1;
  }

  const text =
    flags.reporter === 'json'
      ? formatJsonReport(report)
      : flags.reporter === 'junit'
        ? formatJunitReport(report)
        : streaming
          ? formatPrettySummary(report)
          : formatPrettyReport(report);
  if (flags.out === undefined) {
    io.stdout(text);
  } else {
    const path = resolve(io.cwd, flags.out);
    try {
      await writeFile(path, text);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      io.stderr(stderrLine('conformance', `cannot write ${flags.out}${typeof code === 'string' ? ` (${code})` : ''}`));
      return 1;
    }
    const s = report.summary;
    io.stdout(
      `conformance: ${report.ok ? 'OK' : 'FAILED'} (${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped); ${flags.reporter} report in ${flags.out}\n`,
    );
  }
  // A run that checked nothing on the target says why on stderr, whatever the reporter.
  if (report.problem !== undefined) io.stderr(stderrLine('conformance', report.problem));
  return report.ok ? 0 : 1;
}
