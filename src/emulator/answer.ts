/** What a handler returns: a status, extra headers and a JSON body (`undefined` = empty body). */
export interface Answer {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Close the connection after answering (an oversized body was left unread). */
  close?: boolean;
}

/**
 * The emulator's own JSON error shape, for answers that belong to no provider (unknown routes,
 * the seed endpoint, unparseable request targets): `{ code, message }`.
 */
export function neutralError(status: number, code: string, message: string): Answer {
  return { status, body: { code, message } };
}
