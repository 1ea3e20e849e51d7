/**
 * KooDrive's upload flows (src/conformance/flows/huawei-koodrive.ts) against the embedded
 * emulator: all three pass, and each fails when the service answers a false success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flows } from '../../src/conformance/flows/huawei-koodrive.js';
import { runFlows } from '../../src/conformance/flows/index.js';
import { runConformance } from '../../src/conformance/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const run = (fetch: typeof globalThis.fetch = globalThis.fetch) =>
  runFlows({ flows, emulator, fetch, timeoutMs: 60_000, scrub: (t) => t });

const urlOf = (input: Parameters<typeof globalThis.fetch>[0]) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

/** A service that answers every refusal of `path` with success. */
function acceptingEverything(path: string): typeof globalThis.fetch {
  return async (input, init) => {
    const response = await globalThis.fetch(input, init);
    if (!urlOf(input).includes(path) || response.status < 400) return response;
    return new Response(JSON.stringify({ code: 0, msg: 'success.' }), { status: 200, headers: { 'content-type': 'application/json' } });
  };
}

describe('huawei-koodrive upload flows', () => {
  it('has the three flows', () => {
    expect(flows.map((f) => [f.provider, f.name])).toEqual([
      ['huawei-koodrive', 'upload'],
      ['huawei-koodrive', 'corrupted-part'],
      ['huawei-koodrive', 'instant-upload'],
    ]);
  });

  it('pass against the emulator', async () => {
    const reports = await run();
    expect(reports.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['upload', 'passed', undefined],
      ['corrupted-part', 'passed', undefined],
      ['instant-upload', 'passed', undefined],
    ]);
  });

  it('corrupted-part fails when CompleteFile accepts the corrupted upload (false success)', async () => {
    const reports = await run(acceptingEverything('/koodrive/ose/v1/files/complete'));
    const corrupted = reports.find((r) => r.name === 'corrupted-part')!;
    expect(corrupted.status).toBe('failed');
    expect(corrupted.reason).toMatch(/accepted a part whose bytes are not the file’s \(false success\)/);
  });

  it('instant-upload fails when CreateFile does not hit, and upload fails when a part PUT is refused', async () => {
    // A service whose flash upload never hits: the answer says rapidUpload false.
    const neverHits: typeof globalThis.fetch = async (input, init) => {
      const response = await globalThis.fetch(input, init);
      if (!urlOf(input).includes('/files/create')) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, rapidUpload: false }), { status: response.status, headers: { 'content-type': 'application/json' } });
    };
    const reports = await run(neverHits);
    expect(reports.find((r) => r.name === 'instant-upload')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/did not answer flash upload/) });
    expect(reports.find((r) => r.name === 'upload')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/does not answer flash upload/) });

    const dropsParts: typeof globalThis.fetch = async (input, init) =>
      urlOf(input).includes('/__drivespec/storage/') ? new Response('<Error><Code>InternalError</Code></Error>', { status: 500 }) : globalThis.fetch(input, init);
    const dropped = await run(dropsParts);
    expect(dropped.find((r) => r.name === 'upload')).toMatchObject({ status: 'failed', reason: expect.stringMatching(/PUT of part 1 answered 500/) });
  });

  it('run through runConformance on a fixed clock: the flows’ clients use the run’s clock (X-Date within the window)', async () => {
    const now = () => new Date('2026-01-01T00:00:00Z');
    const fixed = await startEmulator({ now });
    try {
      const report = await runConformance({ emulator: fixed, now, providers: ['huawei-koodrive'] });
      expect(report.providers[0]!.flows.map((f) => [f.name, f.status, f.reason])).toEqual([
        ['upload', 'passed', undefined],
        ['corrupted-part', 'passed', undefined],
        ['instant-upload', 'passed', undefined],
      ]);
    } finally {
      await fixed.close();
    }
  });
});
