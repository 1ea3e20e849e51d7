/**
 * The processes of the `emulator` benchmark (issue 11, Throughput): the servers under test (the
 * built emulator, or a bare node:http server answering fixed bytes) and the load generator (N
 * keep-alive connections, each sending the next request when its answer has
 * arrived; raw sockets, see `runLoad`). `npm run bench` runs each in a child process of its own (`run.js --emulator-child`,
 * spoken to over IPC, one request at a time); tests run them in-process, where timings are not judged.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { listenOnLoopback } from './loopback.js';

/** What a server answers, byte for byte (header names lower-case). */
export interface FixedAnswer {
  status: number;
  headers: Record<string, string>;
  /** The body, base64 (IPC carries JSON). */
  bodyBase64: string;
}

/** One request, repeated by every connection of a load run. */
export interface LoadSpec {
  origin: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The answer every request must get (status and body bytes); anything else counts as wrong. */
  expectStatus: number;
  expectBodyBase64: string;
  connections: number;
  /** Requests finishing in the first `warmUpMs` are not counted (connections open, JIT warms). */
  warmUpMs: number;
  ms: number;
}

export interface LoadResult {
  /** Requests answered as expected within the measured window. */
  requests: number;
  /** Requests answered as expected over the whole run, warm-up included (for the server's CPU per request). */
  total: number;
  /** Answers that were not the expected status and bytes (whole run, warm-up included). */
  wrong: number;
  firstWrong?: string;
  /** The measured window, ms. */
  ms: number;
  /** CPU (user + system) of the load generator's process over the measured window, µs. */
  cpuMicros: number;
}

/** A server under test: its origin, its process's CPU so far (µs), and how to stop it. */
export interface Served {
  origin: string;
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}

export interface LoadGenerator {
  run(spec: LoadSpec): Promise<LoadResult>;
  close(): Promise<void>;
}

const cpuNow = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

/** A node:http server answering every request with `answer`, once the request body has arrived. */
export async function serveBare(answer: FixedAnswer): Promise<Served> {
  const body = Buffer.from(answer.bodyBase64, 'base64');
  const headers = { ...answer.headers, 'content-length': String(body.length) };
  const server = createServer((req, res) => {
    req.on('data', () => {});
    req.on('end', () => {
      res.writeHead(answer.status, headers);
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  return listen(server);
}

async function listen(server: ReturnType<typeof createServer>): Promise<Served> {
  const origin = await listenOnLoopback(server);
  return {
    origin,
    cpuMicros: async () => cpuNow(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The emulator module's surface the benchmark uses (dist/'s `drivespec/emulator`, or src/'s in tests). */
export interface EmulatorModule {
  startEmulator(options?: object): Promise<{ url: string; seed: { pdsUpload(input: object): void }; close(): Promise<void> }>;
}

/** What the emulator child needs: the module file, the PDS upload to seed and the CompleteFile request that completes it. */
export interface EmulatorSetup {
  seed: Record<string, unknown>;
  complete: { path: string; headers: Record<string, string>; body: string };
}

/** The emulator, seeded with one PDS upload and completed through its own CompleteFile route. */
export async function serveEmulator(mod: EmulatorModule, setup: EmulatorSetup): Promise<Served> {
  const emulator = await mod.startEmulator({});
  try {
    emulator.seed.pdsUpload(setup.seed);
    const done = await fetch(`${emulator.url}${setup.complete.path}`, {
      method: 'POST',
      headers: setup.complete.headers,
      body: setup.complete.body,
    });
    const text = await done.text();
    if (done.status !== 200) throw new Error(`CompleteFile of the seeded upload answered ${done.status}: ${text.slice(0, 200)}`);
  } catch (error) {
    await emulator.close();
    throw error;
  }
  return { origin: emulator.url, cpuMicros: async () => cpuNow(), close: () => emulator.close() };
}

/** The load generator in this process. */
export function localLoad(): LoadGenerator {
  return { run: runLoad, close: async () => {} };
}

/**
 * N keep-alive connections, each a raw TCP socket sending the next request when the whole answer
 * (status line, headers, `Content-Length` body) has arrived. Raw sockets, as autocannon uses, and
 * not node:http's client: on 2 cores the client's own parsing took ~90 % of a core and capped the
 * bare server's rate, which flattered the ratio.
 */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const url = new URL(spec.origin);
  const body = Buffer.from(spec.body);
  const head = [`${spec.method} ${spec.path} HTTP/1.1`, `host: ${url.host}`, 'connection: keep-alive'];
  for (const [name, value] of Object.entries(spec.headers)) head.push(`${name}: ${value}`);
  head.push(`content-length: ${body.length}`);
  const wire = Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]);
  const expected = Buffer.from(spec.expectBodyBase64, 'base64');
  const start = performance.now();
  const measureFrom = start + spec.warmUpMs;
  const end = measureFrom + spec.ms;
  let requests = 0;
  let total = 0;
  let wrong = 0;
  let firstWrong: string | undefined;
  let cpuStart: number | undefined;

  const connection = () =>
    new Promise<void>((resolve, reject) => {
      const socket = connect({ host: url.hostname, port: Number(url.port) });
      socket.setNoDelay(true);
      let pending: Buffer = Buffer.alloc(0);
      const send = () => {
        const t = performance.now();
        if (t >= end) {
          socket.end();
          resolve();
          return;
        }
        if (cpuStart === undefined && t >= measureFrom) cpuStart = cpuNow();
        socket.write(wire);
      };
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('close', () => reject(new Error('the server closed a keep-alive connection')));
      socket.on('data', (chunk: Buffer) => {
        pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
        const split = pending.indexOf('\r\n\r\n');
        if (split < 0) return;
        const headText = pending.subarray(0, split).toString('latin1');
        const length = /\r\ncontent-length: *(\d+)/i.exec(headText);
        if (!length) {
          reject(new Error(`an answer without Content-Length: ${headText.slice(0, 200)}`));
          socket.destroy();
          return;
        }
        const bodyEnd = split + 4 + Number(length[1]);
        if (pending.length < bodyEnd) return;
        if (pending.length > bodyEnd) {
          reject(new Error('bytes after the answer (the client sends one request at a time)'));
          socket.destroy();
          return;
        }
        const status = Number(headText.slice(9, 12));
        const got = pending.subarray(split + 4, bodyEnd);
        pending = Buffer.alloc(0);
        const t = performance.now();
        if (status !== spec.expectStatus || !got.equals(expected)) {
          wrong++;
          firstWrong ??= `HTTP ${status}: ${got.toString('utf8').slice(0, 200)}`;
        } else {
          total++;
          if (t >= measureFrom && t <= end) requests++;
        }
        send();
      });
    });

  await Promise.all(Array.from({ length: spec.connections }, connection));
  const cpuMicros = cpuStart === undefined ? 0 : cpuNow() - cpuStart;
  return { requests, total, wrong, ...(firstWrong === undefined ? {} : { firstWrong }), ms: spec.ms, cpuMicros };
}

type ChildMessage =
  | { type: 'bare'; id: number; answer: FixedAnswer }
  | { type: 'emulator'; id: number; file: string; setup: EmulatorSetup }
  | { type: 'load'; id: number; spec: LoadSpec }
  | { type: 'cpu'; id: number };
/** A message without its id (distributes over the union, unlike `Omit`). */
type ChildRequest = ChildMessage extends infer M ? (M extends ChildMessage ? Omit<M, 'id'> : never) : never;

/** The child side (`run.js --emulator-child`): a server (bare or emulator) or a load generator. */
export async function emulatorChildMain(): Promise<void> {
  if (!process.send) throw new Error('--emulator-child runs as a child of the emulator benchmark (IPC channel missing)');
  let served: Served | undefined;
  const answer = (id: number, value: unknown) => process.send!({ id, value });
  process.on('message', (m: ChildMessage) => {
    void (async () => {
      try {
        if (m.type === 'bare') {
          served = await serveBare(m.answer);
          answer(m.id, served.origin);
        } else if (m.type === 'emulator') {
          const mod = (await import(m.file)) as EmulatorModule;
          served = await serveEmulator(mod, m.setup);
          answer(m.id, served.origin);
        } else if (m.type === 'load') {
          answer(m.id, await runLoad(m.spec));
        } else if (m.type === 'cpu') {
          answer(m.id, cpuNow());
        }
      } catch (error) {
        answer(m.id, { error: error instanceof Error ? error.message : String(error) });
      }
    })();
  });
  process.on('disconnect', () => process.exit(0));
}

interface Child {
  ask(message: ChildRequest): Promise<unknown>;
  close(): Promise<void>;
}

function forkChild(script: string): Child {
  const child: ChildProcess = fork(script, ['--emulator-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let next = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { id: number; value: unknown }) => {
    const p = pending.get(m.id);
    pending.delete(m.id);
    const v = m.value as { error?: unknown } | null;
    if (v !== null && typeof v === 'object' && typeof v.error === 'string') p?.reject(new Error(v.error));
    else p?.resolve(m.value);
  });
  child.once('exit', (code) => {
    for (const p of pending.values()) p.reject(new Error(`an emulator benchmark child exited (${code})`));
    pending.clear();
  });
  return {
    ask: (message) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        child.send({ ...message, id });
      }),
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.disconnect();
      await exited;
    },
  };
}

async function servedBy(child: Child, message: ChildRequest): Promise<Served> {
  try {
    const origin = (await child.ask(message)) as string;
    return { origin, cpuMicros: async () => (await child.ask({ type: 'cpu' })) as number, close: () => child.close() };
  } catch (error) {
    await child.close();
    throw error;
  }
}

/** The bare server in a child process. */
export const forkBare = (script: string, answer: FixedAnswer) => servedBy(forkChild(script), { type: 'bare', answer });

/** The built emulator (module URL `file`) in a child process. */
export const forkEmulator = (script: string, file: string, setup: EmulatorSetup) =>
  servedBy(forkChild(script), { type: 'emulator', file, setup });

/** The load generator in a child process. */
export function forkLoad(script: string): LoadGenerator {
  const child = forkChild(script);
  return { run: async (spec) => (await child.ask({ type: 'load', spec })) as LoadResult, close: () => child.close() };
}
