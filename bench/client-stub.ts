/**
 * The loopback server of the `client` benchmark: node:http on 127.0.0.1 answering each route with
 * one fixed body (a documented success example), and remembering the headers of the last request
 * per route so the baseline can send exactly what drivespec sent.
 *
 * `npm run bench` runs it in a child process (`node build/bench/run.js --client-stub`, spoken to
 * over IPC), so its CPU is not counted in the client process's `process.cpuUsage()`. Tests run it
 * in-process (`serveStub`), where timings are not judged.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { listenOnLoopback } from './loopback.js';

/** What the stub answers to `METHOD path` (the path without the query). */
export interface StubRoute {
  method: string;
  path: string;
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Stub {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** The headers of the last request to `METHOD path`, as the server received them (lower-case names). */
  lastHeaders(method: string, path: string): Promise<Record<string, string>>;
  /** How many requests each `METHOD path` received (an unknown route answers 404 and counts as `other`). */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

type Message =
  | { type: 'routes'; routes: readonly StubRoute[] }
  | { type: 'headers'; id: number; key: string }
  | { type: 'counts'; id: number };

const key = (method: string, path: string) => `${method.toUpperCase()} ${path}`;

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The stub in this process. */
export async function serveStub(routes: readonly StubRoute[]): Promise<Stub> {
  const table = new Map(routes.map((r) => [key(r.method, r.path), { ...r, bytes: Buffer.from(r.body) }]));
  const seen = new Map<string, Record<string, string>>();
  const counts: Record<string, number> = {};
  const server = createServer((req, res) => {
    const k = key(req.method ?? '', (req.url ?? '').split('?', 1)[0]!);
    const route = table.get(k);
    const name = route ? k : 'other';
    counts[name] = (counts[name] ?? 0) + 1;
    // Read the request body to its end before answering, so the connection stays reusable.
    req.on('data', () => {});
    req.on('end', () => {
      if (!route) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('no such route');
        return;
      }
      seen.set(k, flatten(req.headers));
      res.writeHead(route.status, { ...route.headers, 'content-length': String(route.bytes.length) }).end(route.bytes);
    });
  });
  server.keepAliveTimeout = 60_000;
  const origin = await listenOnLoopback(server);
  return {
    origin,
    lastHeaders: async (method, path) => {
      const headers = seen.get(key(method, path));
      if (!headers) throw new Error(`the stub has seen no request to ${key(method, path)}`);
      return headers;
    },
    counts: async () => ({ ...counts }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The child side (`run.js --client-stub`): serves the routes the parent sends, answers its questions. */
export async function stubChildMain(): Promise<void> {
  if (!process.send) throw new Error('--client-stub runs as a child of the client benchmark (IPC channel missing)');
  let stub: Stub | undefined;
  process.on('message', (message: Message) => {
    void (async () => {
      if (message.type === 'routes') {
        stub = await serveStub(message.routes);
        process.send!({ type: 'ready', origin: stub.origin });
      } else if (message.type === 'headers') {
        const [method, ...path] = message.key.split(' ');
        const headers = await stub!.lastHeaders(method!, path.join(' ')).catch((e: Error) => ({ error: e.message }));
        process.send!({ type: 'answer', id: message.id, value: headers });
      } else if (message.type === 'counts') {
        process.send!({ type: 'answer', id: message.id, value: await stub!.counts() });
      }
    })();
  });
  // The parent going away (closed IPC channel) ends the stub.
  process.on('disconnect', () => process.exit(0));
}

/** The stub in a child process running `script --client-stub` (the bench bundle itself). */
export async function forkStub(script: string, routes: readonly StubRoute[]): Promise<Stub> {
  const child: ChildProcess = fork(script, ['--client-stub'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const pending = new Map<number, (value: unknown) => void>();
  const ready = new Promise<string>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the stub process exited (${code}) before it listened`)));
    child.on('message', (m: { type: string; origin?: string; id?: number; value?: unknown }) => {
      if (m.type === 'ready') resolve(m.origin!);
      else if (m.type === 'answer') pending.get(m.id!)?.(m.value), pending.delete(m.id!);
    });
  });
  child.send({ type: 'routes', routes } satisfies Message);
  const origin = await ready;
  const ask = (message: Message & { id: number }) =>
    new Promise<unknown>((resolve) => {
      pending.set(message.id, resolve);
      child.send(message);
    });
  return {
    origin,
    lastHeaders: async (method, path) => {
      const value = (await ask({ type: 'headers', id: next++, key: key(method, path) })) as Record<string, string> & { error?: string };
      if (typeof value.error === 'string') throw new Error(value.error);
      return value;
    },
    counts: async () => (await ask({ type: 'counts', id: next++ })) as Record<string, number>,
    close: async () => {
      child.removeAllListeners('exit');
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}
