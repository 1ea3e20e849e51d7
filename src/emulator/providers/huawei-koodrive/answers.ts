/**
 * KooDrive's answers: service errors are HTTP 400 `{ code, msg }` with the numeric KooDrive code
 * and the message of KooDrive's error-code table (specs/huawei-koodrive.yaml, BadRequest); API
 * Gateway errors use Huawei's `{ error_code, error_msg, request_id }`.
 */
import type { Answer } from '../../answer.js';

/** The KooDrive codes the emulator answers, with their table messages (specs/huawei-koodrive.yaml, 400). */
export const kooDriveCodes = {
  parameterInvalid: { code: 13000102, msg: 'Verify parameters failed.' },
  uploadTaskNotFound: { code: 13000401, msg: 'Upload task not found.' },
  fileCompleteCheckFailure: { code: 13000402, msg: 'File integrity verification failed.' },
  changeFileStateFailure: { code: 13000403, msg: 'Change file status failed.' },
  // docs/upload/huawei-koodrive-upload.md §5 names the code; its table text was not retrieved.
  duplicateFileName: { code: 13000405, msg: 'Duplicate file name.' },
} as const;

export type KooDriveCode = keyof typeof kooDriveCodes;

export function kooDriveError(which: KooDriveCode): Answer {
  return { status: 400, body: { ...kooDriveCodes[which] } };
}

export function gatewayError(status: number, code: string, message: string, requestId: string): Answer {
  return { status, body: { error_code: code, error_msg: message, request_id: requestId } };
}

/** The success body of CreateFile and UploadUrl: createFile's example says `"code":0,"msg":"Success."`. */
export const SUCCESS = { code: 0, msg: 'Success.' } as const;
