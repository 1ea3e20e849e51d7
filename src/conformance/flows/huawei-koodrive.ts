/**
 * Huawei KooDrive's whole upload against the emulator (specs/huawei-koodrive.yaml): CreateFile
 * with the file's `sha256` and its parts (`hashCtx`, the SHA-256 state before each part), the
 * byte PUT to each presigned link, CompleteFile. The hashes come from `drivespec/hashing`; the
 * whole-file SHA-256 is checked against node:crypto before anything is sent, so a hashing bug
 * cannot pass as a conformant upload.
 */
import { createHash } from 'node:crypto';
import { createClient, type HuaweiKooDriveClient } from '../../clients/huawei-koodrive.js';
import { ApiError } from '../../core/errors.js';
import { huaweiKooDriveHashFields, type HuaweiKooDrivePartHash } from '../../hashing/index.js';
import { FlowFailure, type FlowContext, type UploadFlow } from './types.js';
import { boundedStorageText, storageErrorSummary } from './storage-answer.js';

const MiB = 1024 * 1024;
/** KooDrive's minimum part size (every part but the last): three parts of it make the upload flow. */
const PART_SIZE = 5 * MiB;
/** CompleteFile's answer when the stored bytes are not the declared file (specs/huawei-koodrive.yaml, 400). */
const CHECK_FAILED = '13000402';

function clientOf(ctx: FlowContext): HuaweiKooDriveClient {
  const credentials = ctx.emulator.credentials['huawei-koodrive'];
  return createClient({ baseUrl: ctx.emulator.url, credentials, fetch: ctx.fetch, maxRetries: 0, ...(ctx.now ? { now: ctx.now } : {}) });
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const md5Of = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** The file's sha256 and parts, the sha256 checked against node:crypto. */
async function hashFields(content: Uint8Array) {
  const fields = await huaweiKooDriveHashFields(content, { partSize: PART_SIZE });
  const expected = sha256Of(content);
  if (fields.sha256 !== expected) throw new FlowFailure(`drivespec/hashing gave sha256 ${fields.sha256}, node:crypto ${expected}`);
  if (!fields.multiParts) throw new FlowFailure('drivespec/hashing gave no parts for a partSize');
  return { sha256: fields.sha256, multiParts: fields.multiParts };
}

async function createUpload(ctx: FlowContext, client: HuaweiKooDriveClient, name: string, size: number, sha256: string, multiParts: HuaweiKooDrivePartHash[]) {
  const created = await client.createFile(
    { body: { fileName: name, fileType: '45', parentFolder: ['root'], length: size, uploadMode: 'multipart', sha256, multiParts } },
    { signal: ctx.signal },
  );
  if (created.rapidUpload === true) throw new FlowFailure('CreateFile answered a flash upload for content the emulator had never stored');
  const links = created.multiParts ?? [];
  if (links.length !== multiParts.length || links.some((l, i) => l.partNumber !== multiParts[i]!.partNumber)) {
    throw new FlowFailure(`CreateFile gave links for parts [${links.map((l) => l.partNumber).join(', ')}], asked for ${multiParts.length}`);
  }
  return { fileId: created.fileId, links };
}

/** PUTs each part to its link; each must answer 200 with the part's MD5 as ETag (the S3 UploadPart answer). */
async function putParts(ctx: FlowContext, content: Uint8Array, parts: HuaweiKooDrivePartHash[], links: { uploadUrl: string }[], corrupt?: number) {
  for (const [i, part] of parts.entries()) {
    let bytes = content.subarray(part.partOffset, part.partOffset + part.partSize);
    if (part.partNumber === corrupt) {
      // One bit flipped in transit: the storage accepts the PUT (the link signs no content hash);
      // CompleteFile must find the file's SHA-256 is not the declared one.
      bytes = Uint8Array.from(bytes);
      bytes[bytes.length >> 1]! ^= 1;
    }
    // A view of the content's ArrayBuffer (TypeScript's BodyInit wants the ArrayBuffer-backed type).
    const response = await ctx.fetch(links[i]!.uploadUrl, { method: 'PUT', body: bytes as Uint8Array<ArrayBuffer>, signal: ctx.signal });
    const text = await boundedStorageText(response);
    if (response.status !== 200) throw new FlowFailure(`PUT of part ${part.partNumber} answered ${response.status}: ${storageErrorSummary(text)}`);
    const etag = response.headers.get('etag');
    if (etag !== `"${md5Of(bytes)}"`) throw new FlowFailure(`PUT of part ${part.partNumber}: ETag ${String(etag)} is not the part's MD5`);
  }
}

/** CompleteFile must be refused with `13000402`; a success here is a corrupted file accepted. */
async function expectCheckFailure(client: HuaweiKooDriveClient, signal: AbortSignal, fileId: string, sha256: string | undefined, what: string): Promise<void> {
  try {
    await client.completeFile({ body: { fileId, ...(sha256 !== undefined ? { sha256 } : {}) } }, { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 400 && error.code === CHECK_FAILED) return;
    throw new FlowFailure(`CompleteFile with ${what}: expected the ApiError ${CHECK_FAILED}, got ${describe(error)}`);
  }
  throw new FlowFailure(`CompleteFile accepted ${what} (false success)`);
}

function describe(error: unknown): string {
  if (error instanceof ApiError) return `${error.name} ${error.status} ${String(error.code)}`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

export const flows: readonly UploadFlow[] = [
  {
    provider: 'huawei-koodrive',
    name: 'upload',
    description: 'CreateFile with sha256 and 3 parts of 5 MiB (hashCtx), PUT each part, CompleteFile; the stored file then answers flash upload for the node:crypto sha256',
    async run(ctx) {
      const client = clientOf(ctx);
      const content = ctx.content(3 * PART_SIZE);
      const { sha256, multiParts } = await hashFields(content);
      const { fileId, links } = await createUpload(ctx, client, 'drivespec-flow.bin', content.length, sha256, multiParts);
      await putParts(ctx, content, multiParts, links);
      if (ctx.storageBytesSent() !== content.length) {
        throw new FlowFailure(`sent ${ctx.storageBytesSent()} bytes to storage, the file has ${content.length}`);
      }
      const done = await client.completeFile({ body: { fileId, sha256 } }, { signal: ctx.signal });
      if (String(done.code) !== '0') throw new FlowFailure(`CompleteFile answered code ${String(done.code)}`);
      // No look-up operation is in scope: the stored file's SHA-256 is proven by flash upload, which
      // the service keys on the stored bytes' SHA-256 and size.
      const again = await client.createFile(
        { body: { fileName: 'drivespec-flow-copy.bin', fileType: '45', parentFolder: ['root'], length: content.length, uploadMode: 'multipart', sha256 } },
        { signal: ctx.signal },
      );
      if (again.rapidUpload !== true) throw new FlowFailure('the completed file does not answer flash upload for its node:crypto sha256');
    },
  },
  {
    provider: 'huawei-koodrive',
    name: 'corrupted-part',
    description: 'a part whose bytes are corrupted in transit (every hash declared right), a part asked for with a wrong hashCtx, then a wrong whole-file sha256: CompleteFile refuses each with the ApiError 13000402',
    async run(ctx) {
      const client = clientOf(ctx);
      const content = ctx.content(2 * PART_SIZE + 1000, 7);
      const { sha256, multiParts } = await hashFields(content);
      // Every declaration right, one bit of part 2's bytes flipped on the way to the storage.
      const flipped = await createUpload(ctx, client, 'drivespec-corrupted-bytes.bin', content.length, sha256, multiParts);
      await putParts(ctx, content, multiParts, flipped.links, 2);
      await expectCheckFailure(client, ctx.signal, flipped.fileId, sha256, 'a part whose bytes are not the file’s');

      // Part 2's context one bit off: the bytes are right, the state it claims to continue is not.
      const wrong = multiParts.map((p) => (p.partNumber === 2 ? { ...p, hashCtx: p.hashCtx!.map((w, i) => (i === 0 ? (w ^ 1) >>> 0 : w)) } : p));
      const first = await createUpload(ctx, client, 'drivespec-corrupted-ctx.bin', content.length, sha256, wrong);
      await putParts(ctx, content, wrong, first.links);
      await expectCheckFailure(client, ctx.signal, first.fileId, sha256, 'a part whose hashCtx is not the SHA-256 state before it');

      // Right contexts, wrong whole-file sha256 (declared at CompleteFile).
      const second = await createUpload(ctx, client, 'drivespec-corrupted-sha.bin', content.length, sha256, multiParts);
      await putParts(ctx, content, multiParts, second.links);
      const bad = sha256.replace(/^./, (c) => (c === '0' ? '1' : '0'));
      await expectCheckFailure(client, ctx.signal, second.fileId, bad, 'a sha256 that is not the file’s');
    },
  },
  {
    provider: 'huawei-koodrive',
    name: 'instant-upload',
    description: 'flash upload: CreateFile with the sha256 and size of a stored file answers rapidUpload true, no upload task, zero bytes sent',
    async run(ctx) {
      const client = clientOf(ctx);
      const content = ctx.content(PART_SIZE + 123, 11);
      ctx.emulator.seed.koodriveFile({ fileId: 'drivespec-flow-stored', content });
      const created = await client.createFile(
        { body: { fileName: 'drivespec-instant.bin', fileType: '45', parentFolder: ['root'], length: content.length, uploadMode: 'multipart', sha256: sha256Of(content) } },
        { signal: ctx.signal },
      );
      if (created.rapidUpload !== true) throw new FlowFailure('CreateFile did not answer flash upload for a stored file’s sha256 and size');
      if (created.uploadId !== undefined || created.multiParts !== undefined) throw new FlowFailure('a flash upload answered an upload task or part links');
      if (ctx.storageBytesSent() !== 0) throw new FlowFailure(`a flash upload sent ${ctx.storageBytesSent()} bytes to storage`);
    },
  },
];
