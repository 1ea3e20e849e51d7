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
  return { ...fake, created: fake.created, confirm, state, uploadUrl: created.upload_url };
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
