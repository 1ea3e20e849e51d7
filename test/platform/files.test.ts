/** src/platform/files.ts and its universal twin: the same exports; the twin refuses every path with the InputError. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import * as node from '../../src/platform/files.js';
import * as web from '../../src/platform/files.web.js';

const asWeb: typeof web = node;
const asNode: typeof node = web;
const MESSAGE = /^cannot read .+: file paths need Node; pass a Blob or File$/;

describe('platform files twins', () => {
  it('export the same names; only Node reads paths', () => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
    expect([asWeb, asNode]).toHaveLength(2);
    expect([node.filePathsSupported, web.filePathsSupported]).toEqual([true, false]);
  });

  it('the web twin refuses a path, a file: URL, stat and openAsBlob with an InputError saying what to pass', async () => {
    for (const attempt of [
      web.openRegularFile('/etc/hostname', '/etc/hostname'),
      web.openRegularFile(new URL('file:///etc/hostname'), 'file:///etc/hostname'),
      web.statFile('/etc/hostname'),
      web.openFileAsBlob('/etc/hostname'),
    ]) {
      const error = await attempt.then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toMatch(MESSAGE);
    }
    expect(web.filePathOf(new URL('file:///a/b.bin'))).toBe('file:///a/b.bin');
    expect([web.baseName('/a/b.bin'), node.baseName('/a/b.bin')]).toEqual(['b.bin', 'b.bin']);
  });
});
