/**
 * The embedded store: a state file survives a restart (and is written atomically), the seed
 * endpoint accepts every kind and answers 400 JSON to bad input, the programmatic seed refuses
 * the same inputs, and options are checked.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError, DrivespecError } from '../../src/core/errors.js';
import { defaultEmulatorCredentials, EmulatorSeedError, EmulatorStateFileError, seedDemo, startEmulator } from '../../src/emulator/index.js';
import { clients, rawRequest, rejection, startHarness, type Harness } from './support/fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'drivespec-emulator-'));

describe('state file', () => {
  it('uploads, files, completion and credentials survive a restart', async () => {
    const file = join(dir, 'state.json');
    const first = await startHarness({ stateFile: file, credentials: { 'tencent-smh': { accessToken: 'persisted-token' } } });
    first.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f-1', uploadId: 'u-1' });
    first.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f-2', uploadId: 'u-2' });
    first.emulator.seed.smhFile({ path: ['a', 'b.txt'] });
    first.emulator.seed.smhUpload({ confirmKey: 'k', path: ['a', 'b.txt'] });
    first.emulator.seed.koodriveUpload({ fileId: 'kf' });
    first.emulator.seed.metaStudioUpload({ fileId: 'mf' });
    await clients(first).pds.completeFile({ body: { drive_id: '1', file_id: 'f-1', upload_id: 'u-1' } });
    await first.close();

    // No temporary files are left behind: every write was temp file + rename.
    expect(readdirSync(dir).filter((n) => n.startsWith('state.json'))).toEqual(['state.json']);
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: 'drivespec-emulator-state', version: 1 });

    const second = await startHarness({ stateFile: file });
    try {
      expect(second.emulator.credentials['tencent-smh'].accessToken).toBe('persisted-token');
      const c = clients(second);
      await expect(c.pds.getFile({ body: { drive_id: '1', file_id: 'f-1' } })).resolves.toMatchObject({ status: 'available' });
      const twice = await rejection(c.pds.completeFile({ body: { drive_id: '1', file_id: 'f-1', upload_id: 'u-1' } }));
      expect(twice.status).toBe(404);
      await expect(c.pds.completeFile({ body: { drive_id: '1', file_id: 'f-2', upload_id: 'u-2' } })).resolves.toMatchObject({
        status: 'available',
      });
      // The SMH tree came back too: b.txt exists, so the upload is renamed.
      await expect(c.smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } })).resolves.toMatchObject({ name: 'b (1).txt' });
      await expect(c.koodrive.completeFile({ body: { fileId: 'kf' } })).resolves.toEqual({ code: 0, msg: 'success.' });
      await expect(c.metaStudio.confirmFileUpload({ params: { path: { file_id: 'mf' } }, body: { state: 'CREATED' } })).resolves.toBeUndefined();
      expect(second.violations).toEqual([]);
    } finally {
      await second.close();
    }

    const third = await startHarness({ stateFile: file });
    try {
      const e = await rejection(clients(third).smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }));
      expect(e.body).toMatchObject({ code: 'UploadComplete' });
    } finally {
      await third.close();
    }
  });

  it('a state file that is not JSON, or not ours, is refused rather than overwritten', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{ not json');
    await expect(startEmulator({ stateFile: bad })).rejects.toThrow(ConfigurationError);
    expect(readFileSync(bad, 'utf8')).toBe('{ not json');
    writeFileSync(bad, JSON.stringify({ hello: 'world' }));
    await expect(startEmulator({ stateFile: bad })).rejects.toThrow('stateFile: not a drivespec emulator state file');
    writeFileSync(bad, JSON.stringify({ format: 'drivespec-emulator-state', version: 1, pdsFiles: [{ driveId: '' }] }));
    await expect(startEmulator({ stateFile: bad })).rejects.toThrow('pdsFiles[0] is not a valid entry');
  });

  it('a state file that cannot be written at start: startEmulator rejects naming the file and the reason', async () => {
    const missingDir = join(dir, 'no-such-dir', 'state.json');
    const error = await startEmulator({ stateFile: missingDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmulatorStateFileError);
    expect(error).toBeInstanceOf(DrivespecError);
    expect((error as EmulatorStateFileError).message).toBe(`cannot write state file ${missingDir}: its folder does not exist (ENOENT)`);
    expect((error as EmulatorStateFileError).code).toBe('ENOENT');
    expect((error as EmulatorStateFileError).path).toBe(missingDir);
    // A folder given as the state file is refused too (read first: it is not a readable file).
    await expect(startEmulator({ stateFile: dir })).rejects.toThrow(/stateFile/);
  });

  it('a write failing after start goes to onWarning (not the request log), once per failure streak; the request is still answered', async () => {
    const sub = join(dir, 'later');
    mkdirSync(sub);
    const file = join(sub, 'state.json');
    const warnings: string[] = [];
    const h = await startHarness({ stateFile: file, onWarning: (line) => warnings.push(line) });
    try {
      expect(existsSync(file)).toBe(true); // written before listening
      expect(warnings).toEqual([]);
      rmSync(sub, { recursive: true });
      h.emulator.seed.koodriveUpload({ fileId: 'f' });
      await expect(clients(h).koodrive.completeFile({ body: { fileId: 'f' } })).resolves.toEqual({ code: 0, msg: 'success.' });
      h.emulator.seed.koodriveUpload({ fileId: 'g' });
      expect(warnings).toEqual([
        `cannot write state file ${file}: its folder does not exist (ENOENT); changes are kept in memory only until a write succeeds`,
      ]);
      expect(h.logLines.filter((line) => line.includes('state file'))).toEqual([]);

      mkdirSync(sub);
      h.emulator.seed.koodriveUpload({ fileId: 'h' });
      expect(warnings.at(-1)).toBe(`state file written again: ${file}`);
      expect(readFileSync(file, 'utf8')).toContain('"h"');
    } finally {
      await h.close();
    }
  });

  it('onWarning must be a function', async () => {
    await expect(startEmulator({ onWarning: 'stderr' as never })).rejects.toThrow(new ConfigurationError('onWarning', 'must be a function'));
  });
});

describe('seed endpoint (POST /__drivespec/seed)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());
  afterEach(() => expect(h.violations).toEqual([]));
  // CRC-64/XZ of "abc" (src/hashing Crc64): 3231342946509354535.
  const seed = (body: unknown) =>
    rawRequest(h.emulator.url, { path: '/__drivespec/seed', body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('every kind, content as text or base64', async () => {
    expect((await seed({ kind: 'reset' })).json).toEqual({ ok: true, kind: 'reset' });
    expect((await seed({ kind: 'pdsUpload', driveId: '1', fileId: 'f', uploadId: 'u', content: 'abc' })).status).toBe(200);
    expect((await seed({ kind: 'metaStudioUpload', fileId: 'm' })).status).toBe(200);
    expect((await seed({ kind: 'smhFile', path: ['x.txt'] })).status).toBe(200);
    expect((await seed({ kind: 'smhUpload', confirmKey: 'k', path: ['x.txt'], contentBase64: Buffer.from('abc').toString('base64') })).status).toBe(200);
    expect((await seed({ kind: 'koodriveUpload', fileId: 'kf', content: 'abc' })).status).toBe(200);
    expect((await seed({ kind: 'fault', provider: 'tencent-smh', operationId: 'ConfirmUpload', status: 500 })).status).toBe(200);

    const c = clients(h);
    const pdsFile = await c.pds.completeFile({ body: { drive_id: '1', file_id: 'f', upload_id: 'u', crc64_hash: '3231342946509354535' } });
    expect(pdsFile.size).toBe(3);
    expect((await rejection(c.smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }))).status).toBe(500);
    await expect(c.smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } }, body: { crc64: '3231342946509354535' } })).resolves.toMatchObject({
      name: 'x (1).txt',
      size: '3',
    });
    await expect(
      c.koodrive.completeFile({ body: { fileId: 'kf', sha256: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' } }),
    ).resolves.toEqual({ code: 0, msg: 'success.' });

    await seed({ kind: 'reset' });
    expect((await rejection(c.koodrive.completeFile({ body: { fileId: 'kf' } }))).body).toMatchObject({ code: 13000401 });
  });

  it.each([
    ['not JSON', '{kind:', 'The seed body is not valid JSON.'],
    ['not an object', '[]', 'body must be an object'],
    ['unknown kind', { kind: 'dropTables' }, 'kind must be one of pdsUpload, metaStudioUpload, metaStudioAsset, smhUpload, smhFile, koodriveUpload, fault, reset'],
    ['missing id', { kind: 'pdsUpload', fileId: 'f', uploadId: 'u' }, 'driveId must be a string'],
    ['traversal in an id', { kind: 'koodriveUpload', fileId: '../etc' }, 'fileId contains a path separator'],
    ['control character', { kind: 'metaStudioUpload', fileId: 'a\u0007b' }, 'fileId contains a control character'],
    ['unknown field', { kind: 'metaStudioUpload', fileId: 'a', owner: 'x' }, 'metaStudioUpload.owner is not a known field'],
    ['bad SMH path', { kind: 'smhUpload', confirmKey: 'k', path: ['a', '..'] }, 'path[1] is "." or ".."'],
    ['empty SMH path', { kind: 'smhFile', path: [] }, 'path must be an array of 1 to 64 names'],
    ['bad base64', { kind: 'koodriveUpload', fileId: 'f', contentBase64: '@@@' }, 'contentBase64 must be standard base64'],
    ['both contents', { kind: 'koodriveUpload', fileId: 'f', content: 'a', contentBase64: 'YQ==' }, 'content and contentBase64 are exclusive'],
    ['fault: unknown provider', { kind: 'fault', provider: 'aws-s3', operationId: 'X', status: 500 }, 'provider is not a provider id'],
    ['fault: unknown operation', { kind: 'fault', provider: 'aliyun-pds', operationId: 'DeleteFile', status: 500 }, 'operationId is not an operation of aliyun-pds (CompleteFile, GetFile)'],
    ['fault: status', { kind: 'fault', provider: 'aliyun-pds', operationId: 'GetFile', status: 502 }, 'status must be 500 or 503'],
    ['fault: count', { kind: 'fault', provider: 'aliyun-pds', operationId: 'GetFile', status: 500, count: 0 }, 'count must be a whole number from 1 to 1000000'],
    ['strategy', { kind: 'smhUpload', confirmKey: 'k', path: ['a'], conflictResolutionStrategy: 'merge' }, 'conflictResolutionStrategy must be ask, rename or overwrite'],
  ])('%s: 400 InvalidSeed', async (_label, body, message) => {
    const r = await seed(body);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'InvalidSeed', message });
  });

  it('a directory path for smhFile, or a parent that is a file, is refused', async () => {
    await seed({ kind: 'reset' });
    await seed({ kind: 'smhFile', path: ['d', 'f.txt'] });
    expect((await seed({ kind: 'smhFile', path: ['d'] })).json).toEqual({ code: 'InvalidSeed', message: 'path names an existing directory' });
    expect((await seed({ kind: 'smhFile', path: ['d', 'f.txt', 'g'] })).json).toEqual({
      code: 'InvalidSeed',
      message: 'path has a parent that is a file',
    });
  });

  it('wrong method on the emulator routes: 405; unknown emulator route: 404; health', async () => {
    const get = await rawRequest(h.emulator.url, { method: 'GET', path: '/__drivespec/seed' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect((await rawRequest(h.emulator.url, { method: 'GET', path: '/__drivespec/nope' })).status).toBe(404);
    expect((await rawRequest(h.emulator.url, { method: 'GET', path: '/__drivespec/health' })).json).toEqual({ ok: true });
  });

  it('the programmatic seed throws EmulatorSeedError for the same inputs', () => {
    expect(() => h.emulator.seed.koodriveUpload({ fileId: '..' })).toThrow(EmulatorSeedError);
    expect(() => h.emulator.seed.smhUpload({ confirmKey: 'k', path: [] })).toThrow('path must be an array of 1 to 64 names');
    expect(() => h.emulator.seed.fault({ provider: 'tencent-smh', operationId: 'ConfirmUpload', status: 404 as 500 })).toThrow(
      'status must be 500 or 503',
    );
  });

  it('seedDemo seeds the documented example ids', async () => {
    h.emulator.seed.reset();
    seedDemo(h.emulator.seed);
    const c = clients(h);
    await expect(
      c.smh.confirmUpload({ params: { path: { ConfirmKey: 'b8a24e0f3c5d4f6a9e1d7c2b0a8f6e4d' }, query: { conflict_resolution_strategy: 'rename' } } }),
    ).resolves.toMatchObject({ path: ['foo', 'bar', 'file (1).docx'], crc64: '11051210869376104954' });
    await expect(
      c.pds.completeFile({ body: { drive_id: '1', upload_id: 'C9DCFE5A82644AC7A02DB74C30C934A6', file_id: '9520943DC264' } }),
    ).resolves.toMatchObject({ name: '1.mov' });
    // MetaStudio: the asset of the CreateFile and ShowAsset examples.
    await expect(c.metaStudio.showAsset({ params: { path: { asset_id: '7f1c3e0d2b6a4c5e9f8d7c6b5a493827' } } })).resolves.toMatchObject({
      asset_type: 'VIDEO',
      asset_state: 'CREATING',
    });
  });
});

describe('options', () => {
  it('are checked', async () => {
    await expect(startEmulator({ port: -1 })).rejects.toThrow('port: must be a whole number from 0 to 65535');
    await expect(startEmulator({ maxBodyBytes: 0 })).rejects.toThrow('maxBodyBytes');
    await expect(startEmulator({ credentials: { 'aliyun-pds': { accessToken: 'has space' } } })).rejects.toThrow(
      'credentials.aliyun-pds.accessToken: must be a non-empty string of printable ASCII without spaces',
    );
    await expect(startEmulator({ credentials: { 'aliyun-pds': { nope: 'x' } as never } })).rejects.toThrow('is not a known field');
  });

  it('credential overrides are partial; the rest stay the defaults', async () => {
    const emulator = await startEmulator({ credentials: { 'huawei-koodrive': { userId: 'u-42' } } });
    try {
      expect(emulator.credentials['huawei-koodrive']).toEqual({ ...defaultEmulatorCredentials['huawei-koodrive'], userId: 'u-42' });
      expect(emulator.credentials['aliyun-pds']).toEqual(defaultEmulatorCredentials['aliyun-pds']);
      expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
    } finally {
      await emulator.close();
    }
  });

  it('close is idempotent and frees the port', async () => {
    const emulator = await startEmulator();
    await Promise.all([emulator.close(), emulator.close()]);
    const again = await startEmulator({ port: emulator.port });
    await again.close();
  });
});
