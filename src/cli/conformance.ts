/**
 * `drivespec conformance`: replays every documented example pair against the embedded emulator
 * (or a live `--base-url`) and reports through one or more reporters (`--reporter NAME[:FILE]`,
 * repeatable). Exit 0 when no check failed or errored, 1 when one did or when a live run checked
 * nothing on the target (every server-side check skipped), 2 for bad usage.
 */
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
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
import { formatGithubAnnotations, formatGithubSummary, type Locate } from '../conformance/github-reporter.js';
import {
  formatCounts,
  formatFailingChecks,
  formatFlowLine,
  formatPrettyReport,
  formatPrettySummary,
  formatProgressLine,
  formatStartLine,
} from '../conformance/pretty-reporter.js';
import { specLocations, type SpecLocations } from '../conformance/spec-location.js';
import { baseUrlProblem } from '../core/base-url.js';
import { isProviderId, providerIds, type ProviderId } from '../core/provider.js';
import { stderrLine, parseCommandArgs, printable, runCommand, UsageError } from './args.js';
import type { CliIo } from './io.js';
import { drivespecPackage } from './version.js';

const reporterNames = ['pretty', 'json', 'junit', 'github'] as const;
type ReporterName = (typeof reporterNames)[number];

/** One `--reporter`: where its text goes (`file` as given, relative to the working directory; none: stdout). */
export interface ReporterChoice {
  name: ReporterName;
  file?: string;
}

export function conformanceUsage(): string {
  const variables = providerIds.flatMap((p) =>
    liveCredentialVariables[p].map((v) => `    ${v.name.padEnd(34)} ${p}: ${v.description}`),
  );
  return [
    'usage: drivespec conformance [--provider P]... [--base-url URL | --har FILE] [--reporter NAME[:FILE]]... [--out FILE] [--errata]',
    '',
    'Replays every documented example pair of the specs and checks three sides of each:',
    '  client  the documented response, replayed, passes through the typed client and its validators',
    '  wire    the documented request, built by the typed client, is on the wire what the docs show',
    '  server  the request goes to the target; it passes only on the documented status and provider',
    '          code with a body the spec accepts; a check that gets no answer (nothing listening, a',
    '          timeout) could not run: it is reported as errored, and fails the run like a failure',
    'then counts the errata recorded in the specs (type tables contradicted by their own examples).',
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
    '  --reporter NAME[:FILE]',
    '                  repeatable; without FILE to standard output (folders of FILE are created):',
    '                    pretty  (default) a progress line per operation, a summary, the failing checks',
    '                    json    the whole report (ConformanceReport: tool and version, durations)',
    '                    junit   JUnit XML: <failure> failed, <error> could not run, time in seconds',
    '                    github  GitHub Actions annotations (::error on the spec line of the failing',
    '                            pair) and a Markdown summary appended to $GITHUB_STEP_SUMMARY if set',
    '                  standard output takes pretty and github together, or json or junit alone',
    '  --out FILE      the file of the one reporter given without :FILE (a non-pretty one when there',
    '                  are several, pretty staying on standard output); two such reporters: bad usage',
    '  --errata        print the errata table (default: one line with their count); with github,',
    '                  a ::notice per erratum',
    '  -h, --help      this text',
    '',
    'When no pretty report goes to standard output, a log line there says the verdict, where each',
    'report went and which checks failed (on standard error when json or junit takes standard output).',
    '',
    'Credentials for --base-url come from the environment (never from flags):',
    ...variables,
    '',
    'Exit status: 0 when no check failed or errored, 1 when one did (or, with --base-url, when no',
    'server-side check ran), 2 for bad usage.',
    '',
  ].join('\n');
}

interface Flags {
  providers: ProviderId[];
  baseUrl?: string;
  har?: string;
  reporters: ReporterChoice[];
  errata: boolean;
  help: boolean;
}

const options = {
  provider: { type: 'string', multiple: true },
  'base-url': { type: 'string' },
  har: { type: 'string' },
  reporter: { type: 'string', multiple: true },
  out: { type: 'string' },
  errata: { type: 'boolean' },
} as const;

/** `json`, `junit:reports/conformance.xml` (the first `:` separates: Windows paths keep theirs). */
function parseReporter(text: string): ReporterChoice {
  const colon = text.indexOf(':');
  const name = colon < 0 ? text : text.slice(0, colon);
  const reporter = reporterNames.find((r) => r === name);
  if (reporter === undefined) throw new UsageError(`unknown reporter '${printable(name, 64)}' (one of ${reporterNames.join(', ')})`);
  if (colon < 0) return { name: reporter };
  const file = text.slice(colon + 1);
  if (file === '') throw new UsageError(`--reporter ${reporter}: needs a file name after the colon`);
  return { name: reporter, file };
}

/**
 * Where each reporter writes. `--out` keeps its old meaning (the file of the single reporter) and
 * otherwise names the file of the one reporter given without a file, pretty excepted when others
 * are; anything ambiguous (two reporters to one file, two documents on stdout) is bad usage.
 */
export function planReporters(given: readonly string[], out: string | undefined, cwd: string): ReporterChoice[] {
  const reporters = given.length ? given.map(parseReporter) : [{ name: 'pretty' as const }];
  if (out !== undefined) {
    const unfiled = reporters.filter((r) => r.file === undefined);
    const target = unfiled.length === 1 ? unfiled : unfiled.filter((r) => r.name !== 'pretty');
    if (unfiled.length === 0) throw new UsageError('--out: every reporter has its own file already');
    if (target.length !== 1) {
      throw new UsageError('--out names the file of one reporter, and several have none: give each its own with --reporter NAME:FILE');
    }
    target[0]!.file = out;
  }
  const toStdout = reporters.filter((r) => r.file === undefined);
  for (const name of reporterNames) {
    if (toStdout.filter((r) => r.name === name).length > 1) throw new UsageError(`--reporter ${name} given twice for standard output`);
  }
  const document = toStdout.find((r) => r.name === 'json' || r.name === 'junit');
  if (document && toStdout.length > 1) {
    throw new UsageError(`--reporter ${document.name} writes a whole document: on standard output it must be alone (give it or the others a FILE)`);
  }
  const files = new Map<string, ReporterChoice>();
  for (const r of reporters) {
    if (r.file === undefined) continue;
    const path = resolve(cwd, r.file);
    const before = files.get(path);
    if (before) throw new UsageError(`--reporter ${before.name} and ${r.name} would both write ${printable(r.file, 200)}`);
    files.set(path, r);
  }
  return reporters;
}

function parseFlags(argv: string[], cwd: string): Flags {
  const { help, values } = parseCommandArgs(argv, options);
  const flags: Flags = { providers: [], reporters: [], errata: values.errata === true, help };
  if (help) return flags;
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
  flags.reporters = planReporters(values.reporter ?? [], values.out, cwd);
  return flags;
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  return runCommand('conformance', io, () => conformance(argv, io));
}

async function conformance(argv: string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, io.cwd);
  if (flags.help) {
    io.stdout(conformanceUsage());
    return 0;
  }

  const onStdout = (name: ReporterName) => flags.reporters.some((r) => r.name === name && r.file === undefined);
  const streaming = onStdout('pretty');
  let tool: ConformanceReport['tool'] = { name: 'drivespec', version: 'unknown' };
  try {
    tool = { name: 'drivespec', version: (await drivespecPackage()).version };
  } catch {
    // A copy without drivespec's package.json: the report says 'unknown' rather than fail the run.
  }
  const options: ConformanceOptions = {
    tool,
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
            tool,
            ...(flags.providers.length ? { providers: flags.providers } : {}),
            ...(options.onProgress ? { onProgress: options.onProgress } : {}),
          })
        : await runConformance(options);
  } catch (error) {
    io.stderr(stderrLine('conformance', error instanceof Error ? error.message : String(error)));
    return 1;
  }

  const locate = flags.reporters.some((r) => r.name === 'github') ? await specLocator(io.cwd) : undefined;
  const textOf = (r: ReporterChoice): string => {
    switch (r.name) {
      case 'json':
        return formatJsonReport(report);
      case 'junit':
        return formatJunitReport(report);
      case 'github':
        return formatGithubAnnotations(report, { errata: flags.errata, ...(locate ? { locate } : {}) });
      case 'pretty':
        return r.file === undefined ? formatPrettySummary(report, { errata: flags.errata }) : formatPrettyReport(report, { errata: flags.errata });
    }
  };

  let writeFailed = false;
  const written: string[] = [];
  // Standard output in a fixed order: the pretty summary (its progress lines streamed already), then annotations.
  for (const r of [...flags.reporters].sort((a, b) => reporterNames.indexOf(a.name) - reporterNames.indexOf(b.name))) {
    if (r.file === undefined) {
      io.stdout(textOf(r));
      continue;
    }
    const path = resolve(io.cwd, r.file);
    try {
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, textOf(r));
      written.push(`${r.name} report in ${r.file}`);
    } catch (error) {
      writeFailed = true;
      io.stderr(stderrLine('conformance', `cannot write ${printable(r.file, 200)}${errorCode(error)}`));
    }
  }
  if (flags.reporters.some((r) => r.name === 'github')) {
    const summaryFile = io.env.GITHUB_STEP_SUMMARY;
    if (summaryFile) {
      try {
        // Appended: the step summary is shared by every command of the step.
        await appendFile(summaryFile, formatGithubSummary(report));
      } catch (error) {
        writeFailed = true;
        io.stderr(stderrLine('conformance', `cannot append to $GITHUB_STEP_SUMMARY${errorCode(error)}`));
      }
    }
  }

  if (!streaming) {
    // The log says what happened even when every report went to a file: the verdict, where the
    // reports are, and which checks failed. A document on stdout (json, junit) keeps it on stderr.
    const documentOnStdout = onStdout('json') || onStdout('junit');
    const log = documentOnStdout ? io.stderr : io.stdout;
    const verdict = `conformance: ${report.ok ? 'OK' : 'FAILED'} (${formatCounts(report.summary)})`;
    const lines = [
      ...(documentOnStdout && report.ok ? [] : [`${verdict}${written.length ? `; ${written.join(', ')}` : ''}`]),
      ...formatFailingChecks(report),
    ];
    if (lines.length) log(`${lines.join('\n')}\n`);
  }
  // A run that checked nothing on the target says why on stderr, whatever the reporter.
  if (report.problem !== undefined) io.stderr(stderrLine('conformance', report.problem));
  return report.ok && !writeFailed ? 0 : 1;
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? ` (${printable(code, 32)})` : '';
}

/**
 * Annotations point at `specs/<id>.yaml` as shipped with drivespec, by a path relative to the
 * working directory (GitHub resolves `file=` against the workspace); a spec outside the working
 * directory, or one that cannot be read, gives annotations without a place.
 */
async function specLocator(cwd: string): Promise<Locate> {
  let dir: string;
  try {
    dir = (await drivespecPackage()).dir;
  } catch {
    return () => undefined;
  }
  const specs = new Map<ProviderId, { file?: string; lines: SpecLocations }>();
  for (const provider of providerIds) {
    const path = join(dir, 'specs', `${provider}.yaml`);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch {
      continue;
    }
    const rel = relative(cwd, path);
    const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
    specs.set(provider, { ...(inside ? { file: rel.split(sep).join('/') } : {}), lines: specLocations(text) });
  }
  return (subject) => {
    const spec = specs.get(subject.provider);
    if (spec?.file === undefined) return undefined;
    const line =
      'erratum' in subject
        ? (spec.lines.erratum(subject.operationId, subject.erratum) ?? spec.lines.operation(subject.operationId))
        : 'operationId' in subject
          ? ((subject.pair !== undefined ? spec.lines.pair(subject.operationId, subject.pair) : undefined) ?? spec.lines.operation(subject.operationId))
          : undefined;
    return { file: spec.file, ...(line !== undefined ? { line } : {}) };
  };
}
