/**
 * A page that makes the requests it is given with the browser's own fetch, for
 * test/browser/cors.slow.test.ts: what a page may read of each answer (status, body, the exposed
 * headers) or the error the browser raises when CORS refuses it.
 */
interface Call {
  url: string;
  method: string;
  headers?: Record<string, string>;
  body?: string;
  /** Response headers to try to read. */
  read?: string[];
}

async function call({ url, method, headers, body, read = [] }: Call) {
  try {
    const r = await fetch(url, { method, ...(headers ? { headers } : {}), ...(body !== undefined ? { body } : {}) });
    const seen: Record<string, string | null> = {};
    for (const name of read) seen[name] = r.headers.get(name);
    return { status: r.status, headers: seen, body: await r.text() };
  } catch (error) {
    return { error: { name: (error as Error).name, message: (error as Error).message } };
  }
}

async function run(calls: Call[]) {
  const out = [];
  for (const c of calls) out.push(await call(c));
  return out;
}

(globalThis as { drivespecPage?: unknown }).drivespecPage = { run };
