/**
 * PDS's whole upload against the emulator (CONTRACTS.md §3), through the public client and
 * `ctx.fetch` for the byte PUTs (shared/docs/upload/aliyun-pds-upload.md, "The flow in one screen"):
 *
 * - `upload`: CreateFile (parallel, 4 parts, each part's `parallel_sha1_ctx`, `content_hash`) →
 *   PUT the parts with an empty Content-Type → CompleteFile (`crc64_hash`) → GetFile, whose
 *   SHA-1 must be node:crypto's of the content;
 * - `corrupted-part`: one byte of part 2 flipped on the way: CompleteFile must be refused with
 *   400 `InvalidParameter` (`AliyunPdsApiError`) and the file must stay unreadable;
 * - `instant-upload`: content already stored (seeded, no byte sent) → CreateFile with `pre_hash`
 *   → 409 `PreHashMatched` → CreateFile with `content_hash` → `rapid_upload: true`, and no byte
 *   sent to storage in the whole flow.
 */
import { createHash } from 'node:crypto';
import { createClient, type AliyunPdsClient } from '../../clients/aliyun-pds.js';
import { ApiError } from '../../core/errors.js';
import { aliyunPdsHashFields } from '../../hashing/index.js';
import { boundedStorageText } from './storage-answer.js';
import { FlowFailure, type FlowContext, type UploadFlow } from './types.js';

/** A part size that is a multiple of 64 (parallel mode; aliyun-pds-js-sdk ChunkUtil). */
const PART_SIZE = 64 * 1024;
/** Four parts, the last one short. */
const SIZE = 3 * PART_SIZE + 4321;

const sha1Upper = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex').toUpperCase();
const md5Hex = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

function client(ctx: FlowContext): AliyunPdsClient {
  const credentials = ctx.emulator.credentials['aliyun-pds'];
  return createClient({ baseUrl: ctx.emulator.url, credentials: { accessToken: credentials.accessToken }, fetch: ctx.fetch, maxRetries: 0 });
}

function fail(reason: string): never {
  throw new FlowFailure(reason);
}

/** The ApiError a call must end with, or a FlowFailure saying what happened instead. */
async function refusal(what: string, call: Promise<unknown>): Promise<ApiError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof ApiError) return error;
    fail(`${what} failed without a provider answer: ${error instanceof Error ? error.message : String(error)}`);
  }
  return fail(`${what} succeeded; it must be refused`);
}

/** CreateFile for `content` in four parallel parts, with every hash a client declares. */
async function startUpload(ctx: FlowContext, pds: AliyunPdsClient, content: Uint8Array, name: string) {
  const fields = await aliyunPdsHashFields(content, { partSize: PART_SIZE });
  const created = await pds.createFile({
    body: {
      drive_id: '1',
      parent_file_id: 'root',
      name,
      type: 'file',
      size: fields.size,
      content_hash: fields.content_hash,
      content_hash_name: 'sha1',
      parallel_upload: true,
      part_info_list: fields.part_info_list ?? fail('the hasher gave no part_info_list'),
    },
  }, { signal: ctx.signal });
  if (created.rapid_upload) fail('CreateFile answered rapid_upload for content the emulator cannot know');
  const parts = created.part_info_list ?? [];
  const expected = Math.ceil(content.length / PART_SIZE);
  if (parts.length !== expected) fail(`CreateFile returned ${parts.length} part URLs for ${expected} parts`);
  if (!created.upload_id) fail('CreateFile returned no upload_id');
  return { created: { ...created, upload_id: created.upload_id }, parts, fields };
}

/** PUTs one part as the SDKs do (empty Content-Type) and checks the 200 and its ETag. */
async function putPart(ctx: FlowContext, url: string | undefined, partNumber: number, bytes: Uint8Array, expectedEtagOf: Uint8Array = bytes) {
  if (!url) fail(`part ${partNumber} has no upload_url`);
  const res = await ctx.fetch(url, { method: 'PUT', body: bytes as Uint8Array<ArrayBuffer>, headers: { 'content-type': '' }, signal: ctx.signal });
  const text = await boundedStorageText(res);
  // Only the error code: OSS's SignatureDoesNotMatch echoes SignatureProvided and StringToSign, which a report must not show.
  const code = /<Code>([A-Za-z0-9._-]{1,64})<\/Code>/.exec(text)?.[1];
  if (res.status !== 200) fail(`the PUT of part ${partNumber} answered HTTP ${res.status}${code ? ` ${code}` : ''}`);
  const etag = res.headers.get('etag');
  if (etag !== `"${md5Hex(expectedEtagOf)}"`) fail(`the PUT of part ${partNumber} answered ETag ${String(etag)}, not the quoted MD5 of its bytes`);
}

const partBytes = (content: Uint8Array, partNumber: number) => content.subarray((partNumber - 1) * PART_SIZE, Math.min(partNumber * PART_SIZE, content.length));

async function upload(ctx: FlowContext): Promise<void> {
  const pds = client(ctx);
  const content = ctx.content(SIZE);
  const { created, parts, fields } = await startUpload(ctx, pds, content, 'drivespec-flow-upload.bin');
  for (const part of parts) await putPart(ctx, part.upload_url, part.part_number, partBytes(content, part.part_number));
  if (ctx.storageBytesSent() !== content.length) fail(`${ctx.storageBytesSent()} bytes went to storage for a ${content.length}-byte file`);
  const done = await pds.completeFile({ body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id, crc64_hash: fields.crc64_hash } }, { signal: ctx.signal });
  if (done.status !== 'available') fail(`CompleteFile answered status ${String(done.status)}`);
  const file = await pds.getFile({ body: { drive_id: '1', file_id: created.file_id } }, { signal: ctx.signal });
  const sha1 = sha1Upper(content);
  if (file.content_hash !== sha1) fail(`GetFile reports content_hash ${String(file.content_hash)}; node:crypto's SHA-1 of the content is ${sha1}`);
  if (file.size !== content.length) fail(`GetFile reports size ${String(file.size)} for ${content.length} bytes`);
  if (file.crc64_hash !== fields.crc64_hash) fail(`GetFile reports crc64_hash ${String(file.crc64_hash)}; the content's is ${fields.crc64_hash}`);
}

async function corruptedPart(ctx: FlowContext): Promise<void> {
  const pds = client(ctx);
  const content = ctx.content(SIZE, 2);
  const { created, parts } = await startUpload(ctx, pds, content, 'drivespec-flow-corrupted.bin');
  for (const part of parts) {
    const bytes = partBytes(content, part.part_number);
    // One bit of part 2 flipped on the way: storage stores what it got (its ETag is of those bytes).
    const sent = part.part_number === 2 ? bytes.map((b, i) => (i === 1000 ? b ^ 0x01 : b)) : bytes;
    await putPart(ctx, part.upload_url, part.part_number, sent);
  }
  const error = await refusal('CompleteFile of an upload with a corrupted part', pds.completeFile({
    body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id },
  }, { signal: ctx.signal }));
  if (error.status !== 400 || error.code !== 'InvalidParameter') {
    fail(`CompleteFile was refused with HTTP ${error.status} ${String(error.code)}; the spec documents 400 InvalidParameter`);
  }
  const lookup = await refusal('GetFile of the refused upload', pds.getFile({ body: { drive_id: '1', file_id: created.file_id } }, { signal: ctx.signal }));
  if (lookup.code !== 'NotFound') fail(`GetFile of the refused upload answered ${String(lookup.code)}, not NotFound`);
}

async function instantUpload(ctx: FlowContext): Promise<void> {
  const pds = client(ctx);
  const content = ctx.content(SIZE, 3);
  // The content the service already stores: seeded and completed, no byte through storage.
  ctx.emulator.seed.pdsUpload({ driveId: '1', fileId: 'drivespec-flow-original', uploadId: 'drivespec-flow-original-upload', content });
  await pds.completeFile({ body: { drive_id: '1', file_id: 'drivespec-flow-original', upload_id: 'drivespec-flow-original-upload' } }, { signal: ctx.signal });

  const fields = await aliyunPdsHashFields(content, { preHash: true });
  const base = { drive_id: '1', parent_file_id: 'root', name: 'drivespec-flow-instant.bin', type: 'file' as const, size: fields.size };
  const matched = await refusal('CreateFile with the pre_hash of stored content', pds.createFile({ body: { ...base, pre_hash: fields.pre_hash! } }, { signal: ctx.signal }));
  if (matched.status !== 409 || matched.code !== 'PreHashMatched') {
    fail(`CreateFile with a matching pre_hash answered HTTP ${matched.status} ${String(matched.code)}, not 409 PreHashMatched`);
  }
  const rapid = await pds.createFile({ body: { ...base, content_hash: fields.content_hash, content_hash_name: 'sha1' } }, { signal: ctx.signal });
  if (rapid.rapid_upload !== true) fail(`CreateFile with the stored content's content_hash answered rapid_upload ${String(rapid.rapid_upload)}`);
  if (rapid.part_info_list?.length) fail('a rapid upload handed out part URLs');
  const file = await pds.getFile({ body: { drive_id: '1', file_id: rapid.file_id } }, { signal: ctx.signal });
  if (file.content_hash !== sha1Upper(content) || file.size !== content.length) {
    fail(`GetFile of the rapid upload reports ${String(file.content_hash)} / ${String(file.size)}; node:crypto says ${sha1Upper(content)} / ${content.length}`);
  }
  if (ctx.storageBytesSent() !== 0) fail(`${ctx.storageBytesSent()} bytes went to storage during an instant upload`);
}

export const flows: readonly UploadFlow[] = [
  {
    provider: 'aliyun-pds',
    name: 'upload',
    description: 'CreateFile (4 parallel parts with parallel_sha1_ctx) → PUT parts → CompleteFile → GetFile reports the content’s SHA-1 and CRC-64',
    run: upload,
  },
  {
    provider: 'aliyun-pds',
    name: 'corrupted-part',
    description: 'a part whose bytes differ from the declared hashes: CompleteFile refused with 400 InvalidParameter, the file not readable',
    run: corruptedPart,
  },
  {
    provider: 'aliyun-pds',
    name: 'instant-upload',
    description: 'pre_hash → 409 PreHashMatched → content_hash → rapid_upload true, with no byte sent to storage',
    run: instantUpload,
  },
];
