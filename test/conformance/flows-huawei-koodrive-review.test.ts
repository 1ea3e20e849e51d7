/**
 * Hostile review (issue 11): KooDrive's corrupted-part flow must send a part whose BYTES are
 * corrupted (every declaration right), not only wrong declarations, and see it refused.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { flowContent } from '../../src/conformance/flows/content.js';
import { flows } from '../../src/conformance/flows/huawei-koodrive.js';
import { runFlows } from '../../src/conformance/flows/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());

const MiB = 1024 * 1024;
const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
const urlOf = (input: Parameters<typeof globalThis.fetch>[0]) => (typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);

it('corrupted-part PUTs a part whose bytes are none of the file’s parts, and passes (the emulator refuses it)', async () => {
  const sent: string[] = [];
  const recording: typeof globalThis.fetch = async (input, init) => {
    // The flows' counting fetch hands on a Request carrying the body.
    if (urlOf(input).includes('/__drivespec/storage/') && input instanceof Request) {
      sent.push(md5(new Uint8Array(await input.clone().arrayBuffer())));
    }
    return globalThis.fetch(input, init);
  };
  const corrupted = flows.filter((f) => f.name === 'corrupted-part');
  const reports = await runFlows({ flows: corrupted, emulator, fetch: recording, timeoutMs: 60_000, scrub: (t) => t });
  expect(reports.map((r) => [r.status, r.reason])).toEqual([['passed', undefined]]);
  // The flow's content (seed 7, 2 × 5 MiB + 1000 bytes) cut into its 5 MiB parts.
  const content = flowContent(2 * 5 * MiB + 1000, 7);
  const honest = new Set([0, 1, 2].map((i) => md5(content.subarray(i * 5 * MiB, Math.min(content.length, (i + 1) * 5 * MiB)))));
  expect(sent.length).toBeGreaterThan(0);
  expect(sent.filter((m) => !honest.has(m)).length).toBeGreaterThan(0);
});

it('upload failing on a part PUT refused by the storage: the reason names the code, never the echoed signature', async () => {
  const { scrubReportText } = await import('../../src/conformance/safe-text.js');
  const SIGNATURE = `SIGSECRET${'a'.repeat(300)}`;
  const refuses: typeof globalThis.fetch = async (input, init) =>
    urlOf(input).includes('/__drivespec/storage/')
      ? new Response(`<?xml version="1.0"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match</Message><StringToSign>AWS4-HMAC-SHA256 ${SIGNATURE}</StringToSign></Error>`, { status: 403 })
      : globalThis.fetch(input, init);
  const upload = flows.filter((f) => f.name === 'upload');
  const reports = await runFlows({ flows: upload, emulator, fetch: refuses, timeoutMs: 60_000, scrub: (t) => scrubReportText(t, {}, []) });
  expect(reports[0]!.status).toBe('failed');
  expect(reports[0]!.reason).toMatch(/SignatureDoesNotMatch/);
  expect(reports[0]!.reason).not.toMatch(/SIGSECRET/);
});
