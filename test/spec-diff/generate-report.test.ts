/**
 * What `npm run generate` says after writing: which generated files it changed, and each spec's
 * classified changes against the committed version, in a scratch git repository. Never a crash:
 * no repository, a new spec and a committed spec that does not parse are each one line.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileChanges, formatFileChanges, specChangesReport } from '../../scripts/generate.js';

const root = new URL('../..', import.meta.url).pathname;
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

async function scratch(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-gen-report-'));
  temps.push(dir);
  await mkdir(join(dir, 'specs'));
  return dir;
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd, stdio: 'ignore' });
}

const spec = (required: string[]) => `openapi: 3.1.0
info: { title: T, version: '1' }
paths:
  /t:
    get:
      operationId: GetT
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                required: [${required.join(', ')}]
                properties:
                  eTag: { type: string }
                  size: { type: string }
`;

describe('npm run generate: the change listing', () => {
  it('names the generated files it writes anew, changes and removes, and counts the unchanged', async () => {
    const dir = await scratch();
    await mkdir(join(dir, 'generated', 'p'), { recursive: true });
    await writeFile(join(dir, 'generated', 'p', 'same.ts'), 'same');
    await writeFile(join(dir, 'generated', 'p', 'old.ts'), 'before');
    await writeFile(join(dir, 'generated', 'p', 'gone.ts'), 'x');
    const files = new Map([
      ['generated/p/same.ts', 'same'],
      ['generated/p/old.ts', 'after'],
      ['generated/p/fresh.ts', 'new'],
    ]);
    const changes = await fileChanges(files, dir);
    expect(changes).toEqual([
      { path: 'generated/p/fresh.ts', change: 'new' },
      { path: 'generated/p/gone.ts', change: 'removed' },
      { path: 'generated/p/old.ts', change: 'changed' },
    ]);
    expect(formatFileChanges(changes, files.size)).toBe(
      [
        'generated/: 2 written, 1 unchanged, 1 removed',
        '  new      generated/p/fresh.ts',
        '  removed  generated/p/gone.ts',
        '  changed  generated/p/old.ts',
        '',
      ].join('\n'),
    );
    expect(formatFileChanges([], 3)).toBe('generated/: no file changed (3 unchanged)\n');
  });

  it('lists each spec against HEAD, classified; a new spec and a committed spec that does not parse are said, not thrown', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'specs', 'alpha.yaml'), spec(['eTag', 'size']));
    await writeFile(join(dir, 'specs', 'beta.yaml'), '{');
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'specs');
    await writeFile(join(dir, 'specs', 'alpha.yaml'), spec(['size'])); // eTag made optional
    await writeFile(join(dir, 'specs', 'beta.yaml'), spec(['size']));
    await writeFile(join(dir, 'specs', 'gamma.yaml'), spec([]));

    const report = await specChangesReport(dir);
    expect(report.split('\n')).toEqual([
      'HEAD:specs/alpha.yaml → specs/alpha.yaml: 1 change (1 breaking, 0 non-breaking)',
      "  BREAKING      field eTag (GetT, response 200 application/json) made optional: the consumer's type becomes `… | undefined`",
      '                /operations/GetT/responses/200/content/application~1json/schema/eTag required',
      expect.stringMatching(/^specs\/beta\.yaml: not compared with HEAD \(HEAD:specs\/beta\.yaml: not YAML or JSON: /),
      'specs/gamma.yaml: new (not in HEAD)',
      '',
    ]);
    // It read HEAD, not the working tree: the committed alpha still requires eTag.
    expect(await readFile(join(dir, 'specs', 'alpha.yaml'), 'utf8')).not.toContain('[eTag');
  }, 30_000);

  it('outside a git repository: one line per spec, no crash', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'specs', 'alpha.yaml'), spec(['eTag']));
    expect(await specChangesReport(dir)).toBe('specs/alpha.yaml: not compared with HEAD (not inside a git repository)\n');
  });

  it('an unchanged spec in a repository: no changes', async () => {
    const dir = await scratch();
    await writeFile(join(dir, 'specs', 'alpha.yaml'), spec(['eTag']));
    git(dir, 'init', '-q');
    git(dir, 'add', '.');
    git(dir, 'commit', '-q', '-m', 'specs');
    expect(await specChangesReport(dir)).toBe('HEAD:specs/alpha.yaml → specs/alpha.yaml: no changes\n');
  }, 30_000);
});
