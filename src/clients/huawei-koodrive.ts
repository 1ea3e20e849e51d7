/**
 * Huawei KooDrive (carrier API): `CompleteFile`.
 * Every request carries the bearer token, `X-User-Id` and an `X-Date` stamped from the clock at
 * send time (the service rejects dates more than 15 minutes old or in the future).
 */
import type { Client } from 'openapi-fetch';
import { operations as table } from '../../generated/huawei-koodrive/operations.js';
import type { operations, paths } from '../../generated/huawei-koodrive/types.js';
import * as validators from '../../generated/huawei-koodrive/validators.js';
import { ConfigurationError } from '../core/errors.js';
import { requireToken } from '../core/header-bytes.js';
import { createOperationClient, field, requireString, type CommonClientOptions } from '../core/operation-client.js';
import type { OperationArgs, OperationInit, SuccessBody } from '../core/operation-types.js';
import type { CallOptions } from '../core/transport.js';
import { compactUtcDate } from '../core/dates.js';

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

export type KooDriveCompleteFileInit = OperationInit<operations['CompleteFile']>;

export interface HuaweiKooDriveClient {
  completeFile(
    ...args: OperationArgs<KooDriveCompleteFileInit, CallOptions>
  ): Promise<SuccessBody<operations['CompleteFile']>>;
  /** The path-based openapi-fetch client, with the same credentials, retries and timeouts. */
  raw: Client<paths>;
}

export function createClient(options: HuaweiKooDriveClientOptions): HuaweiKooDriveClient {
  const credentials = options?.credentials as unknown as Record<string, unknown> | undefined;
  if (!credentials || typeof credentials !== 'object') {
    throw new ConfigurationError('credentials', 'give { accessToken, userId }');
  }
  const accessToken = requireToken('credentials.accessToken', credentials.accessToken);
  const userId = requireToken('credentials.userId', credentials.userId);
  const baseUrl = requireString('baseUrl', options.baseUrl);
  const separator = options.bearerSeparator ?? ' ';
  if (separator !== ' ' && separator !== '+') throw new ConfigurationError('bearerSeparator', "must be ' ' or '+'");
  const core = createOperationClient(
    {
      provider: 'huawei-koodrive',
      operations: table,
      validators,
      baseUrl,
      authorize: (request, context) => {
        request.headers.set('Authorization', `Bearer${separator}${accessToken}`);
        request.headers.set('X-User-Id', userId);
        request.headers.set('X-Date', compactUtcDate(context.now));
      },
      requestIdHeader: 'x-request-id',
      errorFields: (body, headers) => ({
        code: field(body, 'code', 'error_code'),
        message: field(body, 'msg', 'error_msg', 'message'),
        requestId: field(body, 'request_id') ?? headers.get('x-request-id') ?? headers.get('x-traceid') ?? undefined,
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
  return {
    completeFile: (...[init, call]) =>
      core.invoke('CompleteFile', init, call) as Promise<SuccessBody<operations['CompleteFile']>>,
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
  HuaweiKooDriveApiError,
} from '../core/errors.js';
export type { ValidationIssue } from '../core/errors.js';
export type { CallOptions } from '../core/transport.js';
export type { components, operations, paths } from '../../generated/huawei-koodrive/types.js';
