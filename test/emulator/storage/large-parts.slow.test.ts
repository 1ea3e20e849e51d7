/**
 * Slow suite (DRIVESPEC_SLOW=1 or CI): two 256 MiB parts streamed to the emulator. The bytes go to
 * disk, not memory (RSS sampled during the PUTs stays bounded), and the digests at completion are
 * those node:crypto computes over the same stream.
 */
import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startStorageHarness, upload } from './support.js';

const PART = 256 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** PUTs `size` bytes made chunk by chunk (never held whole), feeding `onChunk` each chunk. */
function streamPut(url: string, size: number, seed: number, onChunk: (c: Buffer) => void): Promise<number> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, method: 'PUT', path: `${target.pathname}${target.search}`, headers: { 'content-length': String(size) }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    let sent = 0;
    const write = (): void => {
      while (sent < size) {
        const chunk = Buffer.alloc(Math.min(CHUNK, size - sent), (sent / CHUNK + seed) & 0xff);
        chunk.writeUInt32BE(sent >>> 0, 0);
        onChunk(chunk);
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}

describe('large parts (slow)', () => {
  it('two 256 MiB parts: RSS stays bounded, digests match node:crypto', async () => {
    const h = await startStorageHarness({ requestTimeoutMs: 600_000 });
    try {
      const key = h.storage.create(upload({ partStates: ['sha256'] }));
      const sha1 = createHash('sha1');
      const md5 = createHash('md5');
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
      try {
        for (const n of [1, 2]) {
          const status = await streamPut(h.storage.putUrl(key, h.emulator.url, n), PART, n, (c) => {
            sha1.update(c);
            md5.update(c);
          });
          expect(status).toBe(200);
        }
      } finally {
        clearInterval(sampler);
      }
      expect(peak - baseline).toBeLessThan(128 * 1024 * 1024);
      const completion = h.storage.complete(key);
      if (!completion.ok) throw new Error('not complete');
      expect(completion.digests).toMatchObject({ size: 2 * PART, sha1: sha1.digest('hex'), md5: md5.digest('hex') });
      expect(completion.digests.partStates.map((s) => s.offset)).toEqual([0, PART]);
    } finally {
      await h.close();
    }
  }, 300_000);
});
