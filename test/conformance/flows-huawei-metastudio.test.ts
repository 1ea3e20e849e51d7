/**
 * MetaStudio's upload flows (src/conformance/flows/huawei-metastudio.ts) against the embedded
 * emulator: both pass; there is no instant-upload flow (MetaStudio has none); and each flow fails,
 * saying why, when the answers are not the documented ones (a storage that accepts corrupted
 * bytes, a PUT answer without the MD5 ETag, a look-up that does not show the file, a confirmation
 * of refused bytes), so neither can pass on a false success.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flowContent } from '../../src/conformance/flows/content.js';
import { flows } from '../../src/conformance/flows/huawei-metastudio.js';
import { runFlows } from '../../src/conformance/flows/index.js';
import { runConformance } from '../../src/conformance/run-conformance.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ log: () => {} });
});
afterAll(() => emulator?.close());

const isStoragePut = (request: Request) => request.method === 'PUT' && new URL(request.url).pathname.startsWith('/__drivespec/storage/');

/** runFlows with a fetch that may answer some requests itself (it sees each request as the flows' fetch passes it on). */
function run(intercept?: (request: Request) => Promise<Response> | undefined) {
  const fetch: typeof globalThis.fetch = (input, init) => {
    const request = new Request(input, init);
    return intercept?.(request) ?? globalThis.fetch(request);
  };
  return runFlows({ flows, emulator, fetch, timeoutMs: 20_000, scrub: (t) => t });
}

describe('huawei-metastudio upload flows', () => {
  it('are upload and corrupted-part; no instant-upload (MetaStudio has no instant upload)', () => {
    expect(flows.map((f) => [f.provider, f.name])).toEqual([
      ['huawei-metastudio', 'upload'],
      ['huawei-metastudio', 'corrupted-part'],
    ]);
  });

  it('pass against the embedded emulator', async () => {
    const reports = await run();
    expect(reports.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['upload', 'passed', undefined],
      ['corrupted-part', 'passed', undefined],
    ]);
  });

  it('pass through runConformance, and are counted', async () => {
    const report = await runConformance({ emulator, providers: ['huawei-metastudio'] });
    const ms = report.providers.find((p) => p.provider === 'huawei-metastudio')!;
    expect(ms.flows.map((f) => [f.name, f.status])).toEqual([
      ['upload', 'passed'],
      ['corrupted-part', 'passed'],
    ]);
    expect(report.ok).toBe(true);
  });

  it('the bytes the upload flow sent to storage are its file, once (counted by the runner’s fetch)', async () => {
    const sizes: number[] = [];
    await run((request) => {
      if (!isStoragePut(request)) return undefined;
      return request.arrayBuffer().then((body) => {
        sizes.push(body.byteLength);
        return globalThis.fetch(new Request(request, { body }));
      });
    });
    // upload: the whole file once; corrupted-part: the corrupted copy once.
    expect(sizes).toEqual([256 * 1024 + 13, 256 * 1024 + 13]);
  });

  it('fail when storage accepts anything: corrupted-part names the false acceptance, upload the missing ETag', async () => {
    const reports = await run((request) => (isStoragePut(request) ? Promise.resolve(new Response(null, { status: 200 })) : undefined));
    expect(reports.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['upload', 'failed', 'FlowFailure: the PUT\'s ETag is null, not "' + md5Hex(contentOfUploadFlow()) + '"'],
      ['corrupted-part', 'failed', 'FlowFailure: OBS accepted bytes whose MD5 is not the Content-MD5 (HTTP 200)'],
    ]);
  });

  it('upload fails when ShowAsset does not report the file CREATED', async () => {
    const reports = await run((request) => {
      if (request.method !== 'GET' || !new URL(request.url).pathname.includes('/digital-assets/')) return undefined;
      return globalThis.fetch(request).then(async (r) => {
        const body = (await r.json()) as { files: { state: string }[] };
        for (const f of body.files) f.state = 'CREATING';
        return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
      });
    });
    expect(reports[0]).toMatchObject({ name: 'upload', status: 'failed', reason: 'FlowFailure: ShowAsset reports the file CREATING, not CREATED' });
  });

  it('corrupted-part fails when ConfirmFileUpload confirms the refused bytes', async () => {
    const reports = await run((request) =>
      new URL(request.url).pathname.endsWith('/complete') ? Promise.resolve(new Response(null, { status: 200 })) : undefined,
    );
    expect(reports[1]).toMatchObject({ name: 'corrupted-part', status: 'failed', reason: 'FlowFailure: ConfirmFileUpload confirmed a file whose bytes were refused' });
  });
});

function md5Hex(bytes: Uint8Array): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** The upload flow's content: the runner's deterministic content of the flow's size. */
function contentOfUploadFlow(): Uint8Array {
  return flowContent(256 * 1024 + 13);
}
