/**
 * A small stand-in for the embedded emulator, keeping its contract (src/conformance/emulator-contract.ts),
 * enough behaviour for the conformance scenarios, and a `misbehave` switch so tests can watch the
 * harness catch a server that answers wrongly.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { examples as pdsExamples } from '../../../generated/aliyun-pds/examples.js';
import * as pdsValidators from '../../../generated/aliyun-pds/validators.js';
import { examples as smhExamples } from '../../../generated/tencent-smh/examples.js';
import * as kdValidators from '../../../generated/huawei-koodrive/validators.js';
import { examples as msExamples } from '../../../generated/huawei-metastudio/examples.js';
import * as msValidators from '../../../generated/huawei-metastudio/validators.js';
import * as smhValidators from '../../../generated/tencent-smh/validators.js';
import type { ProviderId } from '../../../src/core/provider.js';
import type { EmulatorCredentials, RunningEmulator, StartEmulatorOptions } from '../../../src/conformance/emulator-contract.js';

export const stubCredentials: EmulatorCredentials = {
  'aliyun-pds': {
    accessToken: 'stub-pds-access-token-5f1c',
    shareToken: 'stub-pds-share-token-9a2e',
    accessKeyId: 'STUBPDSACCESSKEYID77',
    accessKeySecret: 'stub-pds-access-key-secret-c4d1',
    domainId: 'stubdomain',
  },
  'huawei-metastudio': { token: 'stub-metastudio-iam-token-0b7d', ak: 'STUBMETASTUDIOAK0001', sk: 'stub-metastudio-sk-secret-61fa', projectId: 'stubproject0001' },
  'tencent-smh': { accessToken: 'stub-smh-access-token-3e88', libraryId: 'stublibrary' },
  'huawei-koodrive': { accessToken: 'stub-koodrive-access-token-d902', userId: 'stub-user-1' },
};

/** Ways to answer wrongly, for the tests that check the harness notices. */
export interface Misbehaviour {
  /** Answer PDS CompleteFile's success with a body that breaks the schema. */
  pdsInvalidSuccessBody?: boolean;
  /** Answer SMH's unknown uploads with this status (and a code the docs do not show) instead of 404. */
  smhNotFoundStatus?: number;
  /** Answer SMH's unknown uploads with the documented 404 but this code instead of UploadNotFound. */
  smhNotFoundCode?: string;
}

type Content = Uint8Array | string | undefined;
const bytes = (c: Content) => (typeof c === 'string' ? new TextEncoder().encode(c) : (c ?? new Uint8Array()));

/** CRC-64/XZ, bit by bit (fine for the few bytes the harness seeds). */
function crc64(data: Uint8Array): string {
  const poly = 0xc96c5795d7870f42n;
  let crc = 0xffffffffffffffffn;
  for (const byte of data) {
    crc ^= BigInt(byte);
    for (let i = 0; i < 8; i++) crc = crc & 1n ? (crc >> 1n) ^ poly : crc >> 1n;
  }
  return (crc ^ 0xffffffffffffffffn).toString();
}

export async function startStubEmulator(
  options: StartEmulatorOptions & { misbehave?: Misbehaviour } = {},
): Promise<RunningEmulator & { requests: string[] }> {
  const c = stubCredentials;
  const misbehave = options.misbehave ?? {};
  const state = {
    pdsUploads: new Map<string, { content: Content }>(),
    pdsFiles: new Set<string>(),
    msUploads: new Set<string>(),
    msAssets: new Set<string>(),
    smhUploads: new Map<string, { path: string; content: Content }>(),
    smhFiles: new Set<string>(),
    kdUploads: new Map<string, Content>(),
    faults: new Map<string, { status: number; count: number }>(),
  };
  const requests: string[] = [];

  const seed: RunningEmulator['seed'] = {
    pdsUpload: (i) => state.pdsUploads.set(`${i.driveId}/${i.fileId}/${i.uploadId}`, { content: i.content }),
    metaStudioUpload: (i) => state.msUploads.add(`${i.projectId ?? c['huawei-metastudio'].projectId}/${i.fileId}`),
    metaStudioAsset: (i) => state.msAssets.add(`${i.projectId ?? c['huawei-metastudio'].projectId}/${i.assetId}`),
    smhUpload: (i) =>
      state.smhUploads.set(`${i.libraryId ?? c['tencent-smh'].libraryId}/${i.spaceId ?? '-'}/${i.confirmKey}`, {
        path: i.path.join('/'),
        content: i.content,
      }),
    smhFile: (i) => state.smhFiles.add(`${i.libraryId ?? c['tencent-smh'].libraryId}/${i.spaceId ?? '-'}/${i.path.join('/')}`),
    koodriveUpload: (i) => state.kdUploads.set(`${i.userId ?? c['huawei-koodrive'].userId}/${i.fileId}`, i.content),
    // The stub keeps no stored KooDrive files (flash upload is the embedded emulator's).
    koodriveFile: () => undefined,
    fault: (i) => state.faults.set(`${i.provider}/${i.operationId}`, { status: i.status, count: i.count ?? 1 }),
    reset: () => {
      for (const v of Object.values(state)) v.clear();
    },
  };

  const takeFault = (provider: ProviderId, operationId: string) => {
    const f = state.faults.get(`${provider}/${operationId}`);
    if (!f || f.count <= 0) return undefined;
    f.count--;
    return f.status;
  };

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://stub');
    requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = Symbol('not json');
    }
    const send = (status: number, json?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(json !== undefined ? { 'content-type': 'application/json' } : {}), ...headers });
      res.end(json === undefined ? undefined : JSON.stringify(json));
    };
    const auth = req.headers.authorization ?? '';

    // aliyun-pds
    if (url.pathname === '/v2/file/complete' || url.pathname === '/v2/file/get') {
      const op = url.pathname.endsWith('complete') ? 'CompleteFile' : 'GetFile';
      if (auth !== `Bearer ${c['aliyun-pds'].accessToken}`) return send(401, { code: 'AccessTokenInvalid', message: 'The access token is invalid.' });
      const validate = op === 'CompleteFile' ? pdsValidators.validateCompleteFileRequestBody : pdsValidators.validateGetFileRequestBody;
      if (!validate(body)) return send(400, { code: 'InvalidParameter', message: 'The input parameter is not valid.' });
      const fault = takeFault('aliyun-pds', op);
      if (fault) return send(fault, { code: 'InternalError', message: 'Internal error.' });
      const b = body as Record<string, string>;
      const documented = pdsExamples.find((e) => e.operationId === op && e.scenario === 'success')!.response.body;
      if (op === 'CompleteFile') {
        const key = `${b.drive_id}/${b.file_id}/${b.upload_id}`;
        if (!state.pdsUploads.has(key)) return send(404, { code: 'NotFound', message: 'The resource upload cannot be found.' });
        state.pdsFiles.add(`${b.drive_id}/${b.file_id}`);
        if (misbehave.pdsInvalidSuccessBody) return send(200, { ...documented, size: 'large' });
        return send(200, documented);
      }
      if (!state.pdsFiles.has(`${b.drive_id}/${b.file_id}`)) return send(404, { code: 'NotFound', message: 'The resource file cannot be found.' });
      return send(200, documented);
    }

    // aliyun-pds upload operations: documented answers, by what the stub was seeded with.
    const pdsUploadOps: Record<string, 'CreateFile' | 'GetUploadUrl' | 'ListUploadedParts'> = {
      '/v2/file/create': 'CreateFile',
      '/v2/file/get_upload_url': 'GetUploadUrl',
      '/v2/file/list_uploaded_parts': 'ListUploadedParts',
    };
    const pdsOp = Object.hasOwn(pdsUploadOps, url.pathname) ? pdsUploadOps[url.pathname] : undefined;
    if (pdsOp) {
      if (auth !== `Bearer ${c['aliyun-pds'].accessToken}`) return send(401, { code: 'AccessTokenInvalid', message: 'The access token is invalid.' });
      const validate = {
        CreateFile: pdsValidators.validateCreateFileRequestBody,
        GetUploadUrl: pdsValidators.validateGetUploadUrlRequestBody,
        ListUploadedParts: pdsValidators.validateListUploadedPartsRequestBody,
      }[pdsOp];
      if (!validate(body)) return send(400, { code: 'InvalidParameter', message: 'The input parameter is not valid.' });
      const b = body as unknown as Record<string, string>;
      const answer = (name: string) => pdsExamples.find((e) => e.operationId === pdsOp && e.name === name)!.response.body;
      if (pdsOp === 'CreateFile') {
        // The stub's drives are those it holds a file in.
        if (![...state.pdsFiles].some((f) => f.startsWith(`${b.drive_id}/`))) return send(404, { code: 'NotFound', message: 'The resource drive cannot be found.' });
        if (b.content_hash) return send(200, answer('rapid-upload'));
        if (b.pre_hash) return send(409, { code: 'PreHashMatched', message: 'Pre hash matched.' });
        return send(200, answer('documented-success'));
      }
      if (!state.pdsUploads.has(`${b.drive_id}/${b.file_id}/${b.upload_id}`)) return send(404, { code: 'NotFound', message: 'The resource file cannot be found.' });
      return send(200, answer('documented-success'));
    }

    // huawei-metastudio
    /** Answers a refused credential and says so. */
    const msUnauthorized = (): boolean => {
      // The harness only ever signs with a wrong secret, so any signature is rejected here.
      if (auth.startsWith('SDK-HMAC-SHA256')) {
        send(401, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail', request_id: 'stub' });
        return true;
      }
      if (req.headers['x-auth-token'] !== c['huawei-metastudio'].token) {
        send(401, { error_code: 'MSS.00000001', error_msg: 'Unauthorized' });
        return true;
      }
      return false;
    };
    const msDocumented = (op: string) =>
      (msExamples.find((e) => e.operationId === op && e.scenario === 'success')!.response as { body?: unknown }).body;
    const msAsset = /^\/v1\/([^/]+)\/digital-assets(?:\/([^/]+))?$/.exec(url.pathname);
    const msFiles = /^\/v1\/([^/]+)\/files$/.exec(url.pathname);
    if (msAsset || msFiles) {
      const op = msFiles ? 'CreateFile' : msAsset![2] === undefined ? 'CreateDigitalAsset' : 'ShowAsset';
      const projectId = (msAsset ?? msFiles)![1];
      if (msUnauthorized()) return;
      if (op !== 'ShowAsset') {
        const validate = op === 'CreateFile' ? msValidators.validateCreateFileRequestBody : msValidators.validateCreateDigitalAssetRequestBody;
        if (!validate(body)) return send(400, { error_code: 'MSS.00000003', error_msg: 'Invalid parameter' });
      }
      const fault = takeFault('huawei-metastudio', op);
      if (fault) return send(fault, { error_code: 'MSS.00000004', error_msg: 'Internal Error' });
      if (op === 'CreateDigitalAsset') return send(200, msDocumented(op));
      const assetId = op === 'CreateFile' ? (body as { asset_id: string }).asset_id : msAsset![2];
      if (!state.msAssets.has(`${projectId}/${assetId}`)) return send(400, { error_code: 'MSS.10001001', error_msg: 'The asset not found' });
      return send(200, msDocumented(op));
    }
    const ms = /^\/v1\/([^/]+)\/files\/([^/]+)\/complete$/.exec(url.pathname);
    if (ms) {
      const [, projectId, fileId] = ms;
      if (msUnauthorized()) return;
      if (!msValidators.validateConfirmFileUploadRequestBody(body)) return send(400, { error_code: 'MSS.00000003', error_msg: 'Invalid parameter' });
      const fault = takeFault('huawei-metastudio', 'ConfirmFileUpload');
      if (fault) return send(fault, { error_code: 'MSS.00000004', error_msg: 'Internal Error' });
      if (!state.msUploads.has(`${projectId}/${fileId}`)) return send(400, { error_code: 'MSS.10001004', error_msg: 'The file not found' });
      return send(200, undefined, { 'x-request-id': 'stub-request' });
    }

    // tencent-smh
    const smh = /^\/api\/v1\/file\/([^/]+)\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (smh) {
      const [, library, space, key] = smh;
      const token = url.searchParams.get('access_token');
      if (!token) return send(400, { code: 'EmptyAccessToken', message: 'Access token is empty' });
      if (token !== c['tencent-smh'].accessToken) return send(403, { code: 'InvalidAccessToken', message: 'The access token is invalid' });
      // The upload starts and task calls, by method and flag: the documented answers, nothing verified.
      const documentedSmh = (operationId: string, status: number) =>
        (smhExamples as readonly { operationId: string; response: { status: number; body?: unknown } }[]).find(
          (e) => e.operationId === operationId && e.response.status === status && e.response.body !== undefined,
        )?.response.body;
      const startBody = (body ?? {}) as { beginningHash?: string; fullHash?: string };
      if (req.method === 'PUT') {
        if (url.searchParams.get('conflict_resolution_strategy') === 'ask' && state.smhFiles.has(`${library}/${space}/${key}`)) {
          return send(409, { code: 'SameNameDirectoryOrFileExists', message: 'A directory or file with the same name already exists' });
        }
        if (startBody.fullHash) return send(200, (smhExamples.find((e) => e.name === 'instant-upload')!.response as { body?: unknown }).body);
        if (startBody.beginningHash) return send(202, undefined);
        return send(200, documentedSmh('InitUpload', 200));
      }
      if (url.searchParams.get('multipart') === '') return send(200, documentedSmh('InitMultipartUpload', 200));
      if (url.searchParams.get('renew') === '' || url.searchParams.get('upload') === '') {
        if (!state.smhUploads.has(`${library}/${space}/${key}`)) {
          if (misbehave.smhNotFoundStatus) return send(misbehave.smhNotFoundStatus, { code: 'Teapot', message: 'short and stout' });
          return send(404, { code: misbehave.smhNotFoundCode ?? 'UploadNotFound', message: 'The upload task does not exist' });
        }
        if (req.method === 'DELETE') return send(204, undefined);
        return send(200, documentedSmh(req.method === 'GET' ? 'GetUploadStatus' : 'RenewMultipartUpload', 200));
      }
      if (!url.searchParams.has('confirm') || url.searchParams.get('confirm') !== '') return send(400, { code: 'InvalidParameter', message: 'confirm' });
      if (body !== undefined && !smhValidators.validateConfirmUploadRequestBody(body)) return send(400, { code: 'InvalidParameter', message: 'bad body' });
      const upload = state.smhUploads.get(`${library}/${space}/${key}`);
      if (!upload && misbehave.smhNotFoundStatus) return send(misbehave.smhNotFoundStatus, { code: 'Teapot', message: 'short and stout' });
      if (!upload) return send(404, { code: misbehave.smhNotFoundCode ?? 'UploadNotFound', message: 'The upload task does not exist' });
      const b = (body ?? {}) as { crc64?: string };
      const crc = crc64(bytes(upload.content));
      if (b.crc64 !== undefined && b.crc64 !== crc) return send(400, { code: 'BadCrc64', message: 'CRC64 check failed' });
      if (url.searchParams.get('conflict_resolution_strategy') === 'ask' && state.smhFiles.has(`${library}/${space}/${upload.path}`)) {
        return send(409, { code: 'SameNameDirectoryOrFileExists', message: 'A directory or file with the same name already exists' });
      }
      const documented = smhExamples.find((e) => e.operationId === 'ConfirmUpload' && e.scenario === 'success')!.response.body as Record<string, unknown>;
      const segments = upload.path.split('/');
      return send(200, { ...documented, path: segments, name: segments.at(-1), crc64: crc });
    }

    // huawei-koodrive
    const kdPaths = ['/koodrive/ose/v1/files/complete', '/koodrive/ose/v1/files/create', '/koodrive/ose/v1/files/multipart/uploadUrl'];
    if (kdPaths.includes(url.pathname)) {
      const k = c['huawei-koodrive'];
      if (auth.replace(/^Bearer[ +]/, '') !== k.accessToken || req.headers['x-user-id'] !== k.userId || !req.headers['x-date']) {
        return send(401, { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: decrypt token fail', request_id: 'stub' });
      }
    }
    if (url.pathname === '/koodrive/ose/v1/files/create') {
      if (!kdValidators.validateCreateFileRequestBody(body)) return send(400, { code: 13000102, msg: 'Verify parameters failed.' });
      const b = body as { fileName: string; parentFolder: string[] };
      return send(200, { fileId: 'Fstub', fileName: b.fileName, parentFolder: b.parentFolder, uploadId: 'STUB', code: 0, msg: 'Success.' });
    }
    if (url.pathname === '/koodrive/ose/v1/files/multipart/uploadUrl') {
      if (!kdValidators.validateUploadUrlRequestBody(body)) return send(400, { code: 13000102, msg: 'Verify parameters failed.' });
      // The stub keeps no multipart uploads: every file id is unknown.
      return send(400, { code: 13000401, msg: 'Upload task not found.' });
    }
    if (url.pathname === '/koodrive/ose/v1/files/complete') {
      const k = c['huawei-koodrive'];
      if (!kdValidators.validateCompleteFileRequestBody(body)) return send(400, { code: 13000102, msg: 'Verify parameters failed.' });
      const b = body as { fileId: string; sha256?: string };
      const content = state.kdUploads.get(`${k.userId}/${b.fileId}`);
      if (!state.kdUploads.has(`${k.userId}/${b.fileId}`)) return send(400, { code: 13000401, msg: 'Upload task not found.' });
      if (b.sha256 !== undefined && b.sha256 !== createHash('sha256').update(bytes(content)).digest('hex')) {
        return send(400, { code: 13000402, msg: 'File integrity verification failed.' });
      }
      return send(200, { code: 0, msg: 'success.' });
    }
    send(404, { code: 'NoSuchRoute', message: url.pathname });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((done) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    credentials: stubCredentials,
    seed,
    requests,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((e) => (e ? fail(e) : done()));
      }),
  };
}
