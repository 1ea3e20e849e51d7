/**
 * What a provider module tells the core about itself: what its spec cannot say (how to authorize,
 * where its error body keeps the code and message) next to the generated tables.
 */
import type { ProviderId } from './provider.js';
import type { OperationTable } from './operation-table.js';
import type { ParameterDefaults, Validators } from './request-input.js';
import type { Authorize } from './transport.js';

export interface ErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

/** What a provider module tells the core about itself. */
export interface ProviderBinding {
  provider: ProviderId;
  operations: Readonly<Record<string, OperationTable>>;
  validators: Validators;
  baseUrl: string;
  authorize: Authorize;
  /** Credentials that travel in the query string (SMH `access_token`). */
  credentialQuery?: Record<string, string>;
  /** Values filled in when the caller leaves them out. */
  defaults?: ParameterDefaults;
  /** The provider's error code, message and request id, from its error body and headers. */
  errorFields: (body: unknown, headers: Headers) => ErrorFields;
  /** The request id of a successful answer. */
  requestIdHeader: string;
  /** A 2xx body that reports a failure (KooDrive's non-zero `code`). */
  successFailure?: (body: unknown) => ErrorFields | undefined;
  /** Secrets to scrub from any message that embeds upstream text. */
  secrets: readonly string[];
}

