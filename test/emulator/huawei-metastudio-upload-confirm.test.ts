/**
 * ConfirmFileUpload's own check of the stored object (src/emulator/providers/huawei-metastudio/files.ts),
 * against a storage that reports what a test says: CREATED is recorded only when the object's
 * digests (computed by the storage from the bytes) are the file_md5 and file_size CreateFile was
 * given. Over HTTP the storage already refuses such bytes (the URL binds Content-MD5), so this is
 * the handler's last line against a false success; expected values come from node:crypto.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { defaultEmulatorCredentials } from '../../src/emulator/credentials.js';
import { createDigitalAsset } from '../../src/emulator/providers/huawei-metastudio/assets.js';
import { confirmFileUpload, createFile, UPLOAD_URL_LIFETIME_MS } from '../../src/emulator/providers/huawei-metastudio/files.js';
import type { ProviderEnv, RequestContext } from '../../src/emulator/providers/provider.js';
import { EmulatorState, key } from '../../src/emulator/state.js';
import type { Completion, NewStorageUpload, UploadStore } from '../../src/emulator/storage/upload-store.js';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const md5 = (s: string) => createHash('md5').update(s);

function fakeStorage(completion: () => Completion) {
  const calls: string[] = [];
  const created: NewStorageUpload[] = [];
  const storage = {
    create: (input: NewStorageUpload) => (created.push(input), 'k1'),
    putUrl: (k: string, origin: string) => `${origin}/__drivespec/storage/obs/${k}?signed`,
    complete: () => (calls.push('complete'), completion()),
    seal: () => void calls.push('seal'),
    discard: () => void calls.push('discard'),
    has: () => true,
  } as unknown as UploadStore;
  return { storage, calls, created };
}

function setUp(completion: () => Completion) {
  const fake = fakeStorage(completion);
  const env: ProviderEnv = { state: new EmulatorState(), credentials: defaultEmulatorCredentials, commit: () => {}, storage: fake.storage };
  const ctx = { requestId: 'r', now: T0, origin: 'http://127.0.0.1:9' } as RequestContext;
  const projectId = 'p';
  const asset = createDigitalAsset(env, ctx, projectId, { asset_name: 'a', asset_type: 'VIDEO' }, undefined).body as { asset_id: string };
  const created = createFile(env, ctx, projectId, {
    file_name: 'hello.mp4',
    file_md5: md5('Hello World!').digest('base64'),
    file_size: 12,
    file_type: 'mp4',
    asset_id: asset.asset_id,
    asset_file_category: 'MAIN',
  }).body as { file_id: string; upload_url: string };
  const confirm = () => confirmFileUpload(env, ctx, { project_id: projectId, file_id: created.file_id }, { state: 'CREATED' });
  const state = () => env.state.metaStudioFiles.get(key(projectId, created.file_id))!.state;
  return { ...fake, env, fileId: created.file_id, confirm, state, uploadUrl: created.upload_url };
}

const digests = (content: string, size = Buffer.byteLength(content)) =>
  ({ ok: true, parts: [], digests: { size, md5: md5(content).digest('hex') } }) as unknown as Completion;

describe('ConfirmFileUpload CREATED checks the stored object', () => {
  it('CreateFile asks the storage for one OBS PUT bound to Content-MD5 and the mp4 Content-Type, for 24 hours', () => {
    const s = setUp(() => digests('Hello World!'));
    expect(s.created).toEqual([
      {
        provider: 'huawei-metastudio',
        flavor: 'obs',
        mode: 'single',
        expiresAt: new Date(T0.getTime() + 24 * 60 * 60 * 1000),
        requiredHeaders: { 'Content-Type': 'video/mp4', 'Content-MD5': '7Qdih1MuhjZehB6Sv8UNjA==' },
        requireContentMd5: true,
        declaredSize: 12,
      },
    ]);
    expect(UPLOAD_URL_LIFETIME_MS).toBe(86_400_000);
    expect(s.uploadUrl).toBe('http://127.0.0.1:9/__drivespec/storage/obs/k1?signed');
  });

  it('the declared MD5 and size: confirmed, and the object sealed', () => {
    const s = setUp(() => digests('Hello World!'));
    expect(s.confirm()).toEqual({ status: 200 });
    expect(s.calls).toEqual(['complete', 'seal']);
    expect(s.state()).toBe('CREATED');
  });

  it('stored bytes with another MD5: 400 MSS.00000003 naming both, not sealed, still CREATING', () => {
    const s = setUp(() => digests('Hello World?'));
    expect(s.confirm()).toEqual({
      status: 400,
      body: {
        error_code: 'MSS.00000003',
        error_msg: `Invalid parameter: the uploaded object's MD5 ${md5('Hello World?').digest('base64')} is not the file_md5 7Qdih1MuhjZehB6Sv8UNjA== given to CreateFile`,
        request_id: 'r',
      },
    });
    expect(s.calls).toEqual(['complete']);
    expect(s.state()).toBe('UPLOADING');
  });

  it('stored bytes of another size: 400 MSS.00000003', () => {
    const s = setUp(() => digests('Hello World!', 13));
    expect(s.confirm()).toMatchObject({ status: 400, body: { error_code: 'MSS.00000003', error_msg: expect.stringContaining('has 13 bytes, not the file_size 12') } });
    expect(s.state()).toBe('UPLOADING');
  });

  it('nothing stored: 400 MSS.00000003', () => {
    const s = setUp(() => ({ ok: false, reason: 'no-parts', missing: [] }));
    expect(s.confirm()).toMatchObject({ status: 400, body: { error_code: 'MSS.00000003', error_msg: 'Invalid parameter: the file has not been uploaded to its upload_url' } });
    expect(s.calls).toEqual(['complete']);
  });
});

describe('ConfirmFileUpload: what it records, and files seeded without an asset', () => {
  it('records auto_meta_analysis when given and leaves it out when not; a seeded file never touches the storage', () => {
    const s = setUp(() => digests('Hello World!'));
    const env = s.env;
    env.state.metaStudioFiles.set(key('p', 'seeded'), { projectId: 'p', fileId: 'seeded', state: 'UPLOADING' });
    const ctx = { requestId: 'r', now: T0, origin: 'http://127.0.0.1:9' } as RequestContext;
    expect(confirmFileUpload(env, ctx, { project_id: 'p', file_id: 'seeded' }, { state: 'CREATED', auto_meta_analysis: false })).toEqual({ status: 200 });
    expect(env.state.metaStudioFiles.get(key('p', 'seeded'))).toEqual({
      projectId: 'p',
      fileId: 'seeded',
      state: 'CREATED',
      autoMetaAnalysis: false,
      confirmedAt: T0.toISOString(),
    });
    expect(s.calls).toEqual([]);
    expect(s.confirm()).toEqual({ status: 200 });
    expect(env.state.metaStudioFiles.get(key('p', s.fileId))).not.toHaveProperty('autoMetaAnalysis');
    // A second confirmation is refused and changes nothing.
    expect(s.confirm()).toMatchObject({ status: 400, body: { error_code: 'MSS.00000003', error_msg: 'Invalid parameter: the upload of this file was already confirmed (state CREATED)' } });
    expect(s.calls).toEqual(['complete', 'seal']);
  });

  it('an unknown file: 400 MSS.10001004', () => {
    const s = setUp(() => digests('Hello World!'));
    const ctx = { requestId: 'r', now: T0, origin: 'o' } as RequestContext;
    expect(confirmFileUpload(s.env, ctx, { project_id: 'p', file_id: 'nope' }, { state: 'CREATED' })).toEqual({
      status: 400,
      body: { error_code: 'MSS.10001004', error_msg: 'The file not found', request_id: 'r' },
    });
  });

  it('FAILED discards the stored object and records the state', () => {
    const s = setUp(() => digests('Hello World!'));
    const ctx = { requestId: 'r', now: T0, origin: 'o' } as RequestContext;
    expect(confirmFileUpload(s.env, ctx, { project_id: 'p', file_id: s.fileId }, { state: 'FAILED' })).toEqual({ status: 200 });
    expect(s.calls).toEqual(['discard']);
    expect(s.state()).toBe('FAILED');
  });
});

describe('CreateFile: categories, one MAIN and one COVER, the main file’s size limit', () => {
  const ctx = { requestId: 'r', now: T0, origin: 'o' } as RequestContext;
  const file = (assetId: string, patch: Record<string, unknown>) =>
    ({ file_name: 'f', file_md5: '7Qdih1MuhjZehB6Sv8UNjA==', file_size: 12, file_type: 'mp4', asset_id: assetId, asset_file_category: 'MAIN', ...patch }) as never;
  const assetOf = (env: ProviderEnv, type: 'VIDEO' | 'IMAGE' | 'PPT' | 'COMMON_FILE') =>
    (createDigitalAsset(env, ctx, 'p', { asset_name: 'a', asset_type: type }, undefined).body as { asset_id: string }).asset_id;

  it('names the categories the asset type takes', () => {
    const { env } = setUp(() => digests(''));
    const ppt = assetOf(env, 'PPT');
    expect(createFile(env, ctx, 'p', file(ppt, { asset_file_category: 'SAMPLE' }))).toEqual({
      status: 400,
      body: { error_code: 'MSS.00000003', error_msg: 'Invalid parameter: asset_file_category SAMPLE is not allowed for a PPT asset (MAIN, COVER, PAGE, OTHER)', request_id: 'r' },
    });
  });

  it('a COVER does not take the MAIN slot, nor a MAIN the COVER slot; a second of either is refused with its message', () => {
    const { env } = setUp(() => digests(''));
    const video = assetOf(env, 'VIDEO');
    expect(createFile(env, ctx, 'p', file(video, { asset_file_category: 'COVER' })).status).toBe(200);
    expect(createFile(env, ctx, 'p', file(video, { asset_file_category: 'MAIN' })).status).toBe(200);
    expect(createFile(env, ctx, 'p', file(video, { asset_file_category: 'MAIN' }))).toEqual({
      status: 400,
      body: { error_code: 'MSS.10001008', error_msg: 'The main file already exists', request_id: 'r' },
    });
    expect(createFile(env, ctx, 'p', file(video, { asset_file_category: 'COVER' }))).toEqual({
      status: 400,
      body: { error_code: 'MSS.10001009', error_msg: 'The cover file already exists', request_id: 'r' },
    });
  });

  it('the size limit is the main file’s: exactly 50 MB passes for an IMAGE, a COVER of a PPT (limit 100 MB) is not judged by it, a COMMON_FILE has none', () => {
    const { env } = setUp(() => digests(''));
    expect(createFile(env, ctx, 'p', file(assetOf(env, 'IMAGE'), { file_size: 50 * 1024 * 1024 })).status).toBe(200);
    expect(createFile(env, ctx, 'p', file(assetOf(env, 'IMAGE'), { file_size: 50 * 1024 * 1024 + 1 }))).toMatchObject({ status: 400, body: { error_code: 'MSS.10001007' } });
    expect(createFile(env, ctx, 'p', file(assetOf(env, 'PPT'), { asset_file_category: 'COVER', file_size: 200 * 1024 * 1024 })).status).toBe(200);
    expect(createFile(env, ctx, 'p', file(assetOf(env, 'COMMON_FILE'), { file_size: 5368709120 })).status).toBe(200);
  });
});
