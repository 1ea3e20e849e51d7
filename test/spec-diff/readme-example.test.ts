/**
 * The README's "When the providers' docs change" example, run as written: each `$ sed ...` line
 * in bash, each `$ drivespec ...` line through the CLI's main entry, `$ echo $?` against the last
 * exit code, and every output line shown compared with what the command printed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'drivespec-readme-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exampleBlock(): string {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf("## When the providers' docs change"));
  const match = /^```console\n([\s\S]*?)^```$/m.exec(section);
  expect(match, 'a console block in the section').not.toBeNull();
  return match![1]!;
}

describe("README: When the providers' docs change", () => {
  it('the console example prints what it shows', async () => {
    symlinkSync(join(root, 'specs'), join(dir, 'specs'));
    const steps: { command: string; output: string[] }[] = [];
    for (const line of exampleBlock().trimEnd().split('\n')) {
      if (line.startsWith('$ ')) steps.push({ command: line.slice(2), output: [] });
      else steps.at(-1)!.output.push(line);
    }
    expect(steps.map((s) => s.command.split(' ')[0])).toEqual(['sed', 'drivespec', 'echo']);
    let last = 0;
    for (const { command, output } of steps) {
      let printed: string;
      if (command.startsWith('drivespec ')) {
        let out = '';
        let err = '';
        last = await main(command.split(/\s+/).slice(1), { stdout: (s) => void (out += s), stderr: (s) => void (err += s), env: {}, cwd: dir });
        expect(err).toBe('');
        printed = out;
      } else if (command === 'echo $?') {
        printed = `${last}\n`;
      } else {
        printed = execFileSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8' });
      }
      expect(printed, command).toBe(output.length ? `${output.join('\n')}\n` : '');
    }
    expect(last).toBe(1);
  });
});
