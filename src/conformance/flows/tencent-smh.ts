/**
 * The tencent-smh upload flows (issue 11; docs/upload/tencent-smh-upload.md): start a multipart
 * upload, PUT the parts to the COS target with exactly the returned headers, read the status,
 * confirm with the whole file's CRC-64; a corrupted part must be refused; an instant upload must
 * create the file without sending a byte.
 *
 * The content is the fact sheet's 2.5 MiB pattern `bytes(range(256)) * 10240`, whose digests come
 * from Python (hashlib, and test/hashing/vectors/crc64_bitwise.py's bit-at-a-time CRC-64/XZ), not
 * from drivespec: the emulator computes them from the bytes it stored with drivespec/hashing, so a
 * flow that computed its expectations with the same code would prove nothing.
 */
import { createHash } from 'node:crypto';
import { ApiError } from '../../core/errors.js';
import { createClient, type components, type TencentSmhClient } from '../../clients/tencent-smh.js';
import { FlowFailure, type FlowContext, type UploadFlow } from './types.js';
import { boundedStorageText, storageErrorSummary } from './storage-answer.js';

type UploadInfo = components['schemas']['UploadInfo'];

const MiB = 1 << 20;

/** The 2.5 MiB pattern and its digests (Python 3; the fact sheet's VERIFIED-LOCAL SMH vectors). */
const PATTERN = {
  size: 2_621_440,
  crc64: '13793287722876168930',
  md5: '6e7cc9c38d17742b0dca4b8f8932ec0f',
  beginningHash: 'fbbab289f7f94b25736c58be46a994c441fd02552cc6022352e3d86d2fab7c83',
  fullHash: '92389183bfa175b31cffad45018aa7e19b8bae611a76b2f59ee31c0e08f08139',
};

function patternBytes(): Uint8Array {
  const out = new Uint8Array(PATTERN.size);
  for (let i = 0; i < out.length; i++) out[i] = i & 0xff;
  return out;
}

/** Three parts: 1 MiB, 1 MiB, 0.5 MiB (SMH takes no part list at confirm: they must be contiguous). */
function partsOf(bytes: Uint8Array): Uint8Array[] {
  return [bytes.subarray(0, MiB), bytes.subarray(MiB, 2 * MiB), bytes.subarray(2 * MiB)];
}

function clientFor(ctx: FlowContext): TencentSmhClient<true> {
  const c = ctx.emulator.credentials['tencent-smh'];
  return createClient({ baseUrl: ctx.emulator.url, fetch: ctx.fetch, maxRetries: 0, libraryId: c.libraryId, credentials: { accessToken: c.accessToken } });
}

function check(condition: boolean, reason: string): asserts condition {
  if (!condition) throw new FlowFailure(reason);
}

const md5Hex = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/**
 * PUT to the COS target (`{domain}{path}`, `?uploadId=…&partNumber=n` for a part) with exactly the
 * returned headers. The emulator's COS is on its own origin, so its scheme is used (a real target
 * is `https://`, x-drivespec-transfer).
 */
async function putToCos(ctx: FlowContext, info: UploadInfo, body: Uint8Array, partNumber?: number, extra: Record<string, string> = {}): Promise<Response> {
  const scheme = new URL(ctx.emulator.url).protocol;
  const path = info.path.startsWith('/') ? info.path : `/${info.path}`;
  const query = partNumber === undefined ? '' : `?uploadId=${encodeURIComponent(String(info.uploadId))}&partNumber=${partNumber}`;
  const headers = Object.fromEntries(Object.entries(info.headers).map(([name, value]) => [name, String(value)]));
  return ctx.fetch(`${scheme}//${info.domain}${path}${query}`, {
    method: 'PUT',
    headers: { ...headers, ...extra },
    body: body as Uint8Array<ArrayBuffer>,
    signal: ctx.signal,
  });
}

async function putPart(ctx: FlowContext, info: UploadInfo, body: Uint8Array, partNumber: number): Promise<void> {
  const r = await putToCos(ctx, info, body, partNumber);
  const text = await boundedStorageText(r);
  check(r.status === 200, `part ${partNumber}: COS answered HTTP ${r.status} (${storageErrorSummary(text, 'COS')}), not 200`);
  const etag = r.headers.get('etag');
  check(etag === `"${md5Hex(body)}"`, `part ${partNumber}: ETag ${String(etag)} is not the quoted MD5 of the part`);
}

async function startMultipart(ctx: FlowContext, smh: TencentSmhClient<true>, FilePath: string) {
  const info = await smh.initMultipartUpload({ params: { path: { FilePath } } }, { signal: ctx.signal });
  check(typeof info.uploadId === 'string' && typeof info.confirmKey === 'string', 'InitMultipartUpload answered no uploadId or confirmKey');
  return info;
}

/** Multipart upload of the pattern to `FilePath`, confirmed with its CRC-64; checks what confirm reports. */
async function uploadPattern(ctx: FlowContext, smh: TencentSmhClient<true>, FilePath: string): Promise<void> {
  const info = await startMultipart(ctx, smh, FilePath);
  const parts = partsOf(patternBytes());
  for (const [i, part] of parts.entries()) await putPart(ctx, info, part, i + 1);

  const status = await smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } }, { signal: ctx.signal });
  const listed = (status.parts ?? []).map((p) => `${p.PartNumber}:${p.Size}`).join(',');
  check(listed === parts.map((p, i) => `${i + 1}:${p.length}`).join(','), `GetUploadStatus lists parts ${listed || 'none'}, not the three sent`);
  check(status.confirmed === false, 'GetUploadStatus says confirmed before ConfirmUpload');

  const file = await smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } }, { signal: ctx.signal });
  check(file.size === String(PATTERN.size), `ConfirmUpload reports size ${file.size}, not ${PATTERN.size}`);
  check(file.crc64 === PATTERN.crc64, `ConfirmUpload reports crc64 ${file.crc64}, not the file's ${PATTERN.crc64}`);
  check(file.eTag === `"${PATTERN.md5}"`, `ConfirmUpload reports eTag ${file.eTag}, not the file's MD5`);
  check(JSON.stringify(file.path) === JSON.stringify(FilePath.split('/')), `ConfirmUpload put the file at ${JSON.stringify(file.path)}`);
}

/**
 * What an answer was, for a failure reason: its field names only. An upload start's answer holds
 * COS credentials (`headers`: an Authorization signature, x-cos-security-token); a reason that
 * quoted it, even cut short, could carry part of a token past the report's scrubber.
 */
function shapeOf(answer: unknown): string {
  if (answer === undefined) return 'no body';
  if (answer === null || typeof answer !== 'object') return typeof answer;
  return `an object with ${Object.keys(answer).sort().join(', ') || 'no fields'}`;
}

/** `run` must throw the typed ApiError with `code`; anything else (a success above all) fails the flow. */
async function expectApiError(what: string, code: string, status: number, run: () => Promise<unknown>): Promise<void> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof ApiError && error.code === code && error.status === status) return;
    const got = error instanceof ApiError ? `ApiError HTTP ${error.status} ${String(error.code)}` : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    throw new FlowFailure(`${what}: expected ApiError HTTP ${status} ${code}, got ${got}`);
  }
  throw new FlowFailure(`${what}: succeeded (${shapeOf(result)}); expected ApiError HTTP ${status} ${code}`);
}

export const flows: readonly UploadFlow[] = [
  {
    provider: 'tencent-smh',
    name: 'upload',
    description:
      'multipart upload of 2.5 MiB in 3 parts to COS with the returned headers; status lists the parts; confirm with the Python-computed crc64 reports the file’s size, crc64 and MD5',
    async run(ctx) {
      const smh = clientFor(ctx);
      await uploadPattern(ctx, smh, 'drivespec-flows/upload.bin');
      check(ctx.storageBytesSent() === PATTERN.size, `sent ${ctx.storageBytesSent()} bytes to storage, not the file's ${PATTERN.size}`);
    },
  },
  {
    provider: 'tencent-smh',
    name: 'corrupted-part',
    description:
      'a part whose bytes do not match its Content-MD5 is refused by COS (400 BadDigest); a part stored corrupted makes confirm with the file’s crc64 fail with ApiError 400 BadCrc64',
    async run(ctx) {
      const smh = clientFor(ctx);
      const info = await startMultipart(ctx, smh, 'drivespec-flows/corrupted.bin');
      const parts = partsOf(patternBytes());
      const corrupted = new Uint8Array(parts[1]!);
      corrupted[12345] ^= 0x01;

      // The storage checks a declared Content-MD5 against the bytes it received.
      const declared = createHash('md5').update(parts[1]!).digest('base64');
      const refused = await putToCos(ctx, info, corrupted, 2, { 'Content-MD5': declared });
      const text = await boundedStorageText(refused);
      check(refused.status === 400 && /<Code>BadDigest<\/Code>/.test(text), `a part not matching its Content-MD5 got HTTP ${refused.status} (${storageErrorSummary(text, 'COS')}), not 400 BadDigest`);

      // Without Content-MD5 the corrupted part is stored; the whole file's crc64 catches it at confirm.
      await putPart(ctx, info, parts[0]!, 1);
      await putPart(ctx, info, corrupted, 2);
      await putPart(ctx, info, parts[2]!, 3);
      await expectApiError('ConfirmUpload of a corrupted upload with the file’s crc64', 'BadCrc64', 400, () =>
        smh.confirmUpload({ params: { path: { ConfirmKey: info.confirmKey } }, body: { crc64: PATTERN.crc64 } }, { signal: ctx.signal }),
      );
      // Nothing was completed: the upload is still open, not a file.
      const status = await smh.getUploadStatus({ params: { path: { ConfirmKey: info.confirmKey } } }, { signal: ctx.signal });
      check(status.confirmed === false, 'the refused upload reads confirmed');
    },
  },
  {
    provider: 'tencent-smh',
    name: 'instant-upload',
    description:
      'after the file is stored once, InitUpload with its beginningHash answers 202, then with fullHash and size creates the copy (no confirm) without sending a byte',
    async run(ctx) {
      const smh = clientFor(ctx);
      await uploadPattern(ctx, smh, 'drivespec-flows/original.bin');
      const sentBefore = ctx.storageBytesSent();

      const target = 'drivespec-flows/instant-copy.bin';
      const first = await smh.initUpload(
        { params: { path: { FilePath: target } }, body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash } },
        { signal: ctx.signal },
      );
      // 202 has no body: the client resolves undefined; upload information (a confirmKey) means no match.
      check(first === undefined, `InitUpload with the stored file's beginningHash answered ${shapeOf(first)}, not 202`);
      const second = await smh.initUpload(
        { params: { path: { FilePath: target } }, body: { size: PATTERN.size, beginningHash: PATTERN.beginningHash, fullHash: PATTERN.fullHash } },
        { signal: ctx.signal },
      );
      check(second !== undefined && !('confirmKey' in second), `InitUpload with fullHash answered ${shapeOf(second)}, not the file information`);
      const file = second as components['schemas']['InstantUploadFileInfo'];
      check(JSON.stringify(file.path) === JSON.stringify(target.split('/')), `the instant upload created ${JSON.stringify(file.path)}`);
      check(file.size === String(PATTERN.size) && file.crc64 === PATTERN.crc64, `the instant copy reports size ${String(file.size)}, crc64 ${String(file.crc64)}`);
      check(ctx.storageBytesSent() === sentBefore, `the instant upload sent ${ctx.storageBytesSent() - sentBefore} bytes to storage`);
    },
  },
];
