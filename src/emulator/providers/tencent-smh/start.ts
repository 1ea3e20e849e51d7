/**
 * The upload starts: `InitUpload` (`PUT …/{FilePath}`, simple upload and instant upload) and
 * `InitMultipartUpload` (`POST …/{FilePath}?multipart`). Each opens an upload in the emulator's
 * storage (flavor `cos`) and answers the COS target a client sends its bytes to: `domain`, `path`
 * and the `headers` to send exactly (docs/upload/tencent-smh-upload.md §1-§2).
 *
 * Instant upload (§1, §7): a simple-upload start whose body's `beginningHash` matches a stored file
 * of the library answers 202; with `fullHash` and `size` matching too it creates the file from the
 * stored one's bytes and answers 200 with the file information: no bytes, no confirm.
 */
import { randomBytes } from 'node:crypto';
import type { components, operations } from '../../../../generated/tencent-smh/types.js';
import type { Answer } from '../../answer.js';
import { extensionOf, mimeTypeOf } from '../../file-types.js';
import { key, type SmhFileFields, type SmhFileRecord, type SmhStoredUpload, type SmhStrategy, type SmhUploadRecord } from '../../state.js';
import type { UploadStore } from '../../storage/upload-store.js';
import { fileAnswer, smhFailure } from './answers.js';
import { definedFields, putFile } from './confirm.js';
import type { SmhEnv, SmhRequest } from './context.js';
import { placeFile } from './names.js';

type StartBody = components['schemas']['InitUploadRequest'];
type StartParams = operations['InitUpload']['parameters'] | operations['InitMultipartUpload']['parameters'];

/**
 * How long handed-out COS credentials live. No lifetime is documented (the answers carry
 * `expiration`, which clients must read): drivespec's choice, recorded in the spec.
 */
export const SMH_CREDENTIAL_LIFETIME_MS = 60 * 60 * 1000;

/** The Content-Type a multipart upload's parts carry (the renew page's example headers). */
const PART_CONTENT_TYPE = 'application/octet-stream';

export function startUpload(env: SmhEnv, req: SmhRequest, params: StartParams, body: StartBody, mode: 'single' | 'multipart'): Answer {
  const { path } = params;
  const query = params.query ?? {};
  const { LibraryId: libraryId, SpaceId: spaceId } = path;
  const filePath = path.FilePath.split('/');
  const strategy: SmhStrategy | undefined = query.conflict_resolution_strategy;
  // Parents that are files, and with `ask` a taken name, are refused now rather than after the bytes.
  const placed = placeFile(env.state, libraryId, spaceId, filePath, strategy ?? 'rename');
  if (!placed.ok) return smhFailure(409, placed.code, req.requestId);

  if (mode === 'single' && body.beginningHash !== undefined) {
    const instant = instantUpload(env, req, libraryId, spaceId, filePath, strategy ?? 'rename', body);
    if (instant) return instant;
  }

  const declaredSize = query.filesize === undefined ? sizeOf(body.size) : sizeOf(query.filesize);
  const fields = definedFields(body);
  const stored = openStoredUpload(env.storage, req.now, mode, filePath[filePath.length - 1]!, {
    ...(declaredSize !== undefined ? { declaredSize } : {}),
    force: query.force === '1',
    ...(query.traffic_limit !== undefined ? { trafficLimit: query.traffic_limit } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
  });
  const upload: SmhUploadRecord = {
    libraryId,
    spaceId,
    confirmKey: randomBytes(16).toString('hex'),
    path: filePath,
    stored,
    ...(query.user_id !== undefined ? { userId: query.user_id } : {}),
    ...(strategy !== undefined ? { conflictResolutionStrategy: strategy } : {}),
  };
  env.state.smhUploads.set(key(libraryId, spaceId, upload.confirmKey), upload);
  env.commit();
  return { status: 200, body: uploadInfo(env, req, upload, stored) };
}

/**
 * A new upload in the storage (flavor `cos`) for the file `name`: its parts carry
 * `application/octet-stream`, a simple upload's PUT the file's media type (the pages' example
 * headers); the credentials live `SMH_CREDENTIAL_LIFETIME_MS` from `now`. Also used by
 * `seed.smhUpload({ multipart: true })`.
 */
export function openStoredUpload(
  storage: UploadStore,
  now: Date,
  mode: 'single' | 'multipart',
  name: string,
  options: { declaredSize?: number; force?: boolean; trafficLimit?: string; fields?: SmhFileFields } = {},
): SmhStoredUpload {
  const expiresAt = new Date(now.getTime() + SMH_CREDENTIAL_LIFETIME_MS);
  const storageKey = storage.create({
    provider: 'tencent-smh',
    flavor: 'cos',
    mode,
    expiresAt,
    requiredHeaders: { 'Content-Type': mode === 'single' ? mimeTypeOf(extensionOf(name)) : PART_CONTENT_TYPE },
    ...(options.declaredSize !== undefined ? { declaredSize: options.declaredSize } : {}),
  });
  return {
    mode,
    storageKey,
    ...(mode === 'multipart' ? { uploadId: randomBytes(32).toString('hex') } : {}),
    expiresAt: expiresAt.toISOString(),
    creationTime: now.toISOString(),
    force: options.force ?? false,
    ...(options.trafficLimit !== undefined ? { trafficLimit: options.trafficLimit } : {}),
    ...(options.declaredSize !== undefined ? { declaredSize: options.declaredSize } : {}),
    ...(options.fields ? { fields: options.fields } : {}),
  };
}

/** Where and how to send the bytes (the `UploadInfo` schema): the storage's COS target, fresh each time. */
export function uploadInfo(env: SmhEnv, req: SmhRequest, upload: SmhUploadRecord, stored: SmhStoredUpload): Record<string, unknown> {
  const target = env.storage.cosTarget(stored.storageKey, req.origin);
  const headers: Record<string, string> = { ...target.headers };
  // COS's per-request speed limit (the renew page's example); the emulator does not throttle.
  if (stored.trafficLimit !== undefined) headers['x-cos-traffic-limit'] = stored.trafficLimit;
  return {
    domain: target.domain,
    path: target.path,
    ...(stored.uploadId !== undefined ? { uploadId: stored.uploadId } : {}),
    headers,
    confirmKey: upload.confirmKey,
    expiration: stored.expiresAt,
    availableDomainNum: 1,
  };
}

/** A declared size in bytes; one beyond 2^53 - 1 (digits the spec admits) is no size the storage can hold, so none. */
function sizeOf(size: StartBody['size']): number | undefined {
  const n = size === undefined ? undefined : Number(size);
  return n !== undefined && Number.isSafeInteger(n) ? n : undefined;
}

/** The instant-upload answer, or `undefined` when nothing matched (an ordinary upload follows). */
function instantUpload(
  env: SmhEnv,
  req: SmhRequest,
  libraryId: string,
  spaceId: string,
  filePath: string[],
  strategy: SmhStrategy,
  body: StartBody,
): Answer | undefined {
  // A declared size that is no safe integer (16 digits the schema admits, beyond 2^53 - 1) can
  // match no stored file: skipping the check would let the hashes alone answer for it.
  if (body.size !== undefined && sizeOf(body.size) === undefined) return undefined;
  const size = sizeOf(body.size);
  let beginningMatched = false;
  let source: SmhFileRecord | undefined;
  for (const file of env.state.smhFiles.values()) {
    if (file.libraryId !== libraryId || file.smhHashes?.beginningHash !== body.beginningHash) continue;
    beginningMatched = true;
    if (body.fullHash !== undefined && file.smhHashes?.fullHash === body.fullHash && (size === undefined || size === file.content.size)) {
      source = file;
      break;
    }
  }
  if (source) {
    const placed = placeFile(env.state, libraryId, spaceId, filePath, strategy);
    if (!placed.ok) return smhFailure(409, placed.code, req.requestId);
    const file = putFile(env, req, libraryId, spaceId, placed.path, placed.existing, source.content, source.smhHashes, definedFields(body));
    env.commit();
    return { status: 200, body: fileAnswer(file, placed.existing !== undefined, false) };
  }
  // The beginning matched and no fullHash was sent: ask for it (an empty 202, as the SDKs expect).
  if (beginningMatched && body.fullHash === undefined) return { status: 202 };
  return undefined;
}
