/**
 * The emulator's resource limits, for every provider route: the connection limit and the
 * request-body budget are answered with the provider's 503 "service busy" body (options set small
 * here), header and request timeouts with a neutral 408, HTTP/1.1 without Host with the neutral
 * 400, and an oversized body is answered with the provider's 413 which the client can read (no
 * connection reset) while it is still sending. The memory bound itself is measured in
 * limits.slow.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../src/core/errors.js';
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/emulator/server.js';
import { startEmulatorProcess, type EmulatorProcess } from './support/emulator-process.js';
import { rawRequest, startHarness, type Harness } from './support/fixture.js';
import { busyBody, parseReply, providerRoutes, rawConnection, requestHead, tooLargeBody, type RawExchange } from './support/limits.js';

const routes = providerRoutes();
const json = { 'content-type': 'application/json' };

/** Polls `check` (at most `tries` times, 20 ms apart) until it returns true (a rejection counts as false). */
async function eventually(check: () => Promise<boolean>, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not reached');
}

describe('an oversized body: the client reads the 413, never a connection reset', () => {
  let child: EmulatorProcess;
  // A separate process, as `drivespec emulate` runs: a shared event loop hides the resets.
  beforeAll(async () => {
    child = await startEmulatorProcess();
  });
  afterAll(() => child.close());

  const big = new Uint8Array(8 * 1024 * 1024);
  const send = async (path: string, streamed: boolean): Promise<{ status: number; body: unknown } | string> => {
    try {
      const body = streamed
        ? new ReadableStream<Uint8Array>({
            start(controller) {
              for (let i = 0; i < 8; i++) controller.enqueue(big.subarray(i * 1024 * 1024, (i + 1) * 1024 * 1024));
              controller.close();
            },
          })
        : big;
      const r = await fetch(`${child.url}${path}`, { method: 'POST', headers: json, body, ...(streamed ? { duplex: 'half' } : {}) } as RequestInit);
      return { status: r.status, body: await r.json() };
    } catch (error) {
      return `${(error as Error).message} ${String((error as { cause?: { code?: string } }).cause?.code ?? '')}`;
    }
  };

  it.each([
    ['declared Content-Length', false],
    ['chunked (cut off while streaming)', true],
  ])('%s: eight 8 MiB bodies at once, three rounds, every provider route', { timeout: 60_000 }, async (_name, streamed) => {
    const failures: unknown[] = [];
    for (let round = 0; round < 3; round++) {
      const batch = Array.from({ length: 8 }, (_, i) => routes[(i + round) % routes.length]!);
      const results = await Promise.all(batch.map((r) => send(r.path, streamed)));
      results.forEach((result, i) => {
        const { provider } = batch[i]!;
        if (typeof result === 'string') failures.push(`${provider}: ${result}`);
        else expect(result, provider).toEqual({ status: 413, body: tooLargeBody(provider, DEFAULT_MAX_BODY_BYTES) });
      });
    }
    expect(failures).toEqual([]);
  });

  it('ten 8 MiB bodies one after another', { timeout: 60_000 }, async () => {
    const failures: unknown[] = [];
    for (let i = 0; i < 10; i++) {
      const { provider, path } = routes[i % routes.length]!;
      const result = await send(path, false);
      if (typeof result === 'string') failures.push(`${provider}: ${result}`);
      else expect(result).toEqual({ status: 413, body: tooLargeBody(provider, DEFAULT_MAX_BODY_BYTES) });
    }
    expect(failures).toEqual([]);
  });
});

describe('the connection limit (maxConnections: 3)', () => {
  let h: Harness;
  const held: RawExchange[] = [];
  beforeAll(async () => {
    h = await startHarness({ maxConnections: 3 });
  });
  afterAll(async () => {
    for (const c of held) c.destroy();
    await h.close();
  });

  const health = () => rawRequest(h.emulator.url, { method: 'GET', path: '/__drivespec/health' });

  it("connections beyond it get the provider's 503 with Retry-After, and are closed; below it they are served", async () => {
    // Three idle connections fill the limit (each a socket the server has accepted once its request is answered).
    for (let i = 0; i < 3; i++) {
      const c = rawConnection(h.emulator.url);
      held.push(c);
    }
    await eventually(async () => (await health()).status === 503);
    for (const { provider, path } of routes) {
      const r = await rawRequest(h.emulator.url, { path, body: '{}', headers: json });
      expect(r.status, provider).toBe(503);
      expect(r.json, provider).toEqual(busyBody(provider));
      expect(r.headers['retry-after']).toBe('1');
      expect(r.headers.connection).toBe('close');
    }
    const neutral = await health();
    expect(neutral.json).toEqual({ code: 'ServiceBusy', message: 'The emulator is at its connection or request-body memory limit; retry later.' });
    const unknown = await rawRequest(h.emulator.url, { method: 'GET', path: '/nowhere' });
    expect(unknown.status).toBe(503);
    expect(h.violations).toEqual([]);

    // Once the idle connections are gone, requests are served again (the count is not leaked).
    for (const c of held.splice(0)) c.destroy();
    await eventually(async () => (await health()).status === 200);
    const served = await rawRequest(h.emulator.url, { path: routes[0]!.path, body: '{}', headers: json });
    expect(served.status).toBe(401);
  });

  it('beyond twice the limit a connection is dropped unread', async () => {
    for (let i = 0; i < 6; i++) held.push(rawConnection(h.emulator.url));
    await eventually(async () => {
      const probe = rawConnection(h.emulator.url, 'GET /__drivespec/health HTTP/1.1\r\nhost: e\r\n\r\n');
      return (await probe.reply) === '';
    });
    for (const c of held.splice(0)) c.destroy();
    await eventually(async () => (await health()).status === 200);
  });
});

describe('the request-body budget (maxBodyBytes 2000, maxBodyBytesInFlight 3000)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ maxBodyBytes: 2000, maxBodyBytesInFlight: 3000 });
  });
  afterAll(() => h.close());

  const post = (path: string, size: number, chunked = false) =>
    rawRequest(h.emulator.url, chunked ? { path, headers: { ...json, 'transfer-encoding': 'chunked' }, chunks: ['{', ' '.repeat(size - 2), '}'] } : { path, body: `{${' '.repeat(size - 2)}}`, headers: json });

  it("a body the budget cannot hold gets the provider's 503 on every route; the budget comes back", async () => {
    const before = await post(routes[0]!.path, 1600);
    expect(before.status).toBe(401); // within the budget: the pipeline goes on (no credentials)

    // A body of 1,500 declared bytes, sent but for its last byte, holds half the budget.
    const holder = rawConnection(h.emulator.url, requestHead(routes[0]!.path, { ...json, 'content-length': 1500, connection: 'close' }) + '{' + ' '.repeat(1498));
    await eventually(async () => (await post(routes[0]!.path, 1600)).status === 503);
    for (const { provider, path } of routes) {
      for (const chunked of [false, true]) {
        const r = await post(path, 1600, chunked);
        expect(r.status, `${provider} chunked=${chunked}`).toBe(503);
        expect(r.json, provider).toEqual(busyBody(provider));
        expect(r.headers['retry-after']).toBe('1');
        expect(r.headers.connection).toBe('close');
      }
      // What the budget can still hold is read as usual.
      expect((await post(path, 1400)).status, provider).not.toBe(503);
    }
    const seed = await rawRequest(h.emulator.url, { path: '/__drivespec/seed', body: `{${' '.repeat(1598)}}`, headers: json });
    expect(seed.status).toBe(503);
    expect(seed.json).toMatchObject({ code: 'ServiceBusy' });

    holder.write('}');
    expect(parseReply(await holder.reply).status).toBe(401);
    expect((await post(routes[0]!.path, 1600)).status).toBe(401);
    expect(h.violations).toEqual([]);
  });

  it('the default budget is 64 MiB, or maxBodyBytes if larger', async () => {
    const MiB = 1024 * 1024;
    // A declared body is taken from the budget before it is read: one that fits waits for its
    // bytes (and times out, 408), one that does not is refused at once (503).
    const declare = (url: string, bytes: number) =>
      rawConnection(url, requestHead(routes[0]!.path, { ...json, 'content-length': bytes }) + '{').reply.then((t) => parseReply(t).status);
    const e = await startEmulator({ maxBodyBytes: 40 * MiB, headersTimeoutMs: 1000, requestTimeoutMs: 1000 });
    try {
      const first = declare(e.url, 40 * MiB);
      await eventually(async () => (await declare(e.url, 30 * MiB)) === 503); // 70 MiB > 64 MiB
      expect(await declare(e.url, 24 * MiB)).toBe(408); // 64 MiB fits
      expect(await first).toBe(408);
    } finally {
      await e.close();
    }
    const larger = await startEmulator({ maxBodyBytes: 70 * MiB, headersTimeoutMs: 1000, requestTimeoutMs: 1000 });
    try {
      expect(await declare(larger.url, 70 * MiB)).toBe(408);
    } finally {
      await larger.close();
    }
  });
});

describe('timeouts (headersTimeoutMs 200, requestTimeoutMs 400) and requests without Host', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
  });
  afterAll(() => h.close());

  const headersTimeout = { code: 'RequestTimeout', message: 'The request headers were not received within 200 ms.' };

  it('an idle socket gets a neutral 408', async () => {
    const r = parseReply(await rawConnection(h.emulator.url).reply);
    expect(r.status).toBe(408);
    expect(r.json).toEqual(headersTimeout);
    expect(r.headers).toContain('connection: close');
  });

  it('headers that never finish: 408', async () => {
    const r = parseReply(await rawConnection(h.emulator.url, `POST ${routes[0]!.path} HTTP/1.1\r\nhost: e\r\nx-slow: `).reply);
    expect(r.status).toBe(408);
    expect(r.json).toEqual(headersTimeout);
  });

  it.each(routes.map((r) => [`${r.provider} ${r.path.split('?')[0]}`, r.path]))('%s: a body that never finishes: 408 after the request timeout', async (_route, path) => {
    const r = parseReply(await rawConnection(h.emulator.url, requestHead(path, { ...json, 'content-length': 100 }) + '{"a":').reply);
    expect(r.status).toBe(408);
    expect(r.json).toEqual({ code: 'RequestTimeout', message: 'The request was not received completely within 400 ms.' });
  });

  it('a request in time is answered normally on the same server', async () => {
    expect((await rawRequest(h.emulator.url, { method: 'GET', path: '/__drivespec/health' })).status).toBe(200);
  });

  it('HTTP/1.1 without Host: the neutral JSON 400 (HTTP/1.0 needs none)', async () => {
    for (const { path } of routes) {
      const r = parseReply(await rawConnection(h.emulator.url, `POST ${path} HTTP/1.1\r\ncontent-length: 2\r\n\r\n{}`).reply);
      expect(r.status).toBe(400);
      expect(r.json).toEqual({ code: 'BadRequest', message: 'An HTTP/1.1 request must carry a Host header.' });
    }
    const old = parseReply(await rawConnection(h.emulator.url, 'GET /__drivespec/health HTTP/1.0\r\n\r\n').reply.then((t) => t.replace(/^HTTP\/1\.1/, 'HTTP/1.1')));
    expect(old.json).toEqual({ ok: true });
  });
});

describe('options', () => {
  it.each([
    [{ maxConnections: 0 }, 'maxConnections'],
    [{ maxConnections: 1.5 }, 'maxConnections'],
    [{ maxBodyBytesInFlight: 0 }, 'maxBodyBytesInFlight'],
    [{ maxBodyBytesInFlight: 1000, maxBodyBytes: 1001 }, 'maxBodyBytesInFlight'],
    [{ maxBodyBytesInFlight: DEFAULT_MAX_BODY_BYTES - 1 }, 'maxBodyBytesInFlight'],
    [{ headersTimeoutMs: 0 }, 'headersTimeoutMs'],
    [{ requestTimeoutMs: Number.NaN }, 'requestTimeoutMs'],
    [{ headersTimeoutMs: 2000, requestTimeoutMs: 1000 }, 'headersTimeoutMs'],
    [{ headersTimeoutMs: 60_001 }, 'headersTimeoutMs'],
  ] as [EmulatorOptions, string][])('%j is a ConfigurationError naming %s', async (options, name) => {
    const error = await startEmulator(options).then(
      (e) => e.close().then(() => undefined),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toContain(name);
  });

  it('a budget equal to maxBodyBytes, and a request timeout below the default headers timeout, are accepted', async () => {
    for (const options of [{ maxBodyBytes: 10, maxBodyBytesInFlight: 10 }, { requestTimeoutMs: 1000 }, { headersTimeoutMs: 60_000 }]) {
      const e = await startEmulator(options);
      await e.close();
    }
  });
});
