import type { ProviderEmulator } from './providers/provider.js';

/** What a handler returns: a status, extra headers and a JSON body (`undefined` = empty body). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /**
   * `JSON.stringify(body)`, when the handler has it already (answer-memo.ts); the server sends it
   * instead of serializing `body` again.
   */
  text?: string;
  /** Close the connection after answering (the body may be left unread: the socket lingers, `lingerClose`). */
  close?: boolean;
}

/**
 * The emulator's own JSON error shape, for answers that belong to no provider (unknown routes,
 * the seed endpoint, unparseable request targets): `{ code, message }`.
 */
export function neutralError(status: number, code: string, message: string): Answer {
  return { status, body: { code, message } };
}

/**
 * The answer when the emulator's capacity is used up (`maxConnections`, `maxBodyBytesInFlight`),
 * in the shape of the provider the path belongs to, then the connection is closed. 503 with
 * `Retry-After: 1` for every provider: the limit is the server's, shared by all clients, which is
 * what 503 means (RFC 9110 §15.6.4: temporary overload); 429 (RFC 6585 §4) and the Huawei API
 * Gateway's throttling code (APIGW.0308, 429) say that this one client was too fast, which it
 * may not have been. Per provider, each one's own busy answer (the one `fault` injects):
 * - aliyun-pds: 503 `ServiceUnavailable`, a documented PDS code (PROVIDERS.md);
 * - huawei-metastudio: 503 `MSS.00000004`, the service's internal-error code, as its 500;
 * - tencent-smh: 503 `ServerOverloaded` "The server is busy", from the SMH error-code table;
 * - huawei-koodrive: 503 `{ code: 503, msg }`, no KooDrive code being documented.
 * Paths of no provider (unknown routes, the emulator's own) get the neutral shape.
 */
export function serviceBusy(provider: Pick<ProviderEmulator, 'errors'> | undefined, requestId: string): Answer {
  const answer = provider
    ? provider.errors.internal(503, requestId)
    : neutralError(503, 'ServiceBusy', 'The emulator is at its connection or request-body memory limit; retry later.');
  return { ...answer, headers: { ...answer.headers, 'retry-after': '1' }, close: true };
}
