/**
 * The clients in a page (issue 13), bundled for the browser by test/browser/clients.slow.test.ts:
 * each provider entry's createClient (their sources, as the package's `drivespec-source`
 * condition maps them) and drivespec/hashing, calling the emulator on another origin. Each
 * scenario reports what it got, a result or the error (class, status, code), as JSON; the test
 * decides what is right. The bytes are made in the page from the test's seeds, so the test can
 * hash them with node:crypto and crc64-ecma182.js and seed the emulator with them.
 */
import { createClient as createPdsClient } from '../../../src/clients/aliyun-pds.js';
import { createClient as createKooDriveClient } from '../../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudioClient } from '../../../src/clients/huawei-metastudio.js';
import { createClient as createSmhClient } from '../../../src/clients/tencent-smh.js';
import { ApiError, DrivespecError } from '../../../src/core/errors.js';
import { hashSource, huaweiKooDriveHashFields, tencentSmhHashFields } from '../../../src/hashing/index.js';
import type { UploadProgress } from '../../../src/upload/types.js';
import { webUploadContent } from '../../upload/support/web-upload-content.js';

export interface ClientsPageConfig {
  url: string;
  /** An emulator that does not allow this page's origin. */
  closedUrl: string;
  /** Where the page sends a request with `Date` and `x-acs-date` set, to see which arrive. */
  echoUrl: string;
  credentials: {
    'aliyun-pds': { accessToken: string; accessKeyId: string; accessKeySecret: string };
    'huawei-metastudio': { ak: string; sk: string; projectId: string };
    'tencent-smh': { accessToken: string; libraryId: string };
    'huawei-koodrive': { accessToken: string; userId: string };
  };
  /** The seeded uploads, whose bytes are webUploadContent(size, seed). */
  pds: { driveId: string; fileId: string; uploadId: string; size: number; seed: number };
  metaStudio: { fileIds: [string, string] };
  smh: { confirmKeys: [string, string]; size: number; seed: number };
  koodrive: { fileIds: [string, string]; size: number; seed: number };
  uploads: Record<'tencent-smh' | 'aliyun-pds' | 'huawei-koodrive' | 'huawei-metastudio', { size: number; seed: number; partSize?: number }>;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Record<string, unknown> };

async function outcome(go: () => Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: true, value: (await go()) ?? null };
  } catch (error) {
    const e = error as ApiError & { cause?: unknown };
    return {
      ok: false,
      error: {
        name: e?.name,
        message: e?.message,
        status: e?.status,
        code: e?.code,
        isApiError: error instanceof ApiError,
        isDrivespecError: error instanceof DrivespecError,
        isBuiltInTypeError: error instanceof TypeError,
      },
    };
  }
}

const blob = (size: number, seed: number) => new Blob([webUploadContent(size, seed)]);

async function run(config: ClientsPageConfig) {
  const c = config.credentials;
  const common = { baseUrl: config.url, maxRetries: 0 };
  const pdsBearer = createPdsClient({ ...common, credentials: { accessToken: c['aliyun-pds'].accessToken } });
  const pdsKey = (signatureVersion: 'v1' | 'v4', accessKeySecret = c['aliyun-pds'].accessKeySecret) =>
    createPdsClient({ ...common, credentials: { accessKeyId: c['aliyun-pds'].accessKeyId, accessKeySecret, signatureVersion } });
  const meta = (sk: string) => createMetaStudioClient({ ...common, projectId: c['huawei-metastudio'].projectId, credentials: { ak: c['huawei-metastudio'].ak, sk } });
  const smh = createSmhClient({ ...common, libraryId: c['tencent-smh'].libraryId, credentials: { accessToken: c['tencent-smh'].accessToken } });
  const koo = createKooDriveClient({ ...common, credentials: c['huawei-koodrive'] });

  const pdsBlob = blob(config.pds.size, config.pds.seed);
  const smhBlob = blob(config.smh.size, config.smh.seed);
  const kooBlob = blob(config.koodrive.size, config.koodrive.seed);
  const smhCrc = (await tencentSmhHashFields(smhBlob)).crc64;
  const kooSha = (await huaweiKooDriveHashFields(kooBlob)).sha256;
  const p = config.pds;
  const getFile = { drive_id: p.driveId, file_id: p.fileId };

  const out = {
    hashes: { pdsCrc64: (await hashSource(pdsBlob, { algorithms: ['crc64'] })).crc64, smhCrc64: smhCrc, kooSha256: kooSha },
    pds: {
      bearerWrongCrc: await outcome(() => pdsBearer.completeFile({ body: { drive_id: p.driveId, file_id: p.fileId, upload_id: p.uploadId, crc64_hash: '1' } })),
      bearer: await outcome(async () => {
        const crc64 = (await hashSource(pdsBlob, { algorithms: ['crc64'] })).crc64;
        return pdsBearer.completeFile({ body: { drive_id: p.driveId, file_id: p.fileId, upload_id: p.uploadId, crc64_hash: crc64 } });
      }),
      wrongToken: await outcome(() => createPdsClient({ ...common, credentials: { accessToken: 'not-the-token' } }).getFile({ body: getFile })),
      acsV1: await outcome(() => pdsKey('v1').getFile({ body: getFile })),
      acsV4: await outcome(() => pdsKey('v4').getFile({ body: getFile })),
      acsV4WrongSecret: await outcome(() => pdsKey('v4', 'not-the-secret').getFile({ body: getFile })),
    },
    metaStudio: {
      akSk: await outcome(() => meta(c['huawei-metastudio'].sk).confirmFileUpload({ params: { path: { file_id: config.metaStudio.fileIds[0] } }, body: { state: 'CREATED' } })),
      wrongSk: await outcome(() => meta('not-the-secret-key').confirmFileUpload({ params: { path: { file_id: config.metaStudio.fileIds[1] } }, body: { state: 'CREATED' } })),
    },
    smh: {
      confirm: await outcome(() => smh.confirmUpload({ params: { path: { ConfirmKey: config.smh.confirmKeys[0] }, query: {} }, body: { crc64: smhCrc } })),
      // The CRC-64 of the Blob with its last decimal digit changed: a corrupted hash.
      corrupted: await outcome(() =>
        smh.confirmUpload({ params: { path: { ConfirmKey: config.smh.confirmKeys[1] }, query: {} }, body: { crc64: smhCrc.replace(/.$/, (d) => String((Number(d) + 1) % 10)) } }),
      ),
    },
    koodrive: {
      complete: await outcome(() => koo.completeFile({ body: { fileId: config.koodrive.fileIds[0], sha256: kooSha } })),
      corrupted: await outcome(() => koo.completeFile({ body: { fileId: config.koodrive.fileIds[1], sha256: kooSha.replace(/^./, (d) => (d === '0' ? '1' : '0')) } })),
    },
    uploads: {} as Record<string, { outcome: Outcome; progress: UploadProgress[] }>,
    refused: await outcome(() =>
      createSmhClient({ baseUrl: config.closedUrl, maxRetries: 0, libraryId: c['tencent-smh'].libraryId, credentials: { accessToken: c['tencent-smh'].accessToken } }).confirmUpload({
        params: { path: { ConfirmKey: 'never-confirmed' }, query: {} },
      }),
    ),
    dateTrap: await outcome(async () => {
      const r = await fetch(config.echoUrl, { method: 'POST', headers: { date: new Date().toUTCString(), 'x-acs-date': '2026-12-02T00:00:00Z' }, body: '{}' });
      return r.json();
    }),
  };

  const u = config.uploads;
  const withProgress = async (name: string, go: (onProgress: (p: UploadProgress) => void) => Promise<unknown>) => {
    const progress: UploadProgress[] = [];
    out.uploads[name] = { outcome: await outcome(() => go((x) => progress.push({ ...x }))), progress };
  };
  await withProgress('tencent-smh', (onProgress) =>
    smh.upload(new File([blob(u['tencent-smh'].size, u['tencent-smh'].seed)], 'page.bin'), { path: 'docs/page.bin' }, { partSize: u['tencent-smh'].partSize!, rapidUpload: false, onProgress }),
  );
  await withProgress('aliyun-pds', (onProgress) =>
    pdsBearer.upload(blob(u['aliyun-pds'].size, u['aliyun-pds'].seed), { drive_id: '1', parent_file_id: 'root', name: 'page.bin' }, { partSize: u['aliyun-pds'].partSize!, onProgress }),
  );
  await withProgress('huawei-koodrive', (onProgress) =>
    koo.upload(blob(u['huawei-koodrive'].size, u['huawei-koodrive'].seed), { parentFolder: 'root', fileName: 'page.bin' }, { partSize: u['huawei-koodrive'].partSize!, onProgress }),
  );
  await withProgress('huawei-metastudio', (onProgress) =>
    meta(c['huawei-metastudio'].sk).upload(
      blob(u['huawei-metastudio'].size, u['huawei-metastudio'].seed),
      { asset: { asset_name: 'page video', asset_type: 'VIDEO' }, file_name: 'clip.mp4', asset_file_category: 'MAIN' },
      { onProgress },
    ),
  );
  return out;
}

(globalThis as { drivespecPage?: unknown }).drivespecPage = { run };
