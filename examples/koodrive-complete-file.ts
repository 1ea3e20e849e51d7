/**
 * Ask Huawei KooDrive to check and complete an uploaded file, with the SHA-256 of the local copy.
 *
 *   KOODRIVE_BASE_URL=https://... KOODRIVE_ACCESS_TOKEN=... KOODRIVE_USER_ID=... KOODRIVE_FILE_ID=... \
 *     node koodrive-complete-file.js ./photo.jpg
 *
 * KooDrive documents no public host for its carrier API: the base URL is required.
 */
import { createClient, HuaweiKooDriveApiError } from 'drivespec/huawei-koodrive';
import { huaweiKooDriveHashFields } from 'drivespec/hashing';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

const file = process.argv[2];
if (!file) throw new Error('usage: koodrive-complete-file FILE');

const koodrive = createClient({
  baseUrl: env('KOODRIVE_BASE_URL'),
  // X-Date is stamped from the clock on every attempt, so retries stay inside the 15-minute window.
  credentials: { accessToken: env('KOODRIVE_ACCESS_TOKEN'), userId: env('KOODRIVE_USER_ID') },
});

const { sha256 } = await huaweiKooDriveHashFields(file);
try {
  const answer = await koodrive.completeFile({ body: { fileId: env('KOODRIVE_FILE_ID'), sha256 } });
  console.log(`complete: code ${answer.code}, ${answer.msg}`);
} catch (error) {
  if (error instanceof HuaweiKooDriveApiError && error.code === '13000402') {
    console.error('KooDrive: the uploaded data does not match the local file (integrity check failed)');
    process.exitCode = 1;
  } else {
    throw error;
  }
}
