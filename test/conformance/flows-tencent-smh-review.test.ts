/**
 * Hostile review (issue 11): an SMH flow's failure reason must not carry the COS credentials an
 * upload start hands out (`headers`: Authorization signature, x-cos-security-token), even when
 * the report's scrubber sees them cut short.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFlows } from '../../src/conformance/flows/index.js';
import { flows } from '../../src/conformance/flows/tencent-smh.js';
import { scrubReportText } from '../../src/conformance/safe-text.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const urlOf = (input: Parameters<typeof globalThis.fetch>[0]) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
const SESSION_TOKEN = `TOPSECRETSESSION${'x'.repeat(200)}`;

it('instant-upload failing on a start that answers upload information: the reason holds no COS token', async () => {
  // A service whose instant upload never hits: InitUpload of the copy answers upload information.
  const neverHits: typeof globalThis.fetch = async (input, init) => {
    const method = input instanceof Request ? input.method : init?.method;
    if (method === 'PUT' && urlOf(input).includes('/api/v1/file/') && urlOf(input).includes('instant-copy')) {
      const body = { domain: 'c.example', path: '/p', headers: { 'x-cos-security-token': SESSION_TOKEN, 'Content-Type': 'application/octet-stream' }, confirmKey: 'k' };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    return globalThis.fetch(input, init);
  };
  const instant = flows.filter((f) => f.name === 'instant-upload');
  // The scrubber runConformance uses (no credential of this fake service is known to it).
  const reports = await runFlows({ flows: instant, emulator, fetch: neverHits, timeoutMs: 30_000, scrub: (t) => scrubReportText(t, {}, []) });
  expect(reports[0]!.status).toBe('failed');
  expect(reports[0]!.reason).toMatch(/not 202/);
  expect(reports[0]!.reason).not.toMatch(/TOPSECRET/);
});

it('upload failing on a part PUT refused by COS: the reason names the code, never the echoed signature', async () => {
  const SIGNATURE = `SIGSECRET${'a'.repeat(300)}`;
  const refuses: typeof globalThis.fetch = async (input, init) =>
    urlOf(input).includes('/__drivespec/storage/')
      ? new Response(`<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>The signature does not match</Message><SignatureProvided>${SIGNATURE}</SignatureProvided></Error>`, { status: 403 })
      : globalThis.fetch(input, init);
  const upload = flows.filter((f) => f.name === 'upload');
  const reports = await runFlows({ flows: upload, emulator, fetch: refuses, timeoutMs: 30_000, scrub: (t) => scrubReportText(t, {}, []) });
  expect(reports[0]!.status).toBe('failed');
  expect(reports[0]!.reason).toMatch(/SignatureDoesNotMatch/);
  expect(reports[0]!.reason).not.toMatch(/SIGSECRET/);
});
