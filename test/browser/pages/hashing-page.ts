/**
 * The `drivespec/hashing` page (its source, src/hashing/index.ts, as the package's
 * `drivespec-source` condition maps it), bundled for the browser by test/browser/hashing.slow.test.ts:
 * hashes a Blob made in the page with every algorithm and extra (progress reported), the SMH and
 * KooDrive hash fields of it, a CRC-64 streamed from `Blob.stream()`, and two inputs that must be
 * errors (a file path, an unknown algorithm). Returns JSON; the test checks every value against
 * node:crypto and crc64-ecma182.js.
 */
import { DrivespecError } from '../../../src/core/errors.js';
import { Crc64, hashSource, huaweiKooDriveHashFields, tencentSmhHashFields } from '../../../src/hashing/index.js';
import { webUploadContent } from '../../upload/support/web-upload-content.js';

interface Config {
  size: number;
  seed: number;
}

function described(error: unknown) {
  return { name: (error as Error)?.name, message: (error as Error)?.message, isDrivespecError: error instanceof DrivespecError };
}

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
    return { resolved: true };
  } catch (error) {
    return described(error);
  }
}

async function run({ size, seed }: Config) {
  const blob = new Blob([webUploadContent(size, seed)], { type: 'application/octet-stream' });
  const progress: number[] = [];
  const hashes = await hashSource(blob, {
    algorithms: ['crc64', 'sha1', 'sha256', 'md5'],
    extras: ['sha1First1KiB', 'sha256First1MiB', 'sha256MiBChain'],
    onProgress: (n) => progress.push(n),
  });
  const streamed = new Crc64();
  const reader = blob.stream().getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) streamed.update(r.value);
  return {
    environment: {
      hasProcess: typeof (globalThis as { process?: unknown }).process !== 'undefined',
      secureContext: globalThis.isSecureContext,
      userAgent: navigator.userAgent,
    },
    hashes,
    progress,
    smh: await tencentSmhHashFields(blob, { instantUpload: true }),
    koodrive: await huaweiKooDriveHashFields(new File([blob], 'a.bin'), { partSize: 1 << 20 }),
    streamedCrc64: streamed.digest(),
    failures: {
      path: await failure(hashSource('/etc/hostname')),
      algorithm: await failure(hashSource(blob, { algorithms: ['crc32' as 'crc64'] })),
    },
  };
}

(globalThis as { drivespecPage?: unknown }).drivespecPage = { run };
