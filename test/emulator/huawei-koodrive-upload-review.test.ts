/**
 * Hostile review of KooDrive's upload (issue 11): completions and same-name answers that must not
 * report a file that does not exist or bytes other than declared. Expected digests from node:crypto.
 */
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const checkFailed = { status: 400, body: { code: 13000402, msg: 'File integrity verification failed.' } };

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
    body: { fileName: 'notes.txt', fileType: '45', parentFolder: ['root'], length: 9, uploadMode: 'multipart', ...extra } as never,
  });
const codeOf = async (p: Promise<unknown>) => {
  const e = await rejection(p);
  return { status: e.status, body: e.body };
};

describe('huawei-koodrive review: no false success', () => {
  it('an empty file declared at CreateFile with the SHA-256 of other bytes does not complete (13000402)', async () => {
    const created = await create({ length: 0, sha256: sha256('not empty') });
    expect(created).toMatchObject({ rapidUpload: false });
    expect(await codeOf(c.koodrive.completeFile({ body: { fileId: created.fileId } }))).toEqual(checkFailed);
    // Declared with the empty string's SHA-256, it completes without bytes.
    const right = await create({ fileName: 'empty.txt', length: 0, sha256: sha256('') });
    await expect(c.koodrive.completeFile({ body: { fileId: right.fileId } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('autoRename 4 against an upload still in progress with the same declared sha256: not "exist", a new upload', async () => {
    const pending = await create({ sha256: sha256('123456789') });
    expect(pending).toMatchObject({ rapidUpload: false, exist: false });
    // No byte of `pending` was stored: naming it as the existing file would tell the client its
    // file is there when it is not.
    const again = await create({ sha256: sha256('123456789'), autoRename: 4 });
    expect(again.fileId).not.toBe(pending.fileId);
    expect(again).toMatchObject({ rapidUpload: false });
    expect(again.uploadId).toEqual(expect.any(String));
  });
});
