/**
 * Tencent Cloud SMH (specs/tencent-smh.yaml): the whole upload. `InitUpload` (simple and instant
 * upload) and `InitMultipartUpload` start it, the bytes go to the emulator's COS-flavored storage,
 * `RenewMultipartUpload`, `GetUploadStatus` and `CancelUpload` manage the task, `ConfirmUpload`
 * completes it from the stored bytes. The handlers are in ./tencent-smh/; this module is the
 * provider's authentication, errors and dispatch. The access token travels as the
 * `access_token` query parameter.
 *
 * Errors are `{ code, message, requestId }`. Codes beyond the ones the spec lists (`BadRequest`,
 * `ParamInvalid`, `InvalidConflictResolutionStrategy`, `UploadComplete`, `RequestEntityTooLarge`,
 * `InternalServerError`, `ServerOverloaded`) come from the SMH server error-code table as a
 * third-party SMH JS SDK reproduces it (`ServerErrorCode`); no official page lists them for these
 * operations ("no special error messages", docs/tencent-smh-ConfirmUpload.txt).
 */
import { operations, securitySchemes, type OperationId } from '../../../generated/tencent-smh/operations.js';
import type { operations as OperationTypes } from '../../../generated/tencent-smh/types.js';
import * as validators from '../../../generated/tencent-smh/validators.js';
import type { OperationTable } from '../../core/operation-table.js';
import { providers } from '../../core/provider.js';
import { secretEquals } from '../secure-compare.js';
import { smhError } from './tencent-smh/answers.js';
import { confirmUpload } from './tencent-smh/confirm.js';
import type { SmhEnv, SmhRequest } from './tencent-smh/context.js';
import { startUpload } from './tencent-smh/start.js';
import { cancelUpload, getUploadStatus, renewMultipartUpload } from './tencent-smh/tasks.js';
import {
  describeIssues,
  type OperationHandlers,
  type ProviderEmulator,
  type ProviderEnv,
  type RequestContext,
} from './provider.js';

export { smhError } from './tencent-smh/answers.js';
export { renamedName } from './tencent-smh/names.js';

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

  const smh: SmhEnv = { state: env.state, storage: env.storage, commit: () => env.commit() };
  const request = (ctx: RequestContext): SmhRequest => ({ now: ctx.now, requestId: ctx.requestId, origin: ctx.origin });

  const handlers: OperationHandlers<OperationId, SmhPrincipal, OperationTypes> = {
    InitUpload: (ctx, { params, body }) => startUpload(smh, request(ctx), params, body ?? {}, 'single'),
    InitMultipartUpload: (ctx, { params, body }) => startUpload(smh, request(ctx), params, body ?? {}, 'multipart'),
    RenewMultipartUpload: (ctx, { params }) => renewMultipartUpload(smh, request(ctx), params),
    GetUploadStatus: (ctx, { params }) => getUploadStatus(smh, request(ctx), params),
    CancelUpload: (ctx, { params }) => cancelUpload(smh, request(ctx), params),
    ConfirmUpload: (ctx, { params, body }) => confirmUpload(smh, request(ctx), params, body ?? {}),
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
      // Other methods on a path are other SMH operations, not in the spec (download, delete).
      wrongMethod: (allowed, requestId) => {
        // Sorted: the same Allow whatever order the spec lists the path's operations in.
        const methods = [...allowed].sort().join(', ');
        return { ...smhError(405, 'MethodNotAllowed', `Only ${methods} is emulated on this path`, requestId), headers: { allow: methods } };
      },
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
