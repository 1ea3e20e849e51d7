/**
 * Huawei KooDrive (carrier API), specs/huawei-koodrive.yaml: `CreateFile`, `UploadUrl` and
 * `CompleteFile` (the upload, in ./huawei-koodrive/upload.ts). Credentials: a bearer token (`Bearer <t>` and the page's
 * `Bearer+<t>` are both accepted, the `+` being unverified), `X-User-Id` and `X-Date`
 * (`yyyyMMddTHHmmssZ`, within 15 minutes and not in the future).
 *
 * Service errors are HTTP 400 `{ code, msg }` with the numeric KooDrive code and the message of
 * KooDrive's error-code table; API Gateway errors use Huawei's `{ error_code, error_msg, request_id }`.
 */
import { operations, securitySchemes, type OperationId } from '../../../generated/huawei-koodrive/operations.js';
import type { operations as OperationTypes } from '../../../generated/huawei-koodrive/types.js';
import * as validators from '../../../generated/huawei-koodrive/validators.js';
import { parseSdkDate } from '../../signing/huawei-sdk-hmac-sha256/index.js';
import type { OperationTable } from '../../core/operation-table.js';
import { providers } from '../../core/provider.js';
import { secretEquals } from '../secure-compare.js';
import { gatewayError, kooDriveError } from './huawei-koodrive/answers.js';
import { createKooDriveUploads } from './huawei-koodrive/upload.js';
import {
  headerValue,
  type OperationHandlers,
  type ProviderEmulator,
  type ProviderEnv,
  type RequestContext,
} from './provider.js';

/** X-Date window: "within 15 minutes of the current time and not later than it" (spec, securitySchemes.date). */
const MAX_AGE_MS = 15 * 60 * 1000;

/** The Huawei API Gateway's answer to an API it has not published (APIGW.0101, HTTP 404; spec, 404). */
const API_NOT_FOUND = 'The API does not exist or has not been published in the environment.';

export interface KooDrivePrincipal {
  userId: string;
}

export function createHuaweiKooDriveEmulator(env: ProviderEnv): ProviderEmulator<KooDrivePrincipal, OperationId> {
  const uploads = createKooDriveUploads(env);
  function authenticate(_op: OperationTable, ctx: RequestContext) {
    const creds = env.credentials['huawei-koodrive'];
    // Token failures: the spec's documented 401 (APIGW.0301 "decrypt token fail").
    const tokenFail = {
      ok: false as const,
      answer: gatewayError(401, 'APIGW.0301', 'Incorrect IAM authentication information: decrypt token fail', ctx.requestId),
    };
    // X-User-Id and X-Date are "used for app authentication" (spec): the gateway's app-authentication
    // code, APIGW.0303 (unverified for KooDrive: no page shows these failures).
    const appFail = (detail: string) => ({
      ok: false as const,
      answer: gatewayError(401, 'APIGW.0303', `Incorrect app authentication information: ${detail}`, ctx.requestId),
    });

    const authorization = headerValue(ctx.headers, securitySchemes.bearer.name)?.trim() ?? '';
    const bearer = /^Bearer[ +](.+)$/is.exec(authorization);
    if (!bearer || !secretEquals(bearer[1]!.trim(), creds.accessToken)) return tokenFail;

    const userId = headerValue(ctx.headers, securitySchemes.userId.name)?.trim();
    if (userId === undefined || userId === '') return appFail('X-User-Id is missing');
    if (userId !== creds.userId) return appFail('X-User-Id does not match the access token');

    const dateText = headerValue(ctx.headers, securitySchemes.date.name)?.trim();
    if (dateText === undefined || dateText === '') return appFail('X-Date is missing');
    const date = parseSdkDate(dateText);
    if (!date) return appFail("X-Date is not yyyyMMdd'T'HHmmss'Z'");
    const age = ctx.now.getTime() - date.getTime();
    if (age < 0) return appFail('X-Date is later than the current time');
    if (!(age <= MAX_AGE_MS)) return appFail('X-Date is more than 15 minutes old');
    return { ok: true as const, principal: { userId } };
  }

  const handlers: OperationHandlers<OperationId, KooDrivePrincipal, OperationTypes> = {
    CreateFile: (ctx, { body }, principal) => uploads.createFile(ctx, body, principal.userId),
    UploadUrl: (ctx, { body }, principal) => uploads.uploadUrl(ctx, body, principal.userId),
    CompleteFile: (ctx, { body }, principal) => uploads.completeFile(ctx, body, principal.userId),
  };

  return {
    id: 'huawei-koodrive',
    operations,
    validators,
    securitySchemes,
    requestIdHeader: providers['huawei-koodrive'].requestIdHeader,
    errors: {
      invalidId: () => kooDriveError('parameterInvalid'),
      invalidQuery: () => kooDriveError('parameterInvalid'),
      malformedBody: () => kooDriveError('parameterInvalid'),
      invalidParameters: () => kooDriveError('parameterInvalid'),
      invalidBody: () => kooDriveError('parameterInvalid'),
      // Huawei API Gateway error codes: APIG(W).0201 "Request entity too large", HTTP 413.
      tooLarge: (limit, requestId) =>
        gatewayError(413, 'APIGW.0201', `Request entity too large (limit ${limit} bytes)`, requestId),
      // The Huawei API Gateway answers an unknown path or method with 404 APIGW.0101
      // (documented in specs/huawei-metastudio.yaml; KooDrive sits behind the same gateway).
      wrongMethod: (_allowed, requestId) => gatewayError(404, 'APIGW.0101', API_NOT_FOUND, requestId),
      // An API the gateway has not published is the same APIGW.0101, 404.
      notImplemented: (operationId, requestId) =>
        gatewayError(404, 'APIGW.0101', `${API_NOT_FOUND} (drivespec emulator: ${operationId} is not implemented)`, requestId),
      // No KooDrive internal-error code is documented: the `{ code, msg }` shape with the HTTP
      // status as the code.
      internal: (status) => ({
        status,
        body: { code: status, msg: status === 503 ? 'Service unavailable.' : 'Internal server error.' },
      }),
    },
    authenticate,
    handlers,
  };
}
