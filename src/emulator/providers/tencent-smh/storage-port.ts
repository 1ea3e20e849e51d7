/**
 * What the SMH handlers use of the emulator's storage (CONTRACTS.md §2, flavor `cos`). Until the
 * storage module is on main this restates the part of its `UploadStore` contract they call.
 */
export interface SmhStoredPart {
  partNumber: number;
  size: number;
  md5: string;
  crc64: string;
  etag: string;
  lastModified: string;
}

export interface SmhObjectDigests {
  size: number;
  crc64: string;
  sha1: string;
  sha256: string;
  md5: string;
  smhBeginningHash: string;
  smhFullHash: string;
}

export type SmhCompletion =
  | { ok: true; parts: SmhStoredPart[]; digests: SmhObjectDigests }
  | { ok: false; reason: 'no-parts' | 'missing-parts'; missing: number[] };

export interface SmhStorage {
  create(input: {
    provider: 'tencent-smh';
    flavor: 'cos';
    mode: 'single' | 'multipart';
    expiresAt: Date;
    requiredHeaders?: Record<string, string>;
    declaredSize?: number;
  }): string;
  cosTarget(key: string, origin: string): { domain: string; path: string; headers: Record<string, string> };
  renew(key: string, expiresAt: Date): void;
  parts(key: string): SmhStoredPart[];
  complete(key: string): SmhCompletion;
  seal(key: string): void;
  discard(key: string): void;
  has(key: string): boolean;
}
