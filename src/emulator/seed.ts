/**
 * The seed API: creates upload sessions and files, injects faults, resets. The same functions
 * serve `RunningEmulator.seed` and `POST /__drivespec/seed` (JSON `{ kind, ...input }`), and
 * validate their input the same way: a bad seed is an `EmulatorSeedError`, never a half-made record.
 */
import { DrivespecError } from '../core/errors.js';
import { isProviderId, type ProviderId } from '../core/provider.js';
import { DEFAULT_SEED_CONTENT, describeContent } from './content.js';
import type { FaultPlan } from './faults.js';
import { pdsPreHash } from './providers/aliyun-pds/pre-hash.js';
import { smhInstantHashes } from './providers/tencent-smh/instant-hashes.js';
import { openStoredUpload } from './providers/tencent-smh/start.js';
import { isSafeId, unsafeIdReason } from './request-target.js';
import { key, type EmulatorState, type SmhFileRecord } from './state.js';
import type { UploadStore } from './storage/upload-store.js';
import type { EmulatorCredentials, EmulatorSeed, SeedContent } from './types.js';

export class EmulatorSeedError extends DrivespecError {
  override name = 'EmulatorSeedError';
}

export interface SeedEnv {
  state: EmulatorState;
  credentials: EmulatorCredentials;
  faults: FaultPlan;
  now: () => Date;
  /** Operation ids per provider, to check `fault` input. */
  operationIds: Record<ProviderId, readonly string[]>;
  commit(): void;
  /** Extra cleanup on reset (the PDS nonce cache). */
  onReset(): void;
  /** The upload bytes' storage, for seeded uploads that receive parts (SMH `multipart`). */
  storage?: UploadStore;
}

export const seedKinds = ['pdsUpload', 'metaStudioUpload', 'metaStudioAsset', 'smhUpload', 'smhFile', 'koodriveUpload', 'koodriveFile', 'fault', 'reset'] as const;
export type SeedKind = (typeof seedKinds)[number];

/** CreateDigitalAsset's asset types (specs/huawei-metastudio.yaml, AssetType). */
const metaStudioAssetTypes: readonly string[] = [
  'VOICE_MODEL',
  'VIDEO',
  'IMAGE',
  'PPT',
  'MUSIC',
  'AUDIO',
  'COMMON_FILE',
  'HUMAN_MODEL_2D',
  'BUSINESS_CARD_TEMPLET',
];

function fail(field: string, message: string): never {
  throw new EmulatorSeedError(`${field} ${message}`);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(field, 'must be an object');
  return value as Record<string, unknown>;
}

function only(input: Record<string, unknown>, kind: string, allowed: readonly string[]): void {
  for (const name of Object.keys(input)) {
    if (!allowed.includes(name)) fail(`${kind}.${name.slice(0, 64)}`, 'is not a known field');
  }
}

function id(input: Record<string, unknown>, name: string, fallback?: string): string {
  const value = input[name] ?? fallback;
  if (typeof value !== 'string') fail(name, 'must be a string');
  if (!isSafeId(value)) fail(name, unsafeIdReason(value));
  return value;
}

function optionalId(input: Record<string, unknown>, name: string): string | undefined {
  return input[name] === undefined ? undefined : id(input, name);
}

/** A file or directory name: what `isSafeId` allows, but dots are fine inside (`a..b.txt`), not alone. */
function fileName(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') fail(field, 'must be a non-empty string');
  if (value.length > 255) fail(field, 'is longer than 255 characters');
  if (/[/\\\u0000-\u001f\u007f]/.test(value)) fail(field, 'contains a path separator or a control character');
  if (value === '.' || value === '..') fail(field, 'is "." or ".."');
  return value;
}

function smhPath(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > 64) fail('path', 'must be an array of 1 to 64 names');
  return value.map((v, i) => fileName(v, `path[${i}]`));
}

function content(input: Record<string, unknown>): SeedContent | undefined {
  const { content: text, contentBase64 } = input;
  if (text !== undefined && contentBase64 !== undefined) fail('content', 'and contentBase64 are exclusive');
  if (contentBase64 !== undefined) {
    if (typeof contentBase64 !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(contentBase64)) {
      fail('contentBase64', 'must be standard base64');
    }
    return new Uint8Array(Buffer.from(contentBase64, 'base64'));
  }
  if (text === undefined) return undefined;
  if (typeof text !== 'string' && !(text instanceof Uint8Array)) fail('content', 'must be a string or bytes');
  return text;
}

/** A KooDrive file name: the spec's FileName rules (1 to 250 characters, none of `< > | : " * ? / \`, no control characters, not `.`, `..` or blank). */
function kooDriveFileName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') fail('fileName', 'must be a non-blank string');
  if (value.length > 250) fail('fileName', 'is longer than 250 characters');
  if (/[<>|:"*?/\\\u0000-\u001f\u007f]/.test(value)) fail('fileName', 'contains a character KooDrive refuses');
  if (value === '.' || value === '..') fail('fileName', 'is "." or ".."');
  return value;
}

function kooDriveSha256(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[0-9A-Fa-f]{64}$/.test(value)) fail('sha256', 'must be 64 hex digits');
  return value.toLowerCase();
}

/** The bytes of seeded content (default: the ASCII bytes `123456789`, as `describeContent`). */
function contentBytes(value: SeedContent | undefined): Uint8Array {
  const c = value ?? DEFAULT_SEED_CONTENT;
  return typeof c === 'string' ? new TextEncoder().encode(c) : c;
}

export function createSeed(env: SeedEnv): EmulatorSeed {
  const stamp = () => env.now().toISOString();
  const { state } = env;

  const seed: EmulatorSeed = {
    pdsUpload(raw) {
      const input = record(raw, 'pdsUpload');
      only(input, 'pdsUpload', ['driveId', 'fileId', 'uploadId', 'name', 'parentFileId', 'content', 'contentBase64']);
      const driveId = id(input, 'driveId');
      const fileId = id(input, 'fileId');
      const uploadId = id(input, 'uploadId');
      const name = input.name === undefined ? `${fileId}.bin` : fileName(input.name, 'name');
      const parentFileId = id(input, 'parentFileId', 'root');
      const bytes = content(input);
      const info = describeContent(bytes);
      const now = stamp();
      state.pdsFiles.set(key(driveId, fileId), {
        driveId,
        fileId,
        name,
        parentFileId,
        uploadId,
        status: 'uploading',
        content: info,
        createdAt: now,
        updatedAt: now,
        revisionId: state.nextSerial().toString(16).toUpperCase().padStart(40, '0'),
        // The rapid-upload pre-check key, once the upload completes (CreateFile pre_hash).
        preHash: pdsPreHash(bytes),
      });
      env.commit();
    },

    metaStudioUpload(raw) {
      const input = record(raw, 'metaStudioUpload');
      only(input, 'metaStudioUpload', ['projectId', 'fileId']);
      const projectId = id(input, 'projectId', env.credentials['huawei-metastudio'].projectId);
      const fileId = id(input, 'fileId');
      state.metaStudioFiles.set(key(projectId, fileId), { projectId, fileId, state: 'UPLOADING' });
      env.commit();
    },

    metaStudioAsset(raw) {
      const input = record(raw, 'metaStudioAsset');
      only(input, 'metaStudioAsset', ['projectId', 'assetId', 'assetName', 'assetType']);
      const projectId = id(input, 'projectId', env.credentials['huawei-metastudio'].projectId);
      const assetId = id(input, 'assetId');
      // CreateFile's asset_id is 1 to 64 characters (specs/huawei-metastudio.yaml, AssetId).
      if (assetId.length > 64) fail('assetId', 'is longer than 64 characters');
      const name = input.assetName ?? assetId;
      if (typeof name !== 'string' || name.length > 256) fail('assetName', 'must be a string of at most 256 characters');
      const type = input.assetType ?? 'COMMON_FILE';
      if (typeof type !== 'string' || !metaStudioAssetTypes.includes(type)) fail('assetType', `must be one of ${metaStudioAssetTypes.join(', ')}`);
      const now = `${env.now().toISOString().slice(0, 19)}Z`;
      state.metaStudioAssets.set(key(projectId, assetId), {
        projectId,
        assetId,
        produceId: state.nextSerial().toString(16).padStart(16, '0'),
        name,
        type,
        fileIds: [],
        createdAt: now,
        updatedAt: now,
      });
      env.commit();
    },

    smhUpload(raw) {
      const input = record(raw, 'smhUpload');
      only(input, 'smhUpload', [
        'libraryId',
        'spaceId',
        'confirmKey',
        'path',
        'content',
        'contentBase64',
        'userId',
        'conflictResolutionStrategy',
        'multipart',
      ]);
      const libraryId = id(input, 'libraryId', env.credentials['tencent-smh'].libraryId);
      const spaceId = id(input, 'spaceId', '-');
      const confirmKey = id(input, 'confirmKey');
      const path = smhPath(input.path);
      const userId = optionalId(input, 'userId');
      const strategy = input.conflictResolutionStrategy;
      if (strategy !== undefined && strategy !== 'ask' && strategy !== 'rename' && strategy !== 'overwrite') {
        fail('conflictResolutionStrategy', 'must be ask, rename or overwrite');
      }
      const multipart = input.multipart ?? false;
      if (typeof multipart !== 'boolean') fail('multipart', 'must be true or false');
      const seeded = content(input);
      if (multipart && seeded !== undefined) fail('content', 'is for uploads whose bytes are done: a multipart upload gets its parts through the storage');
      if (multipart && !env.storage) fail('multipart', 'needs the emulator storage');
      const previous = state.smhUploads.get(key(libraryId, spaceId, confirmKey));
      if (previous?.stored && env.storage?.has(previous.stored.storageKey)) env.storage.discard(previous.stored.storageKey);
      state.smhUploads.set(key(libraryId, spaceId, confirmKey), {
        libraryId,
        spaceId,
        confirmKey,
        path,
        // An upload started with InitMultipartUpload (no part stored yet), or one whose bytes are done.
        ...(multipart ? { stored: openStoredUpload(env.storage!, env.now(), 'multipart', path[path.length - 1]!) } : { content: describeContent(seeded) }),
        ...(userId !== undefined ? { userId } : {}),
        ...(strategy !== undefined ? { conflictResolutionStrategy: strategy } : {}),
      });
      env.commit();
    },

    smhFile(raw) {
      const input = record(raw, 'smhFile');
      only(input, 'smhFile', ['libraryId', 'spaceId', 'path', 'content', 'contentBase64']);
      const libraryId = id(input, 'libraryId', env.credentials['tencent-smh'].libraryId);
      const spaceId = id(input, 'spaceId', '-');
      const path = smhPath(input.path);
      for (let i = 1; i < path.length; i++) {
        if (state.smhFiles.has(key(libraryId, spaceId, ...path.slice(0, i)))) fail('path', 'has a parent that is a file');
      }
      if (state.smhDirectories.has(key(libraryId, spaceId, ...path))) fail('path', 'names an existing directory');
      const existing = state.smhFiles.get(key(libraryId, spaceId, ...path));
      const now = stamp();
      const bytes = contentBytes(content(input));
      const file: SmhFileRecord = {
        libraryId,
        spaceId,
        path,
        content: describeContent(bytes),
        inode: existing?.inode ?? `d0${state.nextSerial().toString(16).padStart(30, '0')}`,
        creationTime: existing?.creationTime ?? now,
        modificationTime: now,
        // So an instant upload (InitUpload with beginningHash/fullHash) can match it.
        smhHashes: smhInstantHashes(bytes),
      };
      state.putSmhFile(file);
      env.commit();
    },

    koodriveUpload(raw) {
      const input = record(raw, 'koodriveUpload');
      only(input, 'koodriveUpload', ['userId', 'fileId', 'content', 'contentBase64', 'length', 'fileName', 'sha256']);
      const userId = id(input, 'userId', env.credentials['huawei-koodrive'].userId);
      const fileId = id(input, 'fileId');
      const fileName = input.fileName === undefined ? undefined : kooDriveFileName(input.fileName);
      const sha256 = kooDriveSha256(input.sha256);
      if (input.length === undefined) {
        if (sha256 !== undefined) fail('sha256', 'is for an upload seeded with length (content has its own)');
        // The data is there (described by content): waiting for CompleteFile.
        state.koodriveUploads.set(key(userId, fileId), {
          userId,
          fileId,
          content: describeContent(content(input)),
          status: 'uploading',
          ...(fileName !== undefined ? { fileName, parentFolder: 'root' } : {}),
        });
      } else {
        // An upload as CreateFile starts it: `length` bytes declared, no part stored yet.
        if (input.content !== undefined || input.contentBase64 !== undefined) fail('length', 'and content are exclusive');
        const length = input.length;
        if (typeof length !== 'number' || !Number.isSafeInteger(length) || length < 0 || length > 214_748_364_800) {
          fail('length', 'must be a whole number of bytes from 0 to 214748364800 (200 GiB)');
        }
        state.koodriveUploads.set(key(userId, fileId), {
          userId,
          fileId,
          status: 'uploading',
          length,
          uploadId: fileId.toUpperCase(),
          createdAt: stamp(),
          fileName: fileName ?? `${fileId}.bin`,
          parentFolder: 'root',
          ...(sha256 !== undefined ? { sha256 } : {}),
        });
      }
      env.commit();
    },

    koodriveFile(raw) {
      const input = record(raw, 'koodriveFile');
      only(input, 'koodriveFile', ['userId', 'fileId', 'fileName', 'content', 'contentBase64']);
      const userId = id(input, 'userId', env.credentials['huawei-koodrive'].userId);
      const fileId = id(input, 'fileId');
      const fileName = input.fileName === undefined ? `${fileId}.bin` : kooDriveFileName(input.fileName);
      const info = describeContent(content(input));
      const now = stamp();
      state.koodriveUploads.set(key(userId, fileId), {
        userId,
        fileId,
        fileName,
        parentFolder: 'root',
        length: info.size,
        sha256: info.sha256,
        content: info,
        status: 'completed',
        createdAt: now,
        completedAt: now,
      });
      env.commit();
    },

    fault(raw) {
      const input = record(raw, 'fault');
      only(input, 'fault', ['provider', 'operationId', 'status', 'count']);
      const provider = input.provider;
      if (typeof provider !== 'string' || !isProviderId(provider)) fail('provider', 'is not a provider id');
      const operationId = input.operationId;
      if (typeof operationId !== 'string' || !env.operationIds[provider].includes(operationId)) {
        fail('operationId', `is not an operation of ${provider} (${env.operationIds[provider].join(', ')})`);
      }
      if (input.status !== 500 && input.status !== 503) fail('status', 'must be 500 or 503');
      const count = input.count ?? 1;
      if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 1 || count > 1_000_000) {
        fail('count', 'must be a whole number from 1 to 1000000');
      }
      env.faults.add(provider, operationId, input.status, count);
    },

    reset() {
      state.clear();
      env.faults.clear();
      env.onReset();
      env.commit();
    },
  };
  return seed;
}

/** `POST /__drivespec/seed`: `{ kind, ...input }`; throws `EmulatorSeedError` on bad input. */
export function applySeedRequest(seed: EmulatorSeed, body: unknown): SeedKind {
  const input = record(body, 'body');
  const { kind, ...rest } = input;
  if (typeof kind !== 'string' || !(seedKinds as readonly string[]).includes(kind)) {
    fail('kind', `must be one of ${seedKinds.join(', ')}`);
  }
  if (kind === 'reset') {
    only(rest, 'reset', []);
    seed.reset();
  } else {
    (seed[kind as Exclude<SeedKind, 'reset'>] as (input: unknown) => void)(rest);
  }
  return kind as SeedKind;
}
