/**
 * The upload engine shared by the four providers' `upload()` (issue 12): sources, part plans, the
 * concurrent part transfer, storage errors, resumable state, progress and options.
 */
export { openSource, type OpenedSource } from './source.js';
export { planParts, choosePartSize, type PartPlan, type PartSizeRule } from './plan.js';
export { sendParts, defaultIsExpired, type PartTarget, type SendPartsOptions } from './transfer.js';
export { storageApiError, storageErrorFields, targetSecrets, type StorageErrorFields } from './storage-error.js';
export { newUploadState, withPart, checkResumeState, attachUploadState, uploadStateOf } from './state.js';
export { ProgressTracker } from './progress.js';
export { checkUploadOptions, DEFAULT_CONCURRENCY, MAX_CONCURRENCY } from './options.js';
export type {
  UploadSource,
  UploadOptions,
  UploadProgress,
  UploadPhase,
  UploadState,
  SourceFingerprint,
  UploadResult,
  UploadContext,
} from './types.js';
