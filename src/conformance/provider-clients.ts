/**
 * The typed clients, built the same way for every provider so the harness can call any operation
 * of any provider with a documented request, and know which values it gave for each credential
 * placeholder of the docs' wire.
 */
import type { Client } from 'openapi-fetch';
import { createClient as createPds } from '../clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../clients/huawei-metastudio.js';
import { createClient as createSmh } from '../clients/tencent-smh.js';
import { compactUtcDate } from '../core/dates.js';
import { ConfigurationError } from '../core/errors.js';
import { schemeQuery } from '../core/security.js';
import type { CommonClientOptions } from '../core/client-options.js';
import type { ProviderId } from '../core/provider.js';
import { providerSpecs } from './provider-specs.js';
import type { ConformanceCredentials, PairRequest } from './types.js';

/** Which credentials to send: the given ones, or deliberately wrong ones (`unauthorized` pairs). */
export type CredentialVariant = 'valid' | 'wrong-token' | 'wrong-signature';

/** Not a secret: a value no service accepts, used to provoke 401/403 answers. */
export const WRONG_CREDENTIAL = 'drivespec-conformance-wrong-credential';

export interface HarnessClientOptions<P extends ProviderId = ProviderId> {
  provider: P;
  credentials: ConformanceCredentials[P];
  baseUrl: string;
  fetch: typeof globalThis.fetch;
  now: () => Date;
  nonce?: () => string;
  variant?: CredentialVariant;
  /** KooDrive only: the docs write `Bearer+{access_token}`. */
  bearerSeparator?: ' ' | '+';
  timeout?: number;
  /** Default `'throw'`: every answer is validated. */
  responseValidation?: 'throw' | 'off';
}

export interface HarnessClient {
  /** Calls the operation's typed method (`CompleteFile` → `completeFile`) with a documented request. */
  call(operationId: string, request: PairRequest): Promise<unknown>;
  /** openapi-fetch's path-based client: sends what the typed client would refuse. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any provider's paths
  raw: Client<any>;
  /** Security scheme name → the value that scheme puts on the wire (the docs' `{placeholders}`). */
  placeholders: Record<string, string>;
  /** Credentials that travel in the query string, by parameter name (SMH `access_token`). */
  credentialQuery: Record<string, string>;
}

/** Every secret value in a set of credentials (identifiers such as project ids are not secrets). */
export function secretsOf(credentials: Partial<ConformanceCredentials>): string[] {
  const out: string[] = [];
  const pds = credentials['aliyun-pds'];
  if (pds) out.push(...[pds.accessToken, pds.shareToken, pds.accessKeyId, pds.accessKeySecret].filter(isString));
  const ms = credentials['huawei-metastudio'];
  if (ms) out.push(...[ms.token, ms.ak, ms.sk].filter(isString));
  const smh = credentials['tencent-smh'];
  if (smh) out.push(smh.accessToken);
  const kd = credentials['huawei-koodrive'];
  if (kd) out.push(kd.accessToken);
  return out.filter((s) => s !== '');
}

/**
 * Secret values by a readable label, so a report can show `{accessToken}` where a token was.
 * Includes the scheme placeholders of `client` when given.
 */
export function credentialLabels(
  provider: ProviderId,
  credentials: Partial<ConformanceCredentials>,
  placeholders: Record<string, string> = {},
): Record<string, string> {
  const c = (credentials[provider] ?? {}) as Record<string, unknown>;
  const secretFields = ['accessToken', 'shareToken', 'accessKeyId', 'accessKeySecret', 'token', 'ak', 'sk'];
  const labels: Record<string, string> = {};
  for (const name of secretFields) if (typeof c[name] === 'string' && c[name] !== '') labels[name] = c[name] as string;
  // A scheme value that merely wraps a credential (KooDrive's `Bearer+<token>`) is labelled too.
  for (const [name, value] of Object.entries(placeholders)) {
    if (Object.values(labels).some((secret) => value.includes(secret))) labels[name] = value;
  }
  return labels;
}

export function createHarnessClient<P extends ProviderId>(options: HarnessClientOptions<P>): HarnessClient {
  const common: CommonClientOptions = {
    baseUrl: options.baseUrl,
    fetch: options.fetch,
    now: options.now,
    // One attempt per check: a documented 500 must reach the harness, not be retried away.
    maxRetries: 0,
    responseValidation: options.responseValidation ?? 'throw',
    ...(options.nonce ? { nonce: options.nonce } : {}),
    ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
  };
  const variant = options.variant ?? 'valid';
  const wrongToken = (value: string | undefined) => (variant === 'wrong-token' ? WRONG_CREDENTIAL : value);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- dispatch by name below
  let client: { raw: Client<any> } & Record<string, unknown>;
  const placeholders: Record<string, string> = {};
  const credentialQuery: Record<string, string> = {};

  switch (options.provider) {
    case 'aliyun-pds': {
      const c = options.credentials as ConformanceCredentials['aliyun-pds'];
      let credentials;
      if (c.accessToken || variant === 'wrong-token') {
        credentials = { accessToken: wrongToken(c.accessToken) ?? WRONG_CREDENTIAL };
        placeholders.accessToken = credentials.accessToken;
      } else if (c.accessKeyId && c.accessKeySecret) {
        credentials = {
          accessKeyId: c.accessKeyId,
          accessKeySecret: variant === 'wrong-signature' ? WRONG_CREDENTIAL : c.accessKeySecret,
        };
      } else if (c.shareToken) {
        credentials = { shareToken: c.shareToken };
        placeholders.shareToken = c.shareToken;
      } else {
        credentials = { accessToken: WRONG_CREDENTIAL };
      }
      client = createPds({ ...common, credentials, ...(c.domainId ? { domainId: c.domainId } : {}) }) as never;
      break;
    }
    case 'huawei-metastudio': {
      const c = options.credentials as ConformanceCredentials['huawei-metastudio'];
      // A wrong-token variant always sends a wrong token, never a signature made with the valid secret.
      const useSignature = variant === 'wrong-signature' || (variant === 'valid' && !c.token && c.ak !== undefined && c.sk !== undefined);
      let credentials: { token: string } | { ak: string; sk: string };
      if (useSignature) {
        const sk = variant === 'wrong-signature' ? WRONG_CREDENTIAL : (c.sk ?? WRONG_CREDENTIAL);
        credentials = { ak: c.ak ?? 'DRIVESPECCONFORMANCEAK', sk };
      } else {
        const token = wrongToken(c.token) ?? WRONG_CREDENTIAL;
        credentials = { token };
        placeholders.token = token;
      }
      client = createMetaStudio({ ...common, projectId: c.projectId, credentials }) as never;
      break;
    }
    case 'tencent-smh': {
      const c = options.credentials as ConformanceCredentials['tencent-smh'];
      const accessToken = wrongToken(c.accessToken) ?? WRONG_CREDENTIAL;
      placeholders.accessToken = accessToken;
      Object.assign(credentialQuery, schemeQuery(providerSpecs['tencent-smh'].securitySchemes.accessToken!, accessToken));
      client = createSmh({ ...common, libraryId: c.libraryId, credentials: { accessToken } }) as never;
      break;
    }
    case 'huawei-koodrive': {
      const c = options.credentials as ConformanceCredentials['huawei-koodrive'];
      const separator = options.bearerSeparator ?? ' ';
      const accessToken = wrongToken(c.accessToken) ?? WRONG_CREDENTIAL;
      placeholders.bearer = `Bearer${separator}${accessToken}`;
      placeholders.userId = c.userId;
      // Meaningful for the wire check only, whose clock is fixed for the whole run.
      placeholders.date = compactUtcDate(options.now());
      client = createKooDrive({
        ...common,
        baseUrl: options.baseUrl,
        bearerSeparator: separator,
        credentials: { accessToken, userId: c.userId },
      }) as never;
      break;
    }
    default: {
      // Exhaustive: a provider added to specs/ (so to ProviderId) without a case here fails the type-check.
      const unknown: never = options.provider;
      throw new ConfigurationError('provider', `unknown provider ${String(unknown)}`);
    }
  }

  return {
    call: async (operationId, request) => {
      // The generated name (generated/<provider>/client.ts `methodNames`, a Record<OperationId, …>).
      const name = providerSpecs[options.provider].methodNames[operationId];
      const method = name === undefined ? undefined : client[name];
      if (typeof method !== 'function') {
        throw new ConfigurationError('operationId', `the ${options.provider} client has no method for ${operationId}`);
      }
      const init = {
        params: { path: { ...request.path }, query: { ...request.query }, header: { ...request.header } },
        ...(request.body !== undefined ? { body: request.body } : {}),
      };
      return (method as (init: unknown) => Promise<unknown>).call(client, init);
    },
    raw: client.raw,
    placeholders,
    credentialQuery,
  };
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}
