/**
 * Huawei Cloud MetaStudio (specs/huawei-metastudio.yaml): the asset-file upload, `CreateDigitalAsset`,
 * `CreateFile` (answers the OBS URL the bytes are PUT to), `ConfirmFileUpload` and the look-up
 * `ShowAsset`; the operations live in `huawei-metastudio/`. Credentials: `X-Auth-Token` (IAM
 * token) or the SDK-HMAC-SHA256 AK/SK signature; both are bound to the credentials' project.
 *
 * Errors use Huawei's `{ error_code, error_msg, request_id }`: `MSS.*` from the service,
 * `APIGW.*` from the API Gateway in front of it (signature failures, unknown API, size).
 */
import { operations, securitySchemes, type OperationId } from '../../../generated/huawei-metastudio/operations.js';
import type { operations as OperationTypes } from '../../../generated/huawei-metastudio/types.js';
import * as validators from '../../../generated/huawei-metastudio/validators.js';
import type { ValidationIssue } from '../../core/errors.js';
import { verifyHuaweiSignature } from '../../signing/huawei-sdk-hmac-sha256/index.js';
import type { OperationTable } from '../../core/operation-table.js';
import { providers } from '../../core/provider.js';
import type { Answer } from '../answer.js';
import { secretEquals } from '../secure-compare.js';
import { createDigitalAsset, showAsset } from './huawei-metastudio/assets.js';
import { huaweiError } from './huawei-metastudio/errors.js';
import { confirmFileUpload, createFile } from './huawei-metastudio/files.js';
import {
  describeIssues,
  headerValue,
  type OperationHandlers,
  type ProviderEmulator,
  type ProviderEnv,
  type RequestContext,
} from './provider.js';

export { huaweiError };

/** The gateway's 15-minute X-Sdk-Date window (PROVIDERS.md, huawei-metastudio). */
const SKEW_MS = 15 * 60 * 1000;

/** The Huawei API Gateway's answer to an API it has not published (APIGW.0101, HTTP 404; spec, 404). */
const API_NOT_FOUND = 'The API does not exist or has not been published in the environment.';

/**
 * Body problems: the body as a whole unusable (empty, not an object) is `MSS.00000002` (invalid
 * body); a field inside it is `MSS.00000003` (invalid parameter, the page's documented 400).
 */
function invalidBody(issues: readonly ValidationIssue[], requestId: string): Answer {
  const wholeBody = issues.some((i) => i.path === '' && (i.keyword === 'type' || i.message === 'is required'));
  return wholeBody
    ? huaweiError(400, 'MSS.00000002', `Invalid body: ${describeIssues(issues)}`, requestId)
    : huaweiError(400, 'MSS.00000003', `Invalid parameter: ${describeIssues(issues)}`, requestId);
}

export interface MetaStudioPrincipal {
  projectId: string;
}

export function createHuaweiMetaStudioEmulator(env: ProviderEnv): ProviderEmulator<MetaStudioPrincipal, OperationId> {
  async function authenticate(_op: OperationTable, ctx: RequestContext) {
    const creds = env.credentials['huawei-metastudio'];
    const fail = (code: string, message: string) => ({
      ok: false as const,
      answer: huaweiError(401, code, message, ctx.requestId),
    });
    const token = headerValue(ctx.headers, securitySchemes.token.name)?.trim();
    const authorization = headerValue(ctx.headers, securitySchemes.akSk.name)?.trim();
    if (token !== undefined && token !== '') {
      if (!secretEquals(token, creds.token)) {
        // specs/huawei-metastudio.yaml pairs the `unauthorized` scenario with MSS.00000001 (the
        // service's answer to a failed authentication) and keeps APIGW.0301 for the gateway's
        // signature check; the emulator's tokens are opaque, so a wrong one is the service's case.
        return fail('MSS.00000001', 'Unauthorized');
      }
    } else if (authorization !== undefined && authorization !== '') {
      const result = await verifyHuaweiSignature(
        { method: ctx.method, url: ctx.target, headers: ctx.headers, body: ctx.body },
        (ak) => (ak === creds.ak ? creds.sk : undefined),
        { now: () => ctx.now, maxSkewMs: SKEW_MS },
      );
      if (!result.ok) {
        // The documented text is "verify aksk signature fail" (API Request Signing Guide FAQ);
        // the other reasons keep the same code with a more precise (illustrative) message.
        const detail = {
          missing: 'verify aksk signature fail',
          malformed: 'verify aksk signature fail',
          'unknown-key': 'verify aksk signature fail',
          expired: 'verify aksk signature fail: X-Sdk-Date is more than 15 minutes off',
          mismatch: 'verify aksk signature fail',
        } as const;
        return fail('APIGW.0301', `Incorrect IAM authentication information: ${detail[result.reason]}`);
      }
      const projectHeader = headerValue(ctx.headers, 'x-project-id')?.trim();
      if (projectHeader !== undefined && projectHeader !== ctx.pathParams.project_id) {
        return fail('MSS.00000001', 'Unauthorized: X-Project-Id does not match the project in the path');
      }
    } else {
      return fail('MSS.00000001', 'Unauthorized');
    }
    if (ctx.pathParams.project_id !== creds.projectId) {
      return fail('MSS.00000001', 'Unauthorized: the credentials are not valid for this project');
    }
    return { ok: true as const, principal: { projectId: creds.projectId } };
  }

  const handlers: OperationHandlers<OperationId, MetaStudioPrincipal, OperationTypes> = {
    CreateDigitalAsset: (ctx, { params, body }) =>
      createDigitalAsset(env, ctx, params.path.project_id, body, params.header?.['X-App-UserId']),
    CreateFile: (ctx, { params, body }) => createFile(env, ctx, params.path.project_id, body),
    ConfirmFileUpload: (ctx, { params, body }) => confirmFileUpload(env, ctx, params.path, body),
    ShowAsset: (ctx, { params }) => showAsset(env, ctx, params.path.project_id, params.path.asset_id),
  };

  return {
    id: 'huawei-metastudio',
    operations,
    validators,
    securitySchemes,
    requestIdHeader: providers['huawei-metastudio'].requestIdHeader,
    errors: {
      invalidId: (name, reason, requestId) => huaweiError(400, 'MSS.00000003', `Invalid parameter: ${name} ${reason}`, requestId),
      invalidQuery: (reason, requestId) => huaweiError(400, 'MSS.00000003', `Invalid parameter: ${reason}`, requestId),
      malformedBody: (requestId) => huaweiError(400, 'MSS.00000002', 'Invalid body: not valid JSON', requestId),
      invalidParameters: (issues, requestId) =>
        huaweiError(400, 'MSS.00000003', `Invalid parameter: ${describeIssues(issues)}`, requestId),
      invalidBody,
      // Huawei API Gateway error codes: APIG(W).0201 "Request entity too large", HTTP 413.
      tooLarge: (limit, requestId) =>
        huaweiError(413, 'APIGW.0201', `Request entity too large (limit ${limit} bytes)`, requestId),
      // specs/huawei-metastudio.yaml (404): the gateway answers APIGW.0101 for an unknown path or method.
      wrongMethod: (_allowed, requestId) => huaweiError(404, 'APIGW.0101', API_NOT_FOUND, requestId),
      // An API the gateway has not published is the same APIGW.0101, 404.
      notImplemented: (operationId, requestId) =>
        huaweiError(404, 'APIGW.0101', `${API_NOT_FOUND} (drivespec emulator: ${operationId} is not implemented)`, requestId),
      internal: (status, requestId) =>
        huaweiError(status, 'MSS.00000004', status === 503 ? 'Service Unavailable' : 'Internal Error', requestId),
    },
    authenticate,
    handlers,
  };
}
