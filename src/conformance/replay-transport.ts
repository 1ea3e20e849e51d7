/**
 * The replay transport: an injected `fetch` that records the request a client sends and answers
 * with a documented response, so the client side (and the wire) can be checked without a server.
 * Injected, never a global mock (openapi-fetch's tests do the same).
 */

/** A request as the client put it on the wire. Header names are lowercase. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The body as text, `''` when there is none. */
  body: string;
}

export interface ReplayResponse {
  status: number;
  /** A JSON value; `undefined` for a documented empty body. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ReplayTransport {
  fetch: typeof globalThis.fetch;
  requests: RecordedRequest[];
}

/** Statuses whose response may not carry a body (the Fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

export function createReplayTransport(response: ReplayResponse): ReplayTransport {
  const requests: RecordedRequest[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    requests.push({
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: request.body ? await request.text() : '',
    });
    const hasBody = response.body !== undefined && !NULL_BODY_STATUSES.has(response.status);
    return new Response(hasBody ? JSON.stringify(response.body) : null, {
      status: response.status,
      headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...response.headers },
    });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}
