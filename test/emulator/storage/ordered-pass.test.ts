/**
 * The ordered pass on its own: parts in files, fed in part order whatever order they come in, a
 * replaced part restarts it, and digests asked for before it caught up are read from disk.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OrderedPass, type PassPart } from '../../../src/emulator/storage/ordered-pass.js';
import { referenceCrc64 } from '../../hashing/support.js';
import { bytes } from './support.js';

let dir: string;
let version = 0;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drivespec-pass-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function source(partStates: ('sha1' | 'sha256')[] = []) {
  const parts = new Map<number, PassPart>();
  const src = {
    gone: false,
    partStates,
    part: (n: number) => parts.get(n),
    store(n: number, data: Uint8Array) {
      version += 1;
      const file = join(dir, `${n}.${version}`);
      writeFileSync(file, data);
      parts.set(n, { version, file, size: data.length });
    },
  };
  return src;
}

const sha256 = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest('hex');

describe('OrderedPass', () => {
  it('waits for the gap: parts 2 and 3 stored first are hashed once 1 arrives', async () => {
    const src = source();
    const pass = new OrderedPass(src);
    const [one, two, three] = [bytes(3 << 20, 1), bytes(1000, 2), bytes(5, 3)];
    src.store(2, two);
    src.store(3, three);
    await pass.waitFor(0);
    expect(pass.covers(3)).toBe(false);
    src.store(1, one);
    await pass.waitFor(3);
    expect(pass.covers(3)).toBe(true);
    expect(pass.digests(3)).toMatchObject({ size: one.length + 1005, sha256: sha256(one, two, three), crc64: referenceCrc64(Buffer.concat([one, two, three])) });
  });

  it('digests asked for before the pass caught up are read from disk (same values)', () => {
    const src = source(['sha1']);
    const pass = new OrderedPass(src);
    const [one, two] = [bytes(128, 1), bytes(77, 2)];
    src.store(1, one);
    src.store(2, two);
    expect(pass.covers(2)).toBe(false);
    const d = pass.digests(2);
    expect(d.sha256).toBe(sha256(one, two));
    expect(d.partStates.map((s) => s.offset)).toEqual([0, 128]);
    expect(d.sha1).toBe(createHash('sha1').update(one).update(two).digest('hex'));
  });

  it('a part replaced while (or after) it was read: the pass starts over and ends with the new bytes', async () => {
    const src = source();
    const pass = new OrderedPass(src);
    const big = bytes(8 << 20, 1);
    src.store(1, big);
    src.store(2, bytes(10, 2));
    const first = pass.waitFor(2);
    // Replaced before the 8 MiB were read (the pass reads 1 MiB per turn of the event loop).
    const replacement = bytes(100, 3);
    src.store(1, replacement);
    pass.invalidate(1);
    await first;
    await pass.waitFor(2);
    expect(pass.covers(2)).toBe(true);
    expect(pass.digests(2).sha256).toBe(sha256(replacement, bytes(10, 2)));
    const two = bytes(20, 4);
    src.store(2, two);
    pass.invalidate(2);
    expect(pass.covers(2)).toBe(false);
    await pass.waitFor(2);
    expect(pass.digests(2).sha256).toBe(sha256(replacement, two));
  });

  it('a part file that vanished: the waiters are told (rejected), not left hanging', async () => {
    const src = source();
    const pass = new OrderedPass(src);
    src.store(1, bytes(10));
    rmSync(src.part(1)!.file);
    await expect(pass.waitFor(1)).rejects.toThrow();
  });
});
