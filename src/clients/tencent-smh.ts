/**
 * Tencent Cloud Smart Media Hosting: `ConfirmUpload`.
 * The access token travels in the query string (`access_token`), so every URL drivespec prints
 * is redacted; `confirm` is a bare flag (`?confirm&...`), which the client always sends.
 */
import type { Client } from 'openapi-fetch';
import { operations as table, servers } from '../../generated/tencent-smh/operations.js';
import type { operations, paths } from '../../generated/tencent-smh/types.js';
import * as validators from '../../generated/tencent-smh/validators.js';
import { ConfigurationError } from '../core/errors.js';
import { requireToken } from '../core/header-bytes.js';
import { createOperationClient, field, requireString, type CommonClientOptions } from '../core/operation-client.js';
import type { OperationArgs, OperationInit, SuccessBody } from '../core/operation-types.js';
import type { CallOptions } from '../core/transport.js';

export interface TencentSmhCredentials {
  /** From `GET /api/v1/token` with the library secret (obtain it server-side). */
  accessToken: string;
}

export interface TencentSmhClientOptions extends CommonClientOptions {
  credentials: TencentSmhCredentials;
  /** Default `LibraryId` path parameter, so calls can leave it out. */
  libraryId?: string;
  /** Default `SpaceId`; `-` (single-tenant library) when not given. */
  spaceId?: string;
}

/** `LibraryId` may be left out of calls only when the client was given a `libraryId`. */
export type ConfirmUploadInit<HasLibraryId extends boolean = true> = OperationInit<
  operations['ConfirmUpload'],
  (HasLibraryId extends true ? 'LibraryId' : never) | 'SpaceId',
  'confirm'
>;

export interface TencentSmhClient<HasLibraryId extends boolean = true> {
  confirmUpload(
    ...args: OperationArgs<ConfirmUploadInit<HasLibraryId>, CallOptions>
  ): Promise<SuccessBody<operations['ConfirmUpload']>>;
  /** The path-based openapi-fetch client, with the same credentials, retries and timeouts. */
  raw: Client<paths>;
}

export function createClient<const Options extends TencentSmhClientOptions>(
  options: Options,
): TencentSmhClient<Options extends { libraryId: string } ? true : false> {
  const credentials = options?.credentials as unknown as Record<string, unknown> | undefined;
  if (!credentials || typeof credentials !== 'object') throw new ConfigurationError('credentials', 'give { accessToken }');
  const accessToken = requireToken('credentials.accessToken', credentials.accessToken);
  const path: Record<string, string> = { SpaceId: options.spaceId ?? '-' };
  if (options.libraryId !== undefined) path.LibraryId = requireString('libraryId', options.libraryId);
  const core = createOperationClient(
    {
      provider: 'tencent-smh',
      operations: table,
      validators,
      baseUrl: options.baseUrl ?? servers[0].url,
      authorize: () => {},
      credentialQuery: { access_token: accessToken },
      // `confirm`'s only value; the query serializer writes it as the bare, documented `?confirm`.
      defaults: { path, query: { confirm: '' } },
      requestIdHeader: 'x-smh-request-id',
      errorFields: (body, headers) => ({
        code: field(body, 'code'),
        message: field(body, 'message'),
        requestId: field(body, 'requestId') ?? headers.get('x-smh-request-id') ?? headers.get('x-request-id') ?? undefined,
      }),
      secrets: [accessToken],
    },
    options,
  );
  return {
    confirmUpload: (...[init, call]) =>
      core.invoke('ConfirmUpload', init, call) as Promise<SuccessBody<operations['ConfirmUpload']>>,
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
  TencentSmhApiError,
} from '../core/errors.js';
export type { ValidationIssue } from '../core/errors.js';
export type { CallOptions } from '../core/transport.js';
export type { components, operations, paths } from '../../generated/tencent-smh/types.js';
