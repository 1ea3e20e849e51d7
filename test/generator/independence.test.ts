/**
 * `generate` writes the same bytes wherever it runs from, wherever node_modules really lives, and
 * under any locale (issue 9 item 14): `generate --check` against the committed generated/ must
 * pass from another working directory, in a copy of the repo whose node_modules is a symlink, and
 * with LC_ALL set to a locale whose collation disagrees with code-unit order. Three generator runs
 * (~4 s each on an idle machine).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const run = promisify(execFile);
const temps: string[] = [];

afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function temp(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-gen-indep-'));
  temps.push(dir);
  return dir;
}

/** The generator, the specs and the committed generated/ in a fresh folder; node_modules a symlink. */
async function copyOfRepo(): Promise<string> {
  const dir = await temp();
  await cp(join(root, 'specs'), join(dir, 'specs'), { recursive: true });
  await cp(join(root, 'generated'), join(dir, 'generated'), { recursive: true });
  await mkdir(join(dir, 'scripts'), { recursive: true });
  await cp(join(root, 'scripts', 'generate.ts'), join(dir, 'scripts', 'generate.ts'));
  await cp(join(root, 'scripts', 'generate'), join(dir, 'scripts', 'generate'), { recursive: true });
  await writeFile(join(dir, 'package.json'), '{"type":"module"}');
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Runs the generator; resolves to its exit code and output rather than throwing. */
async function generate(script: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(tsx, [script, ...args], { cwd, env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const failure = e as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? -1, stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' };
  }
}

const CURRENT = { code: 0, stderr: '', stdout: expect.stringMatching(/^generated\/ is current \(\d+ files\)\n$/) };

describe('generated output does not depend on where or how generate runs (issue 9 item 14)', () => {
  it('generate --check run from another working directory finds the committed output current', async () => {
    // npm --prefix <repo> run generate changes into <repo> first (npm 11); a script, an IDE task
    // or a CI step that calls the generator by path does not.
    const elsewhere = await temp();
    expect(await generate(join(root, 'scripts', 'generate.ts'), ['--check'], elsewhere)).toEqual(CURRENT);
  }, 120_000);

  it('generate --check in a copy of the repo whose node_modules is a symlink finds the committed output current', async () => {
    const dir = await copyOfRepo();
    expect(await generate('scripts/generate.ts', ['--check'], dir)).toEqual(CURRENT);
  }, 120_000);

  it('sorts in code-unit order, so the output is the same under any LC_ALL', async () => {
    // Operation ids on which collation and code units disagree: `_` sorts before letters and
    // case is a tertiary difference in every ICU locale, and Danish sorts `Aa` as `Å`, after `Z`.
    const added = ['GetFileZ', 'GetFileAa', 'GetFile_v2', 'GetFileV2'];
    const codeUnits = ['GetFileAa', 'GetFileV2', 'GetFileZ', 'GetFile_v2'];
    expect([...added].sort()).toEqual(codeUnits);
    const english = [...added].sort((a, b) => a.localeCompare(b, 'en-US'));
    const danish = [...added].sort((a, b) => a.localeCompare(b, 'da-DK'));
    expect(english).toEqual(['GetFile_v2', 'GetFileAa', 'GetFileV2', 'GetFileZ']);
    expect(danish).toEqual(['GetFile_v2', 'GetFileV2', 'GetFileZ', 'GetFileAa']);
    // The child processes really collate by LC_ALL (full ICU reads it), so this test is not vacuous.
    const probe = "process.stdout.write(JSON.stringify(process.argv.slice(1).sort((a, b) => a.localeCompare(b))))";
    const collated = async (LC_ALL: string) =>
      JSON.parse((await run(process.execPath, ['-e', probe, ...added], { env: { ...process.env, LC_ALL } })).stdout);
    expect(await collated('C')).toEqual(english);
    expect(await collated('da_DK.UTF-8')).toEqual(danish);

    // A copy of the repo whose PDS spec has four more operations (clones of GetFile), generated
    // under Danish: the added names come out in code-unit order, which no locale's collation
    // gives them, and the other providers' files are byte-identical to the committed ones.
    const dir = await copyOfRepo();
    const specPath = join(dir, 'specs', 'aliyun-pds.yaml');
    const spec = parse(await readFile(specPath, 'utf8'));
    const getFile = spec.paths['/v2/file/get'].post;
    expect(getFile.operationId).toBe('GetFile');
    for (const id of added) {
      const { 'x-drivespec-conformance': _pairs, 'x-drivespec-errata': _errata, ...op } = structuredClone(getFile);
      spec.paths[`/v2/file/get-${id.toLowerCase()}`] = { post: { ...op, operationId: id } };
    }
    await writeFile(specPath, stringify(spec));
    const written = await generate('scripts/generate.ts', [], dir, { LC_ALL: 'da_DK.UTF-8' });
    expect(written.code, written.stderr).toBe(0);

    const dts = await readFile(join(dir, 'generated', 'aliyun-pds', 'validators.d.ts'), 'utf8');
    const declared = [...dts.matchAll(/^export declare const (\w+):/gm)].map((m) => m[1]!);
    expect(declared.length).toBeGreaterThan(added.length);
    expect(declared).toEqual([...declared].sort());
    const parametersValidators = declared.filter((n) => /^validateGetFile.+Parameters$/.test(n));
    expect(parametersValidators).toEqual(codeUnits.map((id) => `validate${id}Parameters`));
    // validators.js follows the operation order (spec-model's sort), not the declaration order.
    const js = await readFile(join(dir, 'generated', 'aliyun-pds', 'validators.js'), 'utf8');
    const exported = [...js.matchAll(/^var (validate\w+Parameters) = validate\d+;$/gm)].map((m) => m[1]!);
    expect(exported).toEqual(['CompleteFile', 'CreateFile', 'GetFile', ...codeUnits, 'GetUploadUrl', 'ListUploadedParts'].map((id) => `validate${id}Parameters`));

    for (const provider of ['huawei-metastudio', 'tencent-smh', 'huawei-koodrive']) {
      for (const file of ['types.ts', 'validators.js', 'validators.d.ts', 'operations.ts', 'examples.ts', 'errata.ts']) {
        const path = join('generated', provider, file);
        expect(await readFile(join(dir, path), 'utf8'), path).toBe(await readFile(join(root, path), 'utf8'));
      }
    }
  }, 120_000);
});
