/**
 * The emulator's storage endpoints (CONTRACTS.md §2): what provider handlers use to hand out
 * upload URLs and to read the digests of the bytes received. Internal to the emulator (not
 * exported from `drivespec/emulator`); `StorageLimits` is public through `EmulatorOptions`.
 */
export type {
  Completion,
  NewStorageUpload,
  ObjectDigests,
  PartState,
  StorageFlavor,
  StoredPart,
  UploadStore,
} from './upload-store.js';
export { storageFlavors } from './upload-store.js';
export type { StorageLimits } from './storage-limits.js';
export { DEFAULT_STORAGE_LIMITS } from './storage-limits.js';
export { STORAGE_PREFIX } from './url-signing.js';
