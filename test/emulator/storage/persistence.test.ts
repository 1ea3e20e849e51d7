/**
 * Where the bytes live and how long: the data directory (temp by default, `<stateFile>.data` with
 * a state file, or `dataDir`), the state file's `storage` section across a restart, `seed.reset()`
 * and `close()` freeing bytes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseEmulateArgs } from '../../../src/cli/emulate.js';
import { ConfigurationError } from '../../../src/core/errors.js';
import type { DiskUploadStore } from '../../../src/emulator/storage/disk-upload-store.js';
import { bytes, errorCode, put, startStorageHarness, upload, type StorageHarness } from './support.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'drivespec-storage-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const root = (h: StorageHarness) => (h.storage as DiskUploadStore).files.root;
const sha256 = (...parts: Uint8Array[]) => parts.reduce((hash, p) => hash.update(p), createHash('sha256')).digest('hex');

describe('with a state file', () => {
  it('upload records survive a restart, bytes stay in <stateFile>.data, URLs minted before still work', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startStorageHarness({ stateFile });
    const key = first.storage.create(upload({ partStates: ['sha256'] }));
    const one = bytes(200_000, 1);
    const two = bytes(64_000, 2);
    const three = bytes(1000, 3);
    expect((await put(first.storage.putUrl(key, first.emulator.url, 1), one)).status).toBe(200);
    expect((await put(first.storage.putUrl(key, first.emulator.url, 2), two)).status).toBe(200);
    const sealedKey = first.storage.create(upload({ mode: 'single' }));
    await put(first.storage.putUrl(sealedKey, first.emulator.url), 'done');
    first.storage.seal(sealedKey);
    const part3Url = first.storage.putUrl(key, first.emulator.url, 3);
    const partsBefore = first.storage.parts(key);
    await first.close();
    expect(root(first)).toBe(`${stateFile}.data`);
    expect(existsSync(join(`${stateFile}.data`, 'uploads', key, '1.part'))).toBe(true);
    const doc = JSON.parse(readFileSync(stateFile, 'utf8'));
    expect(doc.storage.uploads.map((u: { key: string }) => u.key).sort()).toEqual([key, sealedKey].sort());

    const second = await startStorageHarness({ stateFile, now: () => second.clock.now });
    try {
      expect(second.storage.parts(key)).toEqual(partsBefore);
      // Same secret: the URL from before the restart is accepted, on the new port.
      const u = new URL(part3Url);
      expect((await put(`${second.emulator.url}${u.pathname}${u.search}`, three)).status).toBe(200);
      const completion = second.storage.complete(key);
      expect(completion.ok && completion.digests.sha256).toBe(sha256(one, two, three));
      const sealed = await put(second.storage.putUrl(sealedKey, second.emulator.url), 'again');
      expect([sealed.status, errorCode(sealed.text)]).toEqual([404, 'NoSuchUpload']);
      expect(second.warnings).toEqual([]);
    } finally {
      await second.close();
    }
    expect(existsSync(`${stateFile}.data`)).toBe(true);
  });

  it('on load: parts whose file is missing or has another size are dropped (with a warning); stray bytes removed', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startStorageHarness({ stateFile });
    const key = first.storage.create(upload());
    for (const n of [1, 2, 3]) await put(first.storage.putUrl(key, first.emulator.url, n), bytes(1000, n));
    await first.close();
    const uploads = join(`${stateFile}.data`, 'uploads');
    truncateSync(join(uploads, key, '2.part'), 999);
    unlinkSync(join(uploads, key, '3.part'));
    writeFileSync(join(uploads, key, '1.7.tmp'), 'half a part');
    mkdirSync(join(uploads, 'orphanorphanorphan'));

    const second = await startStorageHarness({ stateFile });
    try {
      expect(second.storage.parts(key).map((p) => p.partNumber)).toEqual([1]);
      expect(second.warnings).toEqual([
        `storage: dropped part 2 of upload ${key}: its file is 999 bytes, not 1000`,
        `storage: dropped part 3 of upload ${key}: its file is missing`,
      ]);
      expect(readdirSync(uploads)).toEqual([key]);
      expect(readdirSync(join(uploads, key))).toEqual(['1.part']);
      expect(second.storage.complete(key)).toMatchObject({ ok: true });
    } finally {
      await second.close();
    }
  });

  it('a malformed storage section stops the start, naming the state file', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startStorageHarness({ stateFile });
    await first.close();
    const doc = JSON.parse(readFileSync(stateFile, 'utf8'));
    doc.storage.uploads = [{ key: '../../etc' }];
    writeFileSync(stateFile, JSON.stringify(doc));
    const error = await startStorageHarness({ stateFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toBe('stateFile: storage.uploads[0] is not a valid entry');
  });
});

describe('data directory and freeing bytes', () => {
  it('default: a temp directory created on first upload, removed on close', async () => {
    const h = await startStorageHarness();
    const key = h.storage.create(upload());
    await put(h.storage.putUrl(key, h.emulator.url, 1), bytes(10));
    const tempRoot = root(h);
    expect(existsSync(join(tempRoot, 'uploads', key, '1.part'))).toBe(true);
    await h.close();
    expect(existsSync(tempRoot)).toBe(false);
  });

  it('dataDir: bytes there, kept on close; one that cannot be created stops the start', async () => {
    const dataDir = join(dir, 'data');
    const h = await startStorageHarness({ dataDir });
    const key = h.storage.create(upload());
    await put(h.storage.putUrl(key, h.emulator.url, 1), bytes(10));
    await h.close();
    expect(readFileSync(join(dataDir, 'uploads', key, '1.part'))).toEqual(Buffer.from(bytes(10)));
    writeFileSync(join(dir, 'file'), '');
    await expect(startStorageHarness({ dataDir: join(dir, 'file', 'data') })).rejects.toThrow(/^dataDir: cannot be created \(ENOTDIR\)$/);
  });

  it('a dataDir whose uploads/ folder the emulator did not create stops the start and is left alone (never swept)', async () => {
    // `--data-dir ~` on a home with its own uploads/ folder: sweeping it would delete the user's files.
    const dataDir = join(dir, 'home');
    mkdirSync(join(dataDir, 'uploads', 'holiday-photos-2024-summer'), { recursive: true });
    writeFileSync(join(dataDir, 'uploads', 'holiday-photos-2024-summer', 'beach.jpg'), 'a photo');
    writeFileSync(join(dataDir, 'uploads', 'notes.txt'), 'notes');
    const error = await startStorageHarness({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^dataDir: holds an uploads folder the emulator did not create/);
    expect(readFileSync(join(dataDir, 'uploads', 'holiday-photos-2024-summer', 'beach.jpg'), 'utf8')).toBe('a photo');
    expect(readFileSync(join(dataDir, 'uploads', 'notes.txt'), 'utf8')).toBe('notes');
    // The same through a state file's default <stateFile>.data.
    const stateFile = join(dir, 'state.json');
    mkdirSync(join(`${stateFile}.data`, 'uploads', 'someone-elses-folder-here'), { recursive: true });
    writeFileSync(join(`${stateFile}.data`, 'uploads', 'someone-elses-folder-here', 'x.bin'), 'x');
    await expect(startStorageHarness({ stateFile })).rejects.toThrow(/holds an uploads folder the emulator did not create/);
    expect(readFileSync(join(`${stateFile}.data`, 'uploads', 'someone-elses-folder-here', 'x.bin'), 'utf8')).toBe('x');
  });

  it('a dataDir the emulator made is its own again after a restart, also with an empty uploads/ folder', async () => {
    const dataDir = join(dir, 'data');
    const first = await startStorageHarness({ dataDir });
    const key = first.storage.create(upload());
    await put(first.storage.putUrl(key, first.emulator.url, 1), bytes(10));
    await first.close();
    const second = await startStorageHarness({ dataDir });
    await second.close();
    // Without a state file the records are gone, so are their bytes.
    expect(readdirSync(join(dataDir, 'uploads'))).toEqual([]);
    mkdirSync(join(dir, 'empty', 'uploads'), { recursive: true });
    const third = await startStorageHarness({ dataDir: join(dir, 'empty') });
    await third.close();
  });

  it('seed.reset() (and the HTTP seed reset) frees every stored byte; the uploads are gone', async () => {
    const h = await startStorageHarness({ dataDir: join(dir, 'data') });
    try {
      const key = h.storage.create(upload());
      const url = h.storage.putUrl(key, h.emulator.url, 1);
      await put(url, bytes(5000));
      expect((h.storage as DiskUploadStore).storedBytes).toBe(5000);
      h.emulator.seed.reset();
      expect(readdirSync(join(dir, 'data', 'uploads'))).toEqual([]);
      expect((h.storage as DiskUploadStore).storedBytes).toBe(0);
      expect(h.storage.has(key)).toBe(false);
      expect(errorCode((await put(url, 'x')).text)).toBe('NoSuchUpload');
      const again = h.storage.create(upload());
      await put(h.storage.putUrl(again, h.emulator.url, 1), bytes(10));
      const r = await fetch(`${h.emulator.url}/__drivespec/seed`, { method: 'POST', body: JSON.stringify({ kind: 'reset' }) });
      expect(r.status).toBe(200);
      expect(readdirSync(join(dir, 'data', 'uploads'))).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('discard frees one upload; bad options are refused', async () => {
    const h = await startStorageHarness();
    try {
      const key = h.storage.create(upload());
      await put(h.storage.putUrl(key, h.emulator.url, 1), bytes(10));
      h.storage.discard(key);
      expect(existsSync(join(root(h), 'uploads', key))).toBe(false);
      expect(() => h.storage.parts(key)).toThrow(/no upload/);
    } finally {
      await h.close();
    }
    await expect(startStorageHarness({ dataDir: '' })).rejects.toThrow(/^dataDir: must be a directory path$/);
    await expect(startStorageHarness({ storageLimits: { maxPartBytes: 0 } })).rejects.toThrow(/^storageLimits\.maxPartBytes: must be a whole number, 1 or more$/);
    await expect(startStorageHarness({ storageLimits: { maxParts: 3 } as never })).rejects.toThrow(/^storageLimits\.maxParts: is not a limit/);
  });

  it('drivespec emulate --data-dir DIR', () => {
    expect(parseEmulateArgs(['--data-dir', 'd', '--state', 's.json'])).toMatchObject({ dataDir: 'd', state: 's.json' });
    expect(() => parseEmulateArgs(['--data-dir', ''])).toThrow(/--data-dir/);
  });
});
