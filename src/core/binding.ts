/**
 * What a provider module tells the core about itself: what its spec cannot say (how to authorize,
 * where its error body keeps the code and message) next to the generated tables.
 */
import type { ProviderId } from './provider.js';
import type { ClientOptionInfo, OperationTable, ProviderInfo } from './operation-table.js';
import type { Validators } from './request-input.js';
import type { Authorize } from './transport.js';

export interface ErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

/** What the generator wrote for one provider (generated/<provider>/operations.ts, client.ts, validators.js). */
export interface GeneratedProvider {
  /** The registry row: id, request-id header, error-body validators. */
  info: ProviderInfo & { readonly id: ProviderId };
  operations: Readonly<Record<string, OperationTable>>;
  /**
   * The generated validators, or how to load them: the clients pass a cached `import()`
   * (lazy-module.ts), run before the first call's request check, so importing a provider entry
   * does not parse its validators module (issue 13, cold start).
   */
  validators: Validators | (() => Promise<Validators>);
  /** Parameters filled from client options (`x-drivespec-client-option`). */
  clientOptions: Readonly<Record<string, ClientOptionInfo>>;
}

/** What a provider module tells the core about itself: its generated tables and what the spec cannot say. */
export interface ProviderBinding {
  spec: GeneratedProvider;
  baseUrl: string;
  authorize: Authorize;
  /** Credentials that travel in the query string (SMH `access_token`). */
  credentialQuery?: Record<string, string>;
  /** The provider's error code, message and request id, from its error body and headers. */
  errorFields: (body: unknown, headers: Headers) => ErrorFields;
  /** A 2xx body that reports a failure (KooDrive's non-zero `code`). */
  successFailure?: (body: unknown) => ErrorFields | undefined;
  /** Secrets to scrub from any message that embeds upstream text. */
  secrets: readonly string[];
}

/** A binding whose validators are loaded: what the request and answer checks run with. */
export type LoadedBinding = ProviderBinding & { spec: GeneratedProvider & { validators: Validators } };
