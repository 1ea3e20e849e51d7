/**
 * `ConfirmUpload` (`POST …/{ConfirmKey}?confirm`): completes an upload. For an upload started
 * through the API the bytes are in the emulator's storage: the parts must cover the file
 * contiguously (else 404 `UploadIncomplete`), the declared `crc64` is compared with the CRC-64 of
 * the stored bytes (400 `BadCrc64`), and the answer reports the digests of those bytes. A seeded
 * upload (`seed.smhUpload`) carries its digests instead.
 */
import type { components, operations } from '../../../../generated/tencent-smh/types.js';
import type { Answer } from '../../answer.js';
import type { ContentInfo } from '../../content.js';
import type { SmhFileRecord, SmhInstantHashes, SmhStrategy } from '../../state.js';
import { fileAnswer, smhFailure } from './answers.js';
import { findUpload, type SmhEnv, type SmhRequest } from './context.js';
import { inodeFor, placeFile } from './names.js';

type ConfirmBody = components['schemas']['ConfirmUploadRequest'];
type ConfirmParams = operations['ConfirmUpload']['parameters'];

export function confirmUpload(env: SmhEnv, req: SmhRequest, { path, query }: ConfirmParams, body: ConfirmBody): Answer {
  const found = findUpload(env, req, path, query.user_id);
  if (!found.ok) return found.answer;
  const { upload } = found;
  const fail = (status: number, code: Parameters<typeof smhFailure>[1]) => smhFailure(status, code, req.requestId);
  // Completing twice: SMH's 409 UploadComplete ("upload already completed, cannot repeat").
  if (upload.completed) return fail(409, 'UploadComplete');

  let content: ContentInfo;
  let hashes: SmhInstantHashes | undefined;
  if (upload.stored) {
    const storageKey = upload.stored.storageKey;
    // Bytes lost (a state file kept without its data directory): the task cannot be completed.
    if (!env.storage.has(storageKey)) return fail(404, 'UploadNotFound');
    const completion = env.storage.complete(storageKey);
    if (!completion.ok) return fail(404, 'UploadIncomplete');
    const d = completion.digests;
    // Fewer bytes than the size declared at start (`filesize` or the body's `size`): parts are
    // missing at the end, which contiguity alone cannot see; the storage already refuses more.
    // SMH's "upload incomplete" (x-drivespec-decisions on ConfirmUpload).
    if (upload.stored.declaredSize !== undefined && d.size !== upload.stored.declaredSize) return fail(404, 'UploadIncomplete');
    content = { size: d.size, crc64: d.crc64, sha1: d.sha1, sha256: d.sha256, md5: d.md5 };
    hashes = { beginningHash: d.smhBeginningHash, fullHash: d.smhFullHash };
  } else if (upload.content) {
    content = upload.content;
  } else {
    return fail(404, 'UploadNotFound');
  }
  if (body.crc64 !== undefined && BigInt(body.crc64) !== BigInt(content.crc64)) return fail(400, 'BadCrc64');

  const strategy: SmhStrategy = query.conflict_resolution_strategy ?? upload.conflictResolutionStrategy ?? 'rename';
  const placed = placeFile(env.state, path.LibraryId, path.SpaceId, upload.path, strategy);
  if (!placed.ok) return fail(409, placed.code);

  const fields = { ...upload.stored?.fields, ...definedFields(body) };
  const file = putFile(env, req, path.LibraryId, path.SpaceId, placed.path, placed.existing, content, hashes, fields);
  if (upload.stored) env.storage.seal(upload.stored.storageKey);
  upload.completed = { at: file.modificationTime, path: file.path };
  env.commit();
  return { status: 200, body: fileAnswer(file, placed.existing !== undefined, query.with_inode === '1') };
}

type FileFields = Pick<SmhFileRecord, 'labels' | 'category' | 'localCreationTime' | 'localModificationTime'>;

/** The body's file fields that are present (an empty string is a value; `undefined` is not). */
export function definedFields(body: FileFields): FileFields {
  return {
    ...(body.labels ? { labels: body.labels } : {}),
    ...(body.category !== undefined ? { category: body.category } : {}),
    ...(body.localCreationTime ? { localCreationTime: body.localCreationTime } : {}),
    ...(body.localModificationTime ? { localModificationTime: body.localModificationTime } : {}),
  };
}

/** Stores the file (an overwrite keeps the identity and first-upload time of the file it replaces). */
export function putFile(
  env: SmhEnv,
  req: SmhRequest,
  libraryId: string,
  spaceId: string,
  path: string[],
  existing: SmhFileRecord | undefined,
  content: ContentInfo,
  hashes: SmhInstantHashes | undefined,
  fields: FileFields,
): SmhFileRecord {
  const nowText = req.now.toISOString();
  const file: SmhFileRecord = {
    libraryId,
    spaceId,
    path,
    content,
    inode: existing?.inode ?? inodeFor(env.state.nextSerial()),
    creationTime: existing?.creationTime ?? nowText,
    modificationTime: nowText,
    ...fields,
    ...(hashes ? { smhHashes: hashes } : {}),
  };
  env.state.putSmhFile(file);
  return file;
}
