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

/** The file fields an SMH upload start may give, applied at confirm unless ConfirmUpload gives its own. */
export interface SmhFileFields {
  labels?: string[];
  category?: string;
  localCreationTime?: string;
  localModificationTime?: string;
}

/**
 * An SMH upload whose bytes go to the emulator's storage (InitUpload / InitMultipartUpload):
 * `storageKey` names them in `env.storage`; ConfirmUpload takes the digests from there.
 */
export interface SmhStoredUpload {
  mode: 'single' | 'multipart';
  storageKey: string;
  /** The COS upload id of a multipart upload. */
  uploadId?: string;
  /** ISO 8601: when the handed-out credentials expire (RenewMultipartUpload moves it). */
  expiresAt: string;
  creationTime: string;
  force: boolean;
  /** `traffic_limit` as given (decimal digits): the `x-cos-traffic-limit` header handed out. */
  trafficLimit?: string;
  /** The size declared at start (`filesize`, else the body's `size`): confirm refuses fewer bytes (UploadIncomplete). */
  declaredSize?: number;
  fields?: SmhFileFields;
}

export interface SmhUploadRecord {
  libraryId: string;
  spaceId: string;
  confirmKey: string;
  path: string[];
  /** The bytes' digests of a seeded upload (`seed.smhUpload`); absent when they are in storage (`stored`). */
  content?: ContentInfo;
  /** Set for an upload started through the API: its bytes are in the emulator's storage. */
  stored?: SmhStoredUpload;
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
  /** SMH's instant-upload hashes of the bytes (lowercase hex), when known: `beginningHash`, `fullHash`. */
  smhHashes?: SmhInstantHashes;
}

/** SHA-256 of the first MiB and the chained hash per MiB (shared/docs/upload/tencent-smh-upload.md §7). */
export interface SmhInstantHashes {
  beginningHash: string;
  fullHash: string;
}

/** A KooDrive part as its link was last asked for (CreateFile / UploadUrl `multiParts`). */
export interface KooDrivePartRecord {
  partNumber: number;
  partSize: number;
  partOffset: number;
  hashCtx?: number[];
}

/**
 * A KooDrive file: an upload until CompleteFile, then a stored file (flash upload makes it
 * stored at once). Seeded uploads (`seed.koodriveUpload` with content) carry their `content` from
 * the start and no bytes; uploads started by CreateFile (or seeded with `length`) keep their bytes
 * in the emulator's storage under `storageKey` and get `content` at completion, computed from them.
 */
export interface KooDriveUploadRecord {
  userId: string;
  fileId: string;
  /** The bytes' digests: seeded uploads and stored files. */
  content?: ContentInfo;
  status: 'uploading' | 'completed';
  completedAt?: string;
  fileName?: string;
  /** The parent folder id (`root`). */
  parentFolder?: string;
  /** The file size CreateFile declared. */
  length?: number;
  /** The whole-file SHA-256 CreateFile declared, lowercase hex. */
  sha256?: string;
  uploadId?: string;
  /** The storage upload holding the parts (created on the first link asked for). */
  storageKey?: string;
  createdAt?: string;
  /** The declared parts, by part number, latest declaration. */
  parts?: KooDrivePartRecord[];
  /** Created by a flash upload (no bytes sent). */
  rapidUpload?: boolean;
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

const hex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);
const optStrArray = (v: unknown) => v === undefined || (Array.isArray(v) && v.every((l) => typeof l === 'string'));

function isSmhStored(v: unknown): v is SmhStoredUpload {
  return (
    isRecord(v) &&
    (v.mode === 'single' || v.mode === 'multipart') &&
    str(v.storageKey) &&
    optStr(v.uploadId) &&
    str(v.expiresAt) &&
    str(v.creationTime) &&
    typeof v.force === 'boolean' &&
    (v.trafficLimit === undefined || (typeof v.trafficLimit === 'string' && /^[1-9][0-9]{0,15}$/.test(v.trafficLimit))) &&
    (v.declaredSize === undefined || (Number.isSafeInteger(v.declaredSize) && (v.declaredSize as number) >= 0)) &&
    (v.fields === undefined ||
      (isRecord(v.fields) &&
        optStrArray(v.fields.labels) &&
        optStr(v.fields.category) &&
        optStr(v.fields.localCreationTime) &&
        optStr(v.fields.localModificationTime)))
  );
}

function isSmhUpload(v: unknown): v is SmhUploadRecord {
  return (
    isRecord(v) &&
    str(v.libraryId) &&
    str(v.spaceId) &&
    str(v.confirmKey) &&
    strArray(v.path) &&
    // Exactly one source of the bytes: seeded digests, or the storage.
    (v.content === undefined ? isSmhStored(v.stored) : isContentInfo(v.content) && v.stored === undefined) &&
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
    optStr(v.localModificationTime) &&
    (v.smhHashes === undefined || (isRecord(v.smhHashes) && hex64(v.smhHashes.beginningHash) && hex64(v.smhHashes.fullHash)))
  );
}

const optSize = (v: unknown) => v === undefined || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
const isWord = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;

function isKooDrivePart(v: unknown): v is KooDrivePartRecord {
  return (
    isRecord(v) &&
    typeof v.partNumber === 'number' &&
    Number.isInteger(v.partNumber) &&
    v.partNumber >= 1 &&
    v.partNumber <= 10_000 &&
    optSize(v.partSize) &&
    v.partSize !== undefined &&
    optSize(v.partOffset) &&
    v.partOffset !== undefined &&
    (v.hashCtx === undefined || (Array.isArray(v.hashCtx) && v.hashCtx.length === 8 && v.hashCtx.every(isWord)))
  );
}

function isKooDriveUpload(v: unknown): v is KooDriveUploadRecord {
  return (
    isRecord(v) &&
    str(v.userId) &&
    str(v.fileId) &&
    (v.content === undefined || isContentInfo(v.content)) &&
    (v.status === 'uploading' || v.status === 'completed') &&
    optStr(v.completedAt) &&
    optStr(v.fileName) &&
    optStr(v.parentFolder) &&
    optSize(v.length) &&
    (v.sha256 === undefined || (typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/.test(v.sha256))) &&
    optStr(v.uploadId) &&
    optStr(v.storageKey) &&
    optStr(v.createdAt) &&
    (v.parts === undefined || (Array.isArray(v.parts) && v.parts.every(isKooDrivePart))) &&
    (v.rapidUpload === undefined || typeof v.rapidUpload === 'boolean') &&
    // A record is either seeded content, a declared upload, or a stored file (which has content).
    (v.content !== undefined || (v.status === 'uploading' && v.length !== undefined))
  );
}
