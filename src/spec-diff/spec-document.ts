/**
 * Reading the two sides of a spec diff: a file (YAML or JSON), or `git:REV:PATH` (the file as
 * committed at REV, read with `git show`). Every input is hostile: a file too large, not YAML,
 * not an OpenAPI document, a revision that does not exist are each a typed error naming the
 * input, never a stack trace or a hang (git is given a deadline and a bounded output).
 */
import { execFile } from 'node:child_process';
import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { DrivespecError, InputError } from '../core/errors.js';

/** The text is not a usable OpenAPI document (YAML/JSON syntax, shape, `$ref`s, size of the expansion). */
export class SpecDocumentError extends DrivespecError {
  override name = 'SpecDocumentError';
}

/** Specs are tens of kilobytes; 16 MiB leaves room without letting a stray disk image in. */
export const MAX_SPEC_BYTES = 16 * 1024 * 1024;
const GIT_TIMEOUT_MS = 10_000;

export interface SpecDocument {
  /** How the user named it (a path or `git:REV:PATH`). */
  name: string;
  doc: Record<string, unknown>;
}

/** Parses YAML (JSON is YAML) and checks that it is an OpenAPI 3.x document. */
export function parseSpecDocument(text: string, name: string): SpecDocument {
  let value: unknown;
  try {
    // maxAliasCount bounds alias expansion ("billion laughs"); uniqueKeys refuses a key twice.
    value = parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    const why = error instanceof Error ? error.message.split('\n')[0]!.slice(0, 200) : 'unreadable';
    throw new SpecDocumentError(`${name}: not YAML or JSON: ${why}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SpecDocumentError(`${name}: not an OpenAPI document (not an object)`);
  }
  const doc = value as Record<string, unknown>;
  if (typeof doc.openapi !== 'string' || !/^3\.\d+(\.\d+)?/.test(doc.openapi)) {
    throw new SpecDocumentError(`${name}: not an OpenAPI 3 document (no \`openapi: 3.x\` field)`);
  }
  if (doc.paths !== undefined && (typeof doc.paths !== 'object' || doc.paths === null || Array.isArray(doc.paths))) {
    throw new SpecDocumentError(`${name}: \`paths\` is not an object`);
  }
  return { name, doc };
}

export interface ReadSpecOptions {
  cwd: string;
  maxBytes?: number;
}

/** Reads and parses `source`: a path, or `git:REV:PATH` (PATH relative to the repository root). */
export async function readSpecDocument(source: string, options: ReadSpecOptions): Promise<SpecDocument> {
  const text = source.startsWith('git:') ? await gitShow(source, options) : await readBounded(source, options);
  return parseSpecDocument(text, source);
}

async function readBounded(file: string, options: ReadSpecOptions): Promise<string> {
  const max = options.maxBytes ?? MAX_SPEC_BYTES;
  const path = isAbsolute(file) ? file : resolve(options.cwd, file);
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${codeOf(error)}`);
  }
  try {
    const stat = await handle.stat();
    // A FIFO or a device would be waited on, or read forever.
    if (!stat.isFile()) throw new InputError(`cannot read ${file}: not a regular file`);
    if (stat.size > max) throw new InputError(`cannot read ${file}: larger than ${max} bytes`);
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > max) throw new InputError(`cannot read ${file}: larger than ${max} bytes`);
      if (length === buffer.length) break;
    }
    return decodeUtf8(buffer.subarray(0, length), file);
  } catch (error) {
    if (error instanceof DrivespecError) throw error;
    throw new InputError(`cannot read ${file}: ${codeOf(error)}`);
  } finally {
    await handle.close();
  }
}

function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SpecDocumentError(`${name}: not UTF-8 text`);
  }
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
  const known: Record<string, string> = {
    ENOENT: 'no such file',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
  };
  return (code && known[code]) ?? code ?? 'unreadable';
}

/** `git:REV:PATH` → the file as committed; `git show` without a shell, with a deadline. */
async function gitShow(source: string, options: ReadSpecOptions): Promise<string> {
  const rest = source.slice('git:'.length);
  const colon = rest.indexOf(':');
  const rev = colon < 0 ? '' : rest.slice(0, colon);
  const path = colon < 0 ? '' : rest.slice(colon + 1);
  // A revision starting with '-' would be read by git as an option.
  if (rev === '' || path === '' || rev.startsWith('-') || /[\s\u0000-\u001f]/.test(rev)) {
    throw new InputError(`${source}: expected git:REV:PATH (for example git:HEAD:specs/tencent-smh.yaml)`);
  }
  const bytes = await gitShowBytes(rev, path, options);
  return decodeUtf8(bytes, source);
}

export type GitShowFailure = 'no-git' | 'not-a-repository' | 'no-file' | 'no-revision' | 'too-large' | 'timeout' | 'failed';

/** `git show` could not give the file; `reason` says why (a new file is `no-file`). */
export class GitShowError extends InputError {
  override name = 'GitShowError';
  constructor(
    message: string,
    readonly reason: GitShowFailure,
  ) {
    super(message);
  }
}

/** The bytes of `rev:path`, or a GitShowError saying why not (no git, not a repository, no such file). */
export function gitShowBytes(rev: string, path: string, options: ReadSpecOptions): Promise<Buffer> {
  const max = options.maxBytes ?? MAX_SPEC_BYTES;
  return new Promise((done, fail) => {
    execFile(
      'git',
      ['show', `${rev}:${path}`],
      { cwd: options.cwd, encoding: 'buffer', maxBuffer: max, timeout: GIT_TIMEOUT_MS, windowsHide: true, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } /* messages matched in English */ },
      (error, stdout, stderr) => {
        if (!error) return done(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        const [reason, why] = gitFailure(error, stderr.toString('utf8'), rev, path, max);
        fail(new GitShowError(`cannot read git:${rev}:${path}: ${why}`, reason));
      },
    );
  });
}

function gitFailure(error: Error & { killed?: boolean }, stderr: string, rev: string, path: string, max: number): [GitShowFailure, string] {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return ['no-git', 'git is not installed'];
  if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return ['too-large', `larger than ${max} bytes`];
  if (error.killed) return ['timeout', `git did not answer within ${GIT_TIMEOUT_MS / 1000} s`];
  if (/not a git repository/i.test(stderr)) return ['not-a-repository', 'not inside a git repository'];
  if (/does not exist|exists on disk, but not in/i.test(stderr)) return ['no-file', `no ${path} at ${rev}`];
  if (/invalid object name|unknown revision|bad revision|ambiguous argument/i.test(stderr)) return ['no-revision', `no revision ${rev}`];
  return ['failed', (stderr.split('\n')[0] ?? '').slice(0, 200) || 'git show failed'];
}
