/**
 * Everything drivespec throws extends DrivespecError, and every error a client can throw at call
 * time is exported from the entry points a caller imports it from (issue 9 item 15).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';
import * as pds from '../../src/clients/aliyun-pds.js';
import * as metaStudio from '../../src/clients/huawei-metastudio.js';
import { DrivespecError } from '../../src/core/errors.js';
import { SigningError } from '../../src/signing/shared/signing-error.js';

const repo = fileURLToPath(new URL('../..', import.meta.url));

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(join(repo, dir), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => relative(repo, join(e.parentPath, e.name)));
}

/** A built-in error made where drivespec's own classes belong. */
const builtinThrow = /\b(?:new|throw)\s+(?:Error|TypeError|RangeError|SyntaxError)\s*\(/g;

describe('everything drivespec throws extends DrivespecError', () => {
  it.each(['src/core', 'src/clients', 'src/signing', 'src/emulator', 'src/hashing', 'src/conformance', 'src/cli', 'src/spec-diff'])('%s builds no built-in Error, TypeError, RangeError or SyntaxError', async (dir) => {
    const files = await sourceFiles(dir);
    expect(files.length).toBeGreaterThan(3);
    const found: string[] = [];
    for (const file of files) {
      const text = await readFile(join(repo, file), 'utf8');
      // Under mutation testing (StrykerJS), the mutated module carries Stryker's own helpers.
      if (text.includes('function stryNS_9fa48')) continue;
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        if (builtinThrow.test(line.replace(/\/\/.*$/, ''))) found.push(`${file}:${i + 1}: ${line.trim()}`);
        builtinThrow.lastIndex = 0;
      });
    }
    expect(found).toEqual([]);
  });

  it('the scan itself sees a built-in throw', () => {
    for (const line of ['throw new Error("x")', 'return new TypeError(`y`)', 'throw Error("z")', 'new RangeError ("r")']) {
      expect(line.match(builtinThrow), line).not.toBeNull();
    }
    expect('throw new ConfigurationError("a", "b")'.match(builtinThrow)).toBeNull();
  });
});

describe('SigningError is exported where signing clients are imported', () => {
  it.each([
    ['drivespec', root],
    ['drivespec/aliyun-pds', pds],
    ['drivespec/huawei-metastudio', metaStudio],
  ] as const)('%s exports SigningError, a DrivespecError', (_entry, module) => {
    expect((module as Record<string, unknown>).SigningError).toBe(SigningError);
    expect(new SigningError('credentials.ak', 'bad')).toBeInstanceOf(DrivespecError);
  });
});
