/**
 * No credential value reaches any output: the whole harness runs against the in-process emulator,
 * with failures provoked where messages quote requests (wire forms naming the credentials, a
 * server that answers wrongly), and every reporter's output is searched for every secret.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatJsonReport,
  formatJunitReport,
  formatPrettyReport,
  runConformance,
  type ConformancePair,
  type ConformanceReport,
  type RunningEmulator,
} from '../../src/conformance/index.js';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import type { ProviderId } from '../../src/core/provider.js';
import { startTestEmulator } from './support/emulator.js';
import { startStubEmulator } from './support/stub-emulator.js';

function secretsOf(emulator: RunningEmulator): string[] {
  const c = emulator.credentials;
  return [
    c['aliyun-pds'].accessToken,
    c['aliyun-pds'].shareToken,
    c['aliyun-pds'].accessKeyId,
    c['aliyun-pds'].accessKeySecret,
    c['huawei-metastudio'].token,
    c['huawei-metastudio'].ak,
    c['huawei-metastudio'].sk,
    c['tencent-smh'].accessToken,
    c['huawei-koodrive'].accessToken,
  ];
}

/** Wire forms that get every credential wrong, so every mismatch message quotes a credential-bearing value. */
function tamperedPairs(): Partial<Record<ProviderId, readonly ConformancePair[]>> {
  const tamper = (provider: ProviderId, wire: (w: NonNullable<ConformancePair['wire']>) => ConformancePair['wire']) =>
    providerSpecs[provider].pairs.map((p) => (p.wire ? { ...p, wire: wire(p.wire) } : p));
  return {
    'aliyun-pds': tamper('aliyun-pds', (w) => ({ ...w, headers: { authorization: 'Bearer+{accessToken}' } })),
    'huawei-metastudio': tamper('huawei-metastudio', (w) => ({ ...w, headers: { 'x-auth-token': 'x{token}' } })),
    'tencent-smh': tamper('tencent-smh', (w) => ({ ...w, url: w.url.replace('access_token=', 'token=') })),
    'huawei-koodrive': tamper('huawei-koodrive', (w) => ({ ...w, headers: { authorization: 'Bearer {bearer}', 'x-user-id': 'x' } })),
  };
}

function outputs(report: ConformanceReport): Record<string, string> {
  return { pretty: formatPrettyReport(report), json: formatJsonReport(report), junit: formatJunitReport(report) };
}

function expectNoSecret(texts: Record<string, string>, secrets: string[]) {
  for (const [format, text] of Object.entries(texts)) {
    for (const secret of secrets) {
      expect(text.includes(secret), `${format} output contains a credential`).toBe(false);
      expect(text.includes(encodeURIComponent(secret)), `${format} output contains an encoded credential`).toBe(false);
    }
  }
}

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator?.close());

describe('no secret in any output', () => {
  it('of a passing run', async () => {
    const report = await runConformance({ emulator });
    expect(report.ok).toBe(true);
    expectNoSecret(outputs(report), secretsOf(emulator));
  });

  it('of a run whose wire checks fail on credential-bearing headers and URLs', async () => {
    const report = await runConformance({ emulator, pairs: tamperedPairs() });
    expect(report.summary.byCheck.wire.failed).toBe(5);
    const texts = outputs(report);
    // Credentials are shown as the docs' placeholders, never as values.
    expect(texts.pretty).toContain("the client sent 'Bearer {accessToken}'");
    expect(texts.pretty).toContain('&access_token={accessToken}&');
    expectNoSecret(texts, secretsOf(emulator));
  });

  it('of a run against a server that answers wrongly', async () => {
    const wrong = await startStubEmulator({ misbehave: { pdsInvalidSuccessBody: true, smhNotFoundStatus: 418 } });
    try {
      const report = await runConformance({ emulator: wrong, pairs: tamperedPairs() });
      expect(report.ok).toBe(false);
      expectNoSecret(outputs(report), secretsOf(wrong));
    } finally {
      await wrong.close();
    }
  });
});
