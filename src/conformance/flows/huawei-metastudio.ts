/**
 * MetaStudio's whole upload against the emulator (CONTRACTS.md §3), through the public client
 * (`drivespec/huawei-metastudio`) and `ctx.fetch` for the OBS PUT:
 *
 * - `upload`: CreateDigitalAsset → CreateFile (file_md5 from `drivespec/hashing`) → one PUT of the
 *   whole file to `upload_url` with `Content-MD5` and the type's `Content-Type` → ConfirmFileUpload
 *   → ShowAsset lists the file `CREATED` with the MD5 node:crypto computes.
 * - `corrupted-part`: the PUT carries the declared Content-MD5 but other bytes; OBS must refuse
 *   them (400 BadDigest) and ConfirmFileUpload must then fail with a typed error.
 *
 * There is no `instant-upload` flow: MetaStudio has no instant ("rapid") upload, CreateFile
 * always answers an upload URL and the bytes are always sent (specs/huawei-metastudio.yaml,
 * CreateFile x-drivespec-decisions).
 */
import { createHash } from 'node:crypto';
import { createClient, type HuaweiMetaStudioClient } from '../../clients/huawei-metastudio.js';
import { HuaweiMetaStudioApiError } from '../../core/errors.js';
import { huaweiMetaStudioHashFields } from '../../hashing/index.js';
import { boundedStorageText } from './storage-answer.js';
import { FlowFailure, type FlowContext, type UploadFlow } from './types.js';

/** An mp4 main file of a VIDEO asset, so the PUT carries a type-specific Content-Type. */
const FILE = { name: 'drivespec-flow.mp4', type: 'mp4', size: 256 * 1024 + 13 } as const;
/** CreateFile's upload_url description (docs/upload/huawei-metastudio-upload.md §3): mp4 → video/mp4. */
const MP4_CONTENT_TYPE = 'video/mp4';
function clientFor(ctx: FlowContext): HuaweiMetaStudioClient {
  const c = ctx.emulator.credentials['huawei-metastudio'];
  return createClient({ baseUrl: ctx.emulator.url, projectId: c.projectId, credentials: { token: c.token }, fetch: ctx.fetch, maxRetries: 0 });
}

/** A new VIDEO asset and a file in it declared with the MD5 of `declared`: the file id and its upload URL. */
async function startUpload(ctx: FlowContext, client: HuaweiMetaStudioClient, declared: Uint8Array) {
  const call = { signal: ctx.signal };
  const { asset_id: assetId } = await client.createDigitalAsset({ body: { asset_name: 'drivespec conformance', asset_type: 'VIDEO' } }, call);
  const { file_md5: fileMd5 } = await huaweiMetaStudioHashFields(declared);
  const file = await client.createFile({
    body: {
      file_name: FILE.name,
      file_md5: fileMd5,
      file_size: declared.byteLength,
      file_type: FILE.type,
      asset_id: assetId,
      asset_file_category: 'MAIN',
    },
  }, call);
  return { assetId, fileMd5, fileId: file.file_id, uploadUrl: file.upload_url };
}

/** The OBS PUT (CreateFile x-drivespec-transfer): status, ETag and the XML error code, if any, of a bounded answer. */
async function put(ctx: FlowContext, url: string, fileMd5: string, bytes: Uint8Array) {
  let response: Response;
  try {
    response = await ctx.fetch(url, {
      method: 'PUT',
      headers: { 'Content-MD5': fileMd5, 'Content-Type': MP4_CONTENT_TYPE },
      // The bytes ctx.content makes sit on their own ArrayBuffer (never a SharedArrayBuffer).
      body: bytes as Uint8Array<ArrayBuffer>,
      signal: ctx.signal,
    });
  } catch (error) {
    throw new FlowFailure(`the PUT to upload_url got no answer: ${(error as Error)?.name ?? 'error'}`);
  }
  const text = await boundedStorageText(response);
  const code = /<Code>([^<]{1,64})<\/Code>/.exec(text)?.[1];
  return { status: response.status, etag: response.headers.get('etag'), code };
}

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes);

export const flows: readonly UploadFlow[] = [
  {
    provider: 'huawei-metastudio',
    name: 'upload',
    description:
      'CreateDigitalAsset, CreateFile, one OBS PUT with Content-MD5, ConfirmFileUpload CREATED; ShowAsset lists the file CREATED with node:crypto’s MD5',
    async run(ctx) {
      const client = clientFor(ctx);
      const content = ctx.content(FILE.size);
      const expectedHex = md5(content).digest('hex');
      const expectedBase64 = md5(content).digest('base64');
      const upload = await startUpload(ctx, client, content);
      if (upload.fileMd5 !== expectedBase64) {
        throw new FlowFailure(`drivespec/hashing gave file_md5 ${upload.fileMd5}, node:crypto ${expectedBase64}`);
      }
      const sent = await put(ctx, upload.uploadUrl, upload.fileMd5, content);
      if (sent.status !== 200) throw new FlowFailure(`the PUT was answered HTTP ${sent.status} ${sent.code ?? ''}, not 200`.trim());
      if (sent.etag !== `"${expectedHex}"`) throw new FlowFailure(`the PUT's ETag is ${String(sent.etag)}, not "${expectedHex}"`);
      if (ctx.storageBytesSent() !== content.byteLength) {
        throw new FlowFailure(`${ctx.storageBytesSent()} bytes went to storage, not the file's ${content.byteLength}`);
      }
      await client.confirmFileUpload({ params: { path: { file_id: upload.fileId } }, body: { state: 'CREATED' } }, { signal: ctx.signal });
      const asset = await client.showAsset({ params: { path: { asset_id: upload.assetId } } }, { signal: ctx.signal });
      const file = asset.files?.find((f) => f.file_id === upload.fileId);
      if (!file) throw new FlowFailure('ShowAsset does not list the uploaded file');
      if (file.state !== 'CREATED') throw new FlowFailure(`ShowAsset reports the file ${String(file.state)}, not CREATED`);
      if (file.file_md5 !== expectedBase64 || file.file_size !== content.byteLength) {
        throw new FlowFailure(`ShowAsset reports file_md5 ${String(file.file_md5)} and ${String(file.file_size)} bytes, not ${expectedBase64} and ${content.byteLength}`);
      }
      if (asset.asset_state !== 'ACTIVED') throw new FlowFailure(`the asset is ${String(asset.asset_state)} after its main file was confirmed, not ACTIVED`);
    },
  },
  {
    provider: 'huawei-metastudio',
    name: 'corrupted-part',
    description: 'bytes that do not match the Content-MD5 (= file_md5) are refused by OBS (400 BadDigest), and ConfirmFileUpload then fails with HuaweiMetaStudioApiError',
    async run(ctx) {
      const client = clientFor(ctx);
      const content = ctx.content(FILE.size);
      const upload = await startUpload(ctx, client, content);
      const corrupted = Uint8Array.from(content);
      corrupted[corrupted.length >> 1]! ^= 0x01;
      const sent = await put(ctx, upload.uploadUrl, upload.fileMd5, corrupted);
      if (sent.status < 400) throw new FlowFailure(`OBS accepted bytes whose MD5 is not the Content-MD5 (HTTP ${sent.status})`);
      if (sent.status !== 400 || sent.code !== 'BadDigest') {
        throw new FlowFailure(`the corrupted PUT was answered HTTP ${sent.status} ${sent.code ?? '(no code)'}, not 400 BadDigest`);
      }
      try {
        await client.confirmFileUpload({ params: { path: { file_id: upload.fileId } }, body: { state: 'CREATED' } }, { signal: ctx.signal });
      } catch (error) {
        if (error instanceof HuaweiMetaStudioApiError && error.status === 400) return;
        throw new FlowFailure(`ConfirmFileUpload after the refused PUT failed, but not with a MetaStudio 400: ${(error as Error)?.name ?? 'error'}`);
      }
      throw new FlowFailure('ConfirmFileUpload confirmed a file whose bytes were refused');
    },
  },
];
