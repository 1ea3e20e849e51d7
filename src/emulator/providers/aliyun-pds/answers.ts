/**
 * The PDS error answer: `{ code, message }` with the HTTP status the spec gives each code;
 * gateway-level errors (credentials, size) also carry `x-ca-error-code` / `x-ca-error-message`
 * headers (shared/PROVIDERS.md, aliyun-pds).
 */
import type { Answer } from '../../answer.js';

export function pdsError(status: number, code: string, message: string, gateway = false): Answer {
  return {
    status,
    ...(gateway ? { headers: { 'x-ca-error-code': code, 'x-ca-error-message': message } } : {}),
    body: { code, message },
  };
}
