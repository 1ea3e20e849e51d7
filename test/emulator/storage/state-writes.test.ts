/**
 * A storm of small parts must not rewrite the state file once per part: each write holds every
 * record, so one write per PUT makes 10,000 one-byte parts write gigabytes (quadratic). Stored
 * parts are committed at most once per `PART_COMMIT_INTERVAL_MS` and on close; records that change
 * what a client is told (create, renew, seal, discard) are committed at once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { DiskUploadStore } from '../../../src/emulator/storage/disk-upload-store.js';
import { DEFAULT_STORAGE_LIMITS } from '../../../src/emulator/storage/storage-limits.js';
import { T0, upload } from './support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drivespec-state-writes-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function storeWithCounter() {
  const commits: number[] = [];
  const store: DiskUploadStore = new DiskUploadStore({
    dataDir: join(dir, 'data'),
    limits: { ...DEFAULT_STORAGE_LIMITS },
    now: () => T0,
    commit: () => commits.push(store.toJSON().uploads.reduce((n, u) => n + u.parts.length, 0)),
  });
  return { store, commits };
}

function storeParts(store: DiskUploadStore, key: string, count: number): void {
  const upload = store.lookup(key)!;
  for (let n = 1; n <= count; n++) {
    const temp = store.files.tempFile(key, n);
    writeFileSync(temp, 'x');
    store.storePart(upload, temp, { partNumber: n, size: 1, md5: '9dd4e461268c8034f5c8564e155c67a6', crc64: '0', etag: '"9dd4e461268c8034f5c8564e155c67a6"', lastModified: T0.toISOString(), query: {} });
  }
}

it('500 parts stored in a burst are committed once or twice, not 500 times; close commits the rest', () => {
  const { store, commits } = storeWithCounter();
  const key = store.create(upload());
  expect(commits).toEqual([0]);
  storeParts(store, key, 500);
  expect(commits.length).toBeLessThanOrEqual(2);
  store.close();
  expect(commits.at(-1)).toBe(500);
});

it('a commit that must happen at once (seal) also carries the parts stored before it', () => {
  const { store, commits } = storeWithCounter();
  const key = store.create(upload());
  storeParts(store, key, 3);
  store.seal(key);
  expect(commits.at(-1)).toBe(3);
  const before = commits.length;
  store.close();
  // Nothing was pending: close writes nothing more.
  expect(commits.length).toBe(before);
});
