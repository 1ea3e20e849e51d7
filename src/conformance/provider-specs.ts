/**
 * Everything the harness reads from generated/: each provider's operation table, security
 * schemes, validators, conformance pairs and errata, from the generated registry
 * (generated/provider-tables.ts), one record per provider.
 */
import { providerTables } from '../../generated/provider-tables.js';
import type { ResponseHeaderInfo } from '../../generated/operation-table.js';
import type { OperationTable, SecuritySchemeInfo } from '../core/operation-table.js';
import { byProvider, type ProviderId } from '../core/provider.js';
import type { GeneratedValidator } from '../core/validation.js';
import type { ConformancePair, Erratum } from './types.js';

export type SecurityScheme = SecuritySchemeInfo;

export interface ProviderSpec {
  readonly provider: ProviderId;
  readonly operations: Readonly<Record<string, OperationTable>>;
  /** Operation id → status → the documented response headers (as the spec spells their names). */
  readonly responseHeaders: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, ResponseHeaderInfo>>>>>>;
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  readonly validators: Readonly<Record<string, GeneratedValidator>>;
  /** Operation id → the typed client's method name. */
  readonly methodNames: Readonly<Record<string, string>>;
  readonly pairs: readonly ConformancePair[];
  readonly errata: readonly Erratum[];
}

function specOf(provider: ProviderId): ProviderSpec {
  const t = providerTables[provider];
  return {
    provider,
    operations: t.operations,
    responseHeaders: t.responseHeaders,
    securitySchemes: t.securitySchemes,
    validators: t.validators,
    methodNames: t.methodNames,
    pairs: t.examples,
    errata: t.errata,
  };
}

export const providerSpecs: Readonly<Record<ProviderId, ProviderSpec>> = byProvider(specOf);
