import type { Answer } from '../../answer.js';

/** Huawei's error body `{ error_code, error_msg, request_id }` (specs/huawei-metastudio.yaml, HuaweiError). */
export function huaweiError(status: number, code: string, message: string, requestId: string): Answer {
  return { status, body: { error_code: code, error_msg: message, request_id: requestId } };
}

/** MetaStudio's generic invalid-parameter answer (MSS.00000003, HTTP 400). */
export function invalidParameter(reason: string, requestId: string): Answer {
  return huaweiError(400, 'MSS.00000003', `Invalid parameter: ${reason}`, requestId);
}
