/**
 * KooDrive's whole upload against the emulator, bytes included: CreateFile hands out links, the
 * parts are PUT to the emulator's storage, and CompleteFile judges the stored bytes. The SHA-256
 * states (hashCtx) come from the Python vectors (test/hashing/vectors/koodrive_upload_states.py),
 * digests of parts from node:crypto, never from the emulator's own hasher.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { T0, clients, rejection, startHarness, type Harness } from './support/fixture.js';

const MiB = 1024 * 1024;
const vectors = JSON.parse(readFileSync(new URL('../hashing/vectors/koodrive-upload-vectors.json', import.meta.url), 'utf8')) as {
  cases: { size: number; partSize: number; sha256: string; hashCtx: { partOffset: number; h: number[] }[] }[];
};
const vector = vectors.cases[0]!;
/** cycle256: bytes(range(256)) repeated, as the Python script builds it. */
const data = Uint8Array.from({ length: vector.size }, (_, i) => i % 256);
const parts = [0, 1, 2].map((i) => {
  const partOffset = i * vector.partSize;
  const partSize = Math.min(vector.partSize, vector.size - partOffset);
  return { partNumber: i + 1, partSize, partOffset, ...(i > 0 ? { hashCtx: vector.hashCtx[i - 1]!.h } : {}) };
});
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const bytesOf = (p: { partOffset: number; partSize: number }) => data.subarray(p.partOffset, p.partOffset + p.partSize);
const checkFailed = { code: 13000402, msg: 'File integrity verification failed.' };

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
    body: { fileName: 'cycle.bin', fileType: '45', parentFolder: ['root'], length: vector.size, uploadMode: 'multipart', sha256: vector.sha256, multiParts: parts, ...extra } as never,
  });
const put = (url: string, body: Uint8Array) => fetch(url, { method: 'PUT', body: body as Uint8Array<ArrayBuffer> });
const putAll = async (links: { uploadUrl: string; partOffset?: number; partSize?: number }[]) => {
  for (const link of links) {
    const r = await put(link.uploadUrl, bytesOf(link as { partOffset: number; partSize: number }));
    expect(r.status, await r.clone().text()).toBe(200);
  }
};

describe('huawei-koodrive: a real upload of three parts', () => {
  it('links on the emulator, PUT 200 with the part’s MD5 as ETag, CompleteFile checks sha256 and each hashCtx', async () => {
    const created = await create();
    expect(created).toMatchObject({ rapidUpload: false, code: 0 });
    const links = created.multiParts!;
    expect(links.map((l) => l.partNumber)).toEqual([1, 2, 3]);
    for (const [i, link] of links.entries()) {
      const url = new URL(link.uploadUrl);
      expect(url.origin).toBe(h.emulator.url);
      // The link carries the context it was asked with (none for part 1): the documented
      // OpenSSL SHA256_CTX dump, nl = partOffset x 8.
      const signed = url.searchParams.get('X-Amz-Iteration-Hash-Ctx');
      if (i === 0) expect(signed).toBeNull();
      else {
        expect(JSON.parse(Buffer.from(signed!, 'base64').toString('utf8'))).toEqual({
          md_len: 32, num: 0, h: parts[i]!.hashCtx, nh: 0, nl: parts[i]!.partOffset * 8, hash_type: 'sha256',
        });
      }
      const r = await put(link.uploadUrl, bytesOf(parts[i]!));
      expect(r.status).toBe(200);
      expect(r.headers.get('etag')).toBe(`"${md5(bytesOf(parts[i]!))}"`);
    }
    await expect(c.koodrive.completeFile({ body: { fileId: created.fileId, sha256: vector.sha256 } })).resolves.toEqual({ code: 0, msg: 'success.' });

    // Sealed: a link of the completed file takes no more bytes.
    const late = await put(links[0]!.uploadUrl, bytesOf(parts[0]!));
    expect(late.status).toBe(404);
    expect(await late.text()).toContain('<Code>NoSuchUpload</Code>');
    // The completed bytes now answer flash upload.
    await expect(create({ fileName: 'again.bin', multiParts: undefined })).resolves.toMatchObject({ rapidUpload: true });
  });

  it('a wrong hashCtx: CompleteFile 13000402; the part asked for again with the right one, PUT again, completes', async () => {
    const wrong = [...parts[2]!.hashCtx!];
    wrong[7] = (wrong[7]! + 1) >>> 0;
    const created = await create({ multiParts: [parts[0], parts[1], { ...parts[2], hashCtx: wrong }] });
    await putAll(created.multiParts!);
    const e = await rejection(c.koodrive.completeFile({ body: { fileId: created.fileId } }));
    expect([e.status, e.body]).toEqual([400, checkFailed]);

    const again = await c.koodrive.uploadUrl({ body: { fileId: created.fileId, multiParts: [parts[2]!] } });
    expect(again).toMatchObject({ code: 0, multiParts: [{ partNumber: 3 }] });
    await putAll(again.multiParts);
    await expect(c.koodrive.completeFile({ body: { fileId: created.fileId } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('a wrong sha256 (at CreateFile or at CompleteFile): 13000402, the upload stays open', async () => {
    const created = await create({ sha256: 'ab'.repeat(32) });
    await putAll(created.multiParts!);
    const e = await rejection(c.koodrive.completeFile({ body: { fileId: created.fileId } }));
    expect(e.body).toEqual(checkFailed);

    const other = await create({ fileName: 'other.bin' });
    await putAll(other.multiParts!);
    const e2 = await rejection(c.koodrive.completeFile({ body: { fileId: other.fileId, sha256: 'cd'.repeat(32) } }));
    expect(e2.body).toEqual(checkFailed);
    await expect(c.koodrive.completeFile({ body: { fileId: other.fileId, sha256: vector.sha256 } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('a part missing, or shorter than declared: 13000402', async () => {
    const created = await create();
    const [one, two, three] = created.multiParts!;
    await putAll([one!, three!]);
    expect((await rejection(c.koodrive.completeFile({ body: { fileId: created.fileId } }))).body).toEqual(checkFailed);
    expect((await put(two!.uploadUrl, bytesOf(parts[1]!).subarray(64))).status).toBe(200);
    expect((await rejection(c.koodrive.completeFile({ body: { fileId: created.fileId } }))).body).toEqual(checkFailed);
    await putAll([two!]);
    await expect(c.koodrive.completeFile({ body: { fileId: created.fileId } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('links expire after 3600 s (403 AccessDenied); UploadUrl issues new ones', async () => {
    const created = await create({ multiParts: [parts[0]] });
    h.clock.now = new Date(T0.getTime() + 3600 * 1000 + 1000);
    const expired = await put(created.multiParts![0]!.uploadUrl, bytesOf(parts[0]!));
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('<Code>AccessDenied</Code>');
    const renewed = await c.koodrive.uploadUrl({ body: { fileId: created.fileId, multiParts: parts } });
    await putAll(renewed.multiParts);
    // One second before the new links expire they still work (part 1 sent again).
    h.clock.now = new Date(h.clock.now.getTime() + 3599 * 1000);
    await putAll([renewed.multiParts[0]!]);
    await expect(c.koodrive.completeFile({ body: { fileId: created.fileId, sha256: vector.sha256 } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('a link whose signed hash context was changed is refused by the storage (403 SignatureDoesNotMatch)', async () => {
    const created = await create();
    const url = new URL(created.multiParts![1]!.uploadUrl);
    const ctx = JSON.parse(Buffer.from(url.searchParams.get('X-Amz-Iteration-Hash-Ctx')!, 'base64').toString('utf8'));
    ctx.h[0] = 1;
    url.searchParams.set('X-Amz-Iteration-Hash-Ctx', Buffer.from(JSON.stringify(ctx)).toString('base64'));
    const r = await put(url.toString(), bytesOf(parts[1]!));
    expect(r.status).toBe(403);
    expect(await r.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });

  it('a 5 MiB minimum part followed by a last part of 0 bytes completes', async () => {
    const five = data.subarray(0, 5 * MiB);
    const sha = createHash('sha256').update(five).digest('hex');
    const created = await c.koodrive.createFile({
      body: {
        fileName: 'five.bin', fileType: '45', parentFolder: ['root'], length: 5 * MiB, uploadMode: 'multipart', sha256: sha,
        multiParts: [{ partNumber: 1, partSize: 5 * MiB, partOffset: 0 }, { partNumber: 2, partSize: 0, partOffset: 5 * MiB, hashCtx: vector.hashCtx[0]!.h }],
      },
    });
    await putAll(created.multiParts!);
    await expect(c.koodrive.completeFile({ body: { fileId: created.fileId } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });
});
