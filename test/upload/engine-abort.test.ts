/**
 * Hostile ends of a transfer: a fetch that ignores the abort signal, a storage that never reads
 * the body nor answers, a file that shrinks while its parts are sent. Each ends in a typed error
 * within the test's own time limit (no timing assertion: a hang fails the test by its timeout).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, truncate, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ApiError, InputError } from '../../src/core/errors.js';
import { planParts, type PartPlan } from '../../src/upload/plan.js';
import { openSource } from '../../src/upload/source.js';
import { sendParts, type SendPartsOptions } from '../../src/upload/transfer.js';
import { uploadContext } from './engine-context.js';
import { sentBody } from './support/sent-body.js';

const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');

function pattern(size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = (i * 29 + (i >> 10)) & 0xff;
  return out;
}

function options(overrides: Partial<SendPartsOptions> & Pick<SendPartsOptions, 'ctx' | 'parts'>): SendPartsOptions {
  return {
    operationId: 'UploadPart',
    target: async (part: PartPlan) => ({ method: 'PUT', url: `http://storage.test/o?partNumber=${part.partNumber}`, headers: {} }),
    successStatus: 200,
    verifyEtag: true,
    concurrency: 2,
    maxRetries: 2,
    partTimeout: undefined,
    onPartStored: () => {},
    ...overrides,
  };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('sendParts: aborts that the other side does not help with', () => {
  it('a fetch that ignores the abort signal does not hold the abort back: AbortError, no part stored', async () => {
    const controller = new AbortController();
    let started = 0;
    const fetch = (() => {
      started++;
      if (started === 2) setTimeout(() => controller.abort(), 1);
      // Never settles, whatever its signal does.
      return new Promise<Response>(() => {});
    }) as typeof globalThis.fetch;
    const stored: number[] = [];
    const error = await sendParts(
      options({ ctx: uploadContext({ fetch }), parts: planParts(40, 10), body: async (p) => pattern(p.size), signal: controller.signal, onPartStored: (p) => stored.push(p.partNumber) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(started).toBe(2);
    expect(stored).toEqual([]);
  }, 5000);

  it('a storage that never reads an 8 MiB body nor answers: the abort rejects with AbortError, no further part is started', async () => {
    const arrived: number[] = [];
    const server = createServer((req) => {
      // Reads nothing: the client's writes fill the socket buffers and stall.
      req.pause();
      arrived.push(Number(new URL(req.url!, 'http://x').searchParams.get('partNumber')));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const controller = new AbortController();
    const partSize = 8 * 1024 * 1024;
    const data = pattern(3 * partSize);
    const pending = sendParts(
      options({
        ctx: uploadContext(),
        parts: planParts(data.length, partSize),
        body: async (p) => data.subarray(p.offset, p.offset + p.size),
        target: async (p) => ({ method: 'PUT', url: `${base}/o?partNumber=${p.partNumber}`, headers: {} }),
        signal: controller.signal,
      }),
    ).catch((e: unknown) => e);
    while (arrived.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
    // sendParts settles only once every worker has let go: part 3 never starts.
    await new Promise((resolve) => setImmediate(resolve));
    expect(arrived.sort()).toEqual([1, 2]);
  }, 20_000);
});

describe('sendParts: a file that changes while its parts are sent', () => {
  it('a file cut short after part 1 was stored: InputError naming the change, only part 1 reported stored, nothing short sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'engine-abort-'));
    const path = join(dir, 'shrinks.bin');
    const data = pattern(3000);
    await writeFile(path, data);
    const source = await openSource(path);
    const sent: { part: number; md5: string }[] = [];
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = await sentBody(init);
      sent.push({ part: Number(new URL(String(input)).searchParams.get('partNumber')), md5: md5(body) });
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;
    const stored: number[] = [];
    const error = await sendParts(
      options({
        ctx: uploadContext({ fetch }),
        parts: planParts(3000, 1000),
        source,
        concurrency: 1,
        target: async (p) => {
          // Another program truncates the file once part 1 is stored (before part 2 is read).
          if (p.partNumber === 2) await truncate(path, 1500);
          return { method: 'PUT', url: `http://storage.test/o?partNumber=${p.partNumber}`, headers: {} };
        },
        onPartStored: (p) => stored.push(p.partNumber),
      }),
    ).catch((e: unknown) => e);
    await source.close();
    expect(error).toBeInstanceOf(InputError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/changed during the upload/);
    expect(stored).toEqual([1]);
    expect(sent).toEqual([{ part: 1, md5: md5(data.subarray(0, 1000)) }]);
  });
});
