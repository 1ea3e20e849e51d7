/**
 * KooDrive's upload (specs/huawei-koodrive.yaml): `CreateFile` (flash upload, or an upload task
 * with part links), `UploadUrl` (links for more parts, or again when links expired) and
 * `CompleteFile`, which judges the bytes the storage received: parts contiguous from offset 0 to
 * the declared length, each of its declared size, each starting at the SHA-256 state its link
 * was issued with, and the whole file's SHA-256 equal to what CreateFile and CompleteFile declare.
 */
import { randomBytes } from 'node:crypto';
import type { components } from '../../../../generated/huawei-koodrive/types.js';
import type { Answer } from '../../answer.js';
import { describeContent } from '../../content.js';
import { key, type KooDrivePartRecord, type KooDriveUploadRecord } from '../../state.js';
import type { ProviderEnv, RequestContext } from '../provider.js';
import { kooDriveError, SUCCESS } from './answers.js';
import { decodeHashCtx, encodeHashCtx, HASH_CTX_QUERY } from './hash-ctx.js';
import { partProblem, partRecord, type DeclaredPart } from './parts.js';

type Schemas = components['schemas'];

/** SHA-256's initial hash value H(0) (FIPS 180-4 §5.3.3): the state before the first part. */
const SHA256_INITIAL_STATE: readonly number[] = [
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
];

/** A link lives 3600 s (`X-Amz-Expires=3600` in the documented links). */
export const LINK_LIFETIME_MS = 3600 * 1000;

/** The only folder a fresh emulator has (the pages' `root`); no folder API is in scope. */
export const ROOT_FOLDER = 'root';

/** The hours of China Standard Time ahead of UTC: the example's rename suffix `_20240104_105403` is its link's `X-Amz-Date` 20240104T025403Z plus 8 h. */
const RENAME_ZONE_HOURS = 8;

/** `test.zip` → `test_20240104_105403.zip` (createFile response example), then `_2`, `_3`... while taken. */
export function renamedFileName(name: string, now: Date, taken: (candidate: string) => boolean): string {
  const t = new Date(now.getTime() + RENAME_ZONE_HOURS * 3600 * 1000).toISOString();
  const stamp = `${t.slice(0, 4)}${t.slice(5, 7)}${t.slice(8, 10)}_${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}`;
  const dot = name.lastIndexOf('.');
  const [base, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  let candidate = `${base}_${stamp}${ext}`;
  for (let n = 2; taken(candidate); n++) candidate = `${base}_${stamp}_${n}${ext}`;
  return candidate;
}

const containerOf = (userId: string) => `drivespec-container-${userId}`;
const newFileId = () => `F${randomBytes(24).toString('base64url')}`;
const newUploadId = () => randomBytes(16).toString('hex').toUpperCase();

/**
 * The SHA-256 of a record's stored bytes; `undefined` while it has none. A declared but unverified
 * sha256 (an upload still in progress) is not content: autoRename 4 must not answer `exist: true`
 * for a file whose bytes never arrived (hostile review, issue 11).
 */
const storedSha256Of = (r: KooDriveUploadRecord) => r.content?.sha256;

export interface KooDriveUploads {
  createFile(ctx: RequestContext, body: Schemas['CreateFileRequest'], userId: string): Answer;
  uploadUrl(ctx: RequestContext, body: Schemas['UploadUrlRequest'], userId: string): Answer;
  completeFile(ctx: RequestContext, body: Schemas['CompleteFileRequest'], userId: string): Answer;
}

export function createKooDriveUploads(env: ProviderEnv): KooDriveUploads {
  const uploads = env.state.koodriveUploads;

  function inFolder(userId: string, parent: string): KooDriveUploadRecord[] {
    return [...uploads.values()].filter((r) => r.userId === userId && r.parentFolder === parent && r.fileName !== undefined);
  }

  /** A stored file with these bytes, for flash upload (any user's: the storage deduplicates content). */
  function storedWith(sha256: string, size: number): KooDriveUploadRecord | undefined {
    for (const r of uploads.values()) {
      if (r.status === 'completed' && r.content?.sha256 === sha256 && r.content.size === size) return r;
    }
    return undefined;
  }

  /** The storage upload of a record, created on the first link asked for (seeded uploads start without one). */
  function storageKeyOf(record: KooDriveUploadRecord, now: Date): string {
    const storage = env.storage;
    if (record.storageKey !== undefined && storage.has(record.storageKey)) return record.storageKey;
    record.storageKey = storage.create({
      provider: 'huawei-koodrive',
      flavor: 's3',
      mode: 'multipart',
      expiresAt: new Date(now.getTime() + LINK_LIFETIME_MS),
      partStates: ['sha256'],
      declaredSize: record.length ?? 0,
    });
    return record.storageKey;
  }

  /** Links for `parts`, each valid 3600 s, the part's context signed into it; the declarations replace earlier ones. */
  function links(ctx: RequestContext, record: KooDriveUploadRecord, parts: readonly DeclaredPart[]): Schemas['MultiPartInfo'][] {
    const storage = env.storage;
    const storageKey = storageKeyOf(record, ctx.now);
    const expiresAt = new Date(ctx.now.getTime() + LINK_LIFETIME_MS);
    // The storage upload lives as long as its latest link.
    storage.renew(storageKey, expiresAt);
    const declared = new Map<number, KooDrivePartRecord>((record.parts ?? []).map((p) => [p.partNumber, p]));
    const answered = parts.map((p) => {
      declared.set(p.partNumber, partRecord(p));
      const extraQuery = p.hashCtx !== undefined ? { [HASH_CTX_QUERY]: encodeHashCtx(p.hashCtx, p.partOffset) } : undefined;
      const uploadUrl = storage.putUrl(storageKey, ctx.origin, p.partNumber, { expiresAt, ...(extraQuery ? { extraQuery } : {}) });
      return {
        partNumber: p.partNumber,
        partSize: p.partSize,
        partOffset: p.partOffset,
        ...(p.hashCtx !== undefined ? { hashCtx: [...p.hashCtx] } : {}),
        uploadUrl,
      };
    });
    record.parts = [...declared.values()].sort((a, b) => a.partNumber - b.partNumber);
    return answered;
  }

  function createFile(ctx: RequestContext, body: Schemas['CreateFileRequest'], userId: string): Answer {
    // Only the first parent is used (createFile page); the emulator has the root folder only.
    const parent = body.parentFolder[0]!;
    if (parent !== ROOT_FOLDER) return kooDriveError('parameterInvalid');
    if (body.multiParts && partProblem(body.multiParts, body.length) !== undefined) return kooDriveError('parameterInvalid');
    const sha256 = body.sha256?.toLowerCase();
    const siblings = inFolder(userId, parent);
    const existing = siblings.find((r) => r.fileName === body.fileName);
    let fileName = body.fileName;
    if (existing) {
      const policy = body.autoRename ?? 2;
      if (policy === 3) return kooDriveError('duplicateFileName');
      if (policy === 4 && sha256 !== undefined && storedSha256Of(existing) === sha256) {
        // Same name and same content: nothing is created, the existing file is named.
        return {
          status: 200,
          body: { fileId: existing.fileId, containerId: containerOf(userId), fileName, parentFolder: [parent], exist: true, ...SUCCESS },
        };
      }
      fileName = renamedFileName(body.fileName, ctx.now, (c) => siblings.some((r) => r.fileName === c));
    }
    const base = { userId, fileId: newFileId(), fileName, parentFolder: parent, length: body.length, createdAt: ctx.now.toISOString() };
    const common = { fileId: base.fileId, containerId: containerOf(userId), fileName, parentFolder: [parent], exist: existing !== undefined };

    const hit = sha256 !== undefined ? storedWith(sha256, body.length) : undefined;
    if (hit?.content) {
      // Flash upload: the file is complete at once, from the stored bytes; no upload task.
      uploads.set(key(userId, base.fileId), {
        ...base,
        sha256: hit.content.sha256,
        content: { ...hit.content },
        status: 'completed',
        completedAt: ctx.now.toISOString(),
        rapidUpload: true,
      });
      env.commit();
      return { status: 200, body: { ...common, rapidUpload: true, ...SUCCESS } };
    }

    const record: KooDriveUploadRecord = {
      ...base,
      ...(sha256 !== undefined ? { sha256 } : {}),
      uploadId: newUploadId(),
      status: 'uploading',
    };
    const multiParts = body.multiParts ? links(ctx, record, body.multiParts) : undefined;
    uploads.set(key(userId, record.fileId), record);
    env.commit();
    return {
      status: 200,
      body: { ...common, uploadId: record.uploadId, rapidUpload: false, ...(multiParts ? { multiParts } : {}), ...SUCCESS },
    };
  }

  function uploadUrl(ctx: RequestContext, body: Schemas['UploadUrlRequest'], userId: string): Answer {
    const record = uploads.get(key(userId, body.fileId));
    // A completed file, or an upload seeded with its content (its data is there), takes no links.
    if (!record || record.status !== 'uploading' || record.length === undefined) return kooDriveError('uploadTaskNotFound');
    if (partProblem(body.multiParts, record.length) !== undefined) return kooDriveError('parameterInvalid');
    const multiParts = links(ctx, record, body.multiParts);
    env.commit();
    return { status: 200, body: { multiParts, ...SUCCESS } };
  }

  /** Why the stored bytes are not the declared file, or the file's digests. */
  function judge(record: KooDriveUploadRecord & { length: number }): { ok: false } | { ok: true; content: NonNullable<KooDriveUploadRecord['content']>; storageKey?: string } {
    if (record.storageKey === undefined) {
      // No link was ever asked for: only an empty file is complete without bytes, and only when the
      // sha256 declared at CreateFile (if any) is the empty string's.
      if (record.length !== 0) return { ok: false };
      const empty = describeContent(new Uint8Array(0));
      return record.sha256 === undefined || record.sha256 === empty.sha256 ? { ok: true, content: empty } : { ok: false };
    }
    const storage = env.storage;
    // Bytes lost with the storage (a state file restored without its data directory): nothing to judge.
    if (!storage.has(record.storageKey)) return { ok: false };
    const completion = storage.complete(record.storageKey);
    if (!completion.ok) return { ok: false };
    const declared = new Map((record.parts ?? []).map((p) => [p.partNumber, p]));
    const states = new Map(completion.digests.partStates.map((s) => [s.partNumber, s]));
    let offset = 0;
    for (const part of completion.parts) {
      const d = declared.get(part.partNumber);
      if (!d || d.partOffset !== offset || d.partSize !== part.size) return { ok: false };
      const signed = part.query[HASH_CTX_QUERY];
      if (signed !== undefined) {
        // The context the part's link was issued with must be the SHA-256 state of the bytes before it.
        const ctx = decodeHashCtx(signed);
        const state = offset === 0 ? SHA256_INITIAL_STATE : states.get(part.partNumber)?.sha256;
        if (!ctx || !state || ctx.offset !== offset || ctx.h.length !== state.length || ctx.h.some((w, i) => w !== state[i])) {
          return { ok: false };
        }
      } else if (offset !== 0) {
        return { ok: false };
      }
      offset += part.size;
    }
    if (offset !== record.length) return { ok: false };
    const d = completion.digests;
    if (record.sha256 !== undefined && record.sha256 !== d.sha256) return { ok: false };
    return { ok: true, content: { size: d.size, crc64: d.crc64, sha1: d.sha1, sha256: d.sha256, md5: d.md5 }, storageKey: record.storageKey };
  }

  function completeFile(ctx: RequestContext, body: Schemas['CompleteFileRequest'], userId: string): Answer {
    // fileId is a safe store key: the body validator has applied the spec's ResourceId rules.
    const upload = uploads.get(key(userId, body.fileId));
    if (!upload) return kooDriveError('uploadTaskNotFound');
    if (upload.status === 'completed') {
      // Completing twice: the file's state cannot change again (13000403), and stays completed.
      return kooDriveError('changeFileStateFailure');
    }
    let content = upload.content;
    let sealKey: string | undefined;
    if (content === undefined) {
      if (upload.length === undefined) return kooDriveError('uploadTaskNotFound');
      const verdict = judge({ ...upload, length: upload.length });
      // Every integrity failure is the documented failed completion check; the upload stays open.
      if (!verdict.ok) return kooDriveError('fileCompleteCheckFailure');
      content = verdict.content;
      sealKey = verdict.storageKey;
    }
    if (body.sha256 !== undefined && body.sha256.toLowerCase() !== content.sha256) {
      return kooDriveError('fileCompleteCheckFailure');
    }
    // Further PUTs to the file's links are refused (NoSuchUpload); the bytes stay for the file.
    if (sealKey !== undefined) env.storage.seal(sealKey);
    upload.content = content;
    upload.status = 'completed';
    upload.completedAt = ctx.now.toISOString();
    env.commit();
    // docs/huawei-koodrive-CompleteFile.txt (Example Responses): `code` is the number 0.
    return { status: 200, body: { code: 0, msg: 'success.' } };
  }

  return { createFile, uploadUrl, completeFile };
}
