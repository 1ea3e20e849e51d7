/**
 * What MetaStudio needs from the emulator's storage (CONTRACTS.md §2, `UploadStore`): an OBS
 * object written by one PUT of the whole file. Declared here, by the contract, until the storage
 * module is on main; then this is its `UploadStore`.
 */
export interface NewObsUpload {
  provider: 'huawei-metastudio';
  flavor: 'obs';
  mode: 'single';
  expiresAt: Date;
  requiredHeaders?: Record<string, string>;
  requireContentMd5?: boolean;
  declaredSize?: number;
}

export type ObsCompletion =
  | { ok: true; digests: { size: number; md5: string } }
  | { ok: false; reason: 'no-parts' | 'missing-parts'; missing: number[] };

export interface ObsStore {
  create(input: NewObsUpload): string;
  putUrl(key: string, origin: string): string;
  complete(key: string): ObsCompletion;
  seal(key: string): void;
  discard(key: string): void;
  has(key: string): boolean;
}
