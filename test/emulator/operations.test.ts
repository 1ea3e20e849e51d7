/**
 * The operations themselves, through the typed clients: realistic success answers, hash checks,
 * SMH conflict strategies, completing twice, unknown uploads, concurrent completes of one upload
 * and injected faults. Every answer validates against the spec's schema for its status.
 */
import type { ClientTestHooks } from '../../src/core/client-options.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createQuerySerializer } from 'openapi-fetch';
import { parse } from 'yaml';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Crc64 } from '../../src/hashing/index.js';
import { T0, clients, metaStudioPath, rawRequest, rejection, smhPath, startHarness, type Harness } from './support/fixture.js';

const requestId = expect.stringMatching(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);
const CONTENT = 'hello, drivespec emulator';
const crc64 = (text: string) => new Crc64().update(new TextEncoder().encode(text)).digest();
const sha = (alg: string, text: string) => createHash(alg).update(text).digest('hex');

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

describe('aliyun-pds', () => {
  const upload = { driveId: '1', fileId: 'f-1', uploadId: 'u-1', name: 'report.pdf', parentFileId: 'p-9', content: CONTENT };
  const complete = (extra: Record<string, string> = {}) =>
    c.pds.completeFile({ body: { drive_id: '1', file_id: 'f-1', upload_id: 'u-1', ...extra } });

  it('CompleteFile returns a full File object with the hashes and the injected clock', async () => {
    h.emulator.seed.pdsUpload(upload);
    h.clock.now = new Date(T0.getTime() + 5000);
    const file = await complete({ crc64_hash: crc64(CONTENT) });
    expect(file).toEqual({
      domain_id: 'bj1',
      drive_id: '1',
      file_id: 'f-1',
      name: 'report.pdf',
      type: 'file',
      content_type: 'application/pdf',
      created_at: '2026-01-01T00:00:00.000Z',
      updated_at: '2026-01-01T00:00:05.000Z',
      file_extension: 'pdf',
      mime_type: 'application/pdf',
      mime_extension: 'pdf',
      hidden: false,
      size: CONTENT.length,
      starred: false,
      status: 'available',
      labels: [],
      upload_id: 'u-1',
      parent_file_id: 'p-9',
      crc64_hash: crc64(CONTENT),
      content_hash: sha('sha1', CONTENT).toUpperCase(),
      content_hash_name: 'sha1',
      category: 'doc',
      revision_id: expect.stringMatching(/^[0-9A-F]{40}$/),
      revision_version: 1,
      trashed: false,
    });
  });

  it('GetFile: 404 while uploading, the File object once complete, investigation_info only when named', async () => {
    h.emulator.seed.pdsUpload(upload);
    const early = await rejection(c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1' } }));
    expect(early.status).toBe(404);
    expect(early.body).toEqual({ code: 'NotFound', message: 'The resource file cannot be found. file_id: f-1' });
    await complete();
    const file = await c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1', fields: '*', url_expire_sec: 100 } });
    expect(file).toMatchObject({ status: 'available', size: CONTENT.length, crc64_hash: crc64(CONTENT) });
    expect(file).not.toHaveProperty('investigation_info');
    const named = await c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1', fields: 'url,investigation_info' } });
    expect(named.investigation_info).toEqual({ status: 0, suggestion: '' });
    // Named means one of the comma-separated names, exactly (the answers are memoized per
    // variant: a memo mix-up would show here as well).
    for (const fields of ['investigation_info', 'investigation_info,url', 'a,investigation_info,b', 'x,investigation_info_x,investigation_info']) {
      const got = await c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1', fields } });
      expect(got.investigation_info, fields).toEqual({ status: 0, suggestion: '' });
    }
    for (const fields of ['investigation_infox', 'xinvestigation_info', 'investigation', 'url,investigation_infos', '*']) {
      const got = await c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1', fields } });
      expect(got, fields).not.toHaveProperty('investigation_info');
    }
  });

  it('a wrong crc64_hash: 400 InvalidParameter, and the upload stays open', async () => {
    h.emulator.seed.pdsUpload(upload);
    const e = await rejection(complete({ crc64_hash: crc64('something else') }));
    expect(e.status).toBe(400);
    expect(e.body).toEqual({ code: 'InvalidParameter', message: 'The input parameter crc64_hash does not match the uploaded content.' });
    await expect(complete({ crc64_hash: crc64(CONTENT) })).resolves.toMatchObject({ status: 'available' });
  });

  it('an unknown file or upload: 404 NotFound', async () => {
    const unknownFile = await rejection(complete());
    expect(unknownFile.status).toBe(404);
    expect(unknownFile.body).toEqual({ code: 'NotFound', message: 'The resource file cannot be found. file_id: f-1' });
    h.emulator.seed.pdsUpload(upload);
    const unknownUpload = await rejection(complete({ upload_id: 'u-other' }));
    expect(unknownUpload.status).toBe(404);
    expect(unknownUpload.body).toEqual({ code: 'NotFound', message: 'The resource upload cannot be found. upload_id: u-other' });
  });

  it('completing twice: the second is 404 NotFound (the parts are gone once complete) and the file stays available', async () => {
    h.emulator.seed.pdsUpload(upload);
    await complete();
    const again = await rejection(complete());
    expect(again.status).toBe(404);
    expect(again.body).toEqual({ code: 'NotFound', message: 'The resource upload cannot be found: upload_id u-1 is already complete.' });
    await expect(c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1' } })).resolves.toMatchObject({ status: 'available' });
  });

  it('AccessKey-signed calls work end to end', async () => {
    h.emulator.seed.pdsUpload(upload);
    const signed = clients(h, { pdsMode: 'accessKey' });
    await expect(signed.pds.completeFile({ body: { drive_id: '1', file_id: 'f-1', upload_id: 'u-1' } })).resolves.toMatchObject({
      file_id: 'f-1',
    });
  });
});

describe('huawei-metastudio', () => {
  const confirm = (fileId: string, state: 'CREATED' | 'FAILED' | 'CANCELLED' = 'CREATED') =>
    c.metaStudio.confirmFileUpload({ params: { path: { file_id: fileId } }, body: { state, auto_meta_analysis: true } });

  it('200 with an empty body and X-Request-Id', async () => {
    h.emulator.seed.metaStudioUpload({ fileId: 'f-1' });
    const r = await rawRequest(h.emulator.url, {
      path: metaStudioPath(h.emulator, 'f-1'),
      body: '{"state":"CREATED"}',
      headers: { 'x-auth-token': h.emulator.credentials['huawei-metastudio'].token },
    });
    expect(r.status).toBe(200);
    expect(r.text).toBe('');
    expect(r.headers['x-request-id']).toEqual(requestId);
  });

  it('an unknown file: 400 MSS.10001004 (the spec: not a 404)', async () => {
    const e = await rejection(confirm('missing'));
    expect(e.status).toBe(400);
    expect(e.body).toEqual({ error_code: 'MSS.10001004', error_msg: 'The file not found', request_id: requestId });
  });

  it('confirming twice: 400 MSS.00000003 and the first state is kept', async () => {
    h.emulator.seed.metaStudioUpload({ fileId: 'f-1' });
    await confirm('f-1', 'CANCELLED');
    const again = await rejection(confirm('f-1', 'CREATED'));
    expect(again.status).toBe(400);
    expect(again.body).toEqual({
      error_code: 'MSS.00000003',
      error_msg: 'Invalid parameter: the upload of this file was already confirmed (state CANCELLED)',
      request_id: requestId,
    });
  });
});

describe('tencent-smh', () => {
  const KEY = 'ck-1';
  const confirm = (query: Record<string, string> = {}, body?: Record<string, unknown>, confirmKey = KEY) =>
    c.smh.confirmUpload({ params: { path: { ConfirmKey: confirmKey }, query }, ...(body ? { body } : {}) });

  it('the documented response shape; inode only with with_inode=1', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['foo', 'bar', 'file.docx'], content: CONTENT });
    const result = await confirm({ with_inode: '1' }, { crc64: crc64(CONTENT), labels: ['a'], category: 'doc' });
    expect(result).toEqual({
      path: ['foo', 'bar', 'file.docx'],
      name: 'file.docx',
      type: 'file',
      inode: expect.stringMatching(/^[0-9a-f]{32}$/),
      creationTime: '2026-01-01T00:00:00.000Z',
      modificationTime: '2026-01-01T00:00:00.000Z',
      contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      size: String(CONTENT.length),
      eTag: `"${sha('md5', CONTENT)}"`,
      crc64: crc64(CONTENT),
      virusAuditStatus: 0,
      isOverwritten: false,
      previewByDoc: true,
      previewByCI: true,
      previewAsIcon: false,
      fileType: 'word',
    });
    h.emulator.seed.smhUpload({ confirmKey: 'ck-2', path: ['photo.jpg'] });
    const noInode = await confirm({}, undefined, 'ck-2');
    expect(noInode).not.toHaveProperty('inode');
    expect(noInode).toMatchObject({ contentType: 'image/jpeg', previewByDoc: false, previewByCI: true });
    expect(noInode).not.toHaveProperty('fileType');
  });

  it('a wrong crc64: 400 BadCrc64, the upload stays open', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['a.txt'], content: CONTENT });
    const e = await rejection(confirm({}, { crc64: '1' }));
    expect(e.status).toBe(400);
    expect(e.body).toEqual({ code: 'BadCrc64', message: 'CRC64 check failed', requestId });
    await expect(confirm({}, { crc64: crc64(CONTENT) })).resolves.toMatchObject({ name: 'a.txt' });
  });

  it('a CRC above 2^63 is compared exactly (no number precision loss)', async () => {
    // CRC-64/XZ of "123456789" is 11051210869376104954 > 2^63 (shared/PROVIDERS.md).
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['check.txt'], content: '123456789' });
    const off = await rejection(confirm({}, { crc64: '11051210869376104955' }));
    expect(off.body).toMatchObject({ code: 'BadCrc64' });
    await expect(confirm({}, { crc64: '11051210869376104954' })).resolves.toMatchObject({ crc64: '11051210869376104954' });
  });

  describe('conflict_resolution_strategy', () => {
    beforeEach(() => h.emulator.seed.smhFile({ path: ['docs', 'file.docx'], content: 'old' }));

    it('ask: 409 SameNameDirectoryOrFileExists', async () => {
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['docs', 'file.docx'] });
      const e = await rejection(confirm({ conflict_resolution_strategy: 'ask' }));
      expect(e.status).toBe(409);
      expect(e.body).toEqual({ code: 'SameNameDirectoryOrFileExists', message: 'A directory or file with the same name already exists', requestId });
    });

    it('rename: file (1).docx, then file (2).docx (also the default strategy)', async () => {
      h.emulator.seed.smhUpload({ confirmKey: 'k1', path: ['docs', 'file.docx'] });
      h.emulator.seed.smhUpload({ confirmKey: 'k2', path: ['docs', 'file.docx'] });
      h.emulator.seed.smhUpload({ confirmKey: 'k3', path: ['docs', 'README'] });
      h.emulator.seed.smhFile({ path: ['docs', 'README'] });
      const first = await confirm({ conflict_resolution_strategy: 'rename' }, undefined, 'k1');
      expect(first).toMatchObject({ path: ['docs', 'file (1).docx'], name: 'file (1).docx', isOverwritten: false });
      const second = await confirm({}, undefined, 'k2');
      expect(second).toMatchObject({ path: ['docs', 'file (2).docx'], name: 'file (2).docx' });
      const noExtension = await confirm({}, undefined, 'k3');
      expect(noExtension).toMatchObject({ name: 'README (1)' });
    });

    it('overwrite: replaces the file, keeps its creation time, isOverwritten true', async () => {
      h.clock.now = new Date(T0.getTime() + 60_000);
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['docs', 'file.docx'], content: CONTENT });
      const result = await confirm({ conflict_resolution_strategy: 'overwrite' });
      expect(result).toMatchObject({
        path: ['docs', 'file.docx'],
        isOverwritten: true,
        size: String(CONTENT.length),
        creationTime: '2026-01-01T00:00:00.000Z',
        modificationTime: '2026-01-01T00:01:00.000Z',
      });
    });

    it('overwrite onto a directory: 409 SameNameDirectoryOrFileExists', async () => {
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['docs'] });
      const e = await rejection(confirm({ conflict_resolution_strategy: 'overwrite' }));
      expect(e.status).toBe(409);
      expect(e.body).toMatchObject({ code: 'SameNameDirectoryOrFileExists' });
    });

    it('rename onto a directory renames; a parent that is a file is 409 whatever the strategy', async () => {
      h.emulator.seed.smhUpload({ confirmKey: 'k1', path: ['docs'] });
      await expect(confirm({}, undefined, 'k1')).resolves.toMatchObject({ path: ['docs (1)'] });
      h.emulator.seed.smhUpload({ confirmKey: 'k2', path: ['docs', 'file.docx', 'inner.txt'] });
      const e = await rejection(confirm({ conflict_resolution_strategy: 'rename' }, undefined, 'k2'));
      expect(e.status).toBe(409);
      expect(e.body).toMatchObject({ code: 'SameNameDirectoryOrFileExists' });
    });

    it('a file anywhere up the parent chain is a conflict, not only the direct parent', async () => {
      h.emulator.seed.smhFile({ path: ['top'] });
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['top', 'middle', 'leaf.txt'] });
      const e = await rejection(confirm({ conflict_resolution_strategy: 'rename' }));
      expect(e.status).toBe(409);
      expect(e.body).toMatchObject({ code: 'SameNameDirectoryOrFileExists' });
    });

    it('a name that starts with a dot has no extension: .env becomes ".env (1)"', async () => {
      h.emulator.seed.smhFile({ path: ['.env'] });
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['.env'] });
      await expect(confirm()).resolves.toMatchObject({ name: '.env (1)' });
    });

    it('rename gives up after 10,000 candidates: 409 RenameTooManyTimes (the 10,000th is still tried)', async () => {
      h.emulator.seed.smhFile({ path: ['many.txt'] });
      for (let n = 1; n < 10_000; n++) h.emulator.seed.smhFile({ path: [`many (${n}).txt`] });
      h.emulator.seed.smhUpload({ confirmKey: 'k1', path: ['many.txt'] });
      await expect(confirm({}, undefined, 'k1')).resolves.toMatchObject({ name: 'many (10000).txt' });
      h.emulator.seed.smhUpload({ confirmKey: 'k2', path: ['many.txt'] });
      const e = await rejection(confirm({}, undefined, 'k2'));
      expect(e.status).toBe(409);
      expect(e.body).toEqual({ code: 'RenameTooManyTimes', message: 'Too many files with the same name', requestId });
    }, 30_000);

    it('without a strategy in the query, the one given at upload start applies', async () => {
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['docs', 'file.docx'], conflictResolutionStrategy: 'ask' });
      const e = await rejection(confirm());
      expect(e.status).toBe(409);
    });
  });

  it('an unknown ConfirmKey: 404 UploadNotFound', async () => {
    const e = await rejection(confirm({}, undefined, '00000000000000000000000000000000'));
    expect(e.status).toBe(404);
    expect(e.body).toEqual({ code: 'UploadNotFound', message: 'The upload task does not exist', requestId });
  });

  it('completing twice: 409 UploadComplete, the file is not duplicated', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['once.txt'] });
    await confirm();
    const again = await rejection(confirm());
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ code: 'UploadComplete', message: 'The upload has already been completed', requestId });
    h.emulator.seed.smhUpload({ confirmKey: 'k-next', path: ['once.txt'] });
    await expect(confirm({}, undefined, 'k-next')).resolves.toMatchObject({ name: 'once (1).txt' });
  });

  it("another user's upload: 403 UploadNotBelongYou", async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['mine.txt'], userId: 'alice' });
    const e = await rejection(confirm({ user_id: 'bob' }));
    expect(e.status).toBe(403);
    expect(e.body).toEqual({ code: 'UploadNotBelongYou', message: 'The specified upload task does not belong to the current user', requestId });
    await expect(confirm({ user_id: 'alice' })).resolves.toMatchObject({ name: 'mine.txt' });
  });

  it('labels, category and local times are kept with the file (state file), and only when sent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-smh-'));
    const stateFile = join(dir, 'state.json');
    const other = await startHarness({ stateFile });
    try {
      const oc = clients(other).smh;
      other.emulator.seed.smhUpload({ confirmKey: 'k1', path: ['full.txt'] });
      other.emulator.seed.smhUpload({ confirmKey: 'k2', path: ['bare.txt'] });
      const times = { localCreationTime: '2022-07-26T02:58:09Z', localModificationTime: '2022-07-27T02:58:09Z' };
      await oc.confirmUpload({ params: { path: { ConfirmKey: 'k1' } }, body: { labels: ['a', 'b'], category: '', ...times } });
      await oc.confirmUpload({ params: { path: { ConfirmKey: 'k2' } }, body: {} });
      const files = JSON.parse(readFileSync(stateFile, 'utf8')).smhFiles as Record<string, unknown>[];
      const full = files.find((f) => (f.path as string[])[0] === 'full.txt')!;
      const bare = files.find((f) => (f.path as string[])[0] === 'bare.txt')!;
      expect(full).toMatchObject({ labels: ['a', 'b'], category: '', ...times });
      for (const name of ['labels', 'category', 'localCreationTime', 'localModificationTime']) expect(bare).not.toHaveProperty(name);
      expect(other.violations).toEqual([]);
    } finally {
      await other.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an upload started without a user, confirmed with user_id (an admin token designating one): allowed', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['shared.txt'] });
    await expect(confirm({ user_id: 'bob' })).resolves.toMatchObject({ name: 'shared.txt' });
  });

  it('a user upload confirmed without user_id (the token names the user): allowed', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['theirs.txt'], userId: 'alice' });
    await expect(confirm()).resolves.toMatchObject({ name: 'theirs.txt' });
  });

  it('previewByCI is false for a file that is neither a document nor an image', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['clip.bin'] });
    await expect(confirm()).resolves.toMatchObject({ previewByDoc: false, previewByCI: false });
  });

  it('the bare confirm flag is what the client sends', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['flag.txt'] });
    const r = await rawRequest(h.emulator.url, { path: smhPath(h.emulator, KEY, 'confirm&conflict_resolution_strategy=rename'), body: '' });
    expect(r.status).toBe(200);
    const line = h.logLines.at(-1)!;
    expect(line).toContain('?confirm&conflict_resolution_strategy=rename&access_token=[REDACTED]');
  });

  it('the typed client sends the documented bare ?confirm, not confirm= or confirm=true', async () => {
    h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['wire.txt'] });
    await expect(confirm({ conflict_resolution_strategy: 'rename' })).resolves.toMatchObject({ name: 'wire.txt' });
    expect(h.logLines.at(-1)).toBe(`POST /api/v1/file/smhdocs/-/${KEY}?confirm&conflict_resolution_strategy=rename&access_token=[REDACTED] 200`);
  });

  describe('confirm: the emulator accepts exactly the forms the spec admits (enum [""], allowEmptyValue)', () => {
    it("a standard OpenAPI serializer (openapi-fetch's), fed the spec's only value for confirm, writes a form the emulator accepts", async () => {
      // What Schemathesis and generated SDKs do: take a value the schema admits, serialize it
      // form-style. The old spec (boolean const true) made them send confirm=true, refused.
      const spec = parse(await readFile(new URL('../../specs/tencent-smh.yaml', import.meta.url), 'utf8'));
      const parameter = spec.components.parameters.Confirm;
      const admitted: unknown[] = parameter.schema.enum ?? [parameter.schema.const];
      expect(admitted.length).toBeGreaterThan(0);
      for (const value of admitted) {
        const query = createQuerySerializer()({ confirm: value });
        h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['tool.txt'] });
        const r = await rawRequest(h.emulator.url, { path: smhPath(h.emulator, KEY, query), body: '' });
        expect(r.status, query).toBe(200);
        h.emulator.seed.reset();
      }
    });
    it.each([
      ['bare ?confirm (the documented form)', 'confirm'],
      ['confirm= (what a standard OpenAPI serializer writes for the empty value)', 'confirm='],
    ])('%s: 200', async (_name, query) => {
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['form.txt'] });
      const r = await rawRequest(h.emulator.url, { path: smhPath(h.emulator, KEY, query), body: '' });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ name: 'form.txt' });
    });
    it.each([
      ['confirm=true', 'Invalid parameter: confirm must be one of ""'],
      ['confirm=1', 'Invalid parameter: confirm must be one of ""'],
      ['confirm&confirm', 'Invalid parameter: confirm must be string; confirm must be one of ""'],
    ])('%s is outside the spec: 400 ParamInvalid, the upload stays open', async (query, message) => {
      h.emulator.seed.smhUpload({ confirmKey: KEY, path: ['kept.txt'] });
      const r = await rawRequest(h.emulator.url, { path: smhPath(h.emulator, KEY, query), body: '' });
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ code: 'ParamInvalid', message, requestId });
      await expect(confirm()).resolves.toMatchObject({ name: 'kept.txt' });
    });
  });
});

describe('huawei-koodrive', () => {
  const complete = (body: { fileId: string; sha256?: string }) => c.koodrive.completeFile({ body });

  it('success: { code: 0, msg: "success." } with a matching sha256 (any hex case)', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'f-1', content: CONTENT });
    await expect(complete({ fileId: 'f-1', sha256: sha('sha256', CONTENT).toUpperCase() })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('a wrong sha256: 400 13000402, the upload stays open', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'f-1', content: CONTENT });
    const e = await rejection(complete({ fileId: 'f-1', sha256: sha('sha256', 'other') }));
    expect(e.status).toBe(400);
    expect(e.body).toEqual({ code: 13000402, msg: 'File integrity verification failed.' });
    await expect(complete({ fileId: 'f-1' })).resolves.toEqual({ code: 0, msg: 'success.' });
  });

  it('an unknown upload: 400 13000401', async () => {
    const e = await rejection(complete({ fileId: 'missing' }));
    expect(e.status).toBe(400);
    expect(e.body).toEqual({ code: 13000401, msg: 'Upload task not found.' });
  });

  it("another user's upload is not found", async () => {
    h.emulator.seed.koodriveUpload({ userId: 'someone-else', fileId: 'f-1' });
    const e = await rejection(complete({ fileId: 'f-1' }));
    expect(e.body).toEqual({ code: 13000401, msg: 'Upload task not found.' });
  });

  it('completing twice: 400 13000403 (the state cannot change again)', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'f-1' });
    await complete({ fileId: 'f-1' });
    const e = await rejection(complete({ fileId: 'f-1' }));
    expect(e.status).toBe(400);
    expect(e.body).toEqual({ code: 13000403, msg: 'Change file status failed.' });
  });
});

describe('concurrent completes of one upload: exactly one wins, state stays consistent', () => {
  const N = 12;
  const outcomes = async (calls: Promise<unknown>[]) => {
    const settled = await Promise.allSettled(calls);
    return {
      ok: settled.filter((s) => s.status === 'fulfilled').length,
      errors: settled.flatMap((s) => (s.status === 'rejected' ? [(s.reason as { status: number; body: unknown })] : [])),
    };
  };

  it('aliyun-pds', async () => {
    h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f-c', uploadId: 'u-c' });
    const r = await outcomes(Array.from({ length: N }, () => c.pds.completeFile({ body: { drive_id: '1', file_id: 'f-c', upload_id: 'u-c' } })));
    expect(r.ok).toBe(1);
    expect(r.errors.map((e) => e.status)).toEqual(Array(N - 1).fill(404));
    await expect(c.pds.getFile({ body: { drive_id: '1', file_id: 'f-c' } })).resolves.toMatchObject({ status: 'available' });
  });

  it('huawei-metastudio', async () => {
    h.emulator.seed.metaStudioUpload({ fileId: 'f-c' });
    const r = await outcomes(
      Array.from({ length: N }, (_, i) =>
        c.metaStudio.confirmFileUpload({ params: { path: { file_id: 'f-c' } }, body: { state: i % 2 ? 'FAILED' : 'CREATED' } }),
      ),
    );
    expect(r.ok).toBe(1);
    expect(r.errors.every((e) => e.status === 400 && (e.body as { error_code: string }).error_code === 'MSS.00000003')).toBe(true);
  });

  it('tencent-smh: one file, no duplicate renamed copies', async () => {
    h.emulator.seed.smhUpload({ confirmKey: 'k-c', path: ['c.txt'] });
    const r = await outcomes(Array.from({ length: N }, () => c.smh.confirmUpload({ params: { path: { ConfirmKey: 'k-c' } } })));
    expect(r.ok).toBe(1);
    expect(r.errors.map((e) => (e.body as { code: string }).code)).toEqual(Array(N - 1).fill('UploadComplete'));
    // A later upload of the same name is renamed to (1): the concurrent ones left no copies behind.
    h.emulator.seed.smhUpload({ confirmKey: 'k-d', path: ['c.txt'] });
    await expect(c.smh.confirmUpload({ params: { path: { ConfirmKey: 'k-d' } } })).resolves.toMatchObject({ name: 'c (1).txt' });
  });

  it('huawei-koodrive', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'f-c' });
    const r = await outcomes(Array.from({ length: N }, () => c.koodrive.completeFile({ body: { fileId: 'f-c' } })));
    expect(r.ok).toBe(1);
    expect(r.errors.map((e) => (e.body as { code: number }).code)).toEqual(Array(N - 1).fill(13000403));
  });
});

describe('injected faults', () => {
  it.each([
    ['aliyun-pds', 'GetFile', 500, { code: 'InternalError', message: 'Internal server error.' }],
    ['aliyun-pds', 'CompleteFile', 503, { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' }],
    ['huawei-metastudio', 'ConfirmFileUpload', 500, { error_code: 'MSS.00000004', error_msg: 'Internal Error', request_id: requestId }],
    ['tencent-smh', 'ConfirmUpload', 503, { code: 'ServerOverloaded', message: 'The server is busy, please retry later', requestId }],
    ['huawei-koodrive', 'CompleteFile', 500, { code: 500, msg: 'Internal server error.' }],
  ] as const)('%s %s %d, for `count` calls, then normal again', async (provider, operationId, status, body) => {
    h.emulator.seed.fault({ provider, operationId, status, count: 2 });
    const call = () => {
      switch (provider) {
        case 'aliyun-pds':
          return operationId === 'GetFile'
            ? c.pds.getFile({ body: { drive_id: '1', file_id: 'f' } })
            : c.pds.completeFile({ body: { drive_id: '1', file_id: 'f', upload_id: 'u' } });
        case 'huawei-metastudio':
          return c.metaStudio.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } });
        case 'tencent-smh':
          return c.smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } });
        case 'huawei-koodrive':
          return c.koodrive.completeFile({ body: { fileId: 'f' } });
      }
    };
    for (let i = 0; i < 2; i++) {
      const e = await rejection(call());
      expect(e.status).toBe(status);
      expect(e.body).toEqual(body);
    }
    const after = await rejection(call());
    expect(after.status).toBeLessThan(500);
  });

  it('the typed client retries 5xx, so a single fault is invisible to it by default', async () => {
    h.emulator.seed.koodriveUpload({ fileId: 'f-r' });
    h.emulator.seed.fault({ provider: 'huawei-koodrive', operationId: 'CompleteFile', status: 503 });
    const retrying = (await import('../../src/clients/huawei-koodrive.js')).createClient({
      baseUrl: h.emulator.url,
      credentials: h.emulator.credentials['huawei-koodrive'],
      now: () => h.clock.now,
      ...({ sleep: async () => {} } satisfies ClientTestHooks),
    });
    await expect(retrying.completeFile({ body: { fileId: 'f-r' } })).resolves.toEqual({ code: 0, msg: 'success.' });
  });
});
