/**
 * SMH uploads in the emulator's state: a multipart upload survives a restart with its state file
 * (the record and the stored parts, so it can be resumed and confirmed), `seed.smhUpload` can seed
 * a multipart upload that then receives real parts, and a state file with a bad SMH record is refused.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { clients, startHarness, type Harness } from './support/fixture.js';
import { MiB, PATTERN, putToCos, type UploadInfo } from './support/smh-upload.js';

const pattern = PATTERN.bytes();
const parts = [pattern.subarray(0, MiB), pattern.subarray(MiB, 2 * MiB), pattern.subarray(2 * MiB)];
const dirs: string[] = [];
const harnesses: Harness[] = [];

async function harness(stateFile?: string) {
  const h = await startHarness(stateFile ? { stateFile } : {});
  harnesses.push(h);
  return { h, smh: clients(h).smh };
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) {
    expect(h.violations).toEqual([]);
    await h.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('--state covers SMH uploads', () => {
  it('a multipart upload with a stored part is resumed after a restart and confirmed from the bytes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-smh-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const first = await harness(stateFile);
    // A traffic limit of 16 digits (more than a safe integer) is kept as given.
    const info = (await first.smh.initMultipartUpload({
      params: { path: { FilePath: 'videos/a.mp4' }, query: { traffic_limit: '9999999999999999' } },
    })) as UploadInfo & { confirmKey: string };
    expect((await putToCos(info, parts[0]!, 1)).status).toBe(200);
    const saved = JSON.parse(readFileSync(stateFile, 'utf8')) as { smhUploads: { confirmKey: string; stored?: { mode: string } }[] };
    expect(saved.smhUploads).toEqual([expect.objectContaining({ confirmKey: info.confirmKey, stored: expect.objectContaining({ mode: 'multipart' }) })]);
    await first.h.close();
    harnesses.splice(harnesses.indexOf(first.h), 1);

    const second = await harness(stateFile);
    const status = await second.smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } });
    expect(status.parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, MiB]]);
    const resume = status.uploadPartInfo!;
    expect(resume.domain).toBe(new URL(second.h.emulator.url).host);
    expect(resume.headers['x-cos-traffic-limit']).toBe('9999999999999999');
    for (const n of [2, 3]) expect((await putToCos(resume, parts[n - 1]!, n)).status).toBe(200);
    await expect(
      second.smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } }),
    ).resolves.toMatchObject({ path: ['videos', 'a.mp4'], size: String(PATTERN.size), crc64: PATTERN.crc64, eTag: `"${PATTERN.md5}"` });
  });

  it('a file uploaded before a restart still matches an instant upload after it (its SMH hashes are kept)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-smh-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    const first = await harness(stateFile);
    first.h.emulator.seed.smhFile({ path: ['p.bin'], content: pattern });
    await first.h.close();
    harnesses.splice(harnesses.indexOf(first.h), 1);

    const second = await harness(stateFile);
    const file = await second.smh.initUpload({
      params: { path: { FilePath: 'copy.bin' } },
      body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash, fullHash: PATTERN.fullHash },
    });
    expect(file).toMatchObject({ path: ['copy.bin'], crc64: PATTERN.crc64 });
  });

  it('a state file whose SMH upload has neither digests nor stored bytes is refused', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-smh-state-'));
    dirs.push(dir);
    const stateFile = join(dir, 'state.json');
    writeFileSync(
      stateFile,
      JSON.stringify({
        format: 'drivespec-emulator-state',
        version: 1,
        credentials: {},
        serial: 0,
        smhUploads: [{ libraryId: 'smhdocs', spaceId: '-', confirmKey: 'k', path: ['a.txt'] }],
      }),
    );
    await expect(startHarness({ stateFile })).rejects.toThrow(/smhUploads\[0\]/);
  });
});

describe('seed.smhUpload({ multipart: true })', () => {
  it('seeds an upload as InitMultipartUpload starts it: status gives its COS target, parts sent there are confirmed', async () => {
    const { h, smh } = await harness();
    h.emulator.seed.smhUpload({ confirmKey: 'seeded-key', path: ['docs', 'b.mp4'], multipart: true });
    const status = await smh.getUploadStatus({ params: { path: { ConfirmKey: 'seeded-key' } } });
    expect(status).toMatchObject({ confirmed: false, parts: [], path: ['docs', 'b.mp4'], confirmKey: 'seeded-key', force: false });
    for (const n of [1, 2, 3]) expect((await putToCos(status.uploadPartInfo!, parts[n - 1]!, n)).status).toBe(200);
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: 'seeded-key' } }, body: { crc64: PATTERN.crc64 } })).resolves.toMatchObject({
      crc64: PATTERN.crc64,
    });
  });

  it('refuses content for a multipart upload (its bytes come through the storage)', async () => {
    const { h } = await harness();
    expect(() => h.emulator.seed.smhUpload({ confirmKey: 'k', path: ['a.txt'], multipart: true, content: 'x' })).toThrow(/content/);
  });
});
