/**
 * Records real exchanges as HAR 1.2 entries (the shape Chrome's "Save all as HAR with content"
 * writes): an injected fetch that passes every call on and keeps the request and the whole answer.
 * Bodies that are not UTF-8 go in base64 (`encoding: "base64"`), as browsers write them.
 */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export interface HarEntry {
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: { name: string; value: string }[];
    queryString: { name: string; value: string }[];
    postData?: { mimeType: string; text: string; encoding?: string };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    headers: { name: string; value: string }[];
    content: { size: number; mimeType: string; text?: string; encoding?: string };
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
}

export interface HarDocument {
  log: { version: '1.2'; creator: { name: string; version: string }; entries: HarEntry[] };
}

function asText(bytes: Uint8Array): { text: string; encoding?: string } {
  try {
    return { text: strictUtf8.decode(bytes) };
  } catch {
    return { text: Buffer.from(bytes).toString('base64'), encoding: 'base64' };
  }
}

export function createHarRecorder(fetch: typeof globalThis.fetch = globalThis.fetch) {
  const entries: HarEntry[] = [];
  const recording = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const sent = request.body ? new Uint8Array(await request.clone().arrayBuffer()) : undefined;
    const response = await fetch(request);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const url = new URL(request.url);
    const body = bytes.length ? asText(bytes) : undefined;
    entries.push({
      startedDateTime: '2026-12-01T10:00:00.000Z',
      time: 1,
      request: {
        method: request.method,
        url: request.url,
        httpVersion: 'HTTP/1.1',
        headers: [...request.headers].map(([name, value]) => ({ name, value })),
        queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
        ...(sent ? { postData: { mimeType: request.headers.get('content-type') ?? '', ...asText(sent) } } : {}),
        headersSize: -1,
        bodySize: sent?.length ?? 0,
      },
      response: {
        status: response.status,
        statusText: response.statusText,
        httpVersion: 'HTTP/1.1',
        headers: [...response.headers].map(([name, value]) => ({ name, value })),
        content: { size: bytes.length, mimeType: response.headers.get('content-type') ?? '', ...(body ?? {}) },
        redirectURL: '',
        headersSize: -1,
        bodySize: bytes.length,
      },
      cache: {},
      timings: { send: 0, wait: 1, receive: 0 },
    });
    const { status, statusText, headers } = response;
    return new Response(bytes.length && status !== 204 && status !== 304 ? bytes : null, { status, statusText, headers });
  }) as typeof globalThis.fetch;
  const har = (): HarDocument => ({ log: { version: '1.2', creator: { name: 'drivespec test recorder', version: '1' }, entries: structuredClone(entries) } });
  return { fetch: recording, har, entries };
}

/**
 * A recording of real traffic: the built-in upload flows of every provider (the typed clients and
 * `upload()`, against the in-process emulator), the way a user's HAR export of a session looks:
 * API calls and storage PUTs to upload URLs.
 */
export async function recordEmulatorSession(
  flowNames: readonly string[] = ['upload'],
): Promise<{ har: HarDocument; credentials: import('../../../../src/conformance/index.js').RunningEmulator['credentials'] }> {
  const { runConformance } = await import('../../../../src/conformance/index.js');
  const { uploadFlows } = await import('../../../../src/conformance/flows/index.js');
  const { startTestEmulator } = await import('../../support/emulator.js');
  const { providerIds } = await import('../../../../src/core/provider.js');
  const emulator = await startTestEmulator();
  try {
    const recorder = createHarRecorder();
    const none = Object.fromEntries(providerIds.map((p) => [p, []]));
    const flows = Object.fromEntries(providerIds.map((p) => [p, uploadFlows[p].filter((f) => flowNames.includes(f.name))]));
    const report = await runConformance({ emulator, fetch: recorder.fetch, pairs: none, flows });
    if (!report.ok || report.summary.flows.passed === 0) throw new Error('the recorded upload flows did not pass');
    return { har: recorder.har(), credentials: emulator.credentials };
  } finally {
    await emulator.close();
  }
}
