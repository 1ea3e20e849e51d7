/**
 * Which operation a raw (path-based) call is: the raw client's request names no operation, so it
 * is found from its URL, and that id is what the PDS signer sends as `x-acs-action` and what
 * errors name. A concrete path segment wins over a template parameter (OpenAPI path matching),
 * whichever order the operations are listed in.
 */
import { describe, expect, it } from 'vitest';
import { operations as msOperations } from '../../generated/huawei-metastudio/operations.js';
import type { OperationTable } from '../../src/core/operation-table.js';
import { operationIdForPath, operationIdForUrl } from '../../src/core/operation-routes.js';

const confirm = msOperations.ConfirmFileUpload as OperationTable;
const zip: OperationTable = { ...confirm, operationId: 'ZipFiles', path: '/v1/{project_id}/files/zip/complete' };
const base = 'https://ms.test/api';
const post = (path: string) => new Request(`${base}${path}?x=1`, { method: 'POST' });

describe('operationIdForUrl', () => {
  it.each([
    ['templated first', [confirm, zip]],
    ['concrete first', [zip, confirm]],
  ])('%s: the concrete path is its own operation, the template takes the rest', (_, tables) => {
    expect(operationIdForUrl(tables, base, post('/v1/p/files/zip/complete'))).toBe('ZipFiles');
    expect(operationIdForUrl(tables, base, post('/v1/p/files/f1/complete'))).toBe('ConfirmFileUpload');
  });

  it('an unknown route is named by method and path, below the base path', () => {
    expect(operationIdForUrl([confirm], base, post('/v2/nothing'))).toBe('POST /v2/nothing');
    expect(operationIdForUrl([confirm], base, new Request(`${base}/v1/p/files/f1/complete`, { method: 'GET' }))).toBe(
      'GET /v1/p/files/f1/complete',
    );
  });
});

describe('operationIdForPath', () => {
  it('matches the template exactly', () => {
    expect(operationIdForPath([confirm, zip], 'POST', '/v1/{project_id}/files/zip/complete')).toBe('ZipFiles');
    expect(operationIdForPath([confirm, zip], 'POST', '/v1/{project_id}/files/{file_id}/complete')).toBe('ConfirmFileUpload');
    expect(operationIdForPath([confirm], 'PUT', '/v1/{project_id}/files/{file_id}/complete')).toBe('PUT /v1/{project_id}/files/{file_id}/complete');
  });
});
