/**
 * The storage limits (`EmulatorOptions.storageLimits`). Defaults follow the services: one PUT of
 * at most 5 GiB (OSS, OBS, COS and S3 all cap a part or a single PUT at 5 GiB) and at most 10,000
 * parts (the same four; PDS `part_number` 1–10000, KooDrive `partNumber` 1–10000). The total is the
 * emulator's own bound on the disk it fills, reserved from a PUT's Content-Length before a byte is
 * written.
 */
import { ConfigurationError } from '../../core/errors.js';

export interface StorageLimits {
  /** Largest part (or single object) one PUT may carry, default 5 GiB. */
  maxPartBytes?: number;
  /** Highest part number, default 10,000. */
  maxPartsPerUpload?: number;
  /** Bytes stored at once, all uploads together (PUTs in progress count with their Content-Length), default 64 GiB. */
  maxTotalBytes?: number;
}

export const DEFAULT_STORAGE_LIMITS: Readonly<Required<StorageLimits>> = {
  maxPartBytes: 5 * 1024 ** 3,
  maxPartsPerUpload: 10_000,
  maxTotalBytes: 64 * 1024 ** 3,
};

const names = Object.keys(DEFAULT_STORAGE_LIMITS) as (keyof StorageLimits)[];

/** The limits with defaults filled; a `ConfigurationError` names a bad or unknown field. */
export function resolveStorageLimits(limits: unknown): Required<StorageLimits> {
  if (limits === undefined) return { ...DEFAULT_STORAGE_LIMITS };
  if (limits === null || typeof limits !== 'object' || Array.isArray(limits)) {
    throw new ConfigurationError('storageLimits', `must be an object with ${names.join(', ')}`);
  }
  const out = { ...DEFAULT_STORAGE_LIMITS };
  for (const [name, value] of Object.entries(limits)) {
    if (!(names as string[]).includes(name)) throw new ConfigurationError(`storageLimits.${name}`, `is not a limit (known: ${names.join(', ')})`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      throw new ConfigurationError(`storageLimits.${name}`, 'must be a whole number, 1 or more');
    }
    out[name as keyof StorageLimits] = value;
  }
  return out;
}
