/**
 * One error root for everything drivespec throws, after openai-node's `src/core/error.ts`:
 * callers can `catch (e) { if (e instanceof DrivespecError) ... }` and narrow from there.
 * No message built here ever contains a secret: URLs and headers pass through `redact.ts` first.
 */
import type { ProviderId } from './provider.js';

export class DrivespecError extends Error {
  override name = 'DrivespecError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** Bad options at `createClient` (or any other constructor): names the offending option. */
export class ConfigurationError extends DrivespecError {
  override name = 'ConfigurationError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** One failing JSON path, as reported by a generated validator. */
export interface ValidationIssue {
  /** JSON pointer into the validated value, `''` for the root. */
  path: string;
  message: string;
  keyword: string;
}

/** The request did not match the spec; raised before anything is sent. */
export class RequestValidationError extends DrivespecError {
  override name = 'RequestValidationError';
  constructor(
    readonly operationId: string,
    readonly part: 'parameters' | 'body',
    readonly issues: ValidationIssue[],
  ) {
    super(`${operationId}: invalid request ${part}: ${formatIssues(issues)}`);
  }
}

/** The response did not match the spec. */
export class ResponseValidationError extends DrivespecError {
  override name = 'ResponseValidationError';
  constructor(
    readonly operationId: string,
    readonly status: number,
    readonly issues: ValidationIssue[],
    readonly requestId: string | undefined,
  ) {
    super(`${operationId}: response ${status} does not match the spec: ${formatIssues(issues)}`);
  }
}

export function formatIssues(issues: ValidationIssue[]): string {
  return issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ');
}

/** An HTTP error answer from a provider, with its own code and message. */
export class ApiError extends DrivespecError {
  override name = 'ApiError';
  readonly provider: ProviderId;
  readonly operationId: string;
  readonly status: number;
  readonly code: string | undefined;
  readonly requestId: string | undefined;
  /** The provider's error body as parsed (already validated where a schema exists). */
  readonly body: unknown;
  constructor(init: {
    provider: ProviderId;
    operationId: string;
    status: number;
    code?: string | undefined;
    message?: string | undefined;
    requestId?: string | undefined;
    body?: unknown;
    attempts?: number | undefined;
  }) {
    const detail = [init.code, init.message].filter(Boolean).join(': ');
    const attempts = init.attempts ?? 1;
    super(
      `${init.operationId}: HTTP ${init.status}${detail ? ` ${detail}` : ''}${
        init.requestId ? ` (request id ${init.requestId})` : ''
      }${
        // A completion retried after a lost answer can meet its own earlier success
        // ("already completed"): say that the call was retried.
        attempts > 1 ? ` after ${attempts} attempts; an earlier attempt may have reached the service` : ''
      }`,
    );
    this.attempts = attempts;
    this.provider = init.provider;
    this.operationId = init.operationId;
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.providerMessage = init.message;
  }
  /** The provider's own message, unprefixed. */
  readonly providerMessage: string | undefined;
  /** How many attempts were sent (more than 1 when retries happened). */
  readonly attempts: number;
}

export class AliyunPdsApiError extends ApiError {
  override name = 'AliyunPdsApiError';
}
export class HuaweiMetaStudioApiError extends ApiError {
  override name = 'HuaweiMetaStudioApiError';
}
export class TencentSmhApiError extends ApiError {
  override name = 'TencentSmhApiError';
}
export class HuaweiKooDriveApiError extends ApiError {
  override name = 'HuaweiKooDriveApiError';
}

export const apiErrorClasses = {
  'aliyun-pds': AliyunPdsApiError,
  'huawei-metastudio': HuaweiMetaStudioApiError,
  'tencent-smh': TencentSmhApiError,
  'huawei-koodrive': HuaweiKooDriveApiError,
} as const satisfies Record<ProviderId, typeof ApiError>;

export interface TransportErrorOptions {
  /** The operation the failed call was for. */
  operationId: string;
  /** How many attempts were sent (more than 1 when retries happened). Default 1. */
  attempts?: number | undefined;
  /** The underlying failure (already scrubbed of secrets by the transport). */
  cause?: unknown;
}

/** Network failures, unreadable or non-JSON answers (an HTML 502 page is one of these). */
export class TransportError extends DrivespecError {
  override name = 'TransportError';
  readonly operationId: string;
  /** How many attempts were sent (more than 1 when retries happened), as on `ApiError`. */
  readonly attempts: number;
  constructor(
    message: string,
    readonly status: number | undefined,
    options: TransportErrorOptions,
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.operationId = options.operationId;
    this.attempts = options.attempts ?? 1;
  }
}

/**
 * A call ran out of time: an attempt ran longer than `timeout` (the request was aborted), or the
 * whole call, attempts and the waits between them together, reached `totalTimeout`.
 */
export class TimeoutError extends TransportError {
  override name = 'TimeoutError';
  constructor(
    operationId: string,
    /** The limit that ran out, in milliseconds. */
    readonly timeoutMs: number,
    options: {
      /** Which option ran out: the per-attempt `timeout` (default) or the call's `totalTimeout`. */
      limit?: 'timeout' | 'totalTimeout';
      attempts?: number;
      cause?: unknown;
    } = {},
  ) {
    const attempts = options.attempts ?? 1;
    const limit = options.limit ?? 'timeout';
    super(
      limit === 'timeout'
        ? `${operationId}: timed out after ${timeoutMs} ms${attempts > 1 ? ` (attempt ${attempts})` : ''}`
        : `${operationId}: totalTimeout of ${timeoutMs} ms reached after ${attempts} attempt${attempts > 1 ? 's' : ''} (attempts and retry waits together)`,
      undefined,
      { operationId, attempts, cause: options.cause },
    );
    this.limit = limit;
  }
  readonly limit: 'timeout' | 'totalTimeout';
}

/** The caller's own AbortSignal fired. */
export class AbortError extends TransportError {
  override name = 'AbortError';
  constructor(operationId: string, options?: { cause?: unknown; attempts?: number }) {
    super(`${operationId}: aborted by the caller`, undefined, { operationId, ...options });
  }
}

/** Local input (a file, a stream) could not be read. */
export class InputError extends DrivespecError {
  override name = 'InputError';
}
