/**
 * The emulator storage's interface as /work/wt/CONTRACTS.md §2 (issue 11) states it, for the PDS
 * handlers to code against until `src/emulator/storage/` is on main; then these names are
 * imported from there and this file goes.
 */
import type { ProviderId } from '../../../core/provider.js';

export type StorageFlavor = 'oss' | 'obs' | 'cos' | 's3';
export interface NewStorageUpload {
  provider: ProviderId;
  flavor: StorageFlavor;
  mode: 'single' | 'multipart';
  expiresAt: Date;
  requiredHeaders?: Record<string, string>;
  requireContentMd5?: boolean;
  partStates?: ('sha1' | 'sha256')[];
  declaredSize?: number;
}
export interface StoredPart {
  partNumber: number;
  size: number;
  md5: string;
  crc64: string;
  etag: string;
  lastModified: string;
  query: Readonly<Record<string, string>>;
}
export interface PartState {
  partNumber: number;
  offset: number;
  sha1?: number[];
  sha256?: number[];
}
export interface ObjectDigests {
  size: number;
  crc64: string;
  sha1: string;
  sha256: string;
  md5: string;
  preHashSha1: string;
  smhBeginningHash: string;
  smhFullHash: string;
  partStates: PartState[];
}
export type Completion =
  | { ok: true; parts: StoredPart[]; digests: ObjectDigests }
  | { ok: false; reason: 'no-parts' | 'missing-parts'; missing: number[] };
export interface UploadStore {
  create(input: NewStorageUpload): string;
  putUrl(key: string, origin: string, partNumber?: number, options?: { expiresAt?: Date; extraQuery?: Record<string, string> }): string;
  cosTarget(key: string, origin: string): { domain: string; path: string; headers: Record<string, string> };
  renew(key: string, expiresAt: Date): void;
  parts(key: string): StoredPart[];
  complete(key: string): Completion;
  seal(key: string): void;
  discard(key: string): void;
  has(key: string): boolean;
}
