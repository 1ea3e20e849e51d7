/**
 * The emulator benchmark's honesty, not its timings (those are `npm run bench -- emulator`): it
 * runs in quick mode here against the TypeScript source, servers and load generator in-process,
 * and must refuse a server that does not give the expected GetFile answer.
 */
import { describe, expect, it } from 'vitest';
import * as emulatorModule from '../../src/emulator/index.js';
import { demoIds } from '../../src/emulator/demo.js';
import { examples as pdsExamples } from '../../generated/aliyun-pds/examples.js';
import { CONNECTIONS, runEmulatorBench, THROUGHPUT_GOAL, type EmulatorBenchDeps, type EmulatorSubjects } from '../../bench/emulator.js';
import { localLoad, serveBare, serveEmulator, type FixedAnswer, type Served } from '../../bench/emulator-load.js';

const options = { quick: true, root: '/nowhere', scratchDir: '/nowhere', log: () => {} };

const subjects = (overrides: Partial<EmulatorSubjects> = {}): EmulatorSubjects => ({
  emulatorUrl: 'in-process',
  accessToken: emulatorModule.defaultEmulatorCredentials['aliyun-pds'].accessToken,
  upload: { ...demoIds['aliyun-pds'] },
  pdsExamples,
  subjects: [],
  ...overrides,
});

function deps(served: Served[], overrides: Partial<EmulatorBenchDeps> = {}, s = subjects()): EmulatorBenchDeps {
  const track = async (p: Promise<Served>) => {
    const server = await p;
    served.push(server);
    return server;
  };
  return {
    load: async () => s,
    startEmulator: (_s, setup) => track(serveEmulator(emulatorModule, setup)),
    startBare: (answer) => track(serveBare(answer)),
    startLoad: localLoad,
    ...overrides,
  };
}

describe('emulator benchmark (quick, from source)', () => {
  it('measures GetFile on the emulator and on a bare server answering its bytes, and judges the ratio against 0.5', async () => {
    const answers: FixedAnswer[] = [];
    const report = await runEmulatorBench(
      options,
      deps([], {
        startBare: (answer) => {
          answers.push(answer);
          return serveBare(answer);
        },
      }),
    );
    expect(report.rows.map((r) => [r.metric, r.unit, r.goal])).toEqual([
      ['PDS GetFile, emulator', 'requests/s', undefined],
      ['PDS GetFile, bare node:http', 'requests/s', undefined],
      ['PDS GetFile: emulator / bare node:http', 'x', 0.5],
      ['PDS GetFile, emulator: server CPU per request', 'µs', undefined],
      ['PDS GetFile, bare node:http: server CPU per request', 'µs', undefined],
    ]);
    expect([THROUGHPUT_GOAL, CONNECTIONS]).toEqual([0.5, 10]);
    for (const row of report.rows) expect(row.value).toBeGreaterThan(0);
    // The bare server repeats the emulator's answer to the documented GetFile: the seeded demo
    // file, completed, in the PDS File shape, with the emulator's content type.
    const [answer] = answers;
    const file = JSON.parse(Buffer.from(answer!.bodyBase64, 'base64').toString('utf8'));
    expect(answer!.status).toBe(200);
    expect(answer!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(answer!.headers).toHaveProperty('x-ca-request-id');
    expect(file).toMatchObject({ drive_id: '1', file_id: '9520943DC264', name: '1.mov', status: 'available', size: 9, domain_id: 'bj1' });
  }, 60_000);

  it('refuses a bare server whose bytes differ from the emulator answer (a fast wrong answer is not a speed)', async () => {
    const served: Served[] = [];
    const wrong = (answer: FixedAnswer) => serveBare({ ...answer, bodyBase64: Buffer.from('{"file_id":"other"}').toString('base64') });
    await expect(runEmulatorBench(options, deps(served, { startBare: (a) => wrong(a).then((s) => (served.push(s), s)) }))).rejects.toThrow(
      /answers were not the expected GetFile answer, e\.g\. HTTP 200: \{"file_id":"other"\}/,
    );
    // Both servers were closed although the run failed.
    for (const server of served) await expect(fetch(`${server.origin}/v2/file/get`, { method: 'POST' })).rejects.toThrow();
  }, 60_000);

  it('refuses to measure an emulator that rejects the credentials (an error answer is not GetFile)', async () => {
    const served: Served[] = [];
    await expect(runEmulatorBench(options, deps(served, {}, subjects({ accessToken: 'not-the-token' })))).rejects.toThrow(
      /CompleteFile of the seeded upload answered 401/,
    );
  });
});
