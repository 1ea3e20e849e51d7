/**
 * Tencent Cloud Smart Media Hosting: the binding of the generated surface
 * (generated/tencent-smh/client.ts). The access token travels in the query string
 * (`access_token`, the spec's `accessToken` scheme), so every URL drivespec prints is redacted;
 * `confirm` is a bare flag (`?confirm&...`), which the client always sends.
 */
import {
  bindOperations,
  clientOptions,
  type ConfirmUploadInit as GeneratedConfirmUploadInit,
  type TencentSmhClient as Surface,
  type TencentSmhParameterOptions,
} from '../../generated/tencent-smh/client.js';
import { operations, providerInfo, securitySchemes, servers } from '../../generated/tencent-smh/operations.js';
import type { paths } from '../../generated/tencent-smh/types.js';
import { field } from '../core/answers.js';
import { credentialsOf, type CommonClientOptions } from '../core/client-options.js';
import { requireToken } from '../core/header-bytes.js';
import { lazyModule } from '../core/lazy-module.js';
import { createOperationClient } from '../core/operation-client.js';
import { schemeQuery } from '../core/security.js';
import type { CallOptions } from '../core/transport.js';
import type { TencentSmhUploadClient, TencentSmhUploadResult, TencentSmhUploadTarget } from '../upload/tencent-smh.js';
import type { UploadOptions, UploadSource } from '../upload/types.js';

// Loaded by the first call, not by importing this entry (issue 13, cold start; lazy-module.ts).
const loadValidators = lazyModule('the tencent-smh validators', () => import('../../generated/tencent-smh/validators.js'));
const loadUpload = lazyModule('the tencent-smh upload', () => import('../upload/tencent-smh.js'));

export interface TencentSmhCredentials {
  /** From `GET /api/v1/token` with the library secret (obtain it server-side). */
  accessToken: string;
}

/** `libraryId` and `spaceId` (default `-`, a single-tenant library) fill the path parameters. */
export interface TencentSmhClientOptions extends CommonClientOptions, TencentSmhParameterOptions {
  credentials: TencentSmhCredentials;
}

/** Filled path parameters: `LibraryId` only when the client was given a `libraryId`. */
type Filled<HasLibraryId extends boolean> = HasLibraryId extends true ? 'LibraryId' : never;

/** `LibraryId` may be left out of calls only when the client was given a `libraryId`. */
export type ConfirmUploadInit<HasLibraryId extends boolean = true> = GeneratedConfirmUploadInit<Filled<HasLibraryId>>;

export type TencentSmhClient<HasLibraryId extends boolean = true> = Surface<CallOptions, Filled<HasLibraryId>> & {
  /**
   * The whole upload (src/upload/tencent-smh.ts): instant upload first, one PUT below 2 MiB or
   * parts of 1 MiB (default) to COS, renewed credentials, ConfirmUpload with the file's CRC-64.
   */
  upload(source: UploadSource, target: TencentSmhUploadTarget<HasLibraryId>, options?: UploadOptions): Promise<TencentSmhUploadResult>;
};

/** A client given `libraryId` fills `LibraryId`, so its calls may leave it out. */
export function createClient(options: TencentSmhClientOptions & { libraryId: string }): TencentSmhClient<true>;
export function createClient(options: TencentSmhClientOptions): TencentSmhClient<false>;
export function createClient(options: TencentSmhClientOptions): TencentSmhClient<boolean> {
  const credentials = credentialsOf(options, 'give { accessToken }');
  const accessToken = requireToken('credentials.accessToken', credentials.accessToken);
  const core = createOperationClient<paths>(
    {
      spec: { info: providerInfo, operations, validators: loadValidators, clientOptions },
      baseUrl: options.baseUrl ?? servers[0].url,
      authorize: () => {},
      credentialQuery: schemeQuery(securitySchemes.accessToken, accessToken),
      errorFields: (body, headers) => ({
        code: field(body, 'code'),
        message: field(body, 'message'),
        requestId: field(body, 'requestId') ?? headers.get(providerInfo.requestIdHeader) ?? headers.get('x-request-id') ?? undefined,
      }),
      secrets: [accessToken],
    },
    options,
  );
  const bound = bindOperations<CallOptions, Filled<boolean>>(core.invoke);
  const api = { baseUrl: options.baseUrl ?? servers[0].url, libraryId: options.libraryId, spaceId: options.spaceId ?? '-' };
  return {
    ...bound,
    raw: core.raw,
    // Every upload call passes LibraryId itself (the target's, else the client's).
    upload: (source, target, uploadOptions) =>
      loadUpload().then((m) => m.uploadTencentSmh(bound as TencentSmhUploadClient, core.uploadContext, source, target, uploadOptions, api)),
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
export { InputError } from '../core/errors.js';
export { uploadStateOf } from '../upload/state.js';
export type { TencentSmhUploadTarget, TencentSmhUploadResult, TencentSmhUploadedFile } from '../upload/tencent-smh.js';
export type { CallOptions } from '../core/transport.js';
export type { components, operations, paths } from '../../generated/tencent-smh/types.js';
export type { UploadOptions, UploadProgress, UploadSource, UploadState } from '../upload/types.js';
