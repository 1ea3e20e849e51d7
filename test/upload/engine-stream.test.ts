/**
 * sendParts over a stream source: read once, in order, each part kept only until it is stored,
 * so what is held stays near `concurrency × partSize` whatever the stream's size. Memory is
 * counted (bytes the engine pulled from the stream minus bytes the storage acknowledged, and
 * bodies in flight), never timed.
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { InputError, TencentSmhApiError } from '../../src/core/errors.js';
import { planParts } from '../../src/upload/plan.js';
import { openSource } from '../../src/upload/source.js';
import { sendParts, type SendPartsOptions } from '../../src/upload/transfer.js';
import { uploadContext } from './engine-context.js';
import { sentBody } from './support/sent-body.js';

const MiB = 1024 * 1024;

/** V8's collector, to count which part bodies are still alive (not a timing: a reachability check). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

/** The byte at `offset` of the test stream. */
const byteAt = (offset: number) => (offset * 7 + (offset >>> 11)) & 0xff;

function options(overrides: Partial<SendPartsOptions> & Pick<SendPartsOptions, 'ctx' | 'parts'>): SendPartsOptions {
  return {
    operationId: 'UploadPart',
    target: async (part) => ({ method: 'PUT', url: `http://storage.test/o?partNumber=${part.partNumber}`, headers: {} }),
    successStatus: 200,
    verifyEtag: true,
    concurrency: 2,
    maxRetries: 1,
    partTimeout: undefined,
    onPartStored: () => {},
    ...overrides,
  };
}

describe('sendParts: stream sources', () => {
  it('64 MiB through partSize 1 MiB, concurrency 2: never more than 2 parts (and one chunk) held, every byte right', async () => {
    const size = 64 * MiB;
    const chunkSize = 64 * 1024;
    let pulled = 0;
    let acknowledged = 0;
    let maxHeld = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    async function* stream() {
      for (let offset = 0; offset < size; offset += chunkSize) {
        const chunk = new Uint8Array(chunkSize);
        for (let i = 0; i < chunkSize; i++) chunk[i] = byteAt(offset + i);
        pulled += chunkSize;
        maxHeld = Math.max(maxHeld, pulled - acknowledged);
        yield chunk;
      }
    }
    const checked: boolean[] = [];
    /** Every body handed to fetch, weakly: a body the engine still holds after its part was stored stays alive. */
    const bodies: WeakRef<Uint8Array>[] = [];
    let maxAlive = 0;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (bodies.length % 8 === 0) {
        collectGarbage();
        maxAlive = Math.max(maxAlive, bodies.filter((ref) => ref.deref() !== undefined).length);
      }
      const body = await sentBody(init);
      bodies.push(new WeakRef(body));
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      const part = Number(new URL(String(input)).searchParams.get('partNumber'));
      // The storage's own check that this is the part's bytes (byteAt, not the engine's reading).
      const offset = (part - 1) * MiB;
      checked.push(body.length === MiB && body[0] === byteAt(offset) && body[MiB - 1] === byteAt(offset + MiB - 1) && body[12345] === byteAt(offset + 12345));
      // Let the other worker get going before this one is answered.
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      acknowledged += body.length;
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;
    const source = await openSource(stream(), { size });
    const result = await sendParts(options({ ctx: uploadContext({ fetch }), parts: planParts(size, MiB), source, concurrency: 2 }));
    expect(result.bytesSent).toBe(size);
    expect(checked).toHaveLength(64);
    expect(checked.every(Boolean)).toBe(true);
    expect(maxInFlight).toBe(2);
    // Two parts being sent plus the chunk being read for the next one.
    expect(maxHeld).toBeLessThanOrEqual(2 * MiB + chunkSize);
    // Bodies of stored parts are let go: at most the other worker's part is alive when a PUT starts.
    expect(maxAlive).toBeLessThanOrEqual(2);
    await source.checkUnchanged();
  }, 60_000);

  it('a part’s retry sends the bytes read the first time (a stream is not read again)', async () => {
    const data = new Uint8Array(3000).map((_, i) => byteAt(i));
    async function* stream() {
      for (let i = 0; i < data.length; i += 500) yield data.slice(i, i + 500);
    }
    const bodies = new Map<number, string[]>();
    let first = true;
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const part = Number(new URL(String(input)).searchParams.get('partNumber'));
      const body = await sentBody(init);
      bodies.set(part, [...(bodies.get(part) ?? []), md5(body)]);
      if (part === 2 && first) {
        first = false;
        return new Response('<Error><Code>InternalError</Code></Error>', { status: 500 });
      }
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;
    const source = await openSource(stream(), { size: data.length });
    await sendParts(options({ ctx: uploadContext({ fetch }), parts: planParts(data.length, 1000), source }));
    expect(bodies.get(2)).toEqual([md5(data.subarray(1000, 2000)), md5(data.subarray(1000, 2000))]);
    expect(bodies.get(3)).toEqual([md5(data.subarray(2000))]);
  });

  it('resuming over a stream skips the stored parts’ bytes and sends the missing ones', async () => {
    const data = new Uint8Array(5000).map((_, i) => byteAt(i));
    async function* stream() {
      for (let i = 0; i < data.length; i += 300) yield data.slice(i, i + 300);
    }
    const sent = new Map<number, string>();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = await sentBody(init);
      sent.set(Number(new URL(String(input)).searchParams.get('partNumber')), md5(body));
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;
    const missing = planParts(data.length, 1000).filter((p) => p.partNumber === 2 || p.partNumber === 5);
    const source = await openSource(stream(), { size: data.length });
    await sendParts(options({ ctx: uploadContext({ fetch }), parts: missing, source }));
    expect(sent).toEqual(new Map([
      [2, md5(data.subarray(1000, 2000))],
      [5, md5(data.subarray(4000))],
    ]));
  });

  it('a stream shorter than declared: InputError, the parts sent before it stay reported', async () => {
    async function* stream() {
      yield new Uint8Array(1500);
    }
    const stored: number[] = [];
    const fetch = (async (_input: RequestInfo | URL, init?: RequestInit) =>
      new Response(null, { status: 200, headers: { etag: `"${md5(await sentBody(init))}"` } })) as typeof globalThis.fetch;
    const source = await openSource(stream(), { size: 3000 });
    const error = await sendParts(options({ ctx: uploadContext({ fetch }), parts: planParts(3000, 1000), source, concurrency: 1, onPartStored: (p) => stored.push(p.partNumber) })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/ended after 1500 bytes/);
    expect(stored).toEqual([1]);
  });

  it('a stream longer than declared: InputError before its last part is sent', async () => {
    async function* stream() {
      yield new Uint8Array(2001);
    }
    const sent: number[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      sent.push(Number(new URL(String(input)).searchParams.get('partNumber')));
      return new Response(null, { status: 200, headers: { etag: `"${md5(await sentBody(init))}"` } });
    }) as typeof globalThis.fetch;
    const source = await openSource(stream(), { size: 2000 });
    const error = await sendParts(options({ ctx: uploadContext({ fetch }), parts: planParts(2000, 1000), source, concurrency: 1 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/more than the 2000 bytes/);
    expect(sent).toEqual([1]);
  });

  it('a later part’s target answering first does not make the stream skip an earlier part’s bytes', async () => {
    // Part 1's URL comes slowly (a GetUploadUrl round trip), part 2's at once: the stream must
    // still be read in part order, part 1's bytes kept for it.
    const data = new Uint8Array(4000).map((_, i) => byteAt(i));
    async function* stream() {
      for (let i = 0; i < data.length; i += 250) yield data.slice(i, i + 250);
    }
    const sent = new Map<number, string>();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = await sentBody(init);
      sent.set(Number(new URL(String(input)).searchParams.get('partNumber')), md5(body));
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;
    const source = await openSource(stream(), { size: data.length });
    await sendParts(
      options({
        ctx: uploadContext({ fetch }),
        parts: planParts(data.length, 1000),
        source,
        concurrency: 3,
        target: async (part) => {
          if (part.partNumber === 1) await new Promise((resolve) => setTimeout(resolve, 20));
          return { method: 'PUT', url: `http://storage.test/o?partNumber=${part.partNumber}`, headers: {} };
        },
      }),
    );
    expect(sent).toEqual(new Map([1, 2, 3, 4].map((n) => [n, md5(data.subarray((n - 1) * 1000, n * 1000))])));
  });

  it('parts out of order over a stream are refused before anything is read', async () => {
    async function* stream() {
      yield new Uint8Array(2000);
    }
    const source = await openSource(stream(), { size: 2000 });
    const parts = planParts(2000, 1000).reverse();
    await expect(sendParts(options({ ctx: uploadContext(), parts, source }))).rejects.toThrow(/ascending/);
  });

  it('an onPartStored that throws fails the transfer (the state could not be kept)', async () => {
    const fetch = (async (_i: RequestInfo | URL, init?: RequestInit) =>
      new Response(null, { status: 200, headers: { etag: `"${md5(await sentBody(init))}"` } })) as typeof globalThis.fetch;
    const source = await openSource(new Uint8Array(3000));
    const failure = new TencentSmhApiError({ provider: 'tencent-smh', operationId: 'x', status: 500 });
    const error = await sendParts(
      options({
        ctx: uploadContext({ fetch }),
        parts: planParts(3000, 1000),
        source,
        concurrency: 1,
        onPartStored: () => {
          throw failure;
        },
      }),
    ).catch((e: unknown) => e);
    expect(error).toBe(failure);
  });
});
