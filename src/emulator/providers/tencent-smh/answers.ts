/**
 * SMH's answers: the error shape `{ code, message, requestId }` (PROVIDERS.md, tencent-smh) and the
 * file information ConfirmUpload (and an instant upload) answers with.
 */
import type { Answer } from '../../answer.js';
import { documentTypeOf, extensionOf, mimeTypeOf } from '../../file-types.js';
import type { SmhFileRecord } from '../../state.js';

export function smhError(status: number, code: string, message: string, requestId: string): Answer {
  return { status, body: { code, message, requestId } };
}

/** The documented messages (SMH Error Codes table, translated), one per code the handlers answer. */
export const smhMessages = {
  UploadNotFound: 'The upload task does not exist',
  UploadNotBelongYou: 'The specified upload task does not belong to the current user',
  UploadComplete: 'The upload has already been completed',
  UploadIncomplete: 'The file upload is not complete',
  BadCrc64: 'CRC64 check failed',
  SameNameDirectoryOrFileExists: 'A directory or file with the same name already exists',
  RenameTooManyTimes: 'Too many files with the same name',
} as const;

export type SmhCode = keyof typeof smhMessages;

export function smhFailure(status: number, code: SmhCode, requestId: string): Answer {
  return smhError(status, code, smhMessages[code], requestId);
}

/** The final file information (ConfirmUpload's documented answer, specs/tencent-smh.yaml). */
export function fileAnswer(file: SmhFileRecord, isOverwritten: boolean, withInode: boolean): Record<string, unknown> {
  const name = file.path[file.path.length - 1]!;
  const extension = extensionOf(name);
  const mime = mimeTypeOf(extension);
  const documentType = documentTypeOf(extension);
  return {
    path: file.path,
    name,
    type: 'file',
    ...(withInode ? { inode: file.inode } : {}),
    creationTime: file.creationTime,
    modificationTime: file.modificationTime,
    contentType: mime,
    size: String(file.content.size),
    eTag: `"${file.content.md5}"`,
    crc64: file.content.crc64,
    virusAuditStatus: 0,
    isOverwritten,
    previewByDoc: documentType !== undefined,
    previewByCI: documentType !== undefined || mime.startsWith('image/'),
    previewAsIcon: false,
    ...(documentType ? { fileType: documentType } : {}),
  };
}
