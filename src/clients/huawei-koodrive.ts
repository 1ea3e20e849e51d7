/**
 * Huawei KooDrive (carrier API): the binding of the generated surface
 * (generated/huawei-koodrive/client.ts). Every request carries the bearer token, `X-User-Id` and
 * an `X-Date` stamped from the clock at send time (the service rejects dates more than 15 minutes
 * old or in the future); a 200 whose `code` is not 0 is a failure.
 */
import {
  bindOperations,
  clientOptions,
  type CompleteFileInit,
  type CreateFileInit,
  type UploadUrlInit,
  type HuaweiKooDriveClient as Surface,
} from '../../generated/huawei-koodrive/client.js';
import { operations, providerInfo, securitySchemes } from '../../generated/huawei-koodrive/operations.js';
import type { paths } from '../../generated/huawei-koodrive/types.js';
import { field } from '../core/answers.js';
import { credentialsOf, requireString, type CommonClientOptions } from '../core/client-options.js';
import { compactUtcDate } from '../core/dates.js';
import { ConfigurationError } from '../core/errors.js';
import { requireToken } from '../core/header-bytes.js';
import { lazyModule } from '../core/lazy-module.js';
import { createOperationClient } from '../core/operation-client.js';
import { applySchemeHeader } from '../core/security.js';
import type { CallOptions } from '../core/transport.js';
import type { HuaweiKooDriveUploadResult, HuaweiKooDriveUploadTarget } from '../upload/huawei-koodrive.js';
import type { UploadOptions, UploadSource } from '../upload/types.js';

// Loaded by the first call, not by importing this entry (issue 13, cold start; lazy-module.ts).
const loadValidators = lazyModule('the huawei-koodrive validators', () => import('../../generated/huawei-koodrive/validators.js'));
const loadUpload = lazyModule('the huawei-koodrive upload', () => import('../upload/huawei-koodrive.js'));

export interface HuaweiKooDriveCredentials {
  accessToken: string;
  /** The KooDrive user id, sent as `X-User-Id`. */
  userId: string;
}

export interface HuaweiKooDriveClientOptions extends CommonClientOptions {
  credentials: HuaweiKooDriveCredentials;
  /** Required: KooDrive documents no public host; each carrier deployment has its own. */
  baseUrl: string;
  /**
   * The docs write the header as `Bearer+{access_token}`; whether the `+` is literal is
   * unverified (PROVIDERS.md). Default `' '` (the usual `Bearer <token>`); `'+'` sends it literally.
   */
  bearerSeparator?: ' ' | '+';
}

export type HuaweiKooDriveClient = Surface<CallOptions> & {
  /**
   * The whole upload in one call (flash upload first, parts with their `hashCtx`, expired links
   * replaced, CompleteFile with the file's sha256): README "Uploads", src/upload/huawei-koodrive.ts.
   */
  upload(source: UploadSource, target: HuaweiKooDriveUploadTarget, options?: UploadOptions): Promise<HuaweiKooDriveUploadResult>;
};
export type { CompleteFileInit, CreateFileInit, UploadUrlInit };
/** @deprecated Since 0.2.0: `CompleteFileInit`, named `<Operation>Init` like every provider's. */
export type KooDriveCompleteFileInit = CompleteFileInit;

export function createClient(options: HuaweiKooDriveClientOptions): HuaweiKooDriveClient {
  const credentials = credentialsOf(options, 'give { accessToken, userId }');
  const accessToken = requireToken('credentials.accessToken', credentials.accessToken);
  const userId = requireToken('credentials.userId', credentials.userId);
  const baseUrl = requireString('baseUrl', options.baseUrl);
  const separator = options.bearerSeparator ?? ' ';
  if (separator !== ' ' && separator !== '+') throw new ConfigurationError('bearerSeparator', "must be ' ' or '+'");
  // The `bearer` scheme is an apiKey header holding the whole value: the separator is ours to add.
  const authorizationHeader = securitySchemes.bearer.name;
  const core = createOperationClient<paths>(
    {
      spec: { info: providerInfo, operations, validators: loadValidators, clientOptions },
      baseUrl,
      authorize: (request, context) => {
        request.headers.set(authorizationHeader, `Bearer${separator}${accessToken}`);
        applySchemeHeader(request.headers, securitySchemes.userId, userId);
        applySchemeHeader(request.headers, securitySchemes.date, compactUtcDate(context.now));
      },
      errorFields: (body, headers) => ({
        code: field(body, 'code', 'error_code'),
        message: field(body, 'msg', 'error_msg', 'message'),
        requestId: field(body, 'request_id') ?? headers.get(providerInfo.requestIdHeader) ?? headers.get('x-traceid') ?? undefined,
      }),
      // The success body is `{ code: 0, msg }`; any other code is a failure reported with 200.
      successFailure: (body) => {
        const code = field(body, 'code');
        return code !== undefined && code !== '0' ? { code, message: field(body, 'msg') } : undefined;
      },
      secrets: [accessToken],
    },
    options,
  );
  const bound = bindOperations<CallOptions>(core.invoke);
  return {
    ...bound,
    raw: core.raw,
    upload: (source, target, uploadOptions) =>
      loadUpload().then((m) => m.uploadHuaweiKooDrive(bound, core.uploadContext, source, target, uploadOptions)),
  };
}

// The entry point's public surface beyond the client: the errors it throws and the spec's types.
export {
  AbortError,
  ApiError,
  ConfigurationError,
  DrivespecError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  TransportError,
  HuaweiKooDriveApiError,
  InputError,
} from '../core/errors.js';
export type { ValidationIssue } from '../core/errors.js';
export type { CallOptions } from '../core/transport.js';
export { uploadStateOf } from '../upload/state.js';
export type { HuaweiKooDriveUploadTarget, HuaweiKooDriveUploadResult, HuaweiKooDriveUploadedFile } from '../upload/huawei-koodrive.js';
export type { components, operations, paths } from '../../generated/huawei-koodrive/types.js';
export type { UploadOptions, UploadProgress, UploadSource, UploadState } from '../upload/types.js';
