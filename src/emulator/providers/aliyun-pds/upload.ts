/**
 * PDS's upload flow before and at completion (specs/aliyun-pds.yaml; shared/docs/upload/aliyun-pds-upload.md):
 * `CreateFile` starts an upload (or answers a rapid upload, `PreHashMatched`, `exist`),
 * `GetUploadUrl` re-issues part URLs, `ListUploadedParts` lists what storage holds, and
 * `CompleteFile` on an upload that went through storage checks the declared hashes against the
 * bytes received. The bytes themselves are the emulator storage's (`UploadStore`, flavour `oss`).
 *
 * Choices where the sources are silent (also in the spec):
 * - a mismatch found at completion (size, `content_hash`, a part's `parallel_sha1_ctx`,
 *   `crc64_hash`) is 400 `InvalidParameter` naming the field, as the CRC-64 mismatch has always
 *   been; the upload stays open, so the client can PUT the part again and complete again;
 * - a parallel upload (`parallel_upload: true`) with a part after the first declared without
 *   `parallel_sha1_ctx` (in CreateFile or a GetUploadUrl restatement) is 400
 *   `InvalidParameterMissing` at completion: the service needs every state to chain the parts;
 * - parts missing at completion are 400 `InvalidParameter` naming them (OSS itself says
 *   `InvalidPart`; PDS wraps OSS in its own codes and documents none for this);
 * - a part's `content_md5` ("filled when the server should check the part's MD5", DOC-CF-zh; its
 *   encoding is not documented) is taken as the Base64 or the hex of the part's MD5 and checked
 *   against the stored part at completion (400 `InvalidParameter` naming the part); a value that is
 *   neither cannot be checked and is refused when declared;
 * - rapid upload needs `content_hash` only: `proof_code` is not in the 2022-03-01 request;
 * - rapid-upload matches are searched across the whole emulated domain (every drive), as content
 *   deduplication is the service's, not a drive's;
 * - `type: folder` is not emulated (400, said so), the emulator's only folder is each drive's `root`.
 */
import { randomBytes } from 'node:crypto';
import type { components } from '../../../../generated/aliyun-pds/types.js';
import type { Answer } from '../../answer.js';
import type { ContentInfo } from '../../content.js';
import { describeContent } from '../../content.js';
import { key, type PdsDeclaredPart, type PdsFileRecord, type PdsUploadSession } from '../../state.js';
import type { ProviderEnv, RequestContext } from '../provider.js';
import { pdsError } from './answers.js';
import type { ObjectDigests, StoredPart, UploadStore } from '../../storage/upload-store.js';

type Schemas = components['schemas'];

/** An upload_url lives 15 minutes (UploadPartInfo page; shared/docs/upload/aliyun-pds-upload.md §2). */
export const PDS_UPLOAD_URL_LIFETIME_MS = 15 * 60 * 1000;
/** ListUploadedParts answers at most this many parts a page (documented limit 1 to 100). */
const PAGE_LIMIT = 100;
/** The drive a fresh emulator has (issue 11: "PDS drive `1` with folder `root`"). */
export const PDS_DEFAULT_DRIVE = '1';
const ROOT = 'root';
/**
 * The part URLs are signed with an empty Content-Type: another one is 403 SignatureDoesNotMatch
 * (the Alipan iOS SDK: "sending a Content-Type makes the upload fail"; the JS and C++ SDKs send '').
 */
const SIGNED_HEADERS = { 'content-type': '' };

export interface PdsUploadDeps {
  env: ProviderEnv;
  /** The emulator's storage (the bytes PUT to the part URLs). */
  storage: UploadStore;
  /** The origin the client reached the emulator at (absolute part URLs). */
  origin(ctx: RequestContext): string;
  /** The File object GetFile and CompleteFile answer. */
  fileObject(file: PdsFileRecord): Record<string, unknown>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

/** The ContentInfo of what storage computed from the bytes it received. */
function contentOf(d: ObjectDigests): ContentInfo {
  return { size: d.size, crc64: d.crc64, sha1: d.sha1, sha256: d.sha256, md5: d.md5 };
}

/** `name_20060102_150405.ext` (check_name_mode auto_rename, TS SDK text), from the injected clock. */
export function autoRenamed(name: string, now: Date): string {
  const iso = now.toISOString();
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}_${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)}_${stamp}${name.slice(dot)}` : `${name}_${stamp}`;
}

type DeclaredPartInput = { part_number: number; parallel_sha1_ctx?: Schemas['Sha1ContextInput']; content_md5?: string };

/** `content_md5` as lowercase hex: the Base64 (RFC 1864 Content-MD5 form) or the hex of 16 bytes; undefined otherwise. */
function md5HexOf(text: string): string | undefined {
  if (/^[0-9a-fA-F]{32}$/.test(text)) return text.toLowerCase();
  if (/^[A-Za-z0-9+/]{22}==$/.test(text)) {
    const raw = Buffer.from(text, 'base64');
    if (raw.length === 16 && raw.toString('base64') === text) return raw.toString('hex');
  }
  return undefined;
}

/** A declared part the emulator cannot check: a SHA-1 context no byte stream has, a content_md5 that is no MD5. */
function contextProblem(part: DeclaredPartInput): string | undefined {
  if (part.content_md5 !== undefined && md5HexOf(part.content_md5) === undefined) {
    return `part ${part.part_number}: content_md5 must be the Base64 or the hex of the part's 16-byte MD5`;
  }
  const ctx = part.parallel_sha1_ctx;
  if (!ctx) return undefined;
  if (ctx.h.length === 0 && ctx.part_offset !== 0) {
    return `part ${part.part_number}: parallel_sha1_ctx.h must hold the five SHA-1 state words when part_offset is ${ctx.part_offset}`;
  }
  if (ctx.h.length !== 0 && ctx.part_offset === 0) {
    return `part ${part.part_number}: parallel_sha1_ctx at part_offset 0 is the initial state, sent as h []`;
  }
  return undefined;
}

function declared(part: DeclaredPartInput): PdsDeclaredPart {
  const ctx = part.parallel_sha1_ctx;
  const md5 = part.content_md5 === undefined ? undefined : md5HexOf(part.content_md5);
  return {
    partNumber: part.part_number,
    ...(ctx ? { sha1Ctx: { h: [...ctx.h], partOffset: ctx.part_offset } } : {}),
    ...(md5 !== undefined ? { contentMd5: md5 } : {}),
  };
}

/** What differs between the declared upload and the bytes stored, or `undefined` when all agree. */
export function declaredMismatch(
  session: PdsUploadSession,
  parts: readonly StoredPart[],
  digests: ObjectDigests,
  crc64Hash: string | undefined,
): string | undefined {
  for (const part of session.parts) {
    if (part.contentMd5 === undefined) continue;
    if (parts.find((p) => p.partNumber === part.partNumber)?.md5 !== part.contentMd5) {
      return `The input parameter content_md5 of part ${part.partNumber} does not match the MD5 of the bytes uploaded for it.`;
    }
  }
  if (session.declaredSize !== undefined && session.declaredSize !== digests.size) {
    return `The input parameter size (${session.declaredSize}) does not match the ${digests.size} bytes uploaded.`;
  }
  if (session.contentHash !== undefined && session.contentHash !== digests.sha1.toUpperCase()) {
    return 'The input parameter content_hash does not match the SHA-1 of the uploaded content.';
  }
  for (const part of session.parts) {
    const ctx = part.sha1Ctx;
    if (!ctx) continue;
    const state = digests.partStates.find((s) => s.partNumber === part.partNumber);
    if (!state || state.offset !== ctx.partOffset) {
      return `The input parameter parallel_sha1_ctx.part_offset of part ${part.partNumber} (${ctx.partOffset}) does not match the ${state?.offset ?? 'missing'} bytes uploaded before it.`;
    }
    const words = state.offset === 0 ? [] : state.sha1;
    if (!words || words.length !== ctx.h.length || words.some((w, i) => w !== ctx.h[i])) {
      return `The input parameter parallel_sha1_ctx.h of part ${part.partNumber} does not match the SHA-1 state of the bytes uploaded before it.`;
    }
  }
  if (crc64Hash !== undefined && BigInt(crc64Hash) !== BigInt(digests.crc64)) {
    return 'The input parameter crc64_hash does not match the uploaded content.';
  }
  return undefined;
}

export function createPdsUploadHandlers(deps: PdsUploadDeps) {
  const { env, storage } = deps;
  const domainId = () => env.credentials['aliyun-pds'].domainId;

  /** A drive exists when it is the default one or holds a file (seeded or uploaded). */
  function driveExists(driveId: string): boolean {
    if (driveId === PDS_DEFAULT_DRIVE) return true;
    for (const file of env.state.pdsFiles.values()) if (file.driveId === driveId) return true;
    return false;
  }

  /** Available files with this content, anywhere in the domain (rapid upload). */
  function storedContent(match: (file: PdsFileRecord) => boolean): PdsFileRecord | undefined {
    for (const file of env.state.pdsFiles.values()) if (file.status === 'available' && match(file)) return file;
    return undefined;
  }

  function partInfo(ctx: RequestContext, session: PdsUploadSession, partNumber: number, expiresAt: Date) {
    return {
      part_number: partNumber,
      upload_url: storage.putUrl(session.storageKey, deps.origin(ctx), partNumber, { expiresAt }),
      // The URL is signed with no Content-Type: send an empty one (aliyun-pds-js-sdk, cpp-sdk).
      content_type: '',
    };
  }

  function createFile(ctx: RequestContext, body: Schemas['CreateFileRequest'], principal: { drive: boolean; share: boolean }): Answer {
    if (body.share_id !== undefined) {
      if (!principal.share) return pdsError(401, 'AccessTokenInvalid', 'share_id needs the x-share-token header.', true);
    } else if (!principal.drive) {
      return pdsError(403, 'ForbiddenNoPermission', 'A share token reaches drives through share_id only.');
    }
    // A share reaches every drive (the emulator keeps no share records); without drive_id, the default one.
    const driveId = body.drive_id ?? PDS_DEFAULT_DRIVE;
    if (!driveExists(driveId)) return pdsError(404, 'NotFound', `The resource drive cannot be found. drive_id: ${driveId}`);
    if (body.parent_file_id !== ROOT) {
      return pdsError(404, 'NotFound', `The resource parent folder cannot be found. parent_file_id: ${body.parent_file_id}`);
    }
    if (body.type === 'folder') {
      return pdsError(400, 'InvalidParameter', 'The drivespec emulator does not emulate folders: the input parameter type must be file.');
    }
    const parts = body.part_info_list ?? [{ part_number: 1 }];
    const numbers = new Set<number>();
    for (const part of parts) {
      if (numbers.has(part.part_number)) {
        return pdsError(400, 'InvalidParameter', `The input parameter part_info_list is not valid: part ${part.part_number} appears twice.`);
      }
      numbers.add(part.part_number);
      const problem = contextProblem(part);
      if (problem) return pdsError(400, 'InvalidParameter', `The input parameter part_info_list is not valid: ${problem}.`);
    }
    if (body.content_hash !== undefined && body.content_hash_name === undefined) {
      return pdsError(400, 'InvalidParameterMissing', 'The input parameter content_hash_name is missing: content_hash needs it.');
    }

    let target: PdsFileRecord | undefined;
    if (body.file_id !== undefined) {
      target = env.state.pdsFiles.get(key(driveId, body.file_id));
      if (!target) return pdsError(404, 'NotFound', `The resource file cannot be found. file_id: ${body.file_id}`);
    }
    let name = body.name;
    const sameName = () =>
      storedContent((f) => f.driveId === driveId && f.parentFileId === ROOT && f.name === name && f !== target);
    const mode = body.check_name_mode ?? 'ignore';
    if (!target && mode !== 'ignore' && sameName()) {
      if (mode === 'refuse') {
        const existing = sameName()!;
        return { status: 200, body: { ...answerFields(existing, existing.uploadId), exist: true, rapid_upload: false } };
      }
      name = autoRenamed(name, ctx.now);
    }

    const now = ctx.now.toISOString();
    const size = body.size;
    const contentHash = body.content_hash?.toUpperCase();
    if (contentHash !== undefined) {
      const known = storedContent((f) => f.content.sha1.toUpperCase() === contentHash && (size === undefined || f.content.size === size));
      if (known) {
        // Rapid upload: the content is known, the file is complete, nothing is sent.
        const file = target ?? newFile(driveId, name, now, known.content);
        if (target?.session) storage.discard(target.session.storageKey);
        const { session: _dropped, ...rest } = file;
        const done: PdsFileRecord = {
          ...rest,
          uploadId: uploadId(),
          status: 'available',
          content: known.content,
          ...(known.preHash !== undefined ? { preHash: known.preHash } : {}),
          updatedAt: now,
        };
        env.state.pdsFiles.set(key(driveId, done.fileId), done);
        env.commit();
        return { status: 200, body: { ...answerFields(done, done.uploadId), rapid_upload: true } };
      }
    } else if (body.pre_hash !== undefined) {
      const preHash = body.pre_hash.toLowerCase();
      if (storedContent((f) => f.preHash === preHash && (size === undefined || f.content.size === size))) {
        return pdsError(409, 'PreHashMatched', 'Pre hash matched.');
      }
    }

    const expiresAt = new Date(ctx.now.getTime() + PDS_UPLOAD_URL_LIFETIME_MS);
    const storageKey = newStorageUpload(expiresAt, size);
    const session: PdsUploadSession = {
      uploadId: uploadId(),
      storageKey,
      createdAt: now,
      parallel: body.parallel_upload === true,
      ...(size !== undefined ? { declaredSize: size } : {}),
      ...(contentHash !== undefined ? { contentHash } : {}),
      parts: parts.map(declared).sort((a, b) => a.partNumber - b.partNumber),
    };
    let file: PdsFileRecord;
    if (target) {
      // A new version: the current content stays readable until this upload completes.
      if (target.session) storage.discard(target.session.storageKey);
      file = { ...target, session, updatedAt: now };
    } else {
      file = { ...newFile(driveId, name, now, describeContent(new Uint8Array(0))), session, uploadId: session.uploadId };
    }
    env.state.pdsFiles.set(key(driveId, file.fileId), file);
    env.commit();
    return {
      status: 200,
      body: {
        ...answerFields(file, session.uploadId),
        status: 'uploading',
        rapid_upload: false,
        part_info_list: session.parts.map((p) => partInfo(ctx, session, p.partNumber, expiresAt)),
      },
    };
  }

  function uploadId(): string {
    return hex(16).toUpperCase();
  }

  function newFile(driveId: string, name: string, now: string, content: ContentInfo): PdsFileRecord {
    return {
      driveId,
      fileId: hex(20),
      name,
      parentFileId: ROOT,
      uploadId: '',
      status: 'uploading',
      content,
      createdAt: now,
      updatedAt: now,
      revisionId: env.state.nextSerial().toString(16).toUpperCase().padStart(40, '0'),
    };
  }

  function answerFields(file: PdsFileRecord, upload: string) {
    return {
      domain_id: domainId(),
      drive_id: file.driveId,
      file_id: file.fileId,
      file_name: file.name,
      parent_file_id: file.parentFileId,
      type: 'file',
      status: file.status,
      upload_id: upload,
      revision_id: file.revisionId,
    };
  }

  /**
   * The open upload `uploadId` of `file`, or the answer when there is none. A seeded upload
   * (`seed.pdsUpload`, bytes in place, no storage) gets storage when `start` asks for part URLs:
   * from then on CompleteFile checks the bytes PUT.
   */
  /**
   * The session's storage upload exists: one the state file does not hold (a hand-edited state
   * file, or one whose storage section came from elsewhere) is started again, empty, as a resumed
   * upload whose parts were lost: the client lists none and sends them again.
   */
  /** An OSS-style storage upload for a PDS session: parts signed with the empty Content-Type. */
  function newStorageUpload(expiresAt: Date, declaredSize?: number): string {
    return storage.create({
      provider: 'aliyun-pds',
      flavor: 'oss',
      mode: 'multipart',
      expiresAt,
      requiredHeaders: SIGNED_HEADERS,
      // The SHA-1 state before each part, to check parallel_sha1_ctx at completion.
      partStates: ['sha1'],
      ...(declaredSize !== undefined ? { declaredSize } : {}),
    });
  }

  function withStorage(ctx: RequestContext, session: PdsUploadSession): PdsUploadSession {
    if (storage.has(session.storageKey)) return session;
    session.storageKey = newStorageUpload(new Date(ctx.now.getTime() + PDS_UPLOAD_URL_LIFETIME_MS), session.declaredSize);
    env.commit();
    return session;
  }

  function openSession(ctx: RequestContext, file: PdsFileRecord, upload: string, start: boolean): { session?: PdsUploadSession } | { answer: Answer } {
    if (file.session?.uploadId === upload) return { session: withStorage(ctx, file.session) };
    if (file.uploadId === upload && file.status === 'uploading' && !file.session) {
      if (!start) return {};
      const session: PdsUploadSession = {
        uploadId: upload,
        storageKey: newStorageUpload(new Date(ctx.now.getTime() + PDS_UPLOAD_URL_LIFETIME_MS)),
        createdAt: file.createdAt,
        parallel: false,
        parts: [],
      };
      file.session = session;
      return { session };
    }
    if (file.uploadId === upload && file.status === 'available') {
      // aliyun-pds-js-sdk treats AlreadyExist.File as "the file is done" (after a rapid upload).
      return { answer: pdsError(409, 'AlreadyExist.File', `The file is already complete. upload_id: ${upload}`) };
    }
    return { answer: pdsError(404, 'NotFound.UploadId', `The resource upload_id cannot be found. upload_id: ${upload}`) };
  }

  function getUploadUrl(ctx: RequestContext, file: PdsFileRecord, body: Schemas['GetUploadUrlRequest']): Answer {
    const numbers = new Set<number>();
    for (const part of body.part_info_list) {
      if (numbers.has(part.part_number)) {
        return pdsError(400, 'InvalidParameter', `The input parameter part_info_list is not valid: part ${part.part_number} appears twice.`);
      }
      numbers.add(part.part_number);
      const problem = contextProblem(part);
      if (problem) return pdsError(400, 'InvalidParameter', `The input parameter part_info_list is not valid: ${problem}.`);
    }
    const opened = openSession(ctx, file, body.upload_id, true);
    if ('answer' in opened) return opened.answer;
    const session = opened.session!;
    const expiresAt = new Date(ctx.now.getTime() + PDS_UPLOAD_URL_LIFETIME_MS);
    storage.renew(session.storageKey, expiresAt);
    for (const part of body.part_info_list) {
      const restated = declared(part);
      const i = session.parts.findIndex((p) => p.partNumber === part.part_number);
      if (i === -1) session.parts.push(restated);
      // What a restatement says replaces what was declared; what it leaves out stays.
      else session.parts[i] = { ...session.parts[i]!, ...restated };
    }
    session.parts.sort((a, b) => a.partNumber - b.partNumber);
    env.commit();
    return {
      status: 200,
      body: {
        domain_id: domainId(),
        drive_id: file.driveId,
        file_id: file.fileId,
        upload_id: session.uploadId,
        create_at: session.createdAt,
        part_info_list: body.part_info_list.map((p) => partInfo(ctx, session, p.part_number, expiresAt)),
      },
    };
  }

  function listUploadedParts(ctx: RequestContext, file: PdsFileRecord, body: Schemas['ListUploadedPartsRequest']): Answer {
    const marker = body.part_number_marker;
    let after = 0;
    if (typeof marker === 'number') after = marker;
    else if (typeof marker === 'string' && marker !== '') {
      // The emulator's markers are decimal part numbers (next_part_number_marker).
      if (!/^(?:0|[1-9][0-9]{0,4})$/.test(marker)) {
        return pdsError(400, 'InvalidParameter', 'The input parameter part_number_marker is not valid: not a marker this service issued.');
      }
      after = Number(marker);
    }
    const limit = Math.min(body.limit ?? PAGE_LIMIT, PAGE_LIMIT);
    const opened = openSession(ctx, file, body.upload_id, false);
    if ('answer' in opened) return opened.answer;
    const session = opened.session;
    let held: { part_number: number; part_size: number; etag: string }[];
    if (!session) {
      // A seeded upload: its bytes are in place, as one part.
      held = [{ part_number: 1, part_size: file.content.size, etag: `"${file.content.md5.toUpperCase()}"` }];
    } else {
      held = storage.parts(session.storageKey).map((p) => ({ part_number: p.partNumber, part_size: p.size, etag: p.etag }));
    }
    const rest = held.filter((p) => p.part_number > after);
    const page = rest.slice(0, limit);
    return {
      status: 200,
      body: {
        file_id: file.fileId,
        upload_id: body.upload_id,
        parallel_upload: session?.parallel ?? false,
        uploaded_parts: page,
        next_part_number_marker: rest.length > page.length ? String(page.at(-1)!.part_number) : '',
      },
    };
  }

  /**
   * CompleteFile on an upload whose bytes went to storage: every digest from the bytes received,
   * compared with what the client declared. `undefined` when the upload is not one of those.
   */
  function completeStored(ctx: RequestContext, file: PdsFileRecord, body: Schemas['CompleteFileRequest']): Answer | undefined {
    const session = file.session;
    if (!session || session.uploadId !== body.upload_id) return undefined;
    const result = storage.complete(withStorage(ctx, session).storageKey);
    if (!result.ok) {
      const what = result.reason === 'no-parts' ? 'no part was uploaded' : `part ${result.missing.join(', ')} not uploaded`;
      return pdsError(400, 'InvalidParameter', `The upload cannot be completed: ${what}.`);
    }
    const held = new Set(result.parts.map((p) => p.partNumber));
    const missing = session.parts.filter((p) => !held.has(p.partNumber)).map((p) => p.partNumber);
    if (missing.length > 0) return pdsError(400, 'InvalidParameter', `The upload cannot be completed: part ${missing.join(', ')} not uploaded.`);
    if (session.parallel) {
      // parallel_upload "requires parallel_sha1_ctx on parts after the first" (aliyun-pds-upload.md §1): without
      // the state before a part the service cannot chain the parts' SHA-1, so nothing completes.
      const bare = session.parts.find((p) => p.partNumber > 1 && !p.sha1Ctx);
      if (bare) {
        return pdsError(
          400,
          'InvalidParameterMissing',
          `The input parameter parallel_sha1_ctx of part ${bare.partNumber} is missing: a parallel upload declares the SHA-1 state before every part after the first.`,
        );
      }
    }
    const mismatch = declaredMismatch(session, result.parts, result.digests, body.crc64_hash);
    if (mismatch) return pdsError(400, 'InvalidParameter', mismatch);
    storage.seal(session.storageKey);
    const { session: _done, ...rest } = file;
    const done: PdsFileRecord = {
      ...rest,
      uploadId: session.uploadId,
      status: 'available',
      content: contentOf(result.digests),
      preHash: result.digests.preHashSha1,
      updatedAt: ctx.now.toISOString(),
    };
    env.state.pdsFiles.set(key(file.driveId, file.fileId), done);
    env.commit();
    return { status: 200, body: deps.fileObject(done) };
  }

  return { createFile, getUploadUrl, listUploadedParts, completeStored };
}
