/**
 * What sendParts keeps alive over a random-access source (a file): each attempt reads its part
 * again and nothing is cached, so the part bodies alive at any moment are those of the PUTs in
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

setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const md5 = (bytes: Uint8Array) => createHash('md5').update(bytes).digest('hex');
const MiB = 1024 * 1024;

describe('sendParts memory over a file source', () => {
  it('16 MiB in 1 MiB parts, concurrency 3, every 4th part retried: never more than 3 part bodies alive, every part stored once with its bytes', async () => {
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
      const body = init!.body as Uint8Array;
      // Count before this body joins: what is alive besides it belongs to the other PUTs.
      collectGarbage();
      maxAlive = Math.max(maxAlive, bodies.filter((ref) => ref.deref() !== undefined).length + 1);
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
    expect(maxAlive).toBeLessThanOrEqual(3);
  }, 60_000);
});
