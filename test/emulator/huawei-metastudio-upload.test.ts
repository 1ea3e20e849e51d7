/**
 * MetaStudio's assets and the CreateFile checks that need no stored bytes (issue 11): assets come
 * from CreateDigitalAsset, ShowAsset reports them, CreateFile refuses what the docs refuse, and
 * the asset records survive a restart with `--state`. Requests signed by the official Huawei SDK
 * (@huaweicloud/huaweicloud-sdk-core) reach the new operations. The upload of bytes is in
 * huawei-metastudio-upload-obs.test.ts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RequestValidationError } from '../../src/core/errors.js';
import { sdkSign } from '../signing/support/huawei-sdk.js';
import { T0, authHeaders, clients, rawRequest, rejection, startHarness, type Harness } from './support/fixture.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});
afterEach(() => expect(h.violations).toEqual([]));

const project = () => h.emulator.credentials['huawei-metastudio'].projectId;
/** `Hello World!`: MD5 ed076287532e86365e841e92bfc50d8c (docs/upload/huawei-metastudio-upload.md, the file_md5 vector). */
const HELLO_MD5 = '7Qdih1MuhjZehB6Sv8UNjA==';
const fileBody = (assetId: string, patch: Record<string, unknown> = {}) => ({
  file_name: 'hello.txt',
  file_md5: HELLO_MD5,
  file_size: 12,
  file_type: 'txt',
  asset_id: assetId,
  asset_file_category: 'MAIN' as const,
  ...patch,
});

describe('CreateDigitalAsset and ShowAsset', () => {
  it('creates an asset that ShowAsset reports, in state CREATING with no files', async () => {
    const c = clients(h).metaStudio;
    const created = await c.createDigitalAsset({ body: { asset_name: 'demo video', asset_type: 'VIDEO', asset_description: 'd', tags: ['a', 'b'] } });
    expect(created.asset_id).toMatch(/^[0-9a-f]{32}$/);
    expect(created.produce_id).toMatch(/^[0-9a-f]{16}$/);
    h.clock.now = new Date(T0.getTime() + 5000);
    const shown = await c.showAsset({ params: { path: { asset_id: created.asset_id } } });
    expect(shown).toEqual({
      project_id: project(),
      asset_id: created.asset_id,
      produce_id: created.produce_id,
      asset_name: 'demo video',
      asset_description: 'd',
      create_time: '2026-01-01T00:00:00Z',
      update_time: '2026-01-01T00:00:00Z',
      asset_type: 'VIDEO',
      asset_state: 'CREATING',
      tags: ['a', 'b'],
      files: [],
    });
  });

  it('gives every asset its own id, and records X-App-UserId as app_user_id', async () => {
    const c = clients(h).metaStudio;
    const a = await c.createDigitalAsset({ body: { asset_name: 'a', asset_type: 'IMAGE' }, params: { header: { 'X-App-UserId': 'user-1' } } });
    const b = await c.createDigitalAsset({ body: { asset_name: 'a', asset_type: 'IMAGE' } });
    expect(a.asset_id).not.toBe(b.asset_id);
    expect((await c.showAsset({ params: { path: { asset_id: a.asset_id } } })).app_user_id).toBe('user-1');
    expect((await c.showAsset({ params: { path: { asset_id: b.asset_id } } })).app_user_id).toBeUndefined();
  });

  it('answers an unknown asset with 400 MSS.10001001 (the Error Codes table’s status, not 404)', async () => {
    const error = await rejection(clients(h).metaStudio.showAsset({ params: { path: { asset_id: 'nope' } } }));
    expect([error.status, error.code]).toEqual([400, 'MSS.10001001']);
  });

  it.each([
    ['65 characters (CreateFile’s asset_id is 1 to 64)', 'a'.repeat(65)],
    ['a dot segment', '..'],
    ['an encoded control character', 'a%07b'],
  ])('refuses an asset id of %s with 400 MSS.00000003, in Huawei’s error shape', async (_name, id) => {
    const r = await rawRequest(h.emulator.url, {
      method: 'GET',
      path: `/v1/${project()}/digital-assets/${id}`,
      headers: authHeaders(h.emulator, 'huawei-metastudio', h.clock.now),
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ error_code: 'MSS.00000003', error_msg: expect.stringMatching(/^Invalid parameter: /) });
  });

  it('keeps projects apart: an asset of another project is not found with this project’s credentials', async () => {
    h.emulator.seed.metaStudioAsset({ projectId: 'other-project', assetId: 'a1' });
    const r = await rawRequest(h.emulator.url, {
      method: 'GET',
      path: `/v1/${project()}/digital-assets/a1`,
      headers: authHeaders(h.emulator, 'huawei-metastudio', h.clock.now),
    });
    expect([r.status, (r.json as { error_code: string }).error_code]).toEqual([400, 'MSS.10001001']);
  });

  it('refuses an undocumented asset type and an unknown field (closed request schema) with MSS.00000003', async () => {
    for (const body of [{ asset_name: 'x', asset_type: 'SCENE' }, { asset_name: 'x', asset_type: 'VIDEO', review_config: {} }]) {
      const r = await rawRequest(h.emulator.url, {
        path: `/v1/${project()}/digital-assets`,
        headers: authHeaders(h.emulator, 'huawei-metastudio', h.clock.now),
        body: JSON.stringify(body),
      });
      expect([r.status, (r.json as { error_code: string }).error_code]).toEqual([400, 'MSS.00000003']);
    }
  });

  it('a seeded asset (seed.metaStudioAsset) is shown like a created one; bad seeds are refused', async () => {
    h.emulator.seed.metaStudioAsset({ assetId: 'seeded', assetType: 'PPT', assetName: 'slides' });
    const shown = await clients(h).metaStudio.showAsset({ params: { path: { asset_id: 'seeded' } } });
    expect(shown).toMatchObject({ asset_id: 'seeded', asset_name: 'slides', asset_type: 'PPT', asset_state: 'CREATING', files: [] });
    expect(() => h.emulator.seed.metaStudioAsset({ assetId: 'x'.repeat(65) })).toThrow('assetId is longer than 64 characters');
    expect(() => h.emulator.seed.metaStudioAsset({ assetId: 'a', assetType: 'SCENE' as never })).toThrow(/assetType must be one of/);
  });
});

describe('the official Huawei SDK’s AK/SK signature reaches the new operations', () => {
  const signAndSend = async (method: 'GET' | 'POST', path: string, data?: unknown) => {
    const c = h.emulator.credentials['huawei-metastudio'];
    h.clock.now = new Date(); // the SDK stamps X-Sdk-Date from its own clock
    const signed = await sdkSign({
      endpoint: h.emulator.url,
      rawPath: path,
      method,
      query: {},
      headers: data === undefined ? {} : { 'content-type': 'application/json' },
      ...(data === undefined ? {} : { data }),
      ak: c.ak,
      sk: c.sk,
    });
    return rawRequest(h.emulator.url, { method, path, headers: signed.headers, ...(data === undefined ? {} : { body: JSON.stringify(data) }) });
  };

  it('CreateDigitalAsset (POST) and ShowAsset (GET, no body)', async () => {
    const created = await signAndSend('POST', `/v1/${project()}/digital-assets`, { asset_name: 'signed', asset_type: 'VIDEO' });
    expect(created.status).toBe(200);
    const assetId = (created.json as { asset_id: string }).asset_id;
    const shown = await signAndSend('GET', `/v1/${project()}/digital-assets/${assetId}`);
    expect([shown.status, (shown.json as { asset_name: string }).asset_name]).toEqual([200, 'signed']);
  });

  it('CreateFile (POST): past the signature to the asset check', async () => {
    const r = await signAndSend('POST', `/v1/${project()}/files`, fileBody('no-such-asset'));
    expect([r.status, (r.json as { error_code: string }).error_code]).toEqual([400, 'MSS.10001001']);
  });
});

describe('CreateFile refuses what the docs refuse (no bytes needed)', () => {
  const create = (body: Record<string, unknown>) =>
    rawRequest(h.emulator.url, {
      path: `/v1/${project()}/files`,
      headers: authHeaders(h.emulator, 'huawei-metastudio', h.clock.now),
      body: JSON.stringify(body),
    });
  const codeOf = async (body: Record<string, unknown>) => {
    const r = await create(body);
    return [r.status, (r.json as { error_code: string }).error_code, (r.json as { error_msg: string }).error_msg];
  };

  it('an unknown asset: 400 MSS.10001001', async () => {
    expect((await codeOf(fileBody('nope'))).slice(0, 2)).toEqual([400, 'MSS.10001001']);
  });

  it('a category the asset type does not take (IMAGE takes MAIN only): 400 MSS.00000003', async () => {
    h.emulator.seed.metaStudioAsset({ assetId: 'img', assetType: 'IMAGE' });
    expect(await codeOf(fileBody('img', { asset_file_category: 'COVER', file_type: 'png' }))).toEqual([
      400,
      'MSS.00000003',
      'Invalid parameter: asset_file_category COVER is not allowed for a IMAGE asset (MAIN)',
    ]);
  });

  it('a main file over its asset type’s limit (IMAGE 50 MB): 400 MSS.10001007', async () => {
    h.emulator.seed.metaStudioAsset({ assetId: 'img', assetType: 'IMAGE' });
    expect(await codeOf(fileBody('img', { file_size: 50 * 1024 * 1024 + 1, file_type: 'png' }))).toEqual([
      400,
      'MSS.10001007',
      'Asset file too large: a main file of an IMAGE asset must not exceed 52428800 bytes',
    ]);
  });

  it.each([
    ['file_md5 in hex', { file_md5: 'ed076287532e86365e841e92bfc50d8c' }],
    ['file_md5 of 17 bytes', { file_md5: 'AAAAAAAAAAAAAAAAAAAAAAA=' }],
    ['file_md5 with non-zero padding bits', { file_md5: '7Qdih1MuhjZehB6Sv8UNjB==' }],
    ['file_size 0', { file_size: 0 }],
    ['file_size over 5 GB', { file_size: 5368709121 }],
    ['an empty file_type', { file_type: '' }],
    ['an undocumented category', { asset_file_category: 'THUMBNAIL' }],
    ['an undocumented field', { file_crc64: '0' }],
  ])('%s: refused by the client before sending, and by the emulator with 400 MSS.00000003', async (_name, patch) => {
    h.emulator.seed.metaStudioAsset({ assetId: 'a' });
    const error = await rejection(clients(h).metaStudio.createFile({ body: fileBody('a', patch) as never }));
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((await codeOf(fileBody('a', patch))).slice(0, 2)).toEqual([400, 'MSS.00000003']);
  });

  it('the documented file_md5 vector is accepted by the schema (Hello World! → 7Qdih1MuhjZehB6Sv8UNjA==)', async () => {
    // Past every body check: the asset is what is missing.
    expect((await codeOf(fileBody('nope', { file_md5: HELLO_MD5 }))).slice(0, 2)).toEqual([400, 'MSS.10001001']);
  });
});

describe('--state keeps the assets', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'drivespec-ms-state-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an asset created before a restart is shown after it', async () => {
    const stateFile = join(dir, 'state.json');
    const first = await startHarness({ stateFile });
    const created = await clients(first).metaStudio.createDigitalAsset({ body: { asset_name: 'kept', asset_type: 'AUDIO' } });
    await first.close();
    const second = await startHarness({ stateFile });
    try {
      const shown = await clients(second).metaStudio.showAsset({ params: { path: { asset_id: created.asset_id } } });
      expect(shown).toMatchObject({ asset_id: created.asset_id, asset_name: 'kept', asset_type: 'AUDIO', produce_id: created.produce_id });
    } finally {
      await second.close();
    }
  });
});
