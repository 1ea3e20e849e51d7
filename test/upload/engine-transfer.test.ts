import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ApiError, ConfigurationError, InputError, TencentSmhApiError, TimeoutError, TransportError } from '../../src/core/errors.js';
import { openSource } from '../../src/upload/source.js';
import { planParts, type PartPlan } from '../../src/upload/plan.js';
import { sendParts, type PartTarget, type SendPartsOptions } from '../../src/upload/transfer.js';
import { TOKEN, uploadContext } from './engine-context.js';
import { sentBody } from './support/sent-body.js';
import { STREAMED_BODY_MIN_BYTES } from '../../src/platform/request-body.js';

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

function pattern(size: number, seed = 7): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return out;
}

/** The bytes of a fetch's body as sent (Uint8Array, Blob or a stream of the part's buffer). */
const bodyBytes = sentBody;

function partNumberOf(url: string): number {
  return Number(new URL(url).searchParams.get('partNumber'));
}

function target(base: string) {
  return async (part: PartPlan): Promise<PartTarget> => ({
    method: 'PUT',
    url: `${base}/object?partNumber=${part.partNumber}&q-signature=sig-${part.partNumber}-abcdef0123456789`,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

function baseOptions(overrides: Partial<SendPartsOptions> & Pick<SendPartsOptions, 'ctx' | 'parts'>): SendPartsOptions {
  return {
    operationId: 'UploadPart',
    target: target('http://storage.test'),
    successStatus: 200,
    verifyEtag: true,
    concurrency: 2,
    maxRetries: 2,
    partTimeout: undefined,
    onPartStored: () => {},
    ...overrides,
  };
}

/** A node:http storage: keeps each part's bytes, answers the quoted MD5 as ETag. */
async function storageServer(handler?: (req: IncomingMessage, body: Buffer) => { status: number; headers?: Record<string, string>; body?: string } | undefined) {
  const parts = new Map<number, Buffer>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const custom = handler?.(req, body);
      setTimeout(() => {
        inFlight--;
        if (custom) {
          res.writeHead(custom.status, custom.headers ?? {});
          res.end(custom.body ?? '');
          return;
        }
        const n = Number(new URL(req.url!, 'http://x').searchParams.get('partNumber'));
        parts.set(n, body);
        res.writeHead(200, { etag: `"${createHash('md5').update(body).digest('hex')}"` });
        res.end();
      }, 5);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, base, parts, maxInFlight: () => maxInFlight };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('sendParts against a node:http storage', () => {
  it('stores every part byte for byte through the client transport, Uint8Array and Blob bodies', async () => {
    const storage = await storageServer();
    servers.push(storage.server);
    const data = pattern(10 * 1024 + 17);
    for (const asBlob of [false, true]) {
      storage.parts.clear();
      const source = await openSource(data);
      const parts = planParts(source.size, 1024);
      const stored: { part: number; etag: string | undefined; sent: number }[] = [];
      const result = await sendParts(
        baseOptions({
          ctx: uploadContext(),
          parts,
          body: (part) => source.read(part.offset, part.offset + part.size, { asBlob }),
          target: target(storage.base),
          concurrency: 3,
          onPartStored: (part, etag, sent) => stored.push({ part: part.partNumber, etag, sent }),
        }),
      );
      expect(result.bytesSent).toBe(data.length);
      expect(storage.parts.size).toBe(parts.length);
      const joined = Buffer.concat([...storage.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b));
      expect(md5(joined)).toBe(md5(data));
      expect(stored.map((s) => s.part).sort((a, b) => a - b)).toEqual(parts.map((p) => p.partNumber));
      for (const s of stored) expect(s.etag).toBe(`"${md5(data.subarray((s.part - 1) * 1024, s.part * 1024))}"`);
      expect(storage.maxInFlight()).toBeLessThanOrEqual(3);
    }
  });

  it('reads the parts of a file source (the random-access path of `source`)', async () => {
    const storage = await storageServer();
    servers.push(storage.server);
    const data = pattern(5000);
    const { mkdtemp, writeFile } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = await mkdtemp(join(tmpdir(), 'engine-transfer-'));
    await writeFile(join(dir, 'f.bin'), data);
    const source = await openSource(join(dir, 'f.bin'));
    try {
      await sendParts(baseOptions({ ctx: uploadContext(), parts: planParts(source.size, 2048), source, target: target(storage.base) }));
    } finally {
      await source.close();
    }
    expect(Buffer.concat([1, 2, 3].map((n) => storage.parts.get(n)!)).equals(Buffer.from(data))).toBe(true);
  });
});

describe('sendParts: large parts on Node (src/platform/request-body.ts)', () => {
  const partSize = STREAMED_BODY_MIN_BYTES + 4096;

  it('are sent with their Content-Length, not chunked, byte for byte (node:http reads them)', async () => {
    const seen: { length: string | undefined; chunked: string | undefined }[] = [];
    const storage = await storageServer((req) => {
      seen.push({ length: req.headers['content-length'], chunked: req.headers['transfer-encoding'] });
      return undefined;
    });
    servers.push(storage.server);
    const data = pattern(3 * partSize - 100);
    const source = await openSource(data);
    const parts = planParts(source.size, partSize);
    await sendParts(baseOptions({ ctx: uploadContext(), parts, source, target: target(storage.base) }));
    expect(seen.map((s) => s.length).sort()).toEqual(parts.map((p) => String(p.size)).sort());
    expect(seen.every((s) => s.chunked === undefined)).toBe(true);
    const joined = Buffer.concat([1, 2, 3].map((n) => storage.parts.get(n)!));
    expect(md5(joined)).toBe(md5(data));
  });

  it('a redirect answered to one (fetch gives no status) is refused, not retried', async () => {
    let requests = 0;
    const storage = await storageServer(() => {
      requests++;
      return { status: 307, headers: { location: 'http://elsewhere.test/' } };
    });
    servers.push(storage.server);
    const source = await openSource(pattern(partSize));
    const error = (await sendParts(baseOptions({ ctx: uploadContext(), parts: planParts(partSize, partSize), source, target: target(storage.base), maxRetries: 3 })).catch(
      (e: unknown) => e,
    )) as TransportError;
    expect(error).toBeInstanceOf(TransportError);
    expect(error.message).toBe('UploadPart: HTTP redirect refused: drivespec never follows redirects (credentials would go along)');
    expect(requests).toBe(1);
  });
});

/** A fake fetch: `answer(partNumber, attempt, signal)` decides. */
function scriptedFetch(answer: (part: number, attempt: number, signal: AbortSignal | undefined, body: Uint8Array) => Promise<Response> | Response) {
  const attempts = new Map<number, number>();
  const calls: { part: number; url: string; signal: AbortSignal | undefined; body: Uint8Array }[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const part = partNumberOf(url);
    const attempt = attempts.get(part) ?? 0;
    attempts.set(part, attempt + 1);
    const body = await bodyBytes(init);
    calls.push({ part, url, signal: init?.signal ?? undefined, body });
    return answer(part, attempt, init?.signal ?? undefined, body);
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const ok = (body: Uint8Array) => new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });

describe('sendParts: the pool', () => {
  it('never has more than `concurrency` PUTs in flight, and reaches it', async () => {
    let inFlight = 0;
    let max = 0;
    const waiting: (() => void)[] = [];
    const { fetch } = scriptedFetch(async (_part, _attempt, _signal, body) => {
      inFlight++;
      max = Math.max(max, inFlight);
      // Held until the pool is full (or nothing more can come), then all released.
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        if (waiting.length === 3 || done + waiting.length === 10) for (const w of waiting.splice(0)) w();
      });
      inFlight--;
      done++;
      return ok(body);
    });
    let done = 0;
    const data = pattern(10 * 100);
    await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(data.length, 100), body: async (p) => data.slice(p.offset, p.offset + p.size), concurrency: 3 }));
    expect(done).toBe(10);
    expect(max).toBe(3);
  });

  it('retries a 500 with the bytes read again and a fresh target, after the client backoff', async () => {
    const data = pattern(300);
    const sleeps: number[] = [];
    const { fetch, calls } = scriptedFetch((part, attempt, _s, body) =>
      part === 2 && attempt < 2 ? new Response('<Error><Code>InternalError</Code></Error>', { status: 500 }) : ok(body),
    );
    const reads: number[] = [];
    const targets: [number, boolean][] = [];
    const stored: [number, number][] = [];
    const result = await sendParts(
      baseOptions({
        ctx: uploadContext({ fetch, sleeps }),
        parts: planParts(data.length, 100),
        body: async (p) => {
          reads.push(p.partNumber);
          return data.slice(p.offset, p.offset + p.size);
        },
        target: async (p, refresh) => {
          targets.push([p.partNumber, refresh]);
          return target('http://storage.test')(p);
        },
        concurrency: 1,
        onPartStored: (p, _e, sent) => stored.push([p.partNumber, sent]),
      }),
    );
    expect(reads.filter((n) => n === 2)).toHaveLength(3);
    expect(targets.filter(([n]) => n === 2)).toEqual([[2, false], [2, false], [2, false]]);
    // backoffDelayMs with random() = 0: 500 ms, then 1000 ms (src/core/retry.ts).
    expect(sleeps).toEqual([500, 1000]);
    expect(calls.filter((c) => c.part === 2)).toHaveLength(3);
    expect(stored).toEqual([
      [1, 100],
      [2, 300],
      [3, 100],
    ]);
    expect(result.bytesSent).toBe(500);
  });

  it('a 500 on every attempt rejects with the provider ApiError after maxRetries', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response('<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>', { status: 503 }));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as ApiError).code).toBe('ServiceUnavailable');
    expect((error as ApiError).status).toBe(503);
    expect(calls).toHaveLength(4);
  });

  it('refreshes an expired URL (403 AccessDenied) and sends the part again', async () => {
    const { fetch, calls } = scriptedFetch((part, attempt, _s, body) =>
      part === 1 && attempt === 0
        ? new Response('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', { status: 403 })
        : ok(body),
    );
    const targets: boolean[] = [];
    await sendParts(
      baseOptions({
        ctx: uploadContext({ fetch }),
        parts: planParts(10, 10),
        body: async () => pattern(10),
        maxRetries: 0,
        target: async (p, refresh) => {
          targets.push(refresh);
          return { method: 'PUT', url: `http://storage.test/o?partNumber=${p.partNumber}&v=${refresh ? 'fresh' : 'old'}`, headers: {} };
        },
      }),
    );
    expect(targets).toEqual([false, true]);
    expect(calls.map((c) => new URL(c.url).searchParams.get('v'))).toEqual(['old', 'fresh']);
  });

  it('an expiry that does not go away ends as the ApiError (bounded refreshes)', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>', { status: 403 }));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as ApiError).code).toBe('AccessDenied');
    expect(calls).toHaveLength(3);
  });

  it('a provider-specific isExpired decides what is an expiry', async () => {
    const { fetch } = scriptedFetch((_p, attempt, _s, body) =>
      attempt === 0 ? new Response('<Error><Code>RequestTimeTooSkewed</Code></Error>', { status: 403 }) : ok(body),
    );
    const refreshes: boolean[] = [];
    await sendParts(
      baseOptions({
        ctx: uploadContext({ fetch }),
        parts: planParts(10, 10),
        body: async () => pattern(10),
        isExpired: (status, code) => status === 403 && code === 'RequestTimeTooSkewed',
        target: async (p, refresh) => (refreshes.push(refresh), target('http://storage.test')(p)),
      }),
    );
    expect(refreshes).toEqual([false, true]);
  });

  it('an ETag that is not the MD5 of the bytes is retried, then an ApiError', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response(null, { status: 200, headers: { etag: `"${md5(pattern(10, 99))}"` } }));
    const stored: number[] = [];
    const error = await sendParts(
      baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 1, onPartStored: (p) => stored.push(p.partNumber) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as ApiError).code).toBe('ETagMismatch');
    expect(calls).toHaveLength(2);
    expect(stored).toEqual([]);
  });

  it('an ETag mismatch once, then the right one: stored', async () => {
    const { fetch } = scriptedFetch((_p, attempt, _s, body) =>
      attempt === 0 ? new Response(null, { status: 200, headers: { etag: '"00000000000000000000000000000000"' } }) : ok(body),
    );
    const stored: number[] = [];
    await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), onPartStored: (p) => stored.push(p.partNumber) }));
    expect(stored).toEqual([1]);
  });

  it('an HTML page on 200 without an ETag is no stored part', async () => {
    const { fetch } = scriptedFetch(() => new Response('<html><body>Welcome to our proxy</body></html>', { status: 200, headers: { 'content-type': 'text/html' } }));
    const stored: number[] = [];
    for (const asBlob of [false, true]) {
      const error = await sendParts(
        baseOptions({
          ctx: uploadContext({ fetch }),
          parts: planParts(10, 10),
          body: async () => (asBlob ? new Blob([pattern(10) as Uint8Array<ArrayBuffer>]) : pattern(10)),
          maxRetries: 0,
          onPartStored: (p) => stored.push(p.partNumber),
        }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TencentSmhApiError);
      expect((error as ApiError).message).toContain('no ETag');
    }
    expect(stored).toEqual([]);
  });

  it('verifyEtag false: a 200 without ETag is stored (the storage sends none)', async () => {
    const { fetch } = scriptedFetch(() => new Response(null, { status: 200 }));
    const etags: (string | undefined)[] = [];
    await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), verifyEtag: false, onPartStored: (_p, e) => etags.push(e) }));
    expect(etags).toEqual([undefined]);
  });

  it('only successStatus is success: a 204 where 201 is the table’s is an error, not a stored part', async () => {
    const { fetch } = scriptedFetch(() => new Response(null, { status: 204 }));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), successStatus: 201, verifyEtag: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as ApiError).status).toBe(204);
  });

  it('a 403 SignatureDoesNotMatch that echoes the signature: ApiError with Code/Message/RequestId only, no secret anywhere', async () => {
    const signature = 'q-sig-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
    const authorization = 'q-sign-algorithm=sha1&q-ak=AKIDexample&q-signature=deadbeefcafebabe0011223344556677';
    const xml = `<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided (${signature}, token ${TOKEN})</Message><RequestId>req-42</RequestId><StringToSign>PUT\n/o\nsecret-string-to-sign</StringToSign><SignatureProvided>${signature}</SignatureProvided><CanonicalRequest>canonical-${authorization}</CanonicalRequest></Error>`;
    const { fetch } = scriptedFetch(() => new Response(xml, { status: 403, headers: { 'content-type': 'application/xml' } }));
    const error = await sendParts(
      baseOptions({
        ctx: uploadContext({ fetch }),
        parts: planParts(10, 10),
        body: async () => pattern(10),
        target: async (p) => ({ method: 'PUT', url: `http://storage.test/o?partNumber=${p.partNumber}&q-signature=${signature}`, headers: { authorization } }),
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    const e = error as ApiError;
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.requestId).toBe('req-42');
    expect(e.status).toBe(403);
    const shown = `${e.message}\n${JSON.stringify(e.body)}\n${e.stack ?? ''}\n${String(e.providerMessage)}`;
    for (const secret of [signature, TOKEN, 'secret-string-to-sign', 'deadbeefcafebabe0011223344556677', 'canonical-']) expect(shown).not.toContain(secret);
    expect(Object.keys(e.body as object).sort()).toEqual(['code', 'message', 'requestId']);
  });

  it('the first failure aborts the other PUTs in flight and starts no new part', async () => {
    const signals: AbortSignal[] = [];
    const { fetch, calls } = scriptedFetch(async (part, _a, signal) => {
      if (part === 1) {
        // Part 2 is in flight by now (the pool started both).
        while (calls.length < 2) await new Promise((r) => setTimeout(r, 1));
        return new Response('<Error><Code>EntityTooLarge</Code></Error>', { status: 400 });
      }
      signals.push(signal!);
      return new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
    });
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(60, 10), body: async (p) => pattern(p.size), concurrency: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TencentSmhApiError);
    expect((error as ApiError).code).toBe('EntityTooLarge');
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(calls.map((c) => c.part).sort()).toEqual([1, 2]);
  });

  it('the caller’s abort mid-transfer rejects with AbortError, aborting every PUT in flight', async () => {
    const controller = new AbortController();
    const signals: AbortSignal[] = [];
    const { fetch } = scriptedFetch((_part, _a, signal) => {
      signals.push(signal!);
      if (signals.length === 3) setTimeout(() => controller.abort(), 1);
      // A fetch that answers only when aborted.
      return new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
    });
    const stored: number[] = [];
    const error = await sendParts(
      baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(100, 10), body: async (p) => pattern(p.size), concurrency: 3, signal: controller.signal, onPartStored: (p) => stored.push(p.partNumber) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(signals).toHaveLength(3);
    expect(signals.every((s) => s.aborted)).toBe(true);
    expect(stored).toEqual([]);
  }, 2000);

  it('an abort while a provider’s target() hangs rejects at once (it is not waited for)', async () => {
    const controller = new AbortController();
    const error = sendParts(
      baseOptions({
        ctx: uploadContext(),
        parts: planParts(10, 10),
        body: async () => pattern(10),
        signal: controller.signal,
        target: () => new Promise<never>(() => {}),
      }),
    ).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 1);
    expect(await error).toBeInstanceOf(AbortError);
  }, 2000);

  it('an abort during the backoff before a retry rejects at once, even with a sleep that ignores the signal', async () => {
    const controller = new AbortController();
    const { fetch, calls } = scriptedFetch(() => {
      setTimeout(() => controller.abort(), 1);
      return new Response('<Error><Code>ServiceUnavailable</Code></Error>', { status: 503 });
    });
    const ctx = { ...uploadContext({ fetch }), sleep: () => new Promise<void>(() => {}) };
    const error = await sendParts(baseOptions({ ctx, parts: planParts(10, 10), body: async () => pattern(10), signal: controller.signal, maxRetries: 5 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(1);
  }, 2000);

  it('an already aborted signal sends nothing', async () => {
    const { fetch, calls } = scriptedFetch((_p, _a, _s, body) => ok(body));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), signal: AbortSignal.abort() })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(calls).toHaveLength(0);
  });

  it('network errors are retried, then the TransportError (no URL secret in it)', async () => {
    const { fetch, calls } = scriptedFetch(() => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNRESET' } });
    });
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 2 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(calls).toHaveLength(3);
    expect((error as Error).message).not.toContain('sig-1-');
  });

  it('a PUT that never answers times out per attempt (partTimeout) and is retried', async () => {
    const { fetch, calls } = scriptedFetch((_p, attempt, signal, body) =>
      attempt === 0 ? new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))) : ok(body),
    );
    const stored: number[] = [];
    await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), partTimeout: 20, onPartStored: (p) => stored.push(p.partNumber) }));
    expect(calls).toHaveLength(2);
    expect(stored).toEqual([1]);
    const never = scriptedFetch((_p, _a, signal) => new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason))));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch: never.fetch }), parts: planParts(10, 10), body: async () => pattern(10), partTimeout: 10, maxRetries: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(never.calls).toHaveLength(2);
  });

  it('a body of the wrong size is an InputError, nothing sent', async () => {
    const { fetch, calls } = scriptedFetch((_p, _a, _s, body) => ok(body));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(9) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(calls).toHaveLength(0);
  });

  it('a body() that throws a raw error becomes an InputError', async () => {
    const error = await sendParts(
      baseOptions({
        ctx: uploadContext(),
        parts: planParts(10, 10),
        body: async () => {
          throw new RangeError('boom');
        },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
  });

  it('an ETag in capitals or without quotes is the same MD5; an empty one is none', async () => {
    for (const [form, stored] of [
      [(b: Uint8Array) => `"${md5(b).toUpperCase()}"`, 1],
      [(b: Uint8Array) => md5(b), 1],
      [() => '', 0],
      [(b: Uint8Array) => `W/"${md5(b)}"`, 0],
    ] as const) {
      const { fetch } = scriptedFetch((_p, _a, _s, body) => new Response(null, { status: 200, headers: { etag: form(body) } }));
      const seen: number[] = [];
      await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 0, onPartStored: (p) => seen.push(p.partNumber) })).catch(() => {});
      expect(seen).toHaveLength(stored);
    }
  });

  it('a Blob body: the ETag must be a hex MD5 in form (its value is not recomputed)', async () => {
    for (const [etag, stored] of [
      [`"${'a'.repeat(32)}"`, 1],
      ['"not-an-md5"', 0],
    ] as const) {
      const { fetch } = scriptedFetch(() => new Response(null, { status: 200, headers: { etag } }));
      const seen: number[] = [];
      const error = await sendParts(
        baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => new Blob([pattern(10) as Uint8Array<ArrayBuffer>]), maxRetries: 0, onPartStored: (p) => seen.push(p.partNumber) }),
      ).catch((e: unknown) => e);
      expect(seen).toHaveLength(stored);
      if (!stored) expect((error as ApiError).code).toBe('ETagMismatch');
    }
  });

  it('no parts: nothing sent, nothing read', async () => {
    const { fetch, calls } = scriptedFetch((_p, _a, _s, body) => ok(body));
    expect(await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: [], body: async () => pattern(1) }))).toEqual({ bytesSent: 0 });
    expect(calls).toHaveLength(0);
  });

  it('bad pool options and targets are ConfigurationErrors naming them', async () => {
    const ctx = uploadContext();
    const parts = planParts(10, 10);
    const body = async () => pattern(10);
    for (const [overrides, option] of [
      [{ concurrency: 0 }, 'concurrency'],
      [{ concurrency: 65 }, 'concurrency'],
      [{ concurrency: 1.5 }, 'concurrency'],
      [{ maxRetries: -1 }, 'maxRetries'],
      [{ maxRetries: 0.5 }, 'maxRetries'],
      [{ body: undefined }, 'body'],
      [{ target: async () => ({ method: 'GET', url: 'http://s.test/', headers: {} }) }, 'target'],
      [{ target: async () => ({ method: 'PUT', url: 42, headers: {} }) }, 'target'],
      [{ target: async () => ({ method: 'PUT', url: 'http://s.test/', headers: null }) }, 'target'],
      [{ target: async () => ({ method: 'PUT', url: 'http://s.test/', headers: { 'content-md5': 5 } }) }, 'target'],
      [{ target: async () => null }, 'target'],
    ] as const) {
      const error = await sendParts(baseOptions({ ctx, parts, body, ...(overrides as object) })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe(option);
    }
  });

  it('a target whose headers no HTTP request can carry is a TransportError, nothing sent', async () => {
    const { fetch, calls } = scriptedFetch((_p, _a, _s, body) => ok(body));
    const error = await sendParts(
      baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), target: async () => ({ method: 'PUT', url: 'http://s.test/o?partNumber=1', headers: { 'x-a': 'line\r\nX-Injected: 1' } }) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(calls).toHaveLength(0);
  });

  it('a refused redirect is not retried (it has a status)', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response(null, { status: 307, headers: { location: 'http://elsewhere.test/' } }));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect(calls).toHaveLength(1);
  });

  it('a 429 with Retry-After waits what the storage asked', async () => {
    const sleeps: number[] = [];
    const { fetch } = scriptedFetch((_p, attempt, _s, body) => (attempt === 0 ? new Response('', { status: 429, headers: { 'retry-after': '3' } }) : ok(body)));
    await sendParts(baseOptions({ ctx: uploadContext({ fetch, sleeps }), parts: planParts(10, 10), body: async () => pattern(10) }));
    expect(sleeps).toEqual([3000]);
  });

  it('a 4xx that is no expiry is not retried', async () => {
    const { fetch, calls } = scriptedFetch(() => new Response('<Error><Code>NoSuchUpload</Code></Error>', { status: 404 }));
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 3 })).catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('NoSuchUpload');
    expect(calls).toHaveLength(1);
  });

  it('a storage that never stops answering is cut at the client’s storage answer limit: TransportError, not retried', async () => {
    let pulled = 0;
    const { fetch, calls } = scriptedFetch(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulled += 16 * 1024;
              controller.enqueue(new Uint8Array(16 * 1024));
            },
          }),
          { status: 200 },
        ),
    );
    const error = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as Error).message).toMatch(/exceeds 65536 bytes/);
    expect(calls).toHaveLength(1);
    expect(pulled).toBeLessThan(1024 * 1024);
  });

  it('only a 403 AccessDenied counts as an expiry by default', async () => {
    for (const [status, code] of [
      [403, 'SignatureDoesNotMatch'],
      [400, 'AccessDenied'],
    ] as const) {
      const { fetch } = scriptedFetch(() => new Response(`<Error><Code>${code}</Code></Error>`, { status }));
      const refreshes: boolean[] = [];
      const error = await sendParts(
        baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), target: async (p, refresh) => (refreshes.push(refresh), target('http://storage.test')(p)) }),
      ).catch((e: unknown) => e);
      expect((error as ApiError).code).toBe(code);
      expect(refreshes).toEqual([false]);
    }
  });

  it('a random-access `source` is read again for each attempt, in any part order', async () => {
    const data = pattern(30);
    const source = await openSource(data);
    const reads: number[] = [];
    const spied = { ...source, randomAccess: true, read: (start: number, end: number, o?: { signal?: AbortSignal }) => (reads.push(start), source.read(start, end, o)) } as typeof source;
    const { fetch, calls } = scriptedFetch((part, attempt, _s, body) => (part === 2 && attempt === 0 ? new Response('', { status: 503 }) : ok(body)));
    await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(30, 10).reverse(), source: spied, concurrency: 1 }));
    expect(reads).toEqual([20, 10, 10, 0]);
    expect(calls.map((c) => md5(c.body))).toEqual([data.subarray(20), data.subarray(10, 20), data.subarray(10, 20), data.subarray(0, 10)].map(md5));
  });

  it('a drivespec error from body() comes through as it is; the ETag error names the part', async () => {
    const mine = new ConfigurationError('partSize', 'x');
    const error = await sendParts(baseOptions({ ctx: uploadContext(), parts: planParts(10, 10), body: async () => Promise.reject(mine) })).catch((e: unknown) => e);
    expect(error).toBe(mine);
    const { fetch } = scriptedFetch(() => new Response(null, { status: 200, headers: { etag: '"0"' } }));
    const etag = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 0 })).catch((e: unknown) => e);
    expect((etag as ApiError).body).toEqual({ code: 'ETagMismatch', partNumber: 1 });
  });

  it('a failure that is no transport error is not retried', async () => {
    let calls = 0;
    const ctx = {
      ...uploadContext(),
      storage: async () => {
        calls++;
        throw new InputError('not a network failure');
      },
    };
    const error = await sendParts(baseOptions({ ctx, parts: planParts(10, 10), body: async () => pattern(10), maxRetries: 3 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect(calls).toBe(1);
  });

  it('a Blob body’s ETag form: 32 hex digits, quoted or not, nothing around them', async () => {
    const hex = 'ab'.repeat(16);
    for (const [etag, stored] of [
      [hex, 1],
      [`x${hex}`, 0],
      [`${hex}x`, 0],
    ] as const) {
      const { fetch } = scriptedFetch(() => new Response(null, { status: 200, headers: { etag } }));
      const seen: number[] = [];
      await sendParts(
        baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => new Blob([pattern(10) as Uint8Array<ArrayBuffer>]), maxRetries: 0, onPartStored: (p) => seen.push(p.partNumber) }),
      ).catch(() => {});
      expect(seen).toHaveLength(stored);
    }
  });

  it('POST targets and concurrency 64 are accepted; headers that are no object, and repeated stream parts, are refused', async () => {
    const { fetch, calls } = scriptedFetch((_p, _a, _s, body) => ok(body));
    await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), concurrency: 64, target: async () => ({ method: 'POST', url: 'http://s.test/o?partNumber=1', headers: {} }) }));
    expect(calls).toHaveLength(1);
    const bad = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), target: async () => ({ method: 'PUT', url: 'http://s.test/', headers: 'x-a: 1' }) as never })).catch((e: unknown) => e);
    expect((bad as ConfigurationError).option).toBe('target');
    async function* stream() {
      yield pattern(20);
    }
    const part = planParts(20, 10)[0]!;
    const repeated = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: [part, part], source: await openSource(stream(), { size: 20 }) })).catch((e: unknown) => e);
    expect((repeated as ConfigurationError).option).toBe('parts');
  });

  it('the AbortError carries the caller’s reason', async () => {
    const reason = new Error('user pressed ctrl-c');
    const error = await sendParts(baseOptions({ ctx: uploadContext(), parts: planParts(10, 10), body: async () => pattern(10), signal: AbortSignal.abort(reason) })).catch((e: unknown) => e);
    expect((error as Error).cause).toBe(reason);
    const controller = new AbortController();
    const { fetch } = scriptedFetch((_p, _a, signal) => {
      setTimeout(() => controller.abort(reason), 1);
      return new Promise<Response>((_, reject) => signal!.addEventListener('abort', () => reject(signal!.reason)));
    });
    const later = await sendParts(baseOptions({ ctx: uploadContext({ fetch }), parts: planParts(10, 10), body: async () => pattern(10), signal: controller.signal })).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(AbortError);
    expect((later as Error).cause).toBe(reason);
  }, 2000);
});

