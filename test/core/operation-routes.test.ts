/**
 * Which operation a raw (path-based) call is: the raw client's request names no operation, so it
 * is found from its URL, and that id is what the PDS signer sends as `x-acs-action` and what
 * errors name. A concrete path segment wins over a template parameter (OpenAPI path matching),
 * whichever order the operations are listed in.
 */
import { describe, expect, it } from 'vitest';
import createFetchClient from 'openapi-fetch';
import { operations as msOperations } from '../../generated/huawei-metastudio/operations.js';
import { operations as smhOperations } from '../../generated/tencent-smh/operations.js';
import { serializeQuery } from '../../src/core/query.js';
import type { OperationTable } from '../../src/core/operation-table.js';
import {
  encodePathSegments,
  operationIdForPath,
  operationIdForUrl,
  rawClientWithPathKeys,
  requestTemplate,
} from '../../src/core/operation-routes.js';

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

describe('path keys with ?flag and multi-segment parameters (SMH)', () => {
  const smhConfirm = smhOperations.ConfirmUpload as OperationTable;
  const renew: OperationTable = {
    ...smhConfirm,
    operationId: 'RenewUpload',
    pathKey: `${smhConfirm.path}?renew`,
    flag: 'renew',
    parameters: [...smhConfirm.parameters.filter((p) => p.name !== 'confirm'), { name: 'renew', in: 'query', required: true, flag: true }],
  };
  const simple: OperationTable = {
    ...smhConfirm,
    operationId: 'SimpleUpload',
    method: 'PUT',
    path: '/api/v1/file/{LibraryId}/{SpaceId}/{FilePath}',
    pathKey: '/api/v1/file/{LibraryId}/{SpaceId}/{FilePath}',
    flag: null,
    parameters: [
      { name: 'LibraryId', in: 'path', required: true, flag: false },
      { name: 'SpaceId', in: 'path', required: true, flag: false },
      { name: 'FilePath', in: 'path', required: true, flag: false, multiSegment: true },
    ],
  };
  const smhBase = 'https://smh.test';
  const tables = [smhConfirm, renew, simple];

  it('the flag in the query picks the operation; a multi-segment path matches deeper paths', () => {
    const at = (method: string, url: string) => operationIdForUrl(tables, smhBase, new Request(`${smhBase}${url}`, { method }));
    expect(at('POST', '/api/v1/file/l/-/k?renew&access_token=t')).toBe('RenewUpload');
    expect(at('POST', '/api/v1/file/l/-/k?confirm&access_token=t')).toBe('ConfirmUpload');
    expect(at('POST', '/api/v1/file/l/-/k?access_token=t')).toBe('POST /api/v1/file/l/-/k');
    expect(at('PUT', '/api/v1/file/l/-/a/b/c.txt')).toBe('SimpleUpload');
  });

  it('a raw path key names its operation; the bare path names the first operation on it', () => {
    expect(operationIdForPath(tables, 'POST', `${smhConfirm.path}?renew`)).toBe('RenewUpload');
    expect(operationIdForPath(tables, 'POST', smhConfirm.pathKey)).toBe('ConfirmUpload');
  });

  it('a multi-segment value is written into the template, each segment encoded, the slashes kept', () => {
    expect(encodePathSegments('docs/年 报/a+b?.pdf')).toBe('docs/%E5%B9%B4%20%E6%8A%A5/a%2Bb%3F.pdf');
    expect(requestTemplate(simple, { LibraryId: 'l', SpaceId: '-', FilePath: 'a b/c' })).toEqual({
      path: '/api/v1/file/{LibraryId}/{SpaceId}/a%20b/c',
      pathParams: { LibraryId: 'l', SpaceId: '-' },
    });
    // `$&` in a value is text, not a replacement pattern.
    expect(requestTemplate(simple, { FilePath: '$&' }).path).toBe('/api/v1/file/{LibraryId}/{SpaceId}/%24%26');
    expect(requestTemplate(smhConfirm, { ConfirmKey: 'a/b' })).toEqual({ path: smhConfirm.path, pathParams: { ConfirmKey: 'a/b' } });
  });

  it('the raw client sends a ?flag key as the path and a bare flag, first', async () => {
    const urls: string[] = [];
    const client = createFetchClient<any>({ baseUrl: smhBase, fetch: async (r: Request) => (urls.push(r.url), new Response('{}')) }); // eslint-disable-line @typescript-eslint/no-explicit-any -- any paths
    const raw = rawClientWithPathKeys(client, tables);
    await raw.POST(`${smhConfirm.path}?renew`, {
      params: { path: { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }, query: { access_token: 't' } },
      querySerializer: (q: Record<string, unknown>) => serializeQuery(renew.parameters, null, q as never),
    });
    await raw.PUT(simple.pathKey, { params: { path: { LibraryId: 'l', SpaceId: '-', FilePath: 'd/e f.txt' } } });
    expect(urls).toEqual(['https://smh.test/api/v1/file/l/-/k?renew&access_token=t', 'https://smh.test/api/v1/file/l/-/d/e%20f.txt']);
  });
});
