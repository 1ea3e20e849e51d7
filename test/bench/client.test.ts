/**
 * The client benchmark's honesty, not its timings (those are `npm run bench -- client`): it runs
 * in quick mode here against the TypeScript source and an in-process stub, and must refuse a
 * contender that does not give the documented answer.
 */
import { describe, expect, it } from 'vitest';
import createFetchClient from 'openapi-fetch';
import * as aliyunPds from '../../src/clients/aliyun-pds.js';
import * as huaweiKooDrive from '../../src/clients/huawei-koodrive.js';
import { examples as pdsExamples } from '../../generated/aliyun-pds/examples.js';
import { examples as kooExamples } from '../../generated/huawei-koodrive/examples.js';
import { runClientBench, SIGNED_GOAL, TOKEN_GOAL } from '../../bench/client.js';
import { serveStub, type Stub, type StubRoute } from '../../bench/client-stub.js';
import type { ClientSubjects } from '../../bench/subjects.js';

const source = (overrides: Partial<ClientSubjects> = {}): ClientSubjects => ({
  aliyunPds,
  huaweiKooDrive,
  createFetchClient,
  examples: { 'aliyun-pds': pdsExamples, 'huawei-koodrive': kooExamples },
  subjects: [],
  ...overrides,
});

const options = { quick: true, root: '/nowhere', scratchDir: '/nowhere', log: () => {} };

function recordingStub(stubs: Stub[]) {
  return async (routes: readonly StubRoute[]) => {
    const stub = await serveStub(routes);
    stubs.push(stub);
    return stub;
  };
}

describe('client benchmark (quick, from source)', () => {
  it('measures each case against openapi-fetch and judges token and acs ratios against their ceilings', async () => {
    const stubs: Stub[] = [];
    const report = await runClientBench(options, { load: async () => source(), startStub: recordingStub(stubs) });
    const ratios = report.rows.filter((r) => r.unit === 'x');
    expect(ratios.map((r) => [r.metric, r.goal, r.atMost])).toEqual([
      ['PDS GetFile, token: drivespec / openapi-fetch', TOKEN_GOAL, true],
      ['KooDrive CompleteFile, token: drivespec / openapi-fetch', TOKEN_GOAL, true],
      ['PDS GetFile, acs v1 signed: drivespec / openapi-fetch', SIGNED_GOAL, true],
      ['PDS GetFile, ACS4 signed: drivespec / openapi-fetch', undefined, undefined],
    ]);
    expect([TOKEN_GOAL, SIGNED_GOAL]).toEqual([1.05, 1.15]);
    for (const row of report.rows.filter((r) => r.unit !== 'µs/call')) expect(row.value).toBeGreaterThan(0);
    // Beside them, drivespec's own CPU with the network taken out: reported, never judged.
    const inMemory = report.rows.filter((r) => r.unit === 'µs/call');
    expect(inMemory.map((r) => [r.metric, r.goal])).toEqual([
      ["PDS GetFile, token: drivespec's extra CPU, in-memory fetch", undefined],
      ["KooDrive CompleteFile, token: drivespec's extra CPU, in-memory fetch", undefined],
      ["PDS GetFile, acs v1 signed: drivespec's extra CPU, in-memory fetch", undefined],
      ["PDS GetFile, ACS4 signed: drivespec's extra CPU, in-memory fetch", undefined],
    ]);
    // Every call reached the stub once: 4 cases x 2 contenders x (1 check + 20 warm-up + 3 rounds x 2 blocks x 5 calls).
    const counts = await stubs[0]!.counts();
    expect(counts).toEqual({ 'POST /v2/file/get': 3 * 2 * 51, 'POST /koodrive/ose/v1/files/complete': 2 * 51 });
  }, 60_000);

  it('refuses a contender whose answer is not the documented body (a fast wrong answer is not a speed)', async () => {
    const wrong = {
      ...aliyunPds,
      createClient: (o: aliyunPds.AliyunPdsClientOptions) => ({ ...aliyunPds.createClient(o), getFile: async () => ({}) }),
    } as unknown as ClientSubjects['aliyunPds'];
    await expect(runClientBench(options, { load: async () => source({ aliyunPds: wrong }), startStub: serveStub })).rejects.toThrow(
      'drivespec PDS GetFile, token did not answer the documented body: {}',
    );
  });

  it('the stub closes even when the benchmark fails', async () => {
    const stubs: Stub[] = [];
    const broken = { ...aliyunPds, createClient: () => { throw new Error('boom'); } } as unknown as ClientSubjects['aliyunPds'];
    await expect(runClientBench(options, { load: async () => source({ aliyunPds: broken }), startStub: recordingStub(stubs) })).rejects.toThrow('boom');
    await expect(fetch(`${stubs[0]!.origin}/v2/file/get`, { method: 'POST' })).rejects.toThrow();
  });
});
