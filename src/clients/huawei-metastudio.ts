/**
 * Huawei Cloud MetaStudio asset library: `CreateDigitalAsset`, `CreateFile`, `ConfirmFileUpload`,
 * `ShowAsset`, and `upload()`, the whole asset-file upload in one call (src/upload/huawei-metastudio.ts).
 * Auth: an IAM token in `X-Auth-Token`, or AK/SK signing (SDK-HMAC-SHA256) — see PROVIDERS.md.
 */
import {
  bindOperations,
  clientOptions,
  type ConfirmFileUploadInit,
  type HuaweiMetaStudioClient as Surface,
  type HuaweiMetaStudioParameterOptions,
} from '../../generated/huawei-metastudio/client.js';
import { operations, providerInfo, securitySchemes, servers } from '../../generated/huawei-metastudio/operations.js';
import type { paths } from '../../generated/huawei-metastudio/types.js';
import { field } from '../core/answers.js';
import { credentialsOf, requireString, type CommonClientOptions } from '../core/client-options.js';
import { ConfigurationError } from '../core/errors.js';
import { requireToken } from '../core/header-bytes.js';
import { lazyModule } from '../core/lazy-module.js';
import { createOperationClient } from '../core/operation-client.js';
import { applySchemeHeader } from '../core/security.js';
import type { Authorize, CallOptions } from '../core/transport.js';
import type { HuaweiMetaStudioUploadResult, HuaweiMetaStudioUploadTarget } from '../upload/huawei-metastudio.js';
import type { UploadOptions, UploadSource } from '../upload/types.js';
import { huaweiAkSkAuthorizer, type HuaweiAkSkCredentials } from './huawei-aksk.js';

// Loaded by the first call, not by importing this entry (issue 13, cold start; lazy-module.ts).
const loadValidators = lazyModule('the huawei-metastudio validators', () => import('../../generated/huawei-metastudio/validators.js'));
const loadUpload = lazyModule('the huawei-metastudio upload', () => import('../upload/huawei-metastudio.js'));

export type HuaweiMetaStudioCredentials =
  | { token: string; ak?: never; sk?: never; securityToken?: never }
  | (HuaweiAkSkCredentials & { token?: never });

export type HuaweiMetaStudioRegion = (typeof servers)[0]['variables']['region']['enum'][number];

/** `projectId` (required) fills the `project_id` path parameter of every call. */
export interface HuaweiMetaStudioClientOptions extends CommonClientOptions, HuaweiMetaStudioParameterOptions {
  credentials: HuaweiMetaStudioCredentials;
  /** Picks the documented server when `baseUrl` is not given. Default `cn-north-4`. */
  region?: HuaweiMetaStudioRegion;
}

export type { ConfirmFileUploadInit };

export type HuaweiMetaStudioClient = Surface<CallOptions> & {
  /**
   * The whole upload: CreateDigitalAsset (target `{ asset }`), CreateFile with the file's MD5, one
   * OBS PUT of the whole file (≤ 5 GB), ConfirmFileUpload CREATED and ShowAsset, whose entry for
   * the file it resolves to. A stream source is refused (the MD5 must be known first); MetaStudio
   * has no instant upload (`rapidUpload` has no effect); a resume completes an upload whose PUT
   * was stored, or sends the whole file again in a new file of the same asset.
   */
  upload(source: UploadSource, target: HuaweiMetaStudioUploadTarget, options?: UploadOptions): Promise<HuaweiMetaStudioUploadResult>;
};

const server = servers[0];

export function createClient(options: HuaweiMetaStudioClientOptions): HuaweiMetaStudioClient {
  // Checked first: the AK/SK signer needs it too (X-Project-Id).
  const projectId = requireString('projectId', options?.projectId);
  const credentials = credentialsOf(options, 'give { token } or { ak, sk }');
  const hasToken = 'token' in credentials;
  const hasAkSk = 'ak' in credentials || 'sk' in credentials;
  if (hasToken && hasAkSk) throw new ConfigurationError('credentials', 'give either token or ak/sk, not both');
  const region = options.region ?? server.variables.region.default;
  if (!(server.variables.region.enum as readonly string[]).includes(region)) {
    throw new ConfigurationError('region', `must be one of ${server.variables.region.enum.join(', ')}`);
  }
  let authorize: Authorize;
  let secrets: string[];
  if (hasToken) {
    const token = requireToken('credentials.token', credentials.token);
    authorize = (request) => applySchemeHeader(request.headers, securitySchemes.token, token);
    secrets = [token];
  } else {
    ({ authorize, secrets } = huaweiAkSkAuthorizer(credentials, { projectId }));
  }
  const core = createOperationClient<paths>(
    {
      spec: { info: providerInfo, operations, validators: loadValidators, clientOptions },
      baseUrl: options.baseUrl ?? server.url.replace('{region}', region),
      authorize,
      errorFields: (body, headers) => ({
        code: field(body, 'error_code'),
        message: field(body, 'error_msg'),
        requestId: field(body, 'request_id') ?? headers.get(providerInfo.requestIdHeader) ?? undefined,
      }),
      secrets,
    },
    options,
  );
  const bound: Surface<CallOptions> = { ...bindOperations<CallOptions>(core.invoke), raw: core.raw };
  return {
    ...bound,
    upload: (source, target, uploadOptions) =>
      loadUpload().then((m) => m.uploadHuaweiMetaStudio(bound, core.uploadContext, source, target, uploadOptions)),
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
  HuaweiMetaStudioApiError,
  // upload(): an unreadable, empty or changed source.
  InputError,
} from '../core/errors.js';
export { uploadStateOf } from '../upload/state.js';
export type { HuaweiMetaStudioUploadTarget, HuaweiMetaStudioUploadResult, HuaweiMetaStudioUploadedFile } from '../upload/huawei-metastudio.js';
// Thrown at call time when a request cannot be signed (the signer checks every attempt).
export { SigningError } from '../signing/shared/signing-error.js';
export type { ValidationIssue } from '../core/errors.js';
export type { CallOptions } from '../core/transport.js';
export type { components, operations, paths } from '../../generated/huawei-metastudio/types.js';
export type { UploadOptions, UploadProgress, UploadSource, UploadState } from '../upload/types.js';
