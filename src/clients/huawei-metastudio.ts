/**
 * Huawei Cloud MetaStudio asset library: `ConfirmFileUpload`.
 * Auth: an IAM token in `X-Auth-Token`, or AK/SK signing (SDK-HMAC-SHA256) — see PROVIDERS.md.
 */
import type { Client } from 'openapi-fetch';
import { operations as table, servers } from '../../generated/huawei-metastudio/operations.js';
import type { operations, paths } from '../../generated/huawei-metastudio/types.js';
import * as validators from '../../generated/huawei-metastudio/validators.js';
import { ConfigurationError } from '../core/errors.js';
import { requireToken } from '../core/header-bytes.js';
import {
  createOperationClient,
  field,
  requireString,
  type CommonClientOptions,
} from '../core/operation-client.js';
import type { OperationArgs, OperationInit, SuccessBody } from '../core/operation-types.js';
import type { CallOptions } from '../core/transport.js';
import { huaweiAkSkAuthorizer, type HuaweiAkSkCredentials } from './huawei-aksk.js';

export type HuaweiMetaStudioCredentials =
  | { token: string; ak?: never; sk?: never; securityToken?: never }
  | (HuaweiAkSkCredentials & { token?: never });

export type HuaweiMetaStudioRegion = (typeof servers)[0]['variables']['region']['enum'][number];

export interface HuaweiMetaStudioClientOptions extends CommonClientOptions {
  credentials: HuaweiMetaStudioCredentials;
  /** The project id every path starts with (the `project_id` path parameter). */
  projectId: string;
  /** Picks the documented server when `baseUrl` is not given. Default `cn-north-4`. */
  region?: HuaweiMetaStudioRegion;
}

export type ConfirmFileUploadInit = OperationInit<operations['ConfirmFileUpload'], 'project_id'>;

export interface HuaweiMetaStudioClient {
  confirmFileUpload(
    ...args: OperationArgs<ConfirmFileUploadInit, CallOptions>
  ): Promise<SuccessBody<operations['ConfirmFileUpload']>>;
  /** The path-based openapi-fetch client, with the same credentials, retries and timeouts. */
  raw: Client<paths>;
}

const server = servers[0];

export function createClient(options: HuaweiMetaStudioClientOptions): HuaweiMetaStudioClient {
  const projectId = requireString('projectId', options?.projectId);
  const credentials = options.credentials as unknown as Record<string, unknown> | undefined;
  if (!credentials || typeof credentials !== 'object') {
    throw new ConfigurationError('credentials', 'give { token } or { ak, sk }');
  }
  const hasToken = 'token' in credentials;
  const hasAkSk = 'ak' in credentials || 'sk' in credentials;
  if (hasToken && hasAkSk) throw new ConfigurationError('credentials', 'give either token or ak/sk, not both');
  const region = options.region ?? server.variables.region.default;
  if (!(server.variables.region.enum as readonly string[]).includes(region)) {
    throw new ConfigurationError('region', `must be one of ${server.variables.region.enum.join(', ')}`);
  }
  let authorize;
  let secrets: string[];
  if (hasToken) {
    const token = requireToken('credentials.token', credentials.token);
    authorize = (request: { headers: Headers }) => request.headers.set('X-Auth-Token', token);
    secrets = [token];
  } else {
    const signer = huaweiAkSkAuthorizer(credentials, { projectId });
    authorize = signer.authorize;
    secrets = signer.secrets;
  }
  const core = createOperationClient(
    {
      provider: 'huawei-metastudio',
      operations: table,
      validators,
      baseUrl: options.baseUrl ?? server.url.replace('{region}', region),
      authorize,
      defaults: { path: { project_id: projectId } },
      requestIdHeader: 'x-request-id',
      errorFields: (body, headers) => ({
        code: field(body, 'error_code'),
        message: field(body, 'error_msg'),
        requestId: field(body, 'request_id') ?? headers.get('x-request-id') ?? undefined,
      }),
      secrets,
    },
    options,
  );
  return {
    confirmFileUpload: (...[init, call]) =>
      core.invoke('ConfirmFileUpload', init, call) as Promise<SuccessBody<operations['ConfirmFileUpload']>>,
    raw: core.raw as Client<paths>,
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
} from '../core/errors.js';
// Thrown at call time when a request cannot be signed (the signer checks every attempt).
export { SigningError } from '../signing/shared/signing-error.js';
export type { ValidationIssue } from '../core/errors.js';
export type { CallOptions } from '../core/transport.js';
export type { components, operations, paths } from '../../generated/huawei-metastudio/types.js';
