/**
 * Tencent Cloud SMH: `ConfirmUpload` (`POST /api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm&...`,
 * specs/tencent-smh.yaml). The access token travels as the `access_token` query parameter.
 *
 * Errors are `{ code, message, requestId }`. Codes beyond the ones the spec lists (`BadRequest`,
 * `ParamInvalid`, `InvalidConflictResolutionStrategy`, `UploadComplete`, `RequestEntityTooLarge`,
 * `InternalServerError`, `ServerOverloaded`) come from the SMH server error-code table as a
 * third-party SMH JS SDK reproduces it (`ServerErrorCode`); no official page lists them for this
 * operation ("no special error messages", docs/tencent-smh-ConfirmUpload.txt).
 */
import { operations, securitySchemes, type OperationId } from '../../../generated/tencent-smh/operations.js';
import type { components, operations as OperationTypes } from '../../../generated/tencent-smh/types.js';
import * as validators from '../../../generated/tencent-smh/validators.js';
import type { OperationTable } from '../../core/operation-table.js';
import { providers } from '../../core/provider.js';
import type { Answer } from '../answer.js';
import { documentTypeOf, extensionOf, mimeTypeOf } from '../file-types.js';
import { secretEquals } from '../secure-compare.js';
import { key, type SmhFileRecord, type SmhStrategy, type SmhUploadRecord } from '../state.js';
import {
  describeIssues,
  type OperationHandlers,
  type ProviderEmulator,
  type ProviderEnv,
  type RequestContext,
} from './provider.js';

export function smhError(status: number, code: string, message: string, requestId: string): Answer {
  return { status, body: { code, message, requestId } };
}

type ConfirmBody = components['schemas']['ConfirmUploadRequest'];
type ConfirmParams = OperationTypes['ConfirmUpload']['parameters'];

/** Renames past this many candidates give up (SMH's `RenameTooManyTimes`, 409). */
const MAX_RENAMES = 10_000;

/** `file.docx` → `file (n).docx`; `README` → `README (n)` (the page's example: `file (1).docx`). */
export function renamedName(name: string, n: number): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
}

/** The access token proves the library only; the user (`user_id`) is a parameter, judged per upload. */
export type SmhPrincipal = Record<string, never>;

export function createTencentSmhEmulator(env: ProviderEnv): ProviderEmulator<SmhPrincipal, OperationId> {
  function authenticate(_op: OperationTable, ctx: RequestContext) {
    const creds = env.credentials['tencent-smh'];
    const token = ctx.query.get(securitySchemes.accessToken.name);
    if (token === undefined || token === '') {
      return { ok: false as const, answer: smhError(400, 'EmptyAccessToken', 'Access token is empty', ctx.requestId) };
    }
    const invalid = {
      ok: false as const,
      answer: smhError(
        403,
        'InvalidAccessToken',
        'The access token is invalid, expired, or not valid for the specified media library',
        ctx.requestId,
      ),
    };
    if (typeof token !== 'string' || !secretEquals(token, creds.accessToken)) return invalid;
    if (ctx.pathParams.LibraryId !== creds.libraryId) return invalid;
    return { ok: true as const, principal: {} satisfies SmhPrincipal };
  }

  function response(file: SmhFileRecord, isOverwritten: boolean, withInode: boolean): Record<string, unknown> {
    const name = file.path[file.path.length - 1]!;
    const extension = extensionOf(name);
    const mime = mimeTypeOf(extension);
    const documentType = documentTypeOf(extension);
    return {
      path: file.path,
      name,
      type: 'file',
      ...(withInode ? { inode: file.inode } : {}),
      creationTime: file.creationTime,
      modificationTime: file.modificationTime,
      contentType: mime,
      size: String(file.content.size),
      eTag: `"${file.content.md5}"`,
      crc64: file.content.crc64,
      virusAuditStatus: 0,
      isOverwritten,
      previewByDoc: documentType !== undefined,
      previewByCI: documentType !== undefined || mime.startsWith('image/'),
      previewAsIcon: false,
      ...(documentType ? { fileType: documentType } : {}),
    };
  }

  function confirm(ctx: RequestContext, { path, query }: ConfirmParams, body: ConfirmBody): Answer {
    const { LibraryId: libraryId, SpaceId: spaceId, ConfirmKey: confirmKey } = path;
    const upload: SmhUploadRecord | undefined = env.state.smhUploads.get(key(libraryId, spaceId, confirmKey));
    const fail = (status: number, code: string, message: string) => smhError(status, code, message, ctx.requestId);
    if (!upload) return fail(404, 'UploadNotFound', 'The upload task does not exist');
    const userId = query.user_id;
    if (upload.userId !== undefined && userId !== undefined && userId !== upload.userId) {
      return fail(403, 'UploadNotBelongYou', 'The specified upload task does not belong to the current user');
    }
    if (upload.completed) {
      // Completing twice: SMH's 409 UploadComplete ("upload already completed, cannot repeat").
      return fail(409, 'UploadComplete', 'The upload has already been completed');
    }
    if (body.crc64 !== undefined && BigInt(body.crc64) !== BigInt(upload.content.crc64)) {
      return fail(400, 'BadCrc64', 'CRC64 check failed');
    }

    const strategy: SmhStrategy = query.conflict_resolution_strategy ?? upload.conflictResolutionStrategy ?? 'rename';
    const conflict = () =>
      fail(409, 'SameNameDirectoryOrFileExists', 'A directory or file with the same name already exists');
    const dirs = upload.path.slice(0, -1);
    for (let i = 1; i <= dirs.length; i++) {
      // A parent that is a file is a conflict whatever the strategy (SMH SDK docs: "even with
      // rename, a parent that is actually a file answers 409 SameNameDirectoryOrFileExists").
      if (env.state.smhFiles.has(key(libraryId, spaceId, ...dirs.slice(0, i)))) return conflict();
    }
    const name = upload.path[upload.path.length - 1]!;
    const taken = (candidate: string) => {
      const k = key(libraryId, spaceId, ...dirs, candidate);
      return env.state.smhFiles.has(k) || env.state.smhDirectories.has(k);
    };
    let finalName = name;
    let existing: SmhFileRecord | undefined;
    if (taken(name)) {
      const isDirectory = env.state.smhDirectories.has(key(libraryId, spaceId, ...dirs, name));
      if (strategy === 'ask' || (strategy === 'overwrite' && isDirectory)) return conflict();
      if (strategy === 'overwrite') {
        existing = env.state.smhFiles.get(key(libraryId, spaceId, ...dirs, name));
      } else {
        let n = 1;
        while (taken(renamedName(name, n))) {
          n += 1;
          if (n > MAX_RENAMES) return fail(409, 'RenameTooManyTimes', 'Too many files with the same name');
        }
        finalName = renamedName(name, n);
      }
    }

    const nowText = ctx.now.toISOString();
    const file: SmhFileRecord = {
      libraryId,
      spaceId,
      path: [...dirs, finalName],
      content: upload.content,
      // An overwrite keeps the identity and first-upload time of the file it replaces.
      inode: existing?.inode ?? inodeFor(env.state.nextSerial()),
      creationTime: existing?.creationTime ?? nowText,
      modificationTime: nowText,
      ...(body.labels ? { labels: body.labels } : {}),
      ...(body.category !== undefined ? { category: body.category } : {}),
      ...(body.localCreationTime ? { localCreationTime: body.localCreationTime } : {}),
      ...(body.localModificationTime ? { localModificationTime: body.localModificationTime } : {}),
    };
    env.state.putSmhFile(file);
    upload.completed = { at: nowText, path: file.path };
    env.commit();
    return { status: 200, body: response(file, existing !== undefined, query.with_inode === '1') };
  }

  const handlers: OperationHandlers<OperationId, SmhPrincipal, OperationTypes> = {
    ConfirmUpload: (ctx, { params, body }) => confirm(ctx, params, body ?? {}),
  };

  return {
    id: 'tencent-smh',
    operations,
    validators,
    securitySchemes,
    requestIdHeader: providers['tencent-smh'].requestIdHeader,
    errors: {
      invalidId: (name, reason, requestId) => smhError(400, 'ParamInvalid', `Invalid parameter: ${name} ${reason}`, requestId),
      invalidQuery: (reason, requestId) => smhError(400, 'ParamInvalid', `Invalid parameter: ${reason}`, requestId),
      // No parameter is to blame when the body cannot be parsed: SMH's generic 400 code.
      malformedBody: (requestId) => smhError(400, 'BadRequest', 'The request body is not valid JSON', requestId),
      invalidParameters: (issues, requestId) =>
        // The parameter itself: an undeclared `conflict_resolution_strategy_x` is ParamInvalid.
        issues.some((i) => i.path === '/query/conflict_resolution_strategy')
          ? smhError(400, 'InvalidConflictResolutionStrategy', `Invalid conflict resolution strategy: ${describeIssues(issues)}`, requestId)
          : smhError(400, 'ParamInvalid', `Invalid parameter: ${describeIssues(issues)}`, requestId),
      invalidBody: (issues, requestId) => smhError(400, 'ParamInvalid', `Invalid parameter: ${describeIssues(issues)}`, requestId),
      tooLarge: (limit, requestId) =>
        smhError(413, 'RequestEntityTooLarge', `The request body is larger than the ${limit}-byte limit`, requestId),
      // Other methods on this path are other SMH operations the emulator does not implement.
      wrongMethod: (allowed, requestId) => ({
        ...smhError(405, 'MethodNotAllowed', `Only ${allowed.join(', ')} (ConfirmUpload) is emulated on this path`, requestId),
        headers: { allow: allowed.join(', ') },
      }),
      internal: (status, requestId) =>
        status === 503
          ? smhError(503, 'ServerOverloaded', 'The server is busy, please retry later', requestId)
          : smhError(500, 'InternalServerError', 'Internal server error', requestId),
      // No SMH answer to an unknown API is documented: 404 in the SMH error shape, with a code of
      // drivespec's own naming what is missing.
      notImplemented: (operationId, requestId) =>
        smhError(404, 'NotImplemented', `The drivespec emulator does not implement ${operationId}`, requestId),
    },
    authenticate,
    handlers,
  };
}

/** A 32-hex-digit directory id like the documented `b63393076d249110000631c316d9751a`. */
function inodeFor(serial: number): string {
  return `e0${serial.toString(16).padStart(30, '0')}`;
}
