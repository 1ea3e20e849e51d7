/**
 * The peers of the upload pre-pass benchmark (bench/sha-state.ts, issue 12) compute what they
 * claim: the file's digest, checked against node:crypto, with hash-wasm's state saved once per
 * part boundary. No timing here.
 */
import { createHash, randomFillSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSHA1, createSHA256 } from 'hash-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { hashWasmFile, nodeFile, type StreamingHash } from '../../bench/sha-state.js';

const dir = mkdtempSync(join(tmpdir(), 'drivespec-sha-state-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bytes = randomFillSync(Buffer.alloc(3 * (1 << 20) + 12_345));
const path = join(dir, 'f.bin');
writeFileSync(path, bytes);

describe('sha-state file contenders', () => {
  it('hash-wasm over the file: the digest node:crypto computes, a save() at each part boundary inside the file', async () => {
    for (const [create, algorithm] of [
      [createSHA1, 'sha1'],
      [createSHA256, 'sha256'],
    ] as const) {
      const h = (await create()) as unknown as StreamingHash;
      let saves = 0;
      const save = h.save.bind(h);
      h.save = () => (saves++, save());
      // Parts of 1 MiB + 7 bytes: boundaries fall inside the 1 MiB read chunks; 3 of them lie inside the file.
      expect(await hashWasmFile(path, h, (1 << 20) + 7)).toBe(createHash(algorithm).update(bytes).digest('hex'));
      expect(saves).toBe(3);
      expect(await nodeFile(path, algorithm)).toBe(createHash(algorithm).update(bytes).digest('hex'));
    }
  });
});
