/**
 * Confirm a Tencent SMH upload with the CRC-64 of the file that was uploaded; SMH answers 400
 * `BadCrc64` if the stored bytes differ.
 *
 *   SMH_ACCESS_TOKEN=... SMH_LIBRARY_ID=... SMH_CONFIRM_KEY=... node smh-confirm-upload.js ./report.docx
 *
 * SMH_BASE_URL: a library's own host, or `drivespec emulate`; https://api.tencentsmh.cn otherwise.
 */
import { createClient } from 'drivespec/tencent-smh';
import { tencentSmhHashFields } from 'drivespec/hashing';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

const file = process.argv[2];
if (!file) throw new Error('usage: smh-confirm-upload FILE');

const smh = createClient({
  ...(process.env.SMH_BASE_URL ? { baseUrl: process.env.SMH_BASE_URL } : {}),
  libraryId: env('SMH_LIBRARY_ID'),
  credentials: { accessToken: env('SMH_ACCESS_TOKEN') },
});

const confirmed = await smh.confirmUpload({
  params: {
    path: { ConfirmKey: env('SMH_CONFIRM_KEY') },
    query: { conflict_resolution_strategy: 'rename' },
  },
  body: await tencentSmhHashFields(file),
});

// `path` is null when the file's folder was deleted meanwhile (see the errata for its type).
console.log(`stored as ${confirmed.path?.join('/') ?? confirmed.name} (${confirmed.size} bytes, crc64 ${confirmed.crc64})`);
