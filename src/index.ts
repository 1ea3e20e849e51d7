/**
 * `drivespec`: what every provider entry point shares (errors, provider ids, redaction, and the
 * option and helper types to wrap a call: `OperationArgs`, `SuccessBody`). The clients live in
 * `drivespec/<provider>`, hashing in `drivespec/hashing`.
 */
export {
  AbortError,
  AliyunPdsApiError,
  ApiError,
  ConfigurationError,
  DrivespecError,
  HuaweiKooDriveApiError,
  HuaweiMetaStudioApiError,
  InputError,
  RequestValidationError,
  ResponseValidationError,
  TencentSmhApiError,
  TimeoutError,
  TransportError,
} from './core/errors.js';
export { SigningError } from './signing/shared/signing-error.js';
export type { ValidationIssue } from './core/errors.js';
export { providerIds, type ProviderId } from './core/provider.js';
export { redactHeaders, redactUrl } from './core/redact.js';
export type { CallOptions } from './core/transport.js';
export type { CommonClientOptions } from './core/client-options.js';
export type { OperationArgs, SuccessBody } from './core/operation-types.js';
export type { ResponseValidation } from './core/validation.js';
// Every client's upload() (issue 12): the resumable state a rejection carries, and the shared types.
export { uploadStateOf } from './upload/state.js';
export type { UploadOptions, UploadProgress, UploadResult, UploadSource, UploadState } from './upload/types.js';
