/**
 * KooDrive's upload before the bytes (specs/huawei-koodrive.yaml): CreateFile's flash upload,
 * same-name policies and part rules, UploadUrl's refusals, the seeds and state file for the new
 * records, and the hash context signed into links (checked against the fact sheet's decoded
 * example, not against our own encoder). The byte transfer and CompleteFile's checks of stored
 * bytes are in huawei-koodrive-upload-bytes.test.ts.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decodeHashCtx, encodeHashCtx } from '../../src/emulator/providers/huawei-koodrive/hash-ctx.js';
import { renamedFileName } from '../../src/emulator/providers/huawei-koodrive/upload.js';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';

const MiB = 1024 * 1024;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const STORED = 'bytes already stored in KooDrive';

let h: Harness;
let c: ReturnType<typeof clients>;
beforeAll(async () => {
  h = await startHarness();
  c = clients(h);
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

const create = (extra: Record<string, unknown> = {}) =>
  c.koodrive.createFile({
    body: { fileName: 'notes.txt', fileType: '45', parentFolder: ['root'], length: STORED.length, uploadMode: 'multipart', ...extra } as never,
  });
const codeOf = async (p: Promise<unknown>) => {
  const e = await rejection(p);
  return { status: e.status, body: e.body };
};
const invalid = { status: 400, body: { code: 13000102, msg: 'Verify parameters failed.' } };
const noTask = { status: 400, body: { code: 13000401, msg: 'Upload task not found.' } };

describe('CreateFile: flash upload', () => {
  it('a stored file with the same sha256 and size: rapidUpload true, the file complete, no upload task', async () => {
    h.emulator.seed.koodriveFile({ fileId: 'stored', content: STORED });
    const answer = await create({ sha256: sha256(STORED).toUpperCase() });
    expect(answer).toMatchObject({ rapidUpload: true, fileName: 'notes.txt', parentFolder: ['root'], exist: false, code: 0 });
    expect(answer.fileId).not.toBe('stored');
    expect(answer).not.toHaveProperty('uploadId');
    expect(answer).not.toHaveProperty('multiParts');
    // Nothing to complete: the file is already in its final state.
    expect(await codeOf(c.koodrive.completeFile({ body: { fileId: answer.fileId } }))).toEqual({
      status: 400,
      body: { code: 13000403, msg: 'Change file status failed.' },
    });
  });

  it('another user’s stored file is hit too (the storage deduplicates content)', async () => {
    h.emulator.seed.koodriveFile({ userId: 'someone-else', fileId: 'theirs', content: STORED });
    await expect(create({ sha256: sha256(STORED) })).resolves.toMatchObject({ rapidUpload: true });
  });

  it('no hit for another size, another sha256, an upload not completed, or no sha256', async () => {
    h.emulator.seed.koodriveFile({ fileId: 'stored', content: STORED });
    h.emulator.seed.koodriveUpload({ fileId: 'open', content: 'open upload' });
    for (const extra of [
      { sha256: sha256(STORED), length: STORED.length + 1 },
      { sha256: sha256('other bytes') },
      { sha256: sha256('open upload'), length: 'open upload'.length },
      {},
    ]) {
      const answer = await create(extra);
      expect(answer, JSON.stringify(extra)).toMatchObject({ rapidUpload: false, code: 0 });
      expect(answer.uploadId).toMatch(/^[0-9A-F]{32}$/);
    }
  });
});

describe('CreateFile: the same name in the folder', () => {
  beforeEach(() => h.emulator.seed.koodriveFile({ fileId: 'stored', fileName: 'notes.txt', content: STORED }));

  it('default and autoRename 2: renamed with the UTC+8 time, as the documented test_20240104_105403.zip', async () => {
    // T0 is 2026-01-01T00:00:00Z, 08:00:00 in UTC+8.
    await expect(create()).resolves.toMatchObject({ fileName: 'notes_20260101_080000.txt', exist: true });
    await expect(create({ autoRename: 2 })).resolves.toMatchObject({ fileName: 'notes_20260101_080000_2.txt', exist: true });
  });

  it('autoRename 3: 400 13000405, nothing created', async () => {
    expect(await codeOf(create({ autoRename: 3 }))).toEqual({ status: 400, body: { code: 13000405, msg: 'Duplicate file name.' } });
    await expect(create({ fileName: 'other.txt', autoRename: 3 })).resolves.toMatchObject({ fileName: 'other.txt' });
  });

  it('autoRename 4: same sha256 names the existing file (exist: true); another sha256 renames', async () => {
    await expect(create({ autoRename: 4, sha256: sha256(STORED) })).resolves.toMatchObject({ fileId: 'stored', fileName: 'notes.txt', exist: true });
    await expect(create({ autoRename: 4, sha256: sha256('x') })).resolves.toMatchObject({ fileName: 'notes_20260101_080000.txt' });
  });

  it('the renamed name keeps names without an extension and dot files intact', () => {
    const none = () => false;
    expect(renamedFileName('README', T0, none)).toBe('README_20260101_080000');
    expect(renamedFileName('.profile', T0, none)).toBe('.profile_20260101_080000');
    expect(renamedFileName('a.tar.gz', new Date('2024-01-04T02:54:03Z'), none)).toBe('a.tar_20240104_105403.gz');
  });
});

describe('CreateFile and UploadUrl: refusals (13000102, 13000401)', () => {
  it('a parent other than root, and parts that break the rules, are 13000102', async () => {
    expect(await codeOf(create({ parentFolder: ['elsewhere'] }))).toEqual(invalid);
    const length = 12 * MiB;
    const parts = [
      // A part that is not the last must be at least 5 MiB.
      [{ partNumber: 1, partSize: 4 * MiB, partOffset: 0 }],
      // ... and a multiple of 64 bytes.
      [{ partNumber: 1, partSize: 6 * MiB + 1, partOffset: 0 }],
      // Beyond the file's length.
      [{ partNumber: 1, partSize: 13 * MiB, partOffset: 0 }],
      // Part 2 without hashCtx.
      [{ partNumber: 2, partSize: 6 * MiB, partOffset: 6 * MiB }],
      // Part 1 not at offset 0.
      [{ partNumber: 1, partSize: 6 * MiB, partOffset: 6 * MiB }],
      // Listed twice.
      [{ partNumber: 1, partSize: 6 * MiB, partOffset: 0 }, { partNumber: 1, partSize: 6 * MiB, partOffset: 0 }],
    ];
    for (const multiParts of parts) {
      expect(await codeOf(create({ length, multiParts })), JSON.stringify(multiParts)).toEqual(invalid);
    }
  });

  it('the schema refuses what the pages rule out before sending: hashCtx of 5 words, offsets not multiples of 64, uploadType 0', async () => {
    for (const extra of [
      { multiParts: [{ partNumber: 2, partSize: 9, partOffset: 64, hashCtx: [1, 2, 3, 4, 5] }] },
      { multiParts: [{ partNumber: 2, partSize: 9, partOffset: 65, hashCtx: [1, 2, 3, 4, 5, 6, 7, 8] }] },
      { uploadType: 0 },
      { fileName: '..' },
      { fileName: 'a/b' },
      { fileName: '   ' },
    ]) {
      const e = await rejection(create(extra));
      expect(e.name, JSON.stringify(extra)).toBe('RequestValidationError');
    }
  });

  it('UploadUrl: unknown file, completed file, or an upload seeded with its data: 13000401', async () => {
    const part = [{ partNumber: 1, partSize: 9, partOffset: 0 }];
    expect(await codeOf(c.koodrive.uploadUrl({ body: { fileId: 'missing', multiParts: part } }))).toEqual(noTask);
    h.emulator.seed.koodriveFile({ fileId: 'done', content: STORED });
    expect(await codeOf(c.koodrive.uploadUrl({ body: { fileId: 'done', multiParts: part } }))).toEqual(noTask);
    h.emulator.seed.koodriveUpload({ fileId: 'seeded', content: STORED });
    expect(await codeOf(c.koodrive.uploadUrl({ body: { fileId: 'seeded', multiParts: part } }))).toEqual(noTask);
    // Another user's upload is not found either.
    h.emulator.seed.koodriveUpload({ userId: 'someone-else', fileId: 'theirs', length: 9 });
    expect(await codeOf(c.koodrive.uploadUrl({ body: { fileId: 'theirs', multiParts: part } }))).toEqual(noTask);
  });

  it('UploadUrl: parts that do not fit the declared length are 13000102', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'big', length: 20 * MiB });
    const ctx = [1, 2, 3, 4, 5, 6, 7, 8];
    for (const multiParts of [
      [{ partNumber: 4, partSize: 6 * MiB, partOffset: 18 * MiB, hashCtx: ctx }],
      [{ partNumber: 2, partSize: 1 * MiB, partOffset: 5 * MiB, hashCtx: ctx }],
      [{ partNumber: 3, partSize: 5 * MiB, partOffset: 5 * MiB, hashCtx: ctx }],
    ]) {
      expect(await codeOf(c.koodrive.uploadUrl({ body: { fileId: 'big', multiParts } })), JSON.stringify(multiParts)).toEqual(invalid);
    }
  });

  it('CompleteFile on an upload with no part stored: 13000402, the upload stays open', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'empty-handed', length: 9 });
    expect(await codeOf(c.koodrive.completeFile({ body: { fileId: 'empty-handed' } }))).toEqual({
      status: 400,
      body: { code: 13000402, msg: 'File integrity verification failed.' },
    });
    // A zero-byte file needs no part.
    h.emulator.seed.koodriveUpload({ fileId: 'zero', length: 0, sha256: sha256('') });
    await expect(c.koodrive.completeFile({ body: { fileId: 'zero', sha256: sha256('') } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });
});

describe('the seeds and the state file cover the new records', () => {
  it('refuses a bad KooDrive seed with a named field', () => {
    expect(() => h.emulator.seed.koodriveUpload({ fileId: 'x', length: -1 })).toThrow('length must be a whole number');
    expect(() => h.emulator.seed.koodriveUpload({ fileId: 'x', length: 5, content: 'abc' })).toThrow('length and content are exclusive');
    expect(() => h.emulator.seed.koodriveUpload({ fileId: 'x', length: 5, sha256: 'nothex' })).toThrow('sha256 must be 64 hex digits');
    expect(() => h.emulator.seed.koodriveFile({ fileId: 'x', fileName: 'a:b' })).toThrow('fileName contains a character KooDrive refuses');
  });

  it('a stored file, an upload with length and a flash-uploaded file survive a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-koodrive-state-'));
    try {
      const file = join(dir, 'state.json');
      const first = await startHarness({ stateFile: file });
      first.emulator.seed.koodriveFile({ fileId: 'stored', fileName: 'notes.txt', content: STORED });
      first.emulator.seed.koodriveUpload({ fileId: 'open', length: 20 * MiB });
      const flash = await clients(first).koodrive.createFile({
        body: { fileName: 'copy.txt', fileType: '45', parentFolder: ['root'], length: STORED.length, uploadMode: 'multipart', sha256: sha256(STORED) },
      });
      expect(flash.rapidUpload).toBe(true);
      await first.close();

      const second = await startHarness({ stateFile: file });
      try {
        const k = clients(second).koodrive;
        // The stored file still answers flash upload and still holds its name.
        await expect(
          k.createFile({
            body: { fileName: 'notes.txt', fileType: '45', parentFolder: ['root'], length: STORED.length, uploadMode: 'multipart', sha256: sha256(STORED), autoRename: 4 },
          }),
        ).resolves.toMatchObject({ fileId: 'stored', exist: true });
        // The flash-uploaded file is complete, the open upload still takes parts (refused here for its size only).
        const twice = await rejection(k.completeFile({ body: { fileId: flash.fileId } }));
        expect(twice.body).toEqual({ code: 13000403, msg: 'Change file status failed.' });
        const wrongPart = await rejection(k.uploadUrl({ body: { fileId: 'open', multiParts: [{ partNumber: 1, partSize: 1, partOffset: 0 }] } }));
        expect(wrongPart.body).toEqual(invalid.body);
        expect(second.violations).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('X-Amz-Iteration-Hash-Ctx', () => {
  // docs/upload/huawei-koodrive-upload.md §2: part 46 of the documented uploadUrl example, decoded.
  const documented = {
    md_len: 32,
    num: 0,
    h: [1748048713, 2644528514, 4267727253, 2252747490, 4036182088, 2253856463, 526139147, 2194267752],
    nh: 0,
    nl: 3774873600,
    hash_type: 'sha256',
  };

  it('encodes the documented context of part 46 (offset 471,859,200) exactly', () => {
    const encoded = encodeHashCtx(documented.h, 471_859_200);
    expect(JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'))).toEqual(documented);
    expect(Buffer.from(encoded, 'base64').toString('utf8')).toBe(JSON.stringify(documented));
  });

  it('puts bit counts of 2^32 and more into nh (offsets from 512 MiB on)', () => {
    const ctx = JSON.parse(Buffer.from(encodeHashCtx(documented.h, 600 * MiB), 'base64').toString('utf8'));
    // 600 MiB × 8 = 5,033,164,800 bits = 1 × 2^32 + 738,197,504.
    expect([ctx.nh, ctx.nl]).toEqual([1, 738_197_504]);
    expect(decodeHashCtx(encodeHashCtx(documented.h, 600 * MiB))).toEqual({ h: documented.h, offset: 600 * MiB });
  });

  it('decodes the documented value; refuses anything else', () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64');
    expect(decodeHashCtx(b64(documented))).toEqual({ h: documented.h, offset: 471_859_200 });
    expect(decodeHashCtx(b64({ ...documented, hash_type: 'sha1' }))).toBeUndefined();
    expect(decodeHashCtx(b64({ ...documented, num: 3 }))).toBeUndefined();
    expect(decodeHashCtx(b64({ ...documented, h: documented.h.slice(1) }))).toBeUndefined();
    expect(decodeHashCtx(b64({ ...documented, nl: 4 }))).toBeUndefined();
    expect(decodeHashCtx('not base64 json')).toBeUndefined();
  });
});
