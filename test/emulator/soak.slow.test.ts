/**
 * Soak: 10,000 requests from the typed clients against one emulator, 8 in flight, every auth
 * scheme in rotation (bearer and acs for PDS, token and AK/SK for MetaStudio, both KooDrive
 * bearer forms), with zero errors, every answer valid against the spec, and a stated memory
 * bound: the heap grows by at most 64 MiB and RSS stays under 512 MiB while the store gains
 * 8,000 records, and once the store is reset the heap is back within 8 MiB of where it started.
 * Runs in the slow suite (CI=true or DRIVESPEC_SLOW=1).
 */
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Crc64 } from '../../src/hashing/index.js';
import { clients, startHarness, type Harness } from './support/fixture.js';

const REQUESTS = 10_000;
/** Each round is five requests: PDS CompleteFile + GetFile, MetaStudio, SMH, KooDrive. */
const ROUNDS = REQUESTS / 5;
const CONCURRENCY = 8;
const MiB = 1024 * 1024;
const HEAP_GROWTH_LIMIT = 64 * MiB;
const RSS_LIMIT = 512 * MiB;
/** Heap left above the baseline once the store is reset: the requests themselves must not leak. */
const RESIDUE_LIMIT = 8 * MiB;

let h: Harness;
beforeAll(async () => {
  // No log capture: 10,000 kept log lines would be the test's own memory, not the emulator's.
  h = await startHarness({ log: () => {} });
});
afterAll(() => h.close());

/** A full GC before each reading, so the numbers are live memory, not garbage not yet collected. */
const gc = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

function heap(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

it(`${REQUESTS} typed-client requests, zero errors, bounded memory`, { timeout: 300_000 }, async () => {
  const byMode = [clients(h), clients(h, { pdsMode: 'accessKey', metaStudioMode: 'aksk', bearerSeparator: '+' })];
  const content = (i: number) => `soak file ${i} ${'x'.repeat(i % 257)}`;
  let requests = 0;
  const errors: string[] = [];

  async function round(i: number): Promise<void> {
    const c = byMode[i % 2]!;
    const text = content(i);
    const bytes = new TextEncoder().encode(text);
    const crc = new Crc64().update(bytes).digest();
    const call = async <T>(label: string, p: Promise<T>): Promise<T | undefined> => {
      requests += 1;
      try {
        return await p;
      } catch (error) {
        errors.push(`${label} #${i}: ${(error as Error).message}`);
        return undefined;
      }
    };

    h.emulator.seed.pdsUpload({ driveId: `d${i % 7}`, fileId: `f${i}`, uploadId: `u${i}`, name: `file-${i}.txt`, content: text });
    const completed = await call('pds CompleteFile', c.pds.completeFile({ body: { drive_id: `d${i % 7}`, file_id: `f${i}`, upload_id: `u${i}`, crc64_hash: crc } }));
    if (completed && completed.size !== bytes.length) errors.push(`pds size #${i}`);
    const got = await call('pds GetFile', c.pds.getFile({ body: { drive_id: `d${i % 7}`, file_id: `f${i}`, fields: '*' } }));
    if (got && got.crc64_hash !== crc) errors.push(`pds crc #${i}`);

    h.emulator.seed.metaStudioUpload({ fileId: `m${i}` });
    await call('metastudio ConfirmFileUpload', c.metaStudio.confirmFileUpload({ params: { path: { file_id: `m${i}` } }, body: { state: 'CREATED' } }));

    // Twenty directories, the same name in each: the later uploads exercise the rename path.
    h.emulator.seed.smhUpload({ confirmKey: `k${i}`, path: ['soak', `dir${i % 20}`, 'file.docx'], content: text });
    const confirmed = await call(
      'smh ConfirmUpload',
      c.smh.confirmUpload({ params: { path: { ConfirmKey: `k${i}` }, query: { with_inode: '1' } }, body: { crc64: crc } }),
    );
    if (confirmed && confirmed.crc64 !== crc) errors.push(`smh crc #${i}`);

    h.emulator.seed.koodriveUpload({ fileId: `kd${i}`, content: text });
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    await call('koodrive CompleteFile', c.koodrive.completeFile({ body: { fileId: `kd${i}`, sha256 } }));
  }

  // Warm up (JIT, connection pools), then measure from a settled baseline.
  for (let i = 0; i < 20; i++) await round(ROUNDS + i);
  requests = 0;
  const before = heap();
  const started = performance.now();

  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ROUNDS) await round(next++);
    }),
  );

  const seconds = (performance.now() - started) / 1000;
  const after = heap();
  const growth = after.heapUsed - before.heapUsed;
  // With the store emptied, what is left is what the requests themselves leaked.
  h.emulator.seed.reset();
  // Let the event loop settle first (sockets going idle, timers of the last attempts firing), so
  // the reading is what is still held, not what a loaded machine had not got round to releasing:
  // one fresh-clone run under load read 8.1 MiB here where quiet runs read 3-6.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const emptied = heap();
  const residue = emptied.heapUsed - before.heapUsed;
  // The numbers the report quotes; printed so a CI log carries them.
  console.log(
    `soak: ${requests} requests in ${seconds.toFixed(1)} s (${Math.round(requests / seconds)}/s), ` +
      `heapUsed ${(before.heapUsed / MiB).toFixed(1)} -> ${(after.heapUsed / MiB).toFixed(1)} MiB (+${(growth / MiB).toFixed(1)}), ` +
      `rss ${(after.rss / MiB).toFixed(1)} MiB (after a forced GC); after reset +${(residue / MiB).toFixed(1)} MiB`,
  );

  expect(errors).toEqual([]);
  expect(requests).toBeGreaterThanOrEqual(REQUESTS);
  expect(h.violations).toEqual([]);
  expect(growth).toBeLessThan(HEAP_GROWTH_LIMIT);
  expect(after.rss).toBeLessThan(RSS_LIMIT);
  expect(residue).toBeLessThan(RESIDUE_LIMIT);
});
