/**
 * The tencent-smh upload flows against the real emulator: each passes, and each fails (with a
 * reason, never a pass) against an emulator that cheats the way the flow is there to catch. The
 * flows' Python-made digests are checked against independent implementations here: the
 * `crc64-ecma182.js` package for the CRC-64 and node:crypto for MD5 and the SMH hash chain.
 */
import { createHash } from 'node:crypto';
import { crc64 } from 'crc64-ecma182.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runFlows, type FlowReport } from '../../src/conformance/flows/index.js';
import { flows } from '../../src/conformance/flows/tencent-smh.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const run = (fetch: typeof globalThis.fetch = globalThis.fetch): Promise<FlowReport[]> =>
  runFlows({ flows, emulator, fetch, timeoutMs: 30_000, scrub: (s) => s });

const byName = (reports: FlowReport[]) => Object.fromEntries(reports.map((r) => [r.name, r]));

describe('the tencent-smh flows', () => {
  it('are the three flows, in order', () => {
    expect(flows.map((f) => [f.provider, f.name])).toEqual([
      ['tencent-smh', 'upload'],
      ['tencent-smh', 'corrupted-part'],
      ['tencent-smh', 'instant-upload'],
    ]);
  });

  it('the pattern digests they expect agree with independent implementations', () => {
    const pattern = new Uint8Array(2_621_440).map((_, i) => i & 0xff);
    expect(crc64(Buffer.from(pattern))).toBe('13793287722876168930');
    expect(createHash('md5').update(pattern).digest('hex')).toBe('6e7cc9c38d17742b0dca4b8f8932ec0f');
    // SMH's chain (docs/upload/tencent-smh-upload.md §7), with node:crypto.
    let h = createHash('sha256').update(pattern.subarray(0, 1 << 20)).digest();
    expect(h.toString('hex')).toBe('fbbab289f7f94b25736c58be46a994c441fd02552cc6022352e3d86d2fab7c83');
    for (let offset = 1 << 20; offset < pattern.length; offset += 1 << 20) {
      h = createHash('sha256').update(h).update(pattern.subarray(offset, offset + (1 << 20))).digest();
    }
    expect(h.toString('hex')).toBe('92389183bfa175b31cffad45018aa7e19b8bae611a76b2f59ee31c0e08f08139');
  });

  it('pass against the emulator', async () => {
    const reports = await run();
    expect(reports.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['upload', 'passed', undefined],
      ['corrupted-part', 'passed', undefined],
      ['instant-upload', 'passed', undefined],
    ]);
  });

  it('run in the conformance report', async () => {
    const report = await runConformance({ emulator, providers: ['tencent-smh'] });
    expect(report.ok).toBe(true);
    expect(report.providers[0]!.flows.map((f) => [f.name, f.status])).toEqual([
      ['upload', 'passed'],
      ['corrupted-part', 'passed'],
      ['instant-upload', 'passed'],
    ]);
    expect(report.summary.flows).toEqual({ passed: 3, failed: 0, errored: 0, skipped: 0 });
  });
});

describe('they fail, never pass, against a target that cheats', () => {
  it('bytes corrupted on the way (a fetch that flips a byte of every part): upload fails; corrupted-part is refused as it must be', async () => {
    const flipping: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method !== 'PUT' || !new URL(request.url).pathname.startsWith('/__drivespec/storage/')) return globalThis.fetch(request);
      const body = new Uint8Array(await request.arrayBuffer());
      if (!request.headers.has('content-md5')) body[0] ^= 0xff;
      return globalThis.fetch(new Request(request, { body }));
    };
    const reports = byName(await run(flipping));
    expect(reports.upload).toMatchObject({ status: 'failed' });
    expect(reports.upload!.reason).toMatch(/ETag/);
    expect(reports['instant-upload']).toMatchObject({ status: 'failed' });
  });

  it('an emulator that skips the byte transfer (every PUT answered 200 unread): upload and corrupted-part fail', async () => {
    const lying: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'PUT' && new URL(request.url).pathname.startsWith('/__drivespec/storage/')) {
        const body = new Uint8Array(await request.arrayBuffer());
        return new Response(null, { status: 200, headers: { etag: `"${createHash('md5').update(body).digest('hex')}"` } });
      }
      return globalThis.fetch(request);
    };
    const reports = byName(await run(lying));
    expect(reports.upload!.status).toBe('failed');
    expect(reports['corrupted-part']!.status).toBe('failed');
    expect(reports['corrupted-part']!.reason).toMatch(/BadDigest/);
    expect(reports['instant-upload']!.status).toBe('failed');
  });

  it('a confirm answer that hides a crc64 mismatch (BadCrc64 turned into the documented success) fails corrupted-part', async () => {
    const hiding: typeof fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (response.status !== 400) return response;
      const text = await response.text();
      if (!text.includes('BadCrc64')) return new Response(text, response);
      const documented = {
        path: ['drivespec-flows', 'corrupted.bin'],
        name: 'corrupted.bin',
        type: 'file',
        creationTime: '2026-01-01T00:00:00.000Z',
        modificationTime: '2026-01-01T00:00:00.000Z',
        contentType: 'application/octet-stream',
        size: '2621440',
        eTag: '"x"',
        crc64: '13793287722876168930',
      };
      return new Response(JSON.stringify(documented), { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const reports = byName(await run(hiding));
    expect(reports['corrupted-part']).toMatchObject({ status: 'failed' });
    expect(reports['corrupted-part']!.reason).toMatch(/succeeded/);
  });

  it('an instant upload that answers upload information (no match) fails instant-upload', async () => {
    const noInstant: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method === 'PUT' && !new URL(request.url).pathname.startsWith('/__drivespec/storage/')) {
        // Drop the hashes: the emulator then answers an ordinary upload start.
        return globalThis.fetch(new Request(request, { body: '{}' }));
      }
      return globalThis.fetch(request);
    };
    const reports = byName(await run(noInstant));
    expect(reports.upload!.status).toBe('passed');
    expect(reports['instant-upload']).toMatchObject({ status: 'failed' });
    expect(reports['instant-upload']!.reason).toMatch(/not 202/);
  });
});
