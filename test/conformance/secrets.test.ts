/**
 * No credential value reaches any output: the whole harness runs against the in-process emulator,
 * with failures provoked where messages quote requests (wire forms naming the credentials, a
 * server that answers wrongly), and every reporter's output is searched for every secret.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatJsonReport,
  formatJunitReport,
  runConformance,
  type ConformanceCredentials,
  type ConformancePair,
  type ConformanceReport,
  type RunningEmulator,
} from '../../src/conformance/index.js';
import { formatGithubAnnotations, formatGithubSummary } from '../../src/conformance/github-reporter.js';
import { formatPrettyReport } from '../../src/conformance/pretty-reporter.js';
import { providerIds } from '../../src/core/provider.js';
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
  return {
    pretty: formatPrettyReport(report, { errata: true }),
    json: formatJsonReport(report),
    junit: formatJunitReport(report),
    github: formatGithubAnnotations(report, { errata: true }),
    githubSummary: formatGithubSummary(report),
  };
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
    // Every pair with a documented wire form was tampered with.
    expect(report.summary.byCheck.wire.failed).toBe(Object.values(providerSpecs).flatMap((spec) => spec.pairs).filter((p) => p.wire).length);
    expect(report.summary.byCheck.wire.failed).toBeGreaterThanOrEqual(8);
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

/**
 * A live target that echoes the request (URL and headers, signatures included) into every field of
 * its error body, as some gateways do: the report must show none of it.
 */
async function startEchoServer(status: number) {
  const seen: IncomingMessage['headers'][] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen.push(req.headers);
      const echo = `${req.url} ${JSON.stringify(req.headers)}`;
      const body = { code: echo, Code: echo, error_code: echo, message: echo, error_msg: echo, msg: echo };
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, seen, close: () => new Promise<void>((done) => server.close(() => done())) };
}

/** The signature parts of the Authorization values the server saw (acs `id:sig`, SDK-HMAC `Signature=hex`). */
function signaturesIn(seen: IncomingMessage['headers'][]): string[] {
  const out = new Set<string>();
  for (const headers of seen) {
    const auth = headers.authorization ?? '';
    const acs = /^acs [^:]+:(\S+)$/.exec(auth)?.[1];
    const hmac = /Signature=([0-9a-f]+)/.exec(auth)?.[1];
    for (const s of [acs, hmac]) if (s) out.add(s);
  }
  return [...out];
}

describe('no secret or signature in any output of a live run against a server echoing the request', () => {
  const credentials: ConformanceCredentials = {
    'aliyun-pds': { accessKeyId: 'AKIDpds0000001', accessKeySecret: 'PDS-SECRET-KEY-0001' },
    'huawei-metastudio': { projectId: 'project-1', ak: 'HWAK0000000000000001', sk: 'HW-SECRET-KEY-0001' },
    'tencent-smh': { accessToken: 'smh-access-token-SECRET-1', libraryId: 'smhlib' },
    'huawei-koodrive': { accessToken: 'koodrive-token-SECRET-1', userId: 'user-1' },
  };
  const secrets = [
    'AKIDpds0000001',
    'PDS-SECRET-KEY-0001',
    'HWAK0000000000000001',
    'HW-SECRET-KEY-0001',
    'smh-access-token-SECRET-1',
    'koodrive-token-SECRET-1',
  ];

  it.each([400, 403])('answering HTTP %i', async (status) => {
    const echo = await startEchoServer(status);
    try {
      const report = await runConformance({ baseUrl: echo.url, credentials });
      const signatures = signaturesIn(echo.seen);
      // Both signing schemes were exercised, and the echo reached the report.
      expect(signatures.some((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
      expect(signatures.some((s) => s.endsWith('='))).toBe(true);
      const texts = outputs(report);
      expect(texts.json).toContain('x-sdk-date');
      expect(texts.json).toContain('[REDACTED]');
      expectNoSecret(texts, secrets);
      for (const [format, text] of Object.entries(texts)) {
        for (const signature of signatures) expect(text.includes(signature), `${format} output contains a signature`).toBe(false);
        expect(text, `${format} output`).not.toMatch(/acs [^\s:"\\]+:[A-Za-z0-9+/]{20,}/);
        expect(text, `${format} output`).not.toMatch(/Signature=[0-9a-f]{16,}/);
      }
    } finally {
      await echo.close();
    }
  });
});
