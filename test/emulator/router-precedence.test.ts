/**
 * A concrete path segment wins over a template parameter, as OpenAPI's path matching says
 * ("concrete (non-templated) paths would be matched before their templated counterparts"), and
 * whatever order the operations come in: an operation added at `/v1/{project_id}/files/zip/complete`
 * must not be answered by ConfirmFileUpload (`/v1/{project_id}/files/{file_id}/complete`) with
 * `file_id = zip` (issue 10 item 3: never another operation's result).
 */
import { describe, expect, it } from 'vitest';
import { operations as msOperations } from '../../generated/huawei-metastudio/operations.js';
import type { OperationTable } from '../../src/core/operation-table.js';
import { defaultEmulatorCredentials } from '../../src/emulator/credentials.js';
import { createProviderEmulators } from '../../src/emulator/providers/create-provider-emulators.js';
import type { ProviderEmulator } from '../../src/emulator/providers/provider.js';
import { createRouter } from '../../src/emulator/router.js';
import { EmulatorState } from '../../src/emulator/state.js';
import { unusedStorage } from './storage/unused-storage.js';

function metaStudioWith(row: OperationTable): ProviderEmulator {
  const providers = createProviderEmulators({ state: new EmulatorState(), credentials: defaultEmulatorCredentials, storage: unusedStorage(), commit: () => {} });
  const ms = providers['huawei-metastudio'];
  return { ...ms, operations: { ...ms.operations, [row.operationId]: row } } as ProviderEmulator;
}

describe('the router prefers concrete segments', () => {
  it.each(['ZipFiles', 'AZipFiles'])('an added operation %s at a concrete path is its own route (not-implemented)', (operationId) => {
    const row = { ...msOperations.ConfirmFileUpload, operationId, path: '/v1/{project_id}/files/zip/complete' };
    const route = createRouter([metaStudioWith(row)]);
    const zip = route('POST', '/v1/p/files/zip/complete');
    expect(zip.kind).toBe('not-implemented');
    if (zip.kind === 'not-implemented') expect(zip.op.operationId).toBe(operationId);
    // The templated operation still gets every other file id.
    const confirm = route('POST', '/v1/p/files/f1/complete');
    expect(confirm.kind).toBe('operation');
    if (confirm.kind === 'operation') {
      expect(confirm.op.operationId).toBe('ConfirmFileUpload');
      expect(confirm.pathParams).toEqual({ project_id: 'p', file_id: 'f1' });
    }
  });
});
