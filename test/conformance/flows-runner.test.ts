/**
 * The upload-flow runner (src/conformance/flows/): a flow passes only when it resolves; a throw,
 * a hang or a rejection after the limit fails it with a scrubbed reason; the emulator is reset
 * before each flow; the storage bytes a flow sends are counted; and the flows appear in the
 * report, its totals and the verdict.
 */
import { describe, expect, it } from 'vitest';
import { flowContent } from '../../src/conformance/flows/content.js';
import { ConfigurationError, TimeoutError, TransportError } from '../../src/core/errors.js';
import { countingFetch } from '../../src/conformance/flows/counting-fetch.js';
import { FlowFailure, runFlows, type UploadFlow } from '../../src/conformance/flows/index.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { startEmulator } from '../../src/emulator/index.js';
import type { RunningEmulator } from '../../src/conformance/emulator-contract.js';

const flow = (name: UploadFlow['name'], run: UploadFlow['run']): UploadFlow => ({
  provider: 'tencent-smh',
  name,
  description: `${name} flow`,
  run,
});

function fakeEmulator(): RunningEmulator & { resets: number } {
  const emulator = {
    url: 'http://127.0.0.1:1',
    port: 1,
    credentials: {} as RunningEmulator['credentials'],
    resets: 0,
    seed: { reset: () => void (emulator.resets += 1) } as unknown as RunningEmulator['seed'],
    close: async () => undefined,
  };
  return emulator;
}

describe('runFlows', () => {
  it('passes a flow that resolves and fails one that throws, with the reason scrubbed; resets before each', async () => {
    const emulator = fakeEmulator();
    const seen: number[] = [];
    const reports = await runFlows({
      emulator,
      fetch: globalThis.fetch,
      timeoutMs: 5_000,
      scrub: (text) => text.replaceAll('s3cr3t', '[redacted]'),
      flows: [
        flow('upload', async () => void seen.push(emulator.resets)),
        flow('corrupted-part', async () => {
          seen.push(emulator.resets);
          throw new FlowFailure('completion accepted a corrupted part (token s3cr3t)');
        }),
        flow('instant-upload', async () => {
          throw Object.assign(new Error('refused'), { name: 'TencentSmhApiError', code: 'BadCrc64' });
        }),
      ],
    });
    expect(seen).toEqual([1, 2]);
    expect(reports.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['upload', 'passed', undefined],
      ['corrupted-part', 'failed', 'FlowFailure: completion accepted a corrupted part (token [redacted])'],
      ['instant-upload', 'failed', 'TencentSmhApiError BadCrc64: refused'],
    ]);
    expect(reports.every((r) => Number.isInteger(r.durationMs) && r.durationMs >= 0)).toBe(true);
  });

  it('errors a flow that never settles once its time is up (it could not run to a verdict), and aborts its signal', async () => {
    let signal: AbortSignal | undefined;
    const [report] = await runFlows({
      emulator: fakeEmulator(),
      fetch: globalThis.fetch,
      timeoutMs: 30,
      scrub: (t) => t,
      flows: [flow('upload', (ctx) => ((signal = ctx.signal), new Promise<void>(() => undefined)))],
    });
    expect(report).toMatchObject({ status: 'errored', reason: 'did not finish within 30 ms' });
    expect(signal?.aborted).toBe(true);
  });

  it('a flow that cannot reach the emulator errors; one whose answer was unreadable fails', async () => {
    const reports = await runFlows({
      emulator: fakeEmulator(),
      fetch: globalThis.fetch,
      timeoutMs: 1_000,
      scrub: (t) => t,
      flows: [
        flow('upload', () => Promise.reject(new TransportError('CreateFile: network error', undefined, { operationId: 'CreateFile' }))),
        flow('corrupted-part', () => Promise.reject(new TimeoutError('CreateFile', 5))),
        flow('instant-upload', () => Promise.reject(new TransportError('CreateFile: HTTP 302 redirect', 302, { operationId: 'CreateFile' }))),
      ],
    });
    expect(reports.map((r) => r.status)).toEqual(['errored', 'errored', 'failed']);
  });

  it('a failure thrown outside an Error is still a failure, never a pass', async () => {
    const [report] = await runFlows({
      emulator: fakeEmulator(),
      fetch: globalThis.fetch,
      timeoutMs: 1_000,
      scrub: (t) => t,
      flows: [flow('upload', () => Promise.reject('nope'))],
    });
    expect(report).toMatchObject({ status: 'failed', reason: 'threw string' });
  });
});

describe('countingFetch', () => {
  it('counts the body bytes sent to storage routes only, and sends exactly those bytes', async () => {
    const received: [string, number][] = [];
    const inner = (async (input: Request) => {
      received.push([new URL(input.url).pathname, (await input.arrayBuffer()).byteLength]);
      return new Response(null, { status: 200 });
    }) as typeof fetch;
    const counting = countingFetch(inner);
    await counting.fetch('http://e.test/__drivespec/storage/k?partNumber=1', { method: 'PUT', body: new Uint8Array(1000) });
    await counting.fetch(new Request('http://e.test/__drivespec/storage/k?partNumber=2', { method: 'PUT', body: 'abc' }));
    await counting.fetch('http://e.test/v2/file/create', { method: 'POST', body: JSON.stringify({ size: 5 }) });
    expect(counting.storageBytesSent()).toBe(1003);
    expect(received).toEqual([
      ['/__drivespec/storage/k', 1000],
      ['/__drivespec/storage/k', 3],
      ['/v2/file/create', 10],
    ]);
  });
});

describe('flowContent', () => {
  it('is xorshift32 from the seed (known answer computed in Python), is a prefix of a longer one, and differs by seed', () => {
    expect([...flowContent(10)]).toEqual([17, 71, 45, 81, 54, 101, 44, 192, 19, 237]);
    expect(flowContent(7)).toEqual(flowContent(10).subarray(0, 7));
    expect(flowContent(64, 2)).not.toEqual(flowContent(64, 1));
    expect(flowContent(0)).toHaveLength(0);
    expect(() => flowContent(-1)).toThrow(ConfigurationError);
  });
});

describe('flows in the conformance report', () => {
  it('a failed flow fails the run and is counted; against a live endpoint flows are skipped', async () => {
    const emulator = await startEmulator();
    try {
      const report = await runConformance({
        emulator,
        now: () => new Date(),
        providers: ['tencent-smh'],
        flows: {
          'tencent-smh': [
            flow('upload', async () => undefined),
            flow('corrupted-part', async () => {
              throw new FlowFailure('the corrupted part was accepted');
            }),
          ],
        },
      });
      expect(report.providers[0]!.flows.map((f) => f.status)).toEqual(['passed', 'failed']);
      expect(report.summary.flows).toEqual({ passed: 1, failed: 1, errored: 0, skipped: 0 });
      expect(report.ok).toBe(false);
    } finally {
      await emulator.close();
    }
    const live = await runConformance({
      baseUrl: 'http://127.0.0.1:9',
      providers: ['tencent-smh'],
      flows: { 'tencent-smh': [flow('upload', async () => undefined)] },
    });
    expect(live.providers[0]!.flows).toEqual([
      expect.objectContaining({ name: 'upload', status: 'skipped', reason: expect.stringContaining('embedded emulator only') }),
    ]);
  });
});
