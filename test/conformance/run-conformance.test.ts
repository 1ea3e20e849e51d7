/** The whole conformance run against the in-process emulator, and what makes it fail. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runConformance } from '../../src/conformance/index.js';
import type { ConformanceProgressEvent, ConformanceReport, RunningEmulator } from '../../src/conformance/index.js';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import { providerIds } from '../../src/core/provider.js';
import { startTestEmulator } from './support/emulator.js';
import { startStubEmulator } from './support/stub-emulator.js';

let emulator: RunningEmulator;
let report: ConformanceReport;
const events: ConformanceProgressEvent[] = [];

beforeAll(async () => {
  emulator = await startTestEmulator();
  report = await runConformance({ emulator, onProgress: (e) => events.push(e) });
});
afterAll(() => emulator?.close());

const failures = (r: ConformanceReport) =>
  r.providers.flatMap((p) =>
    p.operations.flatMap((o) =>
      o.pairs.flatMap((pair) =>
        Object.entries(pair.checks)
          .filter(([, c]) => c.status === 'failed')
          .map(([kind, c]) => `${p.provider} ${o.operationId} ${pair.name} ${kind}: ${c.reason}`),
      ),
    ),
  );

describe('runConformance against the embedded emulator', () => {
  it('passes every check of every documented pair', () => {
    expect(failures(report)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.target).toEqual({ kind: 'emulator', url: emulator.url });
  });

  it('covers every operation and every pair of the four specs, with all three checks', () => {
    expect(report.providers.map((p) => p.provider)).toEqual([...providerIds]);
    for (const provider of report.providers) {
      const spec = providerSpecs[provider.provider];
      expect(provider.operations.map((o) => o.operationId)).toEqual(Object.keys(spec.operations));
      const pairs = provider.operations.flatMap((o) => o.pairs.map((p) => `${o.operationId}/${p.name}`));
      expect(pairs).toEqual(spec.pairs.map((p) => `${p.operationId}/${p.name}`));
      expect(provider.errata).toEqual(spec.errata);
    }
    expect(report.summary.pairs).toBe(providerIds.reduce((n, p) => n + providerSpecs[p].pairs.length, 0));
    const flows = report.summary.flows;
    expect(report.summary.checks).toBe(report.summary.pairs * 3 + flows.passed + flows.failed + flows.skipped);
  });

  it('runs the client side of every pair and the server side of every scenario the emulator can provoke', () => {
    expect(report.summary.byCheck.client).toEqual({ passed: report.summary.pairs, failed: 0, errored: 0, skipped: 0 });
    expect(report.summary.byCheck.server).toEqual({ passed: report.summary.pairs, failed: 0, errored: 0, skipped: 0 });
    const wire = report.providers.flatMap((p) => p.operations.flatMap((o) => o.pairs.map((pair) => pair.checks.wire)));
    // Every pair whose docs show a wire form.
    const withWire = providerIds.flatMap((p) => providerSpecs[p].pairs).filter((p) => p.wire !== null && p.wire !== undefined);
    expect(wire.filter((c) => c.status === 'passed')).toHaveLength(withWire.length);
    expect(withWire.length).toBeGreaterThanOrEqual(8);
    expect(wire.filter((c) => c.status === 'skipped').every((c) => c.reason === 'the docs show no wire form for this pair')).toBe(true);
  });

  it('reports progress once per operation, between a start and a done event', () => {
    expect(events[0]).toMatchObject({ type: 'start', providers: [...providerIds] });
    expect(events.at(-1)).toEqual({ type: 'done', report });
    const operations = events.filter((e) => e.type === 'operation');
    expect(operations).toHaveLength(report.summary.operations);
  });

  it('runs one provider when asked', async () => {
    const one = await runConformance({ emulator, providers: ['tencent-smh'] });
    expect(one.providers.map((p) => p.provider)).toEqual(['tencent-smh']);
    expect(one.ok).toBe(true);
  });
});

describe('a failing check fails the run', () => {
  it('a tampered documented response fails the client side', async () => {
    const pairs = providerSpecs['huawei-koodrive'].pairs.map((p) =>
      p.operationId === 'CompleteFile' && p.name === 'upload-task-not-found' ? { ...p, response: { status: 400, body: { code: '13000401', msg: 7 } } } : p,
    );
    const tampered = await runConformance({ emulator, providers: ['huawei-koodrive'], pairs: { 'huawei-koodrive': pairs } });
    expect(tampered.ok).toBe(false);
    expect(failures(tampered)).toEqual([
      expect.stringMatching(/^huawei-koodrive CompleteFile upload-task-not-found client: the documented HTTP 400 13000401 response does not match the spec: \/msg /),
    ]);
  });

  it('a tampered wire form fails the wire side', async () => {
    const pairs = providerSpecs['tencent-smh'].pairs.map((p) =>
      p.wire ? { ...p, wire: { ...p.wire, url: p.wire.url.replace('?confirm&', '?confirm=true&') } } : p,
    );
    const tampered = await runConformance({ emulator, providers: ['tencent-smh'], pairs: { 'tencent-smh': pairs } });
    expect(tampered.ok).toBe(false);
    expect(tampered.summary.byCheck.wire.failed).toBe(1);
  });

  it('an emulator that answers wrongly fails the server side', async () => {
    const wrong = await startStubEmulator({ misbehave: { pdsInvalidSuccessBody: true, smhNotFoundStatus: 418 } });
    try {
      const result = await runConformance({ emulator: wrong, providers: ['aliyun-pds', 'tencent-smh'] });
      expect(result.ok).toBe(false);
      expect(failures(result)).toEqual([
        expect.stringMatching(/^aliyun-pds CompleteFile documented-success server: the emulator's HTTP 200 answer does not match the spec: \/size /),
        // The stub never checks crc64_hash, so it also completes an upload whose CRC is wrong.
        'aliyun-pds CompleteFile crc64-mismatch server: the emulator answered HTTP 200; the docs show HTTP 400 InvalidParameter',
        'tencent-smh CancelUpload upload-not-found server: the emulator answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
        'tencent-smh ConfirmUpload upload-not-found server: the emulator answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
        'tencent-smh GetUploadStatus upload-not-found server: the emulator answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
        'tencent-smh RenewMultipartUpload upload-not-found server: the emulator answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
      ]);
    } finally {
      await wrong.close();
    }
  });

  it('a live endpoint: only stateless scenarios run, judged like the emulator (documented status and code)', async () => {
    const live = await startStubEmulator({ misbehave: { smhNotFoundStatus: 418 } });
    try {
      const result = await runConformance({ baseUrl: live.url, credentials: live.credentials, providers: ['tencent-smh', 'huawei-koodrive'] });
      expect(result.target).toEqual({ kind: 'live', url: live.url });
      expect(failures(result)).toEqual([
        'tencent-smh CancelUpload upload-not-found server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
        'tencent-smh ConfirmUpload upload-not-found server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
        'tencent-smh GetUploadStatus upload-not-found server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
        'tencent-smh RenewMultipartUpload upload-not-found server: the target answered HTTP 418 Teapot; the docs show HTTP 404 UploadNotFound',
      ]);
      const server = result.providers.flatMap((p) => p.operations.flatMap((o) => o.pairs.map((pair) => [pair.scenario, pair.checks.server.status])));
      for (const [scenario, status] of server) {
        expect([scenario, status]).toEqual([scenario, ['unauthorized', 'not-found', 'invalid-parameter'].includes(scenario!) ? expect.stringMatching(/passed|failed/) : 'skipped']);
      }
    } finally {
      await live.close();
    }
  });

  it('a live endpoint without credentials for a provider skips its server side, naming the variables', async () => {
    const result = await runConformance({ baseUrl: 'http://127.0.0.1:9', credentials: {}, providers: ['tencent-smh'] });
    const server = result.providers[0]!.operations[0]!.pairs.map((p) => p.checks.server);
    expect(server.every((c) => c.status === 'skipped' && c.reason?.includes('DRIVESPEC_SMH_ACCESS_TOKEN'))).toBe(true);
    // Nothing was checked on the target: no check failed, yet the run is no pass.
    expect(result.summary.failed).toBe(0);
    expect(result.ok).toBe(false);
    expect(result.problem).toBe(
      'no server-side check ran against http://127.0.0.1:9; no credentials in the environment: tencent-smh: set DRIVESPEC_SMH_ACCESS_TOKEN and DRIVESPEC_SMH_LIBRARY_ID',
    );
  });

  it('the embedded emulator never reports a problem', () => {
    expect(report.ok).toBe(true);
    expect(report.problem).toBeUndefined();
  });
});
