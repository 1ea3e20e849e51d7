/**
 * What sendParts keeps alive over a random-access source (a file): each attempt reads its part
 * again and nothing is cached (a verified PUT's buffer is reused by the next read), so the part bodies alive at any moment are those of the PUTs in
 * flight, `concurrency` at most, retries included. Counted with WeakRefs after a collection (a
 * reachability check, not a timing).
 */
import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { planParts } from '../../src/upload/plan.js';
import { openSource } from '../../src/upload/source.js';
import { sendParts } from '../../src/upload/transfer.js';
import { uploadContext } from './engine-context.js';
import { sentBody } from './support/sent-body.js';

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const MiB = 1024 * 1024;

describe('sendParts memory over a file source', () => {
  it('16 MiB in 1 MiB parts, concurrency 3, every 4th part retried: never more than 3 part bodies alive (+1 pooled), every part stored once with its bytes', async () => {
    const size = 16 * MiB;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 11 + (i >>> 13)) & 0xff;
    const dir = await mkdtemp(join(tmpdir(), 'engine-memory-'));
    const path = join(dir, 'big.bin');
    await writeFile(path, data);
    const expected = planParts(size, MiB).map((p) => md5(data.subarray(p.offset, p.offset + p.size)));

    const bodies: WeakRef<Uint8Array>[] = [];
    let maxAlive = 0;
    const attempts = new Map<number, number>();
    const stored = new Map<number, string>();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = await sentBody(init);
      // Count before this body joins: what is alive besides it belongs to the other PUTs.
      collectGarbage();
      // Distinct buffers: a file source reuses the buffer of a verified PUT (source.ts `pools`).
      const others = new Set(bodies.map((ref) => ref.deref()).filter((b) => b !== undefined && b !== body));
      maxAlive = Math.max(maxAlive, others.size + 1);
      bodies.push(new WeakRef(body));
      const part = Number(new URL(String(input)).searchParams.get('partNumber'));
      const attempt = attempts.get(part) ?? 0;
      attempts.set(part, attempt + 1);
      await new Promise((resolve) => setImmediate(resolve));
      if (part % 4 === 0 && attempt === 0) return new Response('<Error><Code>InternalError</Code></Error>', { status: 500 });
      stored.set(part, md5(body));
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;

    const source = await openSource(path);
    try {
      const result = await sendParts({
        ctx: uploadContext({ fetch }),
        operationId: 'UploadPart',
        parts: planParts(size, MiB),
        source,
        target: async (part) => ({ method: 'PUT', url: `http://storage.test/o?partNumber=${part.partNumber}`, headers: {} }),
        successStatus: 200,
        verifyEtag: true,
        concurrency: 3,
        maxRetries: 1,
        partTimeout: undefined,
        onPartStored: () => {},
      });
      // 16 parts, 4 of them sent twice.
      expect(result.bytesSent).toBe(size + 4 * MiB);
    } finally {
      await source.close();
    }
    expect([...stored.keys()].sort((a, b) => a - b)).toEqual(expected.map((_, i) => i + 1));
    expect([...stored.entries()].every(([part, hash]) => hash === expected[part - 1])).toBe(true);
    // The three in flight, and at most one verified PUT's buffer waiting in the source's pool for
    // the next read (source.ts `pools`); without the pool's bound or with cached bodies, far more.
    expect(maxAlive).toBeLessThanOrEqual(4);
  }, 60_000);

  it('reuses the buffer of a verified PUT: 32 parts at concurrency 2 read into at most 3 buffers, a failed attempt\'s buffer never again', async () => {
    const size = 32 * 64 * 1024;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >>> 9)) & 0xff;
    const dir = await mkdtemp(join(tmpdir(), 'engine-memory-'));
    const path = join(dir, 'parts.bin');
    await writeFile(path, data);
    const plan = planParts(size, 64 * 1024);
    const seen = new Set<Uint8Array>();
    const failed = new Set<Uint8Array>();
    const sentAgain: number[] = [];
    const stored = new Map<number, string>();
    const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      const body = await sentBody(init);
      const part = Number(new URL(String(input)).searchParams.get('partNumber'));
      if (failed.has(body)) sentAgain.push(part);
      seen.add(body);
      await new Promise((resolve) => setImmediate(resolve));
      if (part === 5 && !stored.has(-5)) {
        stored.set(-5, 'failed once');
        failed.add(body);
        return new Response('<Error><Code>InternalError</Code></Error>', { status: 500 });
      }
      stored.set(part, md5(body));
      return new Response(null, { status: 200, headers: { etag: `"${md5(body)}"` } });
    }) as typeof globalThis.fetch;
    const source = await openSource(path);
    try {
      await sendParts({
        ctx: uploadContext({ fetch }),
        operationId: 'UploadPart',
        parts: plan,
        source,
        target: async (part) => ({ method: 'PUT', url: `http://storage.test/o?partNumber=${part.partNumber}`, headers: {} }),
        successStatus: 200,
        verifyEtag: true,
        concurrency: 2,
        maxRetries: 1,
        partTimeout: undefined,
        onPartStored: () => {},
      });
    } finally {
      await source.close();
    }
    // Every part stored with its own bytes, although the buffers were reused.
    for (const p of plan) expect(stored.get(p.partNumber), `part ${p.partNumber}`).toBe(md5(data.subarray(p.offset, p.offset + p.size)));
    // Two in flight, plus the one the failed attempt left behind (never reused: it may still be on a socket).
    expect(seen.size).toBeLessThanOrEqual(3);
    expect(sentAgain).toEqual([]);
  });
});
