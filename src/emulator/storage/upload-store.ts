/**
 * The emulator's storage for upload bytes, as the providers' handlers see it (CONTRACTS.md §2).
 * Handlers create an upload, hand out the URLs (or, for SMH, the COS domain, path and headers)
 * that clients PUT bytes to, and at completion read the digests computed from the bytes the
 * emulator received. Every method is synchronous, like the handlers: reading an upload's parts and
 * sealing it happen with no `await` in between.
 *
 * The storage routes themselves (`PUT /__drivespec/storage/<flavor>/<key>`) are in put-route.ts;
 * the implementation is `DiskUploadStore` (disk-upload-store.ts).
 */
import type { ProviderId } from '../../core/provider.js';

/** Whose storage service a URL imitates: PDS `oss`, MetaStudio `obs`, SMH `cos`, KooDrive `s3`. */
export type StorageFlavor = 'oss' | 'obs' | 'cos' | 's3';
export const storageFlavors: readonly StorageFlavor[] = ['oss', 'obs', 'cos', 's3'];

export interface NewStorageUpload {
  provider: ProviderId;
  flavor: StorageFlavor;
  /** `single`: one PUT of the whole object (no `partNumber`); `multipart`: parts 1..n. */
  mode: 'single' | 'multipart';
  /** When its URLs / credentials stop working (renew moves it). */
  expiresAt: Date;
  /** Every PUT must carry these header values exactly (SMH's headers, MetaStudio's Content-Type). */
  requiredHeaders?: Record<string, string>;
  /** MetaStudio: the PUT must carry Content-MD5 (it is checked whenever present). */
  requireContentMd5?: boolean;
  /** Compute the SHA chaining state before each part (PDS `sha1`, KooDrive `sha256`). */
  partStates?: ('sha1' | 'sha256')[];
  /** When known: more bytes than this (all parts together) are refused. */
  declaredSize?: number;
}

export interface StoredPart {
  /** 1 for a single upload. */
  partNumber: number;
  size: number;
  /** Lowercase hex MD5 of the part. */
  md5: string;
  /** CRC-64/XZ of the part, unsigned decimal. */
  crc64: string;
  /** As sent in the ETag header: `"<md5 hex>"`. */
  etag: string;
  /** ISO 8601. */
  lastModified: string;
  /** The query the part was PUT with (KooDrive's signed hash context), signature included. */
  query: Readonly<Record<string, string>>;
}

/** The SHA chaining state before a part: uint32 words; absent when `offset % 64 !== 0` or not requested. */
export interface PartState {
  partNumber: number;
  offset: number;
  sha1?: number[];
  sha256?: number[];
}

export interface ObjectDigests {
  /** Whole object: size, CRC-64/XZ (decimal), lowercase hex SHA-1, SHA-256 and MD5. */
  size: number;
  crc64: string;
  sha1: string;
  sha256: string;
  md5: string;
  /** SHA-1 of the first min(1024, size) bytes (PDS `pre_hash`, lowercase). */
  preHashSha1: string;
  /** SHA-256 of the first 1 MiB (SMH `beginningHash`). */
  smhBeginningHash: string;
  /** SMH chained hash (shared/docs/upload/tencent-smh-upload.md §7). */
  smhFullHash: string;
  /** One entry per part, in part order. */
  partStates: PartState[];
}

export type Completion =
  | { ok: true; parts: StoredPart[]; digests: ObjectDigests }
  /** Parts must be 1..n, contiguous: `missing` lists the numbers absent below the highest one. */
  | { ok: false; reason: 'no-parts' | 'missing-parts'; missing: number[] };

/**
 * Every method but `create`, `discard` and `has` throws a `DrivespecError` for a key it does not
 * know (a handler's bug: check `has(key)` first where a client supplies the key); `discard` of an
 * unknown key does nothing. The store persists itself (state file) after each change.
 */
export interface UploadStore {
  /** A new storage key (random, URL-safe). */
  create(input: NewStorageUpload): string;
  /** An absolute signed URL on `origin` (the emulator's, `RequestContext.origin`) to PUT the part (or the object) to. */
  putUrl(key: string, origin: string, partNumber?: number, options?: { expiresAt?: Date; extraQuery?: Record<string, string> }): string;
  /** SMH: `host[:port]`, path, and the headers to send (the required headers plus the signed `Authorization`). */
  cosTarget(key: string, origin: string): { domain: string; path: string; headers: Record<string, string> };
  renew(key: string, expiresAt: Date): void;
  /** Sorted by part number. */
  parts(key: string): StoredPart[];
  /** Digests of the bytes received, in part order. */
  complete(key: string): Completion;
  /** After a successful completion: further PUTs get `NoSuchUpload`; the bytes are kept. */
  seal(key: string): void;
  /** Cancel / reset: the bytes are freed. */
  discard(key: string): void;
  has(key: string): boolean;
}
