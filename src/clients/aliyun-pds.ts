/**
 * Alibaba Cloud Drive and Photo Service (PDS), API 2022-03-01: `CompleteFile` and `GetFile`.
 * Auth: an access token (`Authorization: Bearer`), a share token (`x-share-token`, with
 * `share_id` in the body), or an AccessKey pair signed with the `acs` HMAC-SHA1 scheme (`v1`) or
 * ACS4-HMAC-SHA256 (`v4`).
 *
 * In the universal build (browsers, Workers) a request cannot carry `Date` (a forbidden request
 * header; src/platform/runtime.web.ts): `v1` signs it, so createClient refuses `v1` there, and
 * `v4` sends no Date and signs its empty line (the time is x-acs-date). Whether the real service
 * accepts ACS4 without Date is unverified (the official SDKs always send it; signing-inputs.ts);
 * from a page, an access token is the documented way in.
 */
import {
  bindOperations,
  clientOptions,
  type AliyunPdsClient as Surface,
  type CompleteFileInit,
  type GetFileInit,
} from '../../generated/aliyun-pds/client.js';
import { operations, providerInfo, securitySchemes, servers } from '../../generated/aliyun-pds/operations.js';
import type { paths } from '../../generated/aliyun-pds/types.js';
import { field } from '../core/answers.js';
import { credentialsOf, requireString, type CommonClientOptions } from '../core/client-options.js';
import { ConfigurationError } from '../core/errors.js';
import { requireToken } from '../core/header-bytes.js';
import { lazyModule } from '../core/lazy-module.js';
import { requestDateHeaderAllowed } from '../platform/runtime.js';
import { createOperationClient } from '../core/operation-client.js';
import { applySchemeHeader } from '../core/security.js';
import type { Authorize, CallOptions } from '../core/transport.js';
import { acsCredentialsProblem } from '../signing/aliyun-acs/check-credentials.js';
import type { AliyunPdsUploadResult, AliyunPdsUploadTarget } from '../upload/aliyun-pds.js';
import type { UploadOptions, UploadSource } from '../upload/types.js';

// Loaded by the first call, not by importing this entry (issue 13, cold start; lazy-module.ts).
const loadValidators = lazyModule('the aliyun-pds validators', () => import('../../generated/aliyun-pds/validators.js'));
const loadUpload = lazyModule('the aliyun-pds upload', () => import('../upload/aliyun-pds.js'));
const loadSigners = lazyModule('the aliyun-pds signers', () => import('./aliyun-pds-signers.js'));

// `?: never` keeps the kinds exclusive at compile time: mixing a token and an AccessKey pair is
// a ConfigurationError at run time, so it should not type-check either.
type NoAccessKey = { accessKeyId?: never; accessKeySecret?: never; securityToken?: never; signatureVersion?: never };
export type AliyunPdsCredentials =
  | ({ accessToken: string; shareToken?: string } & NoAccessKey)
  | ({ shareToken: string; accessToken?: never } & NoAccessKey)
  | {
      accessKeyId: string;
      accessKeySecret: string;
      securityToken?: string;
      /**
       * The AccessKey signature, named as the official SDK's `Config.signature_version` names it:
       * `'v1'` (default) is `acs` HMAC-SHA1, `'v4'` is ACS4-HMAC-SHA256 (the body is signed too).
       */
      signatureVersion?: AliyunPdsSignatureVersion;
      accessToken?: never;
      shareToken?: never;
    };

export type AliyunPdsSignatureVersion = 'v1' | 'v4';

export interface AliyunPdsClientOptions extends CommonClientOptions {
  credentials: AliyunPdsCredentials;
  /** Your PDS domain id; the host is `https://{domainId}.api.aliyunpds.com` unless `baseUrl` is given. */
  domainId?: string;
  /** Use the VPC endpoint (`{domainId}.api-vpc.aliyunpds.com`). */
  vpc?: boolean;
}

export type { CompleteFileInit, GetFileInit };

export type AliyunPdsClient = Surface<CallOptions> & {
  /**
   * The whole upload in one call (README "Uploads", aliyun-pds): hashes in one read, rapid upload
   * first, parts PUT concurrently through this client's `fetch`, CompleteFile, the result checked
   * against the computed hashes.
   */
  upload(source: UploadSource, target: AliyunPdsUploadTarget, options?: UploadOptions): Promise<AliyunPdsUploadResult>;
};

/** The content type the official SDK's PDS gateway signs and sends. */
const JSON_UTF8 = 'application/json; charset=utf-8';

function authorizer(credentials: Readonly<Record<string, unknown>>): { authorize: Authorize; secrets: string[] } {
  const hasToken = 'accessToken' in credentials || 'shareToken' in credentials;
  const hasKey = 'accessKeyId' in credentials || 'accessKeySecret' in credentials || 'signatureVersion' in credentials;
  if (hasToken && hasKey) {
    throw new ConfigurationError('credentials', 'give an access/share token or an AccessKey pair, not both');
  }
  if (hasKey) {
    const accessKeyId = requireString('credentials.accessKeyId', credentials.accessKeyId);
    const accessKeySecret = requireString('credentials.accessKeySecret', credentials.accessKeySecret);
    const securityToken =
      credentials.securityToken === undefined
        ? undefined
        : requireString('credentials.securityToken', credentials.securityToken);
    const keys = { accessKeyId, accessKeySecret, ...(securityToken ? { securityToken } : {}) };
    // What the signer would refuse on every call is refused here, once (field named, value never).
    const problem = acsCredentialsProblem(keys);
    if (problem) throw new ConfigurationError(problem.field, problem.message);
    const version = credentials.signatureVersion ?? 'v1';
    if (version !== 'v1' && version !== 'v4') {
      throw new ConfigurationError('credentials.signatureVersion', "must be 'v1' (acs HMAC-SHA1) or 'v4' (ACS4-HMAC-SHA256)");
    }
    // Refused once here rather than a 403 on every call: acs's only signed time is Date.
    if (version === 'v1' && !requestDateHeaderAllowed) {
      throw new ConfigurationError(
        'credentials.signatureVersion',
        "'v1' (acs HMAC-SHA1, the default) signs the Date header, which this runtime does not let a request send: use signatureVersion: 'v4' or an access token",
      );
    }
    // Kept once loaded, so later attempts do not wait a turn for the cached import.
    let loadedSigners: Awaited<ReturnType<typeof loadSigners>> | undefined;
    return {
      authorize: async (request, context) => {
        request.headers.set('content-type', JSON_UTF8);
        const { outgoingHeaderText, signAliyunAcsRequest, signAliyunAcs4Request } = (loadedSigners ??= await loadSigners());
        const unsigned = {
          method: request.method,
          url: request.url,
          headers: outgoingHeaderText(request.headers),
          // v4 signs the body's SHA-256; a stream (never built for PDS's JSON bodies) is refused by the signer.
          ...(request.body !== undefined ? { body: request.body as Uint8Array } : {}),
        };
        const options = { now: () => context.now, nonce: () => context.nonce, action: context.operationId, dateHeader: requestDateHeaderAllowed };
        const signed = await (version === 'v4' ? signAliyunAcs4Request(unsigned, keys, options) : signAliyunAcsRequest(unsigned, keys, options));
        context.addSecret(signed.signature);
        for (const name in signed.headers) {
          if (name.toLowerCase() !== 'host') request.headers.set(name, signed.headers[name]!);
        }
      },
      secrets: [accessKeySecret, ...(securityToken ? [securityToken] : [])],
    };
  }
  const accessToken =
    credentials.accessToken === undefined
      ? undefined
      : requireToken('credentials.accessToken', credentials.accessToken);
  const shareToken =
    credentials.shareToken === undefined
      ? undefined
      : requireToken('credentials.shareToken', credentials.shareToken);
  if (!accessToken && !shareToken) {
    throw new ConfigurationError('credentials', 'give { accessToken }, { shareToken } or { accessKeyId, accessKeySecret }');
  }
  return {
    authorize: (request) => {
      request.headers.set('content-type', JSON_UTF8);
      if (accessToken) applySchemeHeader(request.headers, securitySchemes.accessToken, accessToken);
      if (shareToken) applySchemeHeader(request.headers, securitySchemes.shareToken, shareToken);
    },
    secrets: [accessToken, shareToken].filter((s): s is string => Boolean(s)),
  };
}

export function createClient(options: AliyunPdsClientOptions): AliyunPdsClient {
  const credentials = credentialsOf(options, 'give { accessToken }, { shareToken } or { accessKeyId, accessKeySecret }');
  let baseUrl = options.baseUrl;
  if (baseUrl === undefined) {
    const domainId = requireString('domainId', options.domainId);
    // The domain id becomes a host label: refuse anything that could change the host.
    if (!/^[a-z0-9][a-z0-9-]{0,62}$/i.test(domainId)) throw new ConfigurationError('domainId', 'is not a valid domain id');
    const server = servers.find((s) => s.url.includes('api-vpc') === Boolean(options.vpc)) ?? servers[0];
    baseUrl = server.url.replace('{domain_id}', domainId);
  }
  const { authorize, secrets } = authorizer(credentials);
  const core = createOperationClient<paths>(
    {
      spec: { info: providerInfo, operations, validators: loadValidators, clientOptions },
      baseUrl,
      authorize,
      errorFields: (body, headers) => ({
        // Key casing (`code` or `Code`) is unverified (PROVIDERS.md): accept both, then the
        // gateway's headers.
        code: field(body, 'code', 'Code') ?? headers.get('x-ca-error-code') ?? undefined,
        message: field(body, 'message', 'Message') ?? headers.get('x-ca-error-message') ?? undefined,
        requestId: headers.get(providerInfo.requestIdHeader) ?? field(body, 'request_id', 'requestId', 'RequestId'),
      }),
      secrets,
    },
    options,
  );
  const bound = { ...bindOperations<CallOptions>(core.invoke), raw: core.raw };
  return {
    ...bound,
    upload: (source, target, uploadOptions) =>
      loadUpload().then((m) => m.uploadAliyunPds(bound, core.uploadContext, source, target, uploadOptions)),
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
  AliyunPdsApiError,
  InputError,
} from '../core/errors.js';
// Thrown at call time when a request cannot be signed (the signer checks every attempt).
export { SigningError } from '../signing/shared/signing-error.js';
export type { ValidationIssue } from '../core/errors.js';
export type { CallOptions } from '../core/transport.js';
export { uploadStateOf } from '../upload/state.js';
export type { AliyunPdsFile, AliyunPdsUploadResult, AliyunPdsUploadTarget } from '../upload/aliyun-pds.js';
export type { components, operations, paths } from '../../generated/aliyun-pds/types.js';
export type { UploadOptions, UploadProgress, UploadSource, UploadState } from '../upload/types.js';
