/**
 * A PDS upload in progress survives an emulator restart with `stateFile` (its record in the state
 * file, its bytes in `<stateFile>.data`): ListUploadedParts still lists the part sent before the
 * restart, the rest is sent after it, and CompleteFile checks all of it against the declared
 * content_hash (node:crypto's SHA-1). A state file with a malformed upload session is refused.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/index.js';
import { clients, startHarness, type Harness } from './support/fixture.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const sha1Upper = (b: Uint8Array) => createHash('sha1').update(b).digest('hex').toUpperCase();

describe('aliyun-pds upload across a restart (--state)', () => {
  it('keeps the session and the stored part; the upload resumes and completes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-pds-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const data = new Uint8Array(3000).map((_, i) => (i * 7 + 3) % 251);
    const part = (n: number) => data.subarray((n - 1) * 1000, n * 1000);

    let h: Harness = await startHarness({ stateFile });
    let c = clients(h);
    const created = await c.pds.createFile({
      body: {
        drive_id: '1',
        parent_file_id: 'root',
        name: 'restart.bin',
        type: 'file',
        size: data.length,
        content_hash: sha1Upper(data),
        content_hash_name: 'sha1',
        part_info_list: [{ part_number: 1 }, { part_number: 2 }, { part_number: 3 }],
      },
    });
    const put = (url: string, body: Uint8Array) => fetch(url, { method: 'PUT', body: body as Uint8Array<ArrayBuffer>, headers: { 'content-type': '' } });
    expect((await put(created.part_info_list![0]!.upload_url!, part(1))).status).toBe(200);
    await h.close();

    h = await startHarness({ stateFile });
    c = clients(h);
    try {
      const ids = { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id! };
      const listed = await c.pds.listUploadedParts({ body: ids });
      expect(listed.uploaded_parts.map((p) => [p.part_number, p.part_size])).toEqual([[1, 1000]]);
      const fresh = await c.pds.getUploadUrl({ body: { ...ids, part_info_list: [{ part_number: 2 }, { part_number: 3 }] } });
      for (const p of fresh.part_info_list) expect((await put(p.upload_url!, part(p.part_number))).status).toBe(200);
      const done = await c.pds.completeFile({ body: ids });
      expect(done).toMatchObject({ content_hash: sha1Upper(data), size: data.length, status: 'available' });
      expect(h.violations).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('a session whose storage upload is not in the state file (a hand-edited or mixed file) resumes with no part stored, never a 500', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-pds-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const data = new Uint8Array(1000).map((_, i) => (i * 13 + 5) % 251);
    let h: Harness = await startHarness({ stateFile });
    const created = await clients(h).pds.createFile({
      body: { drive_id: '1', parent_file_id: 'root', name: 'lost.bin', type: 'file', size: data.length, content_hash: sha1Upper(data), content_hash_name: 'sha1' },
    });
    await h.close();
    const doc = JSON.parse(readFileSync(stateFile, 'utf8'));
    doc.storage.uploads = [];
    writeFileSync(stateFile, JSON.stringify(doc));

    h = await startHarness({ stateFile });
    try {
      const c = clients(h);
      const ids = { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id! };
      expect((await c.pds.listUploadedParts({ body: ids })).uploaded_parts).toEqual([]);
      const none = await c.pds.completeFile({ body: ids }).catch((e: unknown) => e as { status: number; code: string });
      expect([(none as { status: number }).status, (none as { code: string }).code]).toEqual([400, 'InvalidParameter']);
      const fresh = await c.pds.getUploadUrl({ body: { ...ids, part_info_list: [{ part_number: 1 }] } });
      const res = await fetch(fresh.part_info_list![0]!.upload_url!, { method: 'PUT', body: data, headers: { 'content-type': '' } });
      expect(res.status).toBe(200);
      // The declared content_hash still holds.
      expect((await c.pds.completeFile({ body: ids })).content_hash).toBe(sha1Upper(data));
      expect(h.answers.filter((a) => a.status >= 500)).toEqual([]);
      expect(h.violations).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('refuses a state file whose PDS upload session is malformed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-pds-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const h = await startHarness({ stateFile });
    h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f', uploadId: 'u' });
    await h.close();
    const doc = JSON.parse(readFileSync(stateFile, 'utf8')) as { pdsFiles: Record<string, unknown>[] };
    doc.pdsFiles[0]!.session = { uploadId: 'u', storageKey: 'k', createdAt: 'now', parallel: false, parts: [{ partNumber: 0 }] };
    writeFileSync(stateFile, JSON.stringify(doc));
    await expect(startEmulator({ stateFile })).rejects.toThrow(/pdsFiles\[0\]/);
  });
});
