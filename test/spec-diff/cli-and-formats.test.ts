/**
 * `drivespec diff` through the main entry (exit codes, hostile inputs, git:REV:PATH) and the three
 * output formats (json parses, markdown is a table, spec text cannot drive the terminal).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { diffSpecs } from '../../src/spec-diff/diff-specs.js';
import { formatJsonDiff, formatMarkdownDiff, formatPrettyDiff } from '../../src/spec-diff/format-spec-diff.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'drivespec-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const smhText = readFileSync(join(root, 'specs', 'tencent-smh.yaml'), 'utf8');
const smh = parse(smhText) as Json;

function write(name: string, content: string | Json): string {
  writeFileSync(join(dir, name), typeof content === 'string' ? content : stringify(content));
  return name;
}

/** eTag made optional (breaking) and a description changed (non-breaking). */
function edited(): Json {
  const d = structuredClone(smh);
  const r = d.components.schemas.ConfirmUploadResponse;
  r.required = r.required.filter((n: string) => n !== 'eTag');
  r.description = 'Changed | with a pipe and a \u001b[31m terminal escape';
  return d;
}

write('old.yaml', smhText);
write('new.json', JSON.stringify(edited()));
write('same.json', JSON.stringify(smh));

function io(cwd = dir): CliIo & { out: string; err: string } {
  const state: CliIo & { out: string; err: string } = {
    out: '',
    err: '',
    env: {},
    cwd,
    stdout: (s: string) => void (state.out += s),
    stderr: (s: string) => void (state.err += s),
  };
  return state;
}

async function diff(args: string[], cwd = dir) {
  const t = io(cwd);
  const code = await main(['diff', ...args], t);
  return { code, out: t.out, err: t.err };
}

describe('drivespec diff (CLI)', () => {
  it('exit 0 with the changes listed; 1 with --fail-on breaking; 0 with --fail-on when nothing breaks', async () => {
    const listed = await diff(['old.yaml', 'new.json']);
    expect(listed).toMatchObject({ code: 0, err: '' });
    expect(listed.out).toMatch(/^old\.yaml → new\.json: 2 changes \(1 breaking, 1 non-breaking\)\n/);
    expect(listed.out).toContain('BREAKING      field eTag (ConfirmUpload, response 200 application/json) made optional');

    expect(await diff(['old.yaml', 'new.json', '--fail-on', 'breaking'])).toMatchObject({ code: 1, err: '' });
    // Backwards, eTag becomes required in a response: non-breaking, so --fail-on passes.
    const back = await diff(['--fail-on=breaking', 'new.json', 'old.yaml']);
    expect(back).toMatchObject({ code: 0, err: '' });
    expect(back.out).toContain('(0 breaking, 2 non-breaking)');
  });

  it('identical specs (YAML against the same as JSON): no changes, exit 0 even with --fail-on', async () => {
    expect(await diff(['old.yaml', 'same.json', '--fail-on', 'breaking'])).toEqual({
      code: 0,
      out: 'old.yaml → same.json: no changes\n',
      err: '',
    });
  });

  it('--format json is one parseable object with the counts and every change', async () => {
    const { code, out } = await diff(['old.yaml', 'new.json', '--format', 'json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ old: 'old.yaml', new: 'new.json', breaking: 1, nonBreaking: 1 });
    expect(report.changes.map((c: Json) => [c.severity, c.rule, c.operationId])).toEqual([
      ['breaking', 'field-made-optional', 'ConfirmUpload'],
      ['non-breaking', 'documentation', 'ConfirmUpload'],
    ]);
  });

  it('--format markdown is a table, one row per change, with cell text escaped', async () => {
    const { code, out } = await diff(['old.yaml', 'new.json', '--format', 'markdown']);
    expect(code).toBe(0);
    const rows = out.split('\n').filter((l) => l.startsWith('|'));
    expect(rows[0]).toBe('| | operation | change | path |');
    expect(rows[1]).toBe('|---|---|---|---|');
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(/^\| \*\*breaking\*\* \| ConfirmUpload \| .*made optional.* \| `\/operations\/ConfirmUpload\/.*\/eTag required` \|$/);
    // Every row has exactly five unescaped pipes: four columns.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6);
  });

  it('usage errors exit 2 with the hint to --help; --help prints the usage', async () => {
    const cases: [string[], string][] = [
      [[], 'OLD and NEW not given'],
      [['old.yaml'], 'NEW not given'],
      [['old.yaml', 'new.json', 'third'], "unexpected argument 'third'"],
      [['old.yaml', 'new.json', '--format', 'html'], "unknown format 'html' (one of pretty, json, markdown)"],
      [['old.yaml', 'new.json', '--fail-on', 'everything'], "--fail-on takes 'breaking'"],
      [['old.yaml', 'new.json', '--colour'], "unknown option '--colour'"],
    ];
    for (const [args, message] of cases) {
      const r = await diff(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toContain(`drivespec diff: ${message}`);
      expect(r.err).toContain("Run 'drivespec diff --help' for usage.");
    }
    const help = await diff(['--help']);
    expect(help).toMatchObject({ code: 0, err: '' });
    expect(help.out).toMatch(/^usage: drivespec diff OLD NEW/);
    const top = io();
    expect(await main(['--help'], top)).toBe(0);
    expect(top.out).toMatch(/^ {2}diff {2,}every change between two versions of a spec/m);
  });

  it('an input it cannot judge exits 2 with one line naming it, never a stack and never "no changes"', async () => {
    write('not-yaml.yaml', 'openapi: [unclosed\n  - ');
    write('not-openapi.yaml', 'swagger: "2.0"\npaths: {}\n');
    write('a-list.json', '[1, 2]');
    write('dangling.yaml', stringify({ openapi: '3.1.0', paths: { '/x': { get: { responses: { '200': { $ref: '#/nope' } } } } } }));
    write('bombs.yaml', `openapi: 3.1.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 120 }, (_, i) => `k${i}: [*a, *a]`).join('\n')}\n`);
    write('latin1.yaml', '');
    writeFileSync(join(dir, 'latin1.yaml'), Buffer.from([0x6f, 0x70, 0x65, 0x6e, 0x61, 0x70, 0x69, 0x3a, 0x20, 0xe9]));
    const huge = join(dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, 17 * 1024 * 1024); // sparse: 17 MiB without writing them
    const cases: [string, RegExp][] = [
      ['missing.yaml', /^drivespec diff: cannot read missing\.yaml: no such file\n$/],
      ['.', /^drivespec diff: cannot read \.: not a regular file\n$/],
      ['not-yaml.yaml', /^drivespec diff: not-yaml\.yaml: not YAML or JSON: /],
      ['not-openapi.yaml', /^drivespec diff: not-openapi\.yaml: not an OpenAPI 3 document/],
      ['a-list.json', /^drivespec diff: a-list\.json: not an OpenAPI document \(not an object\)\n$/],
      ['dangling.yaml', /^drivespec diff: .*\$ref "#\/nope" points at nothing\n$/],
      ['bombs.yaml', /^drivespec diff: bombs\.yaml: not YAML or JSON: .*alias/i],
      ['latin1.yaml', /^drivespec diff: latin1\.yaml: not UTF-8 text\n$/],
      ['huge.yaml', /^drivespec diff: cannot read huge\.yaml: larger than 16777216 bytes\n$/],
      ['git:HEAD', /^drivespec diff: git:HEAD: expected git:REV:PATH/],
      ['git:--output=x:specs/tencent-smh.yaml', /^drivespec diff: git:--output=x:specs\/tencent-smh\.yaml: expected git:REV:PATH/],
    ];
    for (const [input, expected] of cases) {
      for (const args of [[input, 'old.yaml'], ['old.yaml', input, '--fail-on', 'breaking']]) {
        const r = await diff(args);
        expect(r.code, input).toBe(2);
        expect(r.out, input).toBe('');
        expect(r.err, input).toMatch(expected);
        expect(r.err.split('\n').length, input).toBe(2); // one line
        expect(r.err, input).not.toMatch(/\n\s+at /);
      }
    }
  });

  it('git:REV:PATH reads the committed file; a revision or path git does not have is exit 2', async () => {
    let head: string;
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    } catch {
      return; // not a git checkout (a packed copy): nothing to read from
    }
    const committed = execFileSync('git', ['show', `${head}:specs/tencent-smh.yaml`], { cwd: root, encoding: 'utf8' });
    write('committed.yaml', committed);
    expect(await diff([`git:${head}:specs/tencent-smh.yaml`, join(dir, 'committed.yaml')], root)).toEqual({
      code: 0,
      out: `git:${head}:specs/tencent-smh.yaml → ${join(dir, 'committed.yaml')}: no changes\n`,
      err: '',
    });
    const noRev = await diff(['git:no-such-rev-1234:specs/tencent-smh.yaml', 'specs/tencent-smh.yaml'], root);
    expect(noRev).toMatchObject({ code: 2, out: '' });
    expect(noRev.err).toBe('drivespec diff: cannot read git:no-such-rev-1234:specs/tencent-smh.yaml: no revision no-such-rev-1234\n');
    const noFile = await diff([`git:${head}:specs/nope.yaml`, 'specs/tencent-smh.yaml'], root);
    expect(noFile.err).toBe(`drivespec diff: cannot read git:${head}:specs/nope.yaml: no specs/nope.yaml at ${head}\n`);
    const notRepo = await diff(['git:HEAD:old.yaml', 'old.yaml'], tmpdir());
    expect(notRepo.code).toBe(2);
  });
});

describe('spec diff formats', () => {
  const d = diffSpecs(smh, edited());
  const names = { old: 'a.yaml', new: 'b.yaml' };

  it('pretty: a count line, then each change and its path; control characters made visible', () => {
    const text = formatPrettyDiff(d, names);
    expect(text.split('\n')[0]).toBe('a.yaml → b.yaml: 2 changes (1 breaking, 1 non-breaking)');
    expect(text).not.toContain('\u001b');
    expect(formatPrettyDiff(diffSpecs(smh, smh), names)).toBe('a.yaml → b.yaml: no changes\n');
  });

  it('json carries the changes as diffSpecs returned them (scalar before/after as they are)', () => {
    expect(JSON.parse(formatJsonDiff(d, names))).toEqual({ old: 'a.yaml', new: 'b.yaml', breaking: 1, nonBreaking: 1, changes: d.changes });
  });

  it('json gives sets as sorted lists, and enum members as their JSON values', () => {
    const before = structuredClone(smh);
    const after = structuredClone(smh);
    const virus = after.components.schemas.ConfirmUploadResponse.properties.virusAuditStatus;
    virus.type = ['integer', 'string'];
    const change = (keyword: string) => JSON.parse(formatJsonDiff(diffSpecs(before, after), names)).changes.find((c: Json) => c.keyword === keyword);
    expect(change('type')).toMatchObject({ before: ['integer'], after: ['integer', 'string'], rule: 'type-widened', severity: 'breaking' });
    const kind = { openapi: '3.1.0', paths: { '/t': { post: { operationId: 'P', requestBody: { content: { 'a/b': { schema: { enum: [1, '1', null] } } } }, responses: {} } } } };
    const narrowed = structuredClone(kind);
    narrowed.paths['/t'].post.requestBody.content['a/b'].schema.enum = ['1'];
    const [c] = JSON.parse(formatJsonDiff(diffSpecs(kind, narrowed), names)).changes;
    expect(c).toMatchObject({ keyword: 'enum', before: ['1', 1, null], after: ['1'], severity: 'breaking' }); // the string "1" and the number 1 are two members
  });

  it('markdown: no raw control character, HTML or unescaped pipe reaches the table', () => {
    const hostile = structuredClone(d);
    hostile.changes[0]!.message = 'a | b <script>\u0007';
    const text = formatMarkdownDiff(hostile, { old: 'x|y', new: 'z' });
    // `\\u0007` in Markdown renders as the visible text \u0007.
    expect(text).toContain('a \\| b &lt;script>\\\\u0007');
    expect(text).not.toContain('<script>');
    expect(text.split('\n')[0]).toBe('### Spec changes: x\\|y → z');
  });
});
