/**
 * What a page does with drivespec, bundled by test/upload/web-build.test.ts with
 * webPlatformPlugin (every src/platform module replaced by its .web.ts twin) and run in a child
 * `node` against the test's emulator: an upload() of a Blob or File to each provider with
 * progress, a hashSource of a Blob (all four algorithms and the extras, `worker: true`, which the
 * web build computes inline), then the file path refusals. Config in DRIVESPEC_WEB_TEST_CONFIG
 * (not argv: a failing child's command line would carry the credentials); prints one JSON line.
 */
import { createClient as createPdsClient } from '../../../src/clients/aliyun-pds.js';
import { createClient as createKooDriveClient } from '../../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudioClient } from '../../../src/clients/huawei-metastudio.js';
import { createClient as createSmhClient } from '../../../src/clients/tencent-smh.js';
import { DrivespecError, InputError } from '../../../src/core/errors.js';
import { hashSource } from '../../../src/hashing/index.js';
import { digestImplementation } from '../../../src/platform/digest.js';
import { filePathsSupported } from '../../../src/platform/files.js';
import type { UploadProgress } from '../../../src/upload/types.js';
import { WEB_HASHED, WEB_UPLOADS, webUploadContent } from './web-upload-content.js';

interface Config {
  url: string;
  now: string;
  credentials: {
    'aliyun-pds': { accessToken: string };
    'tencent-smh': { accessToken: string; libraryId: string };
    'huawei-koodrive': { accessToken: string; userId: string };
    'huawei-metastudio': { token: string; projectId: string };
  };
  /** A file that exists, for the refusals. */
  filePath: string;
}

const config = JSON.parse(process.env.DRIVESPEC_WEB_TEST_CONFIG!) as Config;
const now = () => new Date(config.now);
const common = { baseUrl: config.url, now, maxRetries: 0 };
const blobOf = (provider: keyof typeof WEB_UPLOADS) => {
  const { size, seed } = WEB_UPLOADS[provider];
  return new Blob([webUploadContent(size, seed)]);
};

async function run(provider: keyof typeof WEB_UPLOADS, go: (progress: (p: UploadProgress) => void) => Promise<unknown>) {
  const progress: UploadProgress[] = [];
  const result = await go((p) => progress.push({ ...p }));
  return { result, progress };
}

function described(error: unknown) {
  return {
    name: (error as Error).name,
    message: (error as Error).message,
    isInputError: error instanceof InputError,
    isDrivespecError: error instanceof DrivespecError,
  };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return described(error);
  }
  return { resolved: true };
}

const c = config.credentials;
const smh = createSmhClient({ ...common, libraryId: c['tencent-smh'].libraryId, credentials: { accessToken: c['tencent-smh'].accessToken } });
const pds = createPdsClient({ ...common, credentials: { accessToken: c['aliyun-pds'].accessToken } });
const koo = createKooDriveClient({ ...common, credentials: c['huawei-koodrive'] });
const meta = createMetaStudioClient({ ...common, projectId: c['huawei-metastudio'].projectId, credentials: { token: c['huawei-metastudio'].token } });

const out = {
  platform: { digestImplementation, filePathsSupported },
  uploads: {
    'tencent-smh': await run('tencent-smh', (onProgress) =>
      smh.upload(new File([blobOf('tencent-smh')], 'pattern.bin'), { path: 'docs/web.bin' }, { partSize: WEB_UPLOADS['tencent-smh'].partSize, rapidUpload: false, onProgress }),
    ),
    'aliyun-pds': await run('aliyun-pds', (onProgress) =>
      pds.upload(blobOf('aliyun-pds'), { drive_id: '1', parent_file_id: 'root', name: 'web.bin' }, { partSize: WEB_UPLOADS['aliyun-pds'].partSize, onProgress }),
    ),
    'huawei-koodrive': await run('huawei-koodrive', (onProgress) =>
      koo.upload(blobOf('huawei-koodrive'), { parentFolder: 'root', fileName: 'web.bin' }, { partSize: WEB_UPLOADS['huawei-koodrive'].partSize, onProgress }),
    ),
    'huawei-metastudio': await run('huawei-metastudio', (onProgress) =>
      meta.upload(
        blobOf('huawei-metastudio'),
        { asset: { asset_name: 'web video', asset_type: 'VIDEO' }, file_name: 'clip.mp4', asset_file_category: 'MAIN' },
        { onProgress },
      ),
    ),
  },
  hashes: await hashSource(new Blob([webUploadContent(WEB_HASHED.size, WEB_HASHED.seed)]), {
    algorithms: ['crc64', 'sha1', 'sha256', 'md5'],
    extras: ['sha1First1KiB', 'sha256First1MiB', 'sha256MiBChain'],
    worker: true,
  }),
  refusals: {
    uploadPath: await refusal(pds.upload(config.filePath, { drive_id: '1', parent_file_id: 'root', name: 'path.bin' })),
    uploadFileUrl: await refusal(smh.upload(new URL(`file://${config.filePath}`), { path: 'docs/url.bin' })),
    hashSourcePath: await refusal(hashSource(config.filePath)),
  },
};
process.stdout.write(JSON.stringify(out) + '\n');
