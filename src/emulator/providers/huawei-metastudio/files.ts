/**
 * MetaStudio asset files: `CreateFile` (`POST /v1/{project_id}/files`: a file of an asset and the
 * OBS URL its bytes are PUT to) and `ConfirmFileUpload` (`POST /v1/{project_id}/files/{file_id}/complete`).
 * The bytes go to the emulator's storage as one OBS object (flavor `obs`, mode `single`), which
 * refuses a PUT whose bytes do not match its Content-MD5 (400 BadDigest) and, once the URL's 24
 * hours are over, any PUT (403 AccessDenied). Decisions where the pages are silent are recorded
 * in specs/huawei-metastudio.yaml (`x-drivespec-decisions`).
 */
import { randomUUID } from 'node:crypto';
import { operations } from '../../../../generated/huawei-metastudio/operations.js';
import type { components, operations as OperationTypes } from '../../../../generated/huawei-metastudio/types.js';
import { transferRequestHeaders } from '../../../core/transfer-headers.js';
import type { Answer } from '../../answer.js';
import { key, type MetaStudioFileRecord } from '../../state.js';
import type { ProviderEnv, RequestContext } from '../provider.js';
import { assetNotFound, liveFiles, metaStudioTime } from './assets.js';
import { huaweiError, invalidParameter } from './errors.js';
import { allowedCategories, mainFileLimit } from './file-rules.js';
import type { UploadStore } from '../../storage/upload-store.js';

/** CreateFile's response table: `upload_url` is valid for 24 hours. */
export const UPLOAD_URL_LIFETIME_MS = 24 * 60 * 60 * 1000;

export function createFile(
  env: ProviderEnv,
  ctx: RequestContext,
  projectId: string,
  body: components['schemas']['CreateFileRequest'],
): Answer {
  const asset = env.state.metaStudioAssets.get(key(projectId, body.asset_id));
  if (!asset) return assetNotFound(ctx.requestId);
  const category = body.asset_file_category;
  const allowed = allowedCategories(asset.type);
  if (allowed && !allowed.includes(category)) {
    return invalidParameter(`asset_file_category ${category} is not allowed for a ${asset.type} asset (${allowed.join(', ')})`, ctx.requestId);
  }
  const live = liveFiles(env.state, asset);
  if (category === 'MAIN' && live.some((f) => f.upload?.category === 'MAIN')) {
    return huaweiError(400, 'MSS.10001008', 'The main file already exists', ctx.requestId);
  }
  if (category === 'COVER' && live.some((f) => f.upload?.category === 'COVER')) {
    return huaweiError(400, 'MSS.10001009', 'The cover file already exists', ctx.requestId);
  }
  const limit = category === 'MAIN' ? mainFileLimit(asset.type) : undefined;
  if (limit !== undefined && body.file_size > limit) {
    return huaweiError(
      400,
      'MSS.10001007',
      `Asset file too large: a main file of an ${asset.type} asset must not exceed ${limit} bytes`,
      ctx.requestId,
    );
  }

  // The URL is made for exactly this Content-MD5 (file_md5) and the Content-Type of file_type (an
  // OBS URL signature covers both; obs_04_0011): the spec's requestHeaders, which the client reads too.
  const requiredHeaders = transferRequestHeaders(operations.CreateFile.transfer, body);
  const expiresAt = new Date(ctx.now.getTime() + UPLOAD_URL_LIFETIME_MS);
  // The object may not grow past the declared size.
  const storageKey = env.storage.create({
    provider: 'huawei-metastudio',
    flavor: 'obs',
    mode: 'single',
    expiresAt,
    requiredHeaders,
    requireContentMd5: true,
    declaredSize: body.file_size,
  });
  const fileId = randomUUID();
  const now = metaStudioTime(ctx.now);
  env.state.metaStudioFiles.set(key(projectId, fileId), {
    projectId,
    fileId,
    state: 'UPLOADING',
    upload: {
      assetId: asset.assetId,
      fileName: body.file_name,
      fileMd5: body.file_md5,
      fileSize: body.file_size,
      fileType: body.file_type,
      category,
      contentType: requiredHeaders['Content-Type']!,
      storageKey,
      expiresAt: expiresAt.toISOString(),
      createdAt: now,
    },
  });
  asset.fileIds.push(fileId);
  asset.updatedAt = now;
  env.commit();
  return { status: 200, body: { file_id: fileId, upload_url: env.storage.putUrl(storageKey, ctx.origin) } };
}

type ConfirmBody = components['schemas']['ConfirmFileUploadRequest'];

export function confirmFileUpload(
  env: ProviderEnv,
  ctx: RequestContext,
  { project_id: projectId, file_id: fileId }: OperationTypes['ConfirmFileUpload']['parameters']['path'],
  body: ConfirmBody,
): Answer {
  const file = env.state.metaStudioFiles.get(key(projectId, fileId));
  if (!file) {
    // MetaStudio's Error Codes table: MSS.10001004 is HTTP 400, not 404 (spec, 400 response).
    return huaweiError(400, 'MSS.10001004', 'The file not found', ctx.requestId);
  }
  if (file.state !== 'UPLOADING') {
    // The docs are silent on a second confirmation; the file's state is final once set, so it
    // is refused as an invalid parameter and the recorded state is left alone.
    return invalidParameter(`the upload of this file was already confirmed (state ${file.state})`, ctx.requestId);
  }
  if (file.upload) {
    const refusal = settleObject(env.storage, file, body.state, ctx.requestId);
    if (refusal) return refusal;
  }
  file.state = body.state;
  if (body.auto_meta_analysis !== undefined) file.autoMetaAnalysis = body.auto_meta_analysis;
  file.confirmedAt = ctx.now.toISOString();
  if (file.upload) {
    const asset = env.state.metaStudioAssets.get(key(projectId, file.upload.assetId));
    if (asset) asset.updatedAt = metaStudioTime(ctx.now);
  }
  env.commit();
  // docs/huawei-metastudio-ConfirmFileUpload.txt: 200 with an empty body and X-Request-Id.
  return { status: 200 };
}

/**
 * CREATED: the object must be stored whole, with the declared MD5 and size, computed from the
 * stored bytes (never from what the client said); then it is sealed. FAILED / CANCELLED free it.
 * Answers a refusal, or `undefined` when the confirmation may be recorded.
 */
function settleObject(obs: UploadStore, file: MetaStudioFileRecord, state: ConfirmBody['state'], requestId: string): Answer | undefined {
  const upload = file.upload!;
  if (state !== 'CREATED') {
    if (obs.has(upload.storageKey)) obs.discard(upload.storageKey);
    return undefined;
  }
  const done = obs.has(upload.storageKey) ? obs.complete(upload.storageKey) : undefined;
  if (!done?.ok) return invalidParameter('the file has not been uploaded to its upload_url', requestId);
  const { size, md5 } = done.digests;
  if (size !== upload.fileSize) {
    return invalidParameter(`the uploaded object has ${size} bytes, not the file_size ${upload.fileSize} given to CreateFile`, requestId);
  }
  const storedMd5 = Buffer.from(md5, 'hex').toString('base64');
  if (storedMd5 !== upload.fileMd5) {
    return invalidParameter(`the uploaded object's MD5 ${storedMd5} is not the file_md5 ${upload.fileMd5} given to CreateFile`, requestId);
  }
  obs.seal(upload.storageKey);
  return undefined;
}
