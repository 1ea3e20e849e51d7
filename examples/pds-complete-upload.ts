/**
 * Complete an Alibaba PDS upload, sending the file's CRC-64 so the service checks the upload, then
 * compare the SHA-1 the service computed with our own.
 *
 *   PDS_DOMAIN_ID=... PDS_ACCESS_TOKEN=... PDS_DRIVE_ID=... PDS_FILE_ID=... PDS_UPLOAD_ID=... \
 *     node pds-complete-upload.js ./movie.mov
 *
 * PDS_BASE_URL replaces the host built from the domain id (a proxy, or `drivespec emulate`).
 */
import { AliyunPdsApiError, createClient } from 'drivespec/aliyun-pds';
import { aliyunPdsHashFields } from 'drivespec/hashing';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

const file = process.argv[2];
if (!file) throw new Error('usage: pds-complete-upload FILE');

const pds = createClient({
  ...(process.env.PDS_BASE_URL ? { baseUrl: process.env.PDS_BASE_URL } : { domainId: env('PDS_DOMAIN_ID') }),
  credentials: { accessToken: env('PDS_ACCESS_TOKEN') },
});

// One pass over the file: CRC-64/XZ as the decimal string PDS expects, SHA-1 in upper-case hex.
const hashes = await aliyunPdsHashFields(file);

try {
  const completed = await pds.completeFile({
    body: {
      drive_id: env('PDS_DRIVE_ID'),
      file_id: env('PDS_FILE_ID'),
      upload_id: env('PDS_UPLOAD_ID'),
      crc64_hash: hashes.crc64_hash,
    },
  });
  if (completed.content_hash && completed.content_hash !== hashes.content_hash) {
    throw new Error(`PDS stored SHA-1 ${completed.content_hash}, the local file has ${hashes.content_hash}`);
  }
  console.log(`completed ${completed.name}: ${completed.size} bytes, crc64 ${completed.crc64_hash}`);
} catch (error) {
  // PDS answers a CRC mismatch with an error code; everything else goes to the caller.
  if (error instanceof AliyunPdsApiError) {
    console.error(`PDS refused the upload: HTTP ${error.status} ${error.code ?? ''} (request ${error.requestId ?? 'n/a'})`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
