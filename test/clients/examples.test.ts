/**
 * Every documented example passes its generated validator; mutated bodies fail naming the paths;
 * documented error examples become the right typed errors.
 */
import { describe, expect, it } from 'vitest';
import { examples as pdsExamples } from '../../generated/aliyun-pds/examples.js';
import * as pdsValidators from '../../generated/aliyun-pds/validators.js';
import { examples as kdExamples } from '../../generated/huawei-koodrive/examples.js';
import * as kdValidators from '../../generated/huawei-koodrive/validators.js';
import { examples as msExamples } from '../../generated/huawei-metastudio/examples.js';
import * as msValidators from '../../generated/huawei-metastudio/validators.js';
import { examples as smhExamples } from '../../generated/tencent-smh/examples.js';
import * as smhValidators from '../../generated/tencent-smh/validators.js';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import {
  AliyunPdsApiError,
  ApiError,
  HuaweiKooDriveApiError,
  HuaweiMetaStudioApiError,
  RequestValidationError,
  ResponseValidationError,
  TencentSmhApiError,
  TransportError,
} from '../../src/core/errors.js';
import type { GeneratedValidator } from '../../src/core/validation.js';
import { issuesOf } from '../../src/core/validation.js';
import { recordingFetch } from '../helpers/recording-fetch.js';

type Pair = {
  operationId: string;
  name: string;
  scenario: string;
  request: { body?: unknown } | null;
  response: { status: number; body?: unknown };
};

const providers = [
  { id: 'aliyun-pds', examples: pdsExamples as readonly Pair[], validators: pdsValidators as unknown as Record<string, GeneratedValidator>, errorClass: AliyunPdsApiError, codeKey: 'code' },
  { id: 'huawei-metastudio', examples: msExamples as readonly Pair[], validators: msValidators as unknown as Record<string, GeneratedValidator>, errorClass: HuaweiMetaStudioApiError, codeKey: 'error_code' },
  { id: 'tencent-smh', examples: smhExamples as readonly Pair[], validators: smhValidators as unknown as Record<string, GeneratedValidator>, errorClass: TencentSmhApiError, codeKey: 'code' },
  { id: 'huawei-koodrive', examples: kdExamples as readonly Pair[], validators: kdValidators as unknown as Record<string, GeneratedValidator>, errorClass: HuaweiKooDriveApiError, codeKey: 'code' },
] as const;

function clientFor(id: string, fetch: typeof globalThis.fetch) {
  const common = { fetch, maxRetries: 0 };
  switch (id) {
    case 'aliyun-pds': {
      const c = createPds({ ...common, domainId: 'bj1', credentials: { accessToken: 't0ken' } });
      const methods: Record<string, (init: { body: never }) => Promise<unknown>> = {
        CompleteFile: c.completeFile,
        CreateFile: c.createFile,
        GetFile: c.getFile,
        GetUploadUrl: c.getUploadUrl,
        ListUploadedParts: c.listUploadedParts,
      };
      return (op: string, body: unknown) => methods[op]!({ body: body as never });
    }
    case 'huawei-metastudio': {
      const c = createMetaStudio({ ...common, projectId: 'p', credentials: { token: 't0ken' } });
      return (op: string, body: unknown) => {
        switch (op) {
          case 'CreateDigitalAsset':
            return c.createDigitalAsset({ body: body as never });
          case 'CreateFile':
            return c.createFile({ body: body as never });
          case 'ShowAsset':
            return c.showAsset({ params: { path: { asset_id: 'a' } } });
          default:
            return c.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: body as never });
        }
      };
    }
    case 'tencent-smh': {
      const c = createSmh({ ...common, libraryId: 'lib', credentials: { accessToken: 't0ken' } });
      // The path parameter each operation names its target by: a ConfirmKey, or a FilePath (the upload starts).
      const path = (op: string) => (op === 'InitUpload' || op === 'InitMultipartUpload' ? { FilePath: 'a/b.txt' } : { ConfirmKey: 'k' });
      return (op: string, body: unknown) =>
        c.invoke(op as 'ConfirmUpload', { params: { path: path(op) as { ConfirmKey: string } }, ...(body !== undefined ? { body: body as never } : {}) });
    }
    default: {
      const c = createKooDrive({ ...common, baseUrl: 'https://k.test', credentials: { accessToken: 't0ken', userId: 'u' } });
      return (op: string, body: unknown) =>
        op === 'CreateFile'
          ? c.createFile({ body: body as never })
          : op === 'UploadUrl'
            ? c.uploadUrl({ body: body as never })
            : c.completeFile({ body: body as never });
    }
  }
}

const minimalBody: Record<string, Record<string, unknown>> = {
  'aliyun-pds': {
    CompleteFile: { drive_id: '1', upload_id: 'u', file_id: 'f' },
    CreateFile: { drive_id: '1', parent_file_id: 'root', name: 'n', type: 'file' },
    GetFile: { drive_id: '1', file_id: 'f' },
    GetUploadUrl: { drive_id: '1', file_id: 'f', upload_id: 'u', part_info_list: [{ part_number: 1 }] },
    ListUploadedParts: { drive_id: '1', file_id: 'f', upload_id: 'u' },
  },
  'huawei-metastudio': {
    ConfirmFileUpload: { state: 'CREATED' },
    CreateDigitalAsset: { asset_name: 'a', asset_type: 'VIDEO' },
    CreateFile: { file_name: 'f.mp4', file_md5: '7Qdih1MuhjZehB6Sv8UNjA==', file_size: 12, file_type: 'mp4', asset_id: 'a', asset_file_category: 'MAIN' },
  },
  'tencent-smh': { ConfirmUpload: {} },
  'huawei-koodrive': {
    CompleteFile: { fileId: 'f' },
    CreateFile: { fileName: 'a.txt', fileType: '45', parentFolder: ['root'], length: 1, uploadMode: 'multipart' },
    UploadUrl: { fileId: 'f', multiParts: [{ partNumber: 1, partSize: 1, partOffset: 0 }] },
  },
};

describe.each(providers)('$id documented examples', ({ id, examples, validators, errorClass, codeKey }) => {
  it('has examples for every operation', () => {
    expect(examples.length).toBeGreaterThan(0);
  });

  for (const pair of examples) {
    const status = pair.response.status;
    if (pair.request?.body !== undefined) {
      it(`${pair.operationId} ${pair.name}: request body validates`, () => {
        const v = validators[`validate${pair.operationId}RequestBody`]!;
        expect(v(pair.request!.body), JSON.stringify(v.errors)).toBe(true);
      });
    }
    if (pair.response.body !== undefined) {
      it(`${pair.operationId} ${pair.name}: ${status} body validates`, () => {
        const v = validators[`validate${pair.operationId}Response${status}`]!;
        expect(v(pair.response.body), JSON.stringify(v.errors)).toBe(true);
      });
    }
    it(`${pair.operationId} ${pair.name}: the client turns the documented ${status} answer into ${status < 400 ? 'its body' : 'a typed error'}`, async () => {
      const { fetch } = recordingFetch({ status, ...(pair.response.body !== undefined ? { body: pair.response.body } : {}) });
      const call = clientFor(id, fetch);
      const body = pair.request?.body ?? minimalBody[id]![pair.operationId];
      if (status < 400) {
        await expect(call(pair.operationId, body)).resolves.toEqual(pair.response.body);
        return;
      }
      const error = await call(pair.operationId, body).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(errorClass);
      expect(error).toBeInstanceOf(ApiError);
      const apiError = error as ApiError;
      expect(apiError.status).toBe(status);
      const documented = (pair.response.body as Record<string, unknown> | undefined)?.[codeKey] ??
        (pair.response.body as Record<string, unknown> | undefined)?.error_code;
      expect(apiError.code).toBe(documented === undefined ? undefined : String(documented));
    });
  }
});

describe('mutated bodies fail naming the paths', () => {
  it('wrong type, missing required field and unknown enum value in one PDS GetFile body', () => {
    const v = pdsValidators.validateGetFileRequestBody as unknown as GeneratedValidator;
    expect(v({ drive_id: 1, url_expire_sec: 5, fields: '*' })).toBe(false);
    const paths = issuesOf(v).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['/drive_id', '/file_id', '/url_expire_sec']));
  });

  it('unknown enum value in MetaStudio state', () => {
    const v = msValidators.validateConfirmFileUploadRequestBody as unknown as GeneratedValidator;
    expect(v({ state: 'DONE', auto_meta_analysis: 'yes' })).toBe(false);
    const issues = issuesOf(v);
    expect(issues.map((i) => i.path).sort()).toEqual(['/auto_meta_analysis', '/state']);
    expect(issues.find((i) => i.path === '/state')!.message).toBe('must be one of "CREATED", "FAILED", "CANCELLED"');
  });

  it('a documented success response with a field of the wrong type fails naming it', () => {
    const documented = smhExamples.find((e) => e.operationId === 'ConfirmUpload' && e.scenario === 'success')!.response.body as Record<string, unknown>;
    const v = smhValidators.validateConfirmUploadResponse200 as unknown as GeneratedValidator;
    expect(v({ ...documented, size: 1048576, crc64: 'xxx' })).toBe(false);
    expect(issuesOf(v).map((i) => i.path).sort()).toEqual(['/crc64', '/size']);
  });
});

describe('request validation happens before anything is sent', () => {
  it('throws RequestValidationError listing every path, and fetch is never called', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: {} });
    const pds = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch });
    const error = await pds.getFile({ body: { drive_id: '1', file_id: 'f', url_expire_sec: 99999 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).issues.map((i) => i.path)).toEqual(['/url_expire_sec']);
    expect(requests).toHaveLength(0);
  });

  it('rejects bad SMH query parameters (enum) before sending', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: {} });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch });
    const error = await smh
      .confirmUpload({ params: { path: { ConfirmKey: 'k' }, query: { conflict_resolution_strategy: 'replace' as never, with_inode: '2' as never } } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).part).toBe('parameters');
    expect((error as RequestValidationError).issues.map((i) => i.path).sort()).toEqual([
      '/query/conflict_resolution_strategy',
      '/query/with_inode',
    ]);
    expect(requests).toHaveLength(0);
  });

  it('refuses a field the spec does not document in every request body (PDS crc64hash no longer slips past the CRC check)', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: {} });
    const pds = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch });
    const misspelt = { drive_id: '1', upload_id: 'u', file_id: 'f', crc64hash: '1' };
    const complete = await pds.completeFile({ body: misspelt as never }).catch((e: unknown) => e);
    expect(complete).toBeInstanceOf(RequestValidationError);
    expect((complete as RequestValidationError).issues).toEqual([
      { path: '/crc64hash', message: 'is not a documented property', keyword: 'additionalProperties' },
    ]);
    // GetFile's body is composed (one of drive_id/share_id): closed with unevaluatedProperties.
    const get = await pds.getFile({ body: { drive_id: '1', file_id: 'f', feilds: '*' } as never }).catch((e: unknown) => e);
    expect(get).toBeInstanceOf(RequestValidationError);
    expect((get as RequestValidationError).issues).toEqual([
      { path: '/feilds', message: 'is not a documented property', keyword: 'unevaluatedProperties' },
    ]);
    expect(requests).toHaveLength(0);
  });

  it("refuses ids outside the specs' ResourceId rules before sending, in paths and bodies", async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: {} });
    const ms = createMetaStudio({ projectId: 'p', credentials: { token: 't0ken' }, fetch, maxRetries: 0 });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, maxRetries: 0 });
    const pds = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch, maxRetries: 0 });
    const kd = createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: 't0ken', userId: 'u' }, fetch, maxRetries: 0 });
    const refused = async (call: Promise<unknown>, path: string, keyword: string) => {
      const error = await call.catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues.map((i) => [i.path, i.keyword]), path).toEqual([[path, keyword]]);
    };
    for (const id of ['.', '..', 'a/b', 'a\\b', 'a\u0000b', 'a\nb', 'a\u007fb', '../etc']) {
      await refused(ms.confirmFileUpload({ params: { path: { file_id: id } }, body: { state: 'CREATED' } }), '/path/file_id', 'pattern');
      await refused(smh.confirmUpload({ params: { path: { ConfirmKey: id } } }), '/path/ConfirmKey', 'pattern');
      await refused(pds.completeFile({ body: { drive_id: '1', upload_id: 'u', file_id: id } }), '/file_id', 'pattern');
      await refused(kd.completeFile({ body: { fileId: id } }), '/fileId', 'pattern');
    }
    await refused(ms.confirmFileUpload({ params: { path: { file_id: '' } }, body: { state: 'CREATED' } }), '/path/file_id', 'minLength');
    await refused(smh.confirmUpload({ params: { path: { ConfirmKey: 'k'.repeat(1025) } } }), '/path/ConfirmKey', 'maxLength');
    await refused(pds.getFile({ body: { share_id: 's/1', file_id: 'f' } }), '/share_id', 'pattern');
    expect(requests).toHaveLength(0);
    // The limit itself is allowed: 1,024 characters, and dots that are not `..`.
    await ms.confirmFileUpload({ params: { path: { file_id: 'k'.repeat(1024) } }, body: { state: 'CREATED' } }).catch(() => undefined);
    await ms.confirmFileUpload({ params: { path: { file_id: 'a.b.' } }, body: { state: 'CREATED' } }).catch(() => undefined);
    expect(requests.map((r) => new URL(r.url).pathname.split('/')[4]!.length)).toEqual([1024, 4]);
  });

  it('refuses "." as every path id, including the ones from the client options (a URL parser would drop the segment and call another path)', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: {} });
    const refused = async (call: () => Promise<unknown>, path: string) => {
      const error = await Promise.resolve().then(call).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(RequestValidationError);
      expect((error as RequestValidationError).issues.map((i) => [i.path, i.keyword]), path).toEqual([[path, 'pattern']]);
    };
    const ms = (projectId: string) => createMetaStudio({ projectId, credentials: { token: 't0ken' }, fetch, maxRetries: 0 });
    const smh = (libraryId: string, spaceId?: string) =>
      createSmh({ libraryId, ...(spaceId === undefined ? {} : { spaceId }), credentials: { accessToken: 't0ken' }, fetch, maxRetries: 0 });
    await refused(() => ms('p').confirmFileUpload({ params: { path: { file_id: '.' } }, body: { state: 'CREATED' } }), '/path/file_id');
    await refused(() => ms('.').confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } }), '/path/project_id');
    await refused(() => smh('l').confirmUpload({ params: { path: { ConfirmKey: '.' } } }), '/path/ConfirmKey');
    await refused(() => smh('.').confirmUpload({ params: { path: { ConfirmKey: 'k' } } }), '/path/LibraryId');
    await refused(() => smh('l', '.').confirmUpload({ params: { path: { ConfirmKey: 'k' } } }), '/path/SpaceId');
    expect(requests).toHaveLength(0);
    // Percent-encoded dots are allowed: the client encodes their `%`, so they reach the URL parser
    // as `%252e`, not as a dot segment, and the path keeps all its segments.
    for (const id of ['%2e', '.%2E', '%2e%2e', '%2E.']) {
      await ms(id).confirmFileUpload({ params: { path: { file_id: id } }, body: { state: 'CREATED' } }).catch(() => undefined);
      await smh(id, id).confirmUpload({ params: { path: { ConfirmKey: id } } }).catch(() => undefined);
    }
    const paths = requests.map((r) => new URL(r.url).pathname.split('/').slice(1).map(decodeURIComponent));
    expect(paths).toEqual(
      ['%2e', '.%2E', '%2e%2e', '%2E.'].flatMap((id) => [
        ['v1', id, 'files', id, 'complete'],
        ['api', 'v1', 'file', id, id, id],
      ]),
    );
  });

  it('SMH: the client writes confirm as the documented bare flag, first in the documented order', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: smhExamples.find((e) => e.operationId === 'ConfirmUpload' && e.scenario === 'success')!.response.body });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch });
    await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' }, query: { conflict_resolution_strategy: 'ask' } } });
    expect(requests[0]!.url).toBe('https://api.tencentsmh.cn/api/v1/file/l/-/k?confirm&conflict_resolution_strategy=ask&access_token=t0ken');
  });

  it('requires the body when the spec does', async () => {
    const { fetch, requests } = recordingFetch({ status: 200 });
    const ms = createMetaStudio({ projectId: 'p', credentials: { token: 't0ken' }, fetch });
    await expect(ms.confirmFileUpload({ params: { path: { file_id: 'f' } } } as never)).rejects.toBeInstanceOf(RequestValidationError);
    expect(requests).toHaveLength(0);
  });
});

describe('responses that do not match the spec', () => {
  const badFile = { domain_id: 'bj1', drive_id: '1', file_id: 'f', name: 'n', type: 'file', size: 'big', crc64_hash: 12 };

  it('throw a ResponseValidationError listing every failing path, with the request id', async () => {
    const { fetch } = recordingFetch({ status: 200, body: badFile, headers: { 'x-ca-request-id': 'req-9' } });
    const pds = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch });
    const error = await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    const e = error as ResponseValidationError;
    expect(e.issues.map((i) => i.path).sort()).toEqual(['/crc64_hash', '/size']);
    expect(e.requestId).toBe('req-9');
    expect(e.status).toBe(200);
  });

  it('can be turned into a warning callback, or off', async () => {
    const warnings: ResponseValidationError[] = [];
    const { fetch } = recordingFetch({ status: 200, body: badFile });
    const warn = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch, responseValidation: (e) => warnings.push(e) });
    await expect(warn.getFile({ body: { drive_id: '1', file_id: 'f' } })).resolves.toEqual(badFile);
    expect(warnings).toHaveLength(1);
    const off = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch, responseValidation: 'off' });
    await expect(off.getFile({ body: { drive_id: '1', file_id: 'f' } })).resolves.toEqual(badFile);
    expect(warnings).toHaveLength(1);
  });

  it('an HTML 502 page is a TransportError, not a parse crash', async () => {
    const { fetch } = recordingFetch({ status: 502, text: '<html><body>Bad Gateway</body></html>', headers: { 'content-type': 'text/html' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 'secret-token' }, fetch, maxRetries: 0 });
    const error = await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).status).toBe(502);
    expect((error as Error).message).toBe('ConfirmUpload: HTTP 502 with a non-JSON body (text/html)');
  });

  it('a 200 that is not JSON where JSON is documented is a TransportError', async () => {
    const { fetch } = recordingFetch({ status: 200, text: 'OK' });
    const kd = createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: 't0ken', userId: 'u' }, fetch });
    await expect(kd.completeFile({ body: { fileId: 'f' } })).rejects.toBeInstanceOf(TransportError);
  });

  it('KooDrive: a 200 whose code is not 0 is an API error', async () => {
    const { fetch } = recordingFetch({ status: 200, body: { code: 13000403, msg: 'state' } });
    const kd = createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: 't0ken', userId: 'u' }, fetch });
    const error = await kd.completeFile({ body: { fileId: 'f' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuaweiKooDriveApiError);
    expect((error as ApiError).code).toBe('13000403');
  });

  it('PDS request id comes from x-ca-request-id; Code/Message casing is accepted', async () => {
    const { fetch } = recordingFetch({ status: 404, body: { Code: 'NotFound', Message: 'file not found' }, headers: { 'x-ca-request-id': 'abc' } });
    const pds = createPds({ domainId: 'bj1', credentials: { accessToken: 't0ken' }, fetch });
    const error = (await pds.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    expect([error.status, error.code, error.providerMessage, error.requestId]).toEqual([404, 'NotFound', 'file not found', 'abc']);
    expect(error.message).toBe('GetFile: HTTP 404 NotFound: file not found (request id abc)');
  });
});
