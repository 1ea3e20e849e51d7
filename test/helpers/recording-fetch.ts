/**
 * An injected fetch that records what a client sends and answers from a script (openapi-fetch's
 * own tests inject fetch the same way rather than mocking globals).
 */

export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export type Reply =
  | { status: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | Error
  | ((request: RecordedRequest, signal: AbortSignal | undefined) => Promise<Response> | Response);

export interface RecordingFetch {
  fetch: typeof globalThis.fetch;
  requests: RecordedRequest[];
}

export function recordingFetch(...replies: Reply[]): RecordingFetch {
  const requests: RecordedRequest[] = [];
  let i = 0;
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: Object.fromEntries(request.headers.entries()),
      body: request.body ? await request.text() : '',
    };
    requests.push(recorded);
    const reply = replies[Math.min(i++, replies.length - 1)] ?? { status: 200, body: {} };
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(recorded, init?.signal ?? undefined);
    const text = reply.text ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
    const nullBody = [204, 205, 304].includes(reply.status);
    return new Response(nullBody ? null : text, {
      status: reply.status,
      headers: { ...(reply.body !== undefined ? { 'content-type': 'application/json' } : {}), ...reply.headers },
    });
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

/** A fixed clock: 2026-01-01T00:00:00Z unless told otherwise. */
export function fixedClock(iso = '2026-01-01T00:00:00Z'): () => Date {
  return () => new Date(iso);
}

/** No waiting in tests; records the delays asked for. */
export function recordingSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}
