/**
 * The upload task calls on a ConfirmKey: `RenewMultipartUpload` (`POST ?renew`: fresh credentials,
 * a later expiry), `GetUploadStatus` (`GET ?upload`: the parts stored, for resuming) and
 * `CancelUpload` (`DELETE ?upload`: the bytes are freed, the key forgotten).
 * docs/upload/tencent-smh-upload.md §4-§6; the choices where the pages are silent are in the spec
 * (`x-drivespec-decisions`).
 */
import type { operations } from '../../../../generated/tencent-smh/types.js';
import type { Answer } from '../../answer.js';
import { key } from '../../state.js';
import { smhFailure } from './answers.js';
import { findUpload, type SmhEnv, type SmhRequest } from './context.js';
import { SMH_CREDENTIAL_LIFETIME_MS, uploadInfo } from './start.js';

type TaskParams =
  | operations['RenewMultipartUpload']['parameters']
  | operations['GetUploadStatus']['parameters']
  | operations['CancelUpload']['parameters'];

/** The multipart upload a task call names; a simple or seeded upload has no multipart task (404). */
function multipartTask(env: SmhEnv, req: SmhRequest, { path, query }: TaskParams) {
  const found = findUpload(env, req, path, query.user_id);
  if (!found.ok) return found;
  const { upload } = found;
  const stored = upload.stored;
  if (stored?.mode !== 'multipart' || !env.storage.has(stored.storageKey)) {
    return { ok: false as const, answer: smhFailure(404, 'UploadNotFound', req.requestId) };
  }
  return { ok: true as const, upload, stored };
}

export function renewMultipartUpload(env: SmhEnv, req: SmhRequest, params: operations['RenewMultipartUpload']['parameters']): Answer {
  const task = multipartTask(env, req, params);
  if (!task.ok) return task.answer;
  const { upload, stored } = task;
  if (upload.completed) return smhFailure(409, 'UploadComplete', req.requestId);
  const expiresAt = new Date(req.now.getTime() + SMH_CREDENTIAL_LIFETIME_MS);
  env.storage.renew(stored.storageKey, expiresAt);
  stored.expiresAt = expiresAt.toISOString();
  if (params.query.traffic_limit !== undefined) stored.trafficLimit = params.query.traffic_limit;
  env.commit();
  return { status: 200, body: uploadInfo(env, req, upload, stored) };
}

export function getUploadStatus(env: SmhEnv, req: SmhRequest, params: operations['GetUploadStatus']['parameters']): Answer {
  const task = multipartTask(env, req, params);
  if (!task.ok) return task.answer;
  const { upload, stored } = task;
  // COS's ListParts keys, as the status page shows them.
  const parts = env.storage.parts(stored.storageKey).map((p) => ({
    PartNumber: p.partNumber,
    LastModified: p.lastModified,
    ETag: p.etag,
    Size: p.size,
  }));
  return {
    status: 200,
    body: {
      confirmed: upload.completed !== undefined,
      path: upload.completed?.path ?? upload.path,
      type: 'file',
      creationTime: stored.creationTime,
      conflictResolutionStrategy: upload.conflictResolutionStrategy ?? 'rename',
      force: stored.force,
      availableDomainNum: 1,
      uploadId: stored.uploadId,
      confirmKey: upload.confirmKey,
      parts,
      // The current credentials (they may have expired: renew, then send the missing parts).
      ...(upload.completed ? {} : { uploadPartInfo: uploadInfo(env, req, upload, stored) }),
    },
  };
}

export function cancelUpload(env: SmhEnv, req: SmhRequest, params: operations['CancelUpload']['parameters']): Answer {
  const found = findUpload(env, req, params.path, params.query.user_id);
  if (!found.ok) return found.answer;
  const { upload } = found;
  if (upload.completed) return smhFailure(409, 'UploadComplete', req.requestId);
  if (upload.stored && env.storage.has(upload.stored.storageKey)) env.storage.discard(upload.stored.storageKey);
  env.state.smhUploads.delete(key(upload.libraryId, upload.spaceId, upload.confirmKey));
  env.commit();
  return { status: 204 };
}
