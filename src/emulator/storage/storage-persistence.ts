/**
 * The `storage` section of the state file: the signing secret (so URLs handed out before a
 * restart still work after it) and each upload's record with its parts' sizes and digests. The
 * bytes stay in the data directory; on load a part whose file is missing or has another size is
 * dropped (the client sees it missing and sends it again).
 */
import { DrivespecError } from '../../core/errors.js';
import { isProviderId, type ProviderId } from '../../core/provider.js';
import { storageFlavors, type StorageFlavor, type StoredPart } from './upload-store.js';

export interface PersistedStorageUpload {
  key: string;
  provider: ProviderId;
  flavor: StorageFlavor;
  mode: 'single' | 'multipart';
  expiresAt: string;
  requiredHeaders?: Record<string, string>;
  requireContentMd5?: boolean;
  partStates?: ('sha1' | 'sha256')[];
  declaredSize?: number;
  sealed: boolean;
  parts: StoredPart[];
}

export interface PersistedStorage {
  /** The URL-signing secret, base64url. */
  secret: string;
  uploads: PersistedStorageUpload[];
}

const KEY = /^[A-Za-z0-9_-]{16,64}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const isStringMap = (v: unknown): v is Record<string, string> => isRecord(v) && Object.values(v).every((x) => typeof x === 'string');
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function isPart(v: unknown): v is StoredPart {
  return (
    isRecord(v) &&
    isCount(v.partNumber) &&
    (v.partNumber as number) >= 1 &&
    isCount(v.size) &&
    typeof v.md5 === 'string' &&
    /^[0-9a-f]{32}$/.test(v.md5) &&
    typeof v.crc64 === 'string' &&
    /^[0-9]{1,20}$/.test(v.crc64) &&
    v.etag === `"${v.md5}"` &&
    typeof v.lastModified === 'string' &&
    isStringMap(v.query)
  );
}

function isUpload(v: unknown): v is PersistedStorageUpload {
  return (
    isRecord(v) &&
    typeof v.key === 'string' &&
    KEY.test(v.key) &&
    typeof v.provider === 'string' &&
    isProviderId(v.provider) &&
    storageFlavors.includes(v.flavor as StorageFlavor) &&
    (v.mode === 'single' || v.mode === 'multipart') &&
    typeof v.expiresAt === 'string' &&
    !Number.isNaN(Date.parse(v.expiresAt)) &&
    (v.requiredHeaders === undefined || isStringMap(v.requiredHeaders)) &&
    (v.requireContentMd5 === undefined || typeof v.requireContentMd5 === 'boolean') &&
    (v.partStates === undefined || (Array.isArray(v.partStates) && v.partStates.every((s) => s === 'sha1' || s === 'sha256'))) &&
    (v.declaredSize === undefined || isCount(v.declaredSize)) &&
    typeof v.sealed === 'boolean' &&
    Array.isArray(v.parts) &&
    v.parts.every(isPart)
  );
}

/** The section, checked; `undefined` when the file has none (a file written before storage existed). */
export function readPersistedStorage(value: unknown): PersistedStorage | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value) || typeof value.secret !== 'string' || !/^[A-Za-z0-9_-]{43,}$/.test(value.secret)) {
    throw new DrivespecError('storage is not a valid storage section');
  }
  if (!Array.isArray(value.uploads)) throw new DrivespecError('storage.uploads is not a list');
  value.uploads.forEach((upload, i) => {
    if (!isUpload(upload)) throw new DrivespecError(`storage.uploads[${i}] is not a valid entry`);
  });
  return value as unknown as PersistedStorage;
}
