/**
 * Exhaustive dispatch at run time (issue 10 items 3 and 7): an operation the operation table
 * has and the handlers do not (a spec that gained an operation, built here by adding a row to a
 * copy of the generated table) is answered with the provider's "API does not exist" error,
 * documented in the spec for that operation, and never by another operation's handler: before,
 * KooDrive answered any operation with CompleteFile's handler and PDS sent anything that was not
 * CompleteFile to GetFile.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { operations as pdsOperations } from '../../generated/aliyun-pds/operations.js';
import * as pdsValidators from '../../generated/aliyun-pds/validators.js';
import { operations as kooOperations } from '../../generated/huawei-koodrive/operations.js';
import * as kooValidators from '../../generated/huawei-koodrive/validators.js';
import { operations as msOperations } from '../../generated/huawei-metastudio/operations.js';
import * as msValidators from '../../generated/huawei-metastudio/validators.js';
import { operations as smhOperations } from '../../generated/tencent-smh/operations.js';
import * as smhValidators from '../../generated/tencent-smh/validators.js';
import type { GeneratedValidator } from '../../src/core/validation.js';
import { createProviderEmulators, type ProviderEmulators } from '../../src/emulator/providers/create-provider-emulators.js';
import { defaultEmulatorCredentials } from '../../src/emulator/credentials.js';
import type { OperationTable } from '../../src/core/operation-table.js';
import { credentialQueryNames, type ProviderEmulator, type ProviderEnv } from '../../src/emulator/providers/provider.js';
import { createRouter } from '../../src/emulator/router.js';
import { startEmulatorWith } from '../../src/emulator/server.js';
import { EmulatorState } from '../../src/emulator/state.js';
import type { EmulatorAnswerInfo, RunningEmulator } from '../../src/emulator/types.js';
import { T0, authHeaders, rawRequest } from './support/fixture.js';
import { unusedStorage } from './storage/unused-storage.js';

/** A row of the generated table under a new operation id and path, as a spec gaining it would generate. */
function extraRow(base: OperationTable, operationId: string, path: string): OperationTable {
  return { ...base, operationId, path };
}

function withOperation<P>(provider: ProviderEmulator<P>, row: OperationTable): ProviderEmulator<P> {
  return { ...provider, operations: { ...provider.operations, [row.operationId]: row } };
}

const kooDelete = extraRow(kooOperations.CompleteFile, 'DeleteFile', '/koodrive/ose/v1/files/delete');
const pdsDelete = extraRow(pdsOperations.GetFile, 'DeleteFile', '/v2/file/delete');

let running: RunningEmulator | undefined;
let answers: EmulatorAnswerInfo[] = [];
afterEach(async () => {
  await running?.close();
  running = undefined;
  answers = [];
});

async function serve(extend: (providers: ProviderEmulators) => void): Promise<RunningEmulator> {
  running = await startEmulatorWith({ now: () => T0, onAnswer: (a) => answers.push(a) }, (env) => {
    const providers = createProviderEmulators(env);
    extend(providers);
    return providers;
  });
  return running;
}

/** The answer validates against the schema the row documents for its status. */
function expectDocumented(row: OperationTable, validators: Record<string, GeneratedValidator>, status: number, body: unknown): void {
  const entry = row.responses[String(status)];
  expect(entry, `HTTP ${status} is not documented for ${row.operationId}`).toBeDefined();
  const validator = validators[entry!.validator!]!;
  expect(validator(body), JSON.stringify(validator.errors)).toBe(true);
}

describe('a KooDrive operation without a handler (DeleteFile on its own path)', () => {
  it('answers the gateway 404 APIGW.0101 naming the operation, documented for the operation', async () => {
    const emulator = await serve((p) => (p['huawei-koodrive'] = withOperation(p['huawei-koodrive'], kooDelete)));
    emulator.seed.koodriveUpload({ fileId: 'f1' });
    const r = await rawRequest(emulator.url, {
      path: kooDelete.path,
      headers: authHeaders(emulator, 'huawei-koodrive', T0),
      body: JSON.stringify({ fileId: 'f1' }),
    });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error_code: 'APIGW.0101',
      error_msg: 'The API does not exist or has not been published in the environment. (drivespec emulator: DeleteFile is not implemented)',
      request_id: r.headers['x-request-id'],
    });
    expectDocumented(kooDelete, kooValidators, r.status, r.json);
    expect(answers.map((a) => [a.provider, a.operationId, a.status])).toEqual([['huawei-koodrive', 'DeleteFile', 404]]);
  });

  it('does not run CompleteFile: the upload is still open and completes afterwards', async () => {
    const emulator = await serve((p) => (p['huawei-koodrive'] = withOperation(p['huawei-koodrive'], kooDelete)));
    emulator.seed.koodriveUpload({ fileId: 'f1' });
    const headers = authHeaders(emulator, 'huawei-koodrive', T0);
    const body = JSON.stringify({ fileId: 'f1' });
    expect((await rawRequest(emulator.url, { path: kooDelete.path, headers, body })).status).toBe(404);
    const complete = await rawRequest(emulator.url, { path: kooOperations.CompleteFile.path, headers, body });
    expect([complete.status, complete.json]).toEqual([200, { code: 0, msg: 'success.' }]);
  });

  it('is answered before the credentials, as a gateway with no such API published', async () => {
    const emulator = await serve((p) => (p['huawei-koodrive'] = withOperation(p['huawei-koodrive'], kooDelete)));
    const r = await rawRequest(emulator.url, { path: kooDelete.path, headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(r.status).toBe(404);
    expect(r.json).toMatchObject({ error_code: 'APIGW.0101' });
  });
});

describe('a PDS operation without a handler does not reach GetFile', () => {
  it('answers 404 I404NF (gateway headers too) where GetFile would answer the file', async () => {
    const emulator = await serve((p) => (p['aliyun-pds'] = withOperation(p['aliyun-pds'], pdsDelete)));
    emulator.seed.pdsUpload({ driveId: '1', fileId: 'f1', uploadId: 'u1', name: 'a.txt' });
    const headers = authHeaders(emulator, 'aliyun-pds', T0);
    const completed = await rawRequest(emulator.url, {
      path: pdsOperations.CompleteFile.path,
      headers,
      body: JSON.stringify({ drive_id: '1', file_id: 'f1', upload_id: 'u1' }),
    });
    expect(completed.status).toBe(200);
    const body = JSON.stringify({ drive_id: '1', file_id: 'f1' });
    // The same body GetFile answers with the file ...
    expect((await rawRequest(emulator.url, { path: pdsOperations.GetFile.path, headers, body })).json).toMatchObject({ file_id: 'f1' });
    // ... is not GetFile's on DeleteFile's path.
    const r = await rawRequest(emulator.url, { path: pdsDelete.path, headers, body });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ code: 'I404NF', message: 'API not found: the drivespec emulator does not implement DeleteFile.' });
    expect(r.headers['x-ca-error-code']).toBe('I404NF');
    expect(r.headers['x-ca-request-id']).toEqual(expect.any(String));
    expectDocumented(pdsDelete, pdsValidators, r.status, r.json);
  });
});

describe('the handler is an own entry of the handlers record', () => {
  it('an operation named like an Object.prototype member (constructor, toString) is not implemented, not a crash', async () => {
    const rows = ['constructor', 'toString', '__proto__'].map((id) =>
      extraRow(msOperations.ConfirmFileUpload, id, `/v1/{project_id}/files/{file_id}/${id}`),
    );
    const emulator = await serve((p) => {
      p['huawei-metastudio'] = rows.reduce((e, row) => withOperation(e, row), p['huawei-metastudio']);
    });
    const projectId = emulator.credentials['huawei-metastudio'].projectId;
    for (const row of rows) {
      const r = await rawRequest(emulator.url, {
        path: `/v1/${projectId}/files/f1/${row.operationId}`,
        headers: authHeaders(emulator, 'huawei-metastudio', T0),
        body: JSON.stringify({ state: 'CREATED' }),
      });
      expect([r.status, r.json], row.operationId).toEqual([
        404,
        {
          error_code: 'APIGW.0101',
          error_msg: `The API does not exist or has not been published in the environment. (drivespec emulator: ${row.operationId} is not implemented)`,
          request_id: r.headers['x-request-id'],
        },
      ]);
      expectDocumented(row, msValidators, r.status, r.json);
    }
  });
});

describe('SMH: an operation without a handler', () => {
  it('answers 404 NotImplemented in the SMH error shape, documented for the operation', async () => {
    const smhDelete = extraRow(smhOperations.ConfirmUpload, 'DeleteFile', '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}/delete');
    const emulator = await serve((p) => (p['tencent-smh'] = withOperation(p['tencent-smh'], smhDelete)));
    const c = emulator.credentials['tencent-smh'];
    emulator.seed.smhUpload({ confirmKey: 'k', path: ['a.txt'] });
    const r = await rawRequest(emulator.url, { path: `/api/v1/file/${c.libraryId}/-/k/delete?confirm&access_token=${c.accessToken}`, body: '{}' });
    expect([r.status, r.json]).toEqual([
      404,
      { code: 'NotImplemented', message: 'The drivespec emulator does not implement DeleteFile', requestId: r.headers['x-smh-request-id'] },
    ]);
    expectDocumented(smhDelete, smhValidators, r.status, r.json);
  });
});

describe('the router', () => {
  it('matches every generated operation to its own handler', () => {
    const providers = Object.values(createProviderEmulators(envForRouter()));
    const route = createRouter(providers);
    for (const provider of providers) {
      for (const op of Object.values(provider.operations)) {
        const match = route(op.method, op.path.replace(/\{[^}]+\}/g, 'x'), op.flag ?? '');
        expect(match.kind, `${provider.id} ${op.operationId}`).toBe('operation');
        if (match.kind === 'operation') expect(match.handler).toBe(provider.handlers[op.operationId]);
      }
    }
  });

  /** A provider whose table has operations told apart by flags and a multi-segment path. */
  function flaggedRouter() {
    const [smh] = Object.values(createProviderEmulators(envForRouter())).filter((p) => p.id === 'tencent-smh');
    const base = smh!.operations.ConfirmUpload!;
    const param = (name: string, extra: object = {}) => ({ name, in: 'path' as const, required: true, flag: false, ...extra });
    const flag = (name: string) => ({ name, in: 'query' as const, required: true, flag: true });
    const table = (operationId: string, method: string, last: string, flagName: string | null, multi = false) => ({
      ...base,
      operationId,
      method,
      path: `/api/v1/file/{LibraryId}/{SpaceId}/{${last}}`,
      pathKey: `/api/v1/file/{LibraryId}/{SpaceId}/{${last}}${flagName ? `?${flagName}` : ''}`,
      flag: flagName,
      parameters: [param('LibraryId'), param('SpaceId'), param(last, multi ? { multiSegment: true as const } : {}), ...(flagName ? [flag(flagName)] : [])],
    });
    const operations = {
      ConfirmUpload: table('ConfirmUpload', 'POST', 'ConfirmKey', 'confirm'),
      Renew: table('Renew', 'POST', 'ConfirmKey', 'renew'),
      Start: table('Start', 'POST', 'FilePath', 'multipart', true),
      Simple: table('Simple', 'PUT', 'FilePath', null, true),
    };
    const handler = (id: string) => Object.assign(() => ({ status: 200, body: id }), { id });
    const handlers = Object.fromEntries(Object.keys(operations).map((id) => [id, handler(id)]));
    const provider = { ...smh!, operations, handlers };
    return { route: createRouter([provider]), handlers };
  }

  it('tells operations on one path apart by their bare flag, and refuses a request with none', () => {
    const { route, handlers } = flaggedRouter();
    const hit = (method: string, path: string, query: string) => {
      const m = route(method, path, query);
      return m.kind === 'operation' ? [Object.keys(handlers).find((k) => handlers[k] === m.handler), m.pathParams] : m.kind;
    };
    expect(hit('POST', '/api/v1/file/l/-/k', 'renew&access_token=t')).toEqual(['Renew', { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }]);
    expect(hit('POST', '/api/v1/file/l/-/k', 'access_token=t&confirm')).toEqual(['ConfirmUpload', { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }]);
    expect(hit('POST', '/api/v1/file/l/-/k', 'confirm=')).toEqual(['ConfirmUpload', { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }]);
    // A one-segment file path is the multipart start when the query says so.
    expect(hit('POST', '/api/v1/file/l/-/a.txt', 'multipart')).toEqual(['Start', { LibraryId: 'l', SpaceId: '-', FilePath: 'a.txt' }]);
    expect(hit('POST', '/api/v1/file/l/-/a/b%20c/d.txt', 'multipart')).toEqual([
      'Start',
      { LibraryId: 'l', SpaceId: '-', FilePath: 'a/b c/d.txt' },
    ]);
    // A name that only starts like the flag is not the flag.
    const none = route('POST', '/api/v1/file/l/-/k', 'renewal=1&confirmx');
    expect(none).toMatchObject({ kind: 'no-operation', method: 'POST' });
    expect(none.kind === 'no-operation' && [...none.flags].sort()).toEqual(['confirm', 'multipart', 'renew']);
    // Flags of a multi-segment route do not reach a deeper path for a single-segment one.
    expect(route('POST', '/api/v1/file/l/-/a/b', 'renew').kind).toBe('no-operation');
    expect(route('GET', '/api/v1/file/l/-/k', '')).toMatchObject({ kind: 'wrong-method' });
  });

  it('spans a multi-segment parameter over every remaining segment and refuses an encoded slash in it', () => {
    const { route } = flaggedRouter();
    const put = route('PUT', '/api/v1/file/l/-/docs/2024/%E6%8A%A5%E5%91%8A.pdf', '');
    expect(put).toMatchObject({ kind: 'operation', pathParams: { FilePath: 'docs/2024/报告.pdf' } });
    expect(put.kind === 'operation' && put.undecodable).toBeFalsy();
    expect(route('PUT', '/api/v1/file/l/-/docs%2F2024/a.pdf', '')).toMatchObject({ kind: 'operation', undecodable: 'FilePath' });
    expect(route('PUT', '/api/v1/file/l/-/a/%E6', '')).toMatchObject({ kind: 'operation', undecodable: 'FilePath' });
    expect(route('PUT', '/api/v1/file/l/-', '').kind).not.toBe('operation');
  });
});

describe('credential query parameters come from the spec security schemes', () => {
  it("the operation's apiKey schemes in the query, and only those", () => {
    const schemes = {
      accessToken: { type: 'apiKey', in: 'query', name: 'access_token', scheme: null },
      header: { type: 'apiKey', in: 'header', name: 'X-Token', scheme: null },
      bearer: { type: 'http', in: null, name: null, scheme: 'bearer' },
    };
    const op = (security: string[][]) => ({ ...smhOperations.ConfirmUpload, security });
    expect(credentialQueryNames(smhOperations.ConfirmUpload, createProviderEmulators(envForRouter())['tencent-smh'].securitySchemes)).toEqual([
      'access_token',
    ]);
    expect(credentialQueryNames(op([['accessToken'], ['header', 'bearer']]), schemes)).toEqual(['access_token']);
    expect(credentialQueryNames(op([['header'], ['bearer']]), schemes)).toEqual([]);
    expect(credentialQueryNames(op([['__proto__'], ['missing']]), schemes)).toEqual([]);
  });
});

function envForRouter(): ProviderEnv {
  return { state: new EmulatorState(), credentials: defaultEmulatorCredentials, storage: unusedStorage(), commit: () => {} };
}
