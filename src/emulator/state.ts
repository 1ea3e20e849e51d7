/**
 * The emulator's embedded store: upload sessions and files of the four services, in Maps keyed by
 * ids joined with NUL (ids never contain control characters, `isSafeId`), so no id can collide
 * with another key or with an object prototype. Serializes to a versioned JSON document for the
 * state file.
 */
import { DrivespecError } from '../core/errors.js';
import type { ContentInfo } from './content.js';
import { isContentInfo } from './content.js';
import type { PersistedStorage } from './storage/storage-persistence.js';
import type { EmulatorCredentialOverrides } from './types.js';

export interface PdsFileRecord {
  driveId: string;
  fileId: string;
  name: string;
  parentFileId: string;
  uploadId: string;
  status: 'uploading' | 'available';
  content: ContentInfo;
  createdAt: string;
  updatedAt: string;
  revisionId: string;
  /**
   * SHA-1 (lowercase hex) of the first min(1024, size) bytes of `content`: the key of CreateFile's
   * rapid-upload pre-check (`pre_hash`). Absent in state files written before issue 11: such a
   * file is found by `content_hash`, not by `pre_hash`.
   */
  preHash?: string;
  /** The upload CreateFile started and CompleteFile has not finished (bytes in the emulator's storage). */
  session?: PdsUploadSession;
}

/** A PDS upload in progress whose bytes go to the emulator's storage (`storageKey`). */
export interface PdsUploadSession {
  uploadId: string;
  storageKey: string;
  createdAt: string;
  /** Whether CreateFile asked for parallel_upload. */
  parallel: boolean;
  /** What the client declared, checked against the stored bytes at CompleteFile. */
  declaredSize?: number;
  /** Uppercase hex SHA-1, as sent in `content_hash`. */
  contentHash?: string;
  /** Every part the client asked a URL for, by number, with the SHA-1 state it declared for it. */
  parts: PdsDeclaredPart[];
}

export interface PdsDeclaredPart {
  partNumber: number;
  /** `parallel_sha1_ctx` as declared (`h` words and `part_offset`), when it was sent. */
  sha1Ctx?: { h: number[]; partOffset: number };
  /** `content_md5` as declared, as lowercase hex (sent as Base64 or hex of the 16-byte MD5). */
  contentMd5?: string;
}

export type MetaStudioFileState = 'UPLOADING' | 'CREATED' | 'FAILED' | 'CANCELLED';

/** What CreateFile recorded about a file (absent on files seeded with `metaStudioUpload`, which have no asset). */
export interface MetaStudioFileUpload {
  assetId: string;
  fileName: string;
  /** As declared: Base64 of the 16-byte MD5. */
  fileMd5: string;
  fileSize: number;
  fileType: string;
  category: string;
  /** The Content-Type the OBS PUT must carry (chosen from `fileType`). */
  contentType: string;
  /** The emulator storage's key of the OBS object. */
  storageKey: string;
  /** When `upload_url` stops working (24 hours after CreateFile). */
  expiresAt: string;
  createdAt: string;
}

export interface MetaStudioFileRecord {
  projectId: string;
  fileId: string;
  state: MetaStudioFileState;
  autoMetaAnalysis?: boolean;
  confirmedAt?: string;
  upload?: MetaStudioFileUpload;
}

/** A MetaStudio asset (CreateDigitalAsset); its files are the `metaStudioFiles` whose `upload.assetId` is its id. */
export interface MetaStudioAssetRecord {
  projectId: string;
  assetId: string;
  produceId: string;
  name: string;
  type: string;
  description?: string;
  tags?: string[];
  appUserId?: string;
  /** File ids in creation order. */
  fileIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type SmhStrategy = 'ask' | 'rename' | 'overwrite';

export interface SmhUploadRecord {
  libraryId: string;
  spaceId: string;
  confirmKey: string;
  path: string[];
  content: ContentInfo;
  userId?: string;
  conflictResolutionStrategy?: SmhStrategy;
  /** Set once ConfirmUpload succeeded: where the file ended up. */
  completed?: { at: string; path: string[] };
}

export interface SmhFileRecord {
  libraryId: string;
  spaceId: string;
  path: string[];
  content: ContentInfo;
  inode: string;
  creationTime: string;
  modificationTime: string;
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

export interface KooDriveUploadRecord {
  userId: string;
  fileId: string;
  content: ContentInfo;
  status: 'uploading' | 'completed';
  completedAt?: string;
}

const SEP = '\u0000';
export const key = (...parts: string[]): string => parts.join(SEP);

export class EmulatorState {
  readonly pdsFiles = new Map<string, PdsFileRecord>();
  readonly metaStudioFiles = new Map<string, MetaStudioFileRecord>();
  readonly metaStudioAssets = new Map<string, MetaStudioAssetRecord>();
  readonly smhUploads = new Map<string, SmhUploadRecord>();
  readonly smhFiles = new Map<string, SmhFileRecord>();
  /** Every directory implied by an SMH file's path (files are never deleted, so this only grows). */
  readonly smhDirectories = new Set<string>();
  readonly koodriveUploads = new Map<string, KooDriveUploadRecord>();
  /** Monotonic counter for generated ids (inodes, revision ids). */
  serial = 0;

  clear(): void {
    this.pdsFiles.clear();
    this.metaStudioFiles.clear();
    this.metaStudioAssets.clear();
    this.smhUploads.clear();
    this.smhFiles.clear();
    this.smhDirectories.clear();
    this.koodriveUploads.clear();
  }

  nextSerial(): number {
    this.serial += 1;
    return this.serial;
  }

  putSmhFile(file: SmhFileRecord): void {
    this.smhFiles.set(key(file.libraryId, file.spaceId, ...file.path), file);
    for (let i = 1; i < file.path.length; i++) {
      this.smhDirectories.add(key(file.libraryId, file.spaceId, ...file.path.slice(0, i)));
    }
  }

  toJSON(credentials: EmulatorCredentialOverrides): PersistedState {
    return {
      format: STATE_FORMAT,
      version: STATE_VERSION,
      credentials,
      serial: this.serial,
      pdsFiles: [...this.pdsFiles.values()],
      metaStudioFiles: [...this.metaStudioFiles.values()],
      metaStudioAssets: [...this.metaStudioAssets.values()],
      smhUploads: [...this.smhUploads.values()],
      smhFiles: [...this.smhFiles.values()],
      koodriveUploads: [...this.koodriveUploads.values()],
    };
  }

  /** Replaces the content with a persisted document; throws a `DrivespecError` naming the first bad entry
   * (`startEmulator` turns it into a `ConfigurationError` for `stateFile`). */
  load(doc: unknown): EmulatorCredentialOverrides | undefined {
    if (!isRecord(doc) || doc.format !== STATE_FORMAT) throw new DrivespecError('not a drivespec emulator state file');
    if (doc.version !== STATE_VERSION) throw new DrivespecError(`unsupported state file version ${String(doc.version)}`);
    this.clear();
    this.serial = typeof doc.serial === 'number' && Number.isSafeInteger(doc.serial) ? doc.serial : 0;
    for (const r of list(doc.pdsFiles, 'pdsFiles', isPdsFile)) this.pdsFiles.set(key(r.driveId, r.fileId), r);
    for (const r of list(doc.metaStudioFiles, 'metaStudioFiles', isMetaStudioFile)) {
      this.metaStudioFiles.set(key(r.projectId, r.fileId), r);
    }
    for (const r of list(doc.metaStudioAssets, 'metaStudioAssets', isMetaStudioAsset)) {
      this.metaStudioAssets.set(key(r.projectId, r.assetId), r);
    }
    for (const r of list(doc.smhUploads, 'smhUploads', isSmhUpload)) {
      this.smhUploads.set(key(r.libraryId, r.spaceId, r.confirmKey), r);
    }
    for (const r of list(doc.smhFiles, 'smhFiles', isSmhFile)) this.putSmhFile(r);
    for (const r of list(doc.koodriveUploads, 'koodriveUploads', isKooDriveUpload)) {
      this.koodriveUploads.set(key(r.userId, r.fileId), r);
    }
    return isRecord(doc.credentials) ? (doc.credentials as EmulatorCredentialOverrides) : undefined;
  }
}

export const STATE_FORMAT = 'drivespec-emulator-state';
export const STATE_VERSION = 1;

export interface PersistedState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  credentials: EmulatorCredentialOverrides;
  serial: number;
  pdsFiles: PdsFileRecord[];
  metaStudioFiles: MetaStudioFileRecord[];
  /** Absent in state files written before assets existed (read as none). */
  metaStudioAssets?: MetaStudioAssetRecord[];
  smhUploads: SmhUploadRecord[];
  smhFiles: SmhFileRecord[];
  koodriveUploads: KooDriveUploadRecord[];
  /** The storage endpoints' uploads and signing secret (storage/storage-persistence.ts); their bytes are in the data directory. */
  storage?: PersistedStorage;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function list<T>(value: unknown, name: string, check: (v: unknown) => v is T): T[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new DrivespecError(`${name} is not a list`);
  value.forEach((entry, i) => {
    if (!check(entry)) throw new DrivespecError(`${name}[${i}] is not a valid entry`);
  });
  return value as T[];
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const optStr = (v: unknown) => v === undefined || typeof v === 'string';
const strArray = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every(str);

function isPdsFile(v: unknown): v is PdsFileRecord {
  return (
    isRecord(v) &&
    str(v.driveId) &&
    str(v.fileId) &&
    str(v.name) &&
    str(v.parentFileId) &&
    str(v.uploadId) &&
    (v.status === 'uploading' || v.status === 'available') &&
    isContentInfo(v.content) &&
    str(v.createdAt) &&
    str(v.updatedAt) &&
    str(v.revisionId) &&
    (v.preHash === undefined || (typeof v.preHash === 'string' && /^[0-9a-f]{40}$/.test(v.preHash))) &&
    (v.session === undefined || isPdsSession(v.session))
  );
}

const word = (n: unknown) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0xffffffff;
const count = (n: unknown) => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

function isPdsSession(v: unknown): boolean {
  return (
    isRecord(v) &&
    str(v.uploadId) &&
    str(v.storageKey) &&
    str(v.createdAt) &&
    typeof v.parallel === 'boolean' &&
    (v.declaredSize === undefined || count(v.declaredSize)) &&
    (v.contentHash === undefined || (typeof v.contentHash === 'string' && /^[0-9A-F]{40}$/.test(v.contentHash))) &&
    Array.isArray(v.parts) &&
    v.parts.every(
      (p: unknown) =>
        isRecord(p) &&
        typeof p.partNumber === 'number' &&
        Number.isInteger(p.partNumber) &&
        p.partNumber >= 1 &&
        p.partNumber <= 10_000 &&
        (p.sha1Ctx === undefined ||
          (isRecord(p.sha1Ctx) && Array.isArray(p.sha1Ctx.h) && p.sha1Ctx.h.every(word) && count(p.sha1Ctx.partOffset))) &&
        (p.contentMd5 === undefined || (typeof p.contentMd5 === 'string' && /^[0-9a-f]{32}$/.test(p.contentMd5))),
    )
  );
}

function isMetaStudioFile(v: unknown): v is MetaStudioFileRecord {
  return (
    isRecord(v) &&
    str(v.projectId) &&
    str(v.fileId) &&
    ['UPLOADING', 'CREATED', 'FAILED', 'CANCELLED'].includes(v.state as string) &&
    (v.autoMetaAnalysis === undefined || typeof v.autoMetaAnalysis === 'boolean') &&
    optStr(v.confirmedAt) &&
    (v.upload === undefined || isMetaStudioUpload(v.upload))
  );
}

function isMetaStudioUpload(v: unknown): v is MetaStudioFileUpload {
  return (
    isRecord(v) &&
    str(v.assetId) &&
    str(v.fileName) &&
    str(v.fileMd5) &&
    typeof v.fileSize === 'number' &&
    Number.isSafeInteger(v.fileSize) &&
    v.fileSize > 0 &&
    str(v.fileType) &&
    str(v.category) &&
    str(v.contentType) &&
    str(v.storageKey) &&
    str(v.expiresAt) &&
    str(v.createdAt)
  );
}

function isMetaStudioAsset(v: unknown): v is MetaStudioAssetRecord {
  return (
    isRecord(v) &&
    str(v.projectId) &&
    str(v.assetId) &&
    str(v.produceId) &&
    typeof v.name === 'string' &&
    str(v.type) &&
    optStr(v.description) &&
    (v.tags === undefined || (Array.isArray(v.tags) && v.tags.every((t) => typeof t === 'string'))) &&
    optStr(v.appUserId) &&
    Array.isArray(v.fileIds) &&
    v.fileIds.every(str) &&
    str(v.createdAt) &&
    str(v.updatedAt)
  );
}

function isSmhUpload(v: unknown): v is SmhUploadRecord {
  return (
    isRecord(v) &&
    str(v.libraryId) &&
    str(v.spaceId) &&
    str(v.confirmKey) &&
    strArray(v.path) &&
    isContentInfo(v.content) &&
    optStr(v.userId) &&
    (v.conflictResolutionStrategy === undefined || ['ask', 'rename', 'overwrite'].includes(v.conflictResolutionStrategy as string)) &&
    (v.completed === undefined || (isRecord(v.completed) && str(v.completed.at) && strArray(v.completed.path)))
  );
}

function isSmhFile(v: unknown): v is SmhFileRecord {
  return (
    isRecord(v) &&
    str(v.libraryId) &&
    str(v.spaceId) &&
    strArray(v.path) &&
    isContentInfo(v.content) &&
    str(v.inode) &&
    str(v.creationTime) &&
    str(v.modificationTime) &&
    (v.labels === undefined || (Array.isArray(v.labels) && v.labels.every((l) => typeof l === 'string'))) &&
    optStr(v.category) &&
    optStr(v.localCreationTime) &&
    optStr(v.localModificationTime)
  );
}

function isKooDriveUpload(v: unknown): v is KooDriveUploadRecord {
  return (
    isRecord(v) &&
    str(v.userId) &&
    str(v.fileId) &&
    isContentInfo(v.content) &&
    (v.status === 'uploading' || v.status === 'completed') &&
    optStr(v.completedAt)
  );
}
