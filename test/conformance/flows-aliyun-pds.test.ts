/**
 * PDS's upload flows (src/conformance/flows/aliyun-pds.ts) against the embedded emulator: each
 * passes; and each fails when what it must prove did not happen (a fetch between the flow and the
 * emulator heals the corruption, corrupts an honest upload, or hides the rapid upload), so none
 * can pass on a false success.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { flows } from '../../src/conformance/flows/aliyun-pds.js';
import { flowContent } from '../../src/conformance/flows/content.js';
import { runFlows, type FlowReport } from '../../src/conformance/flows/index.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ port: 0 });
});
afterAll(() => emulator.close());

const run = (fetch: typeof globalThis.fetch, names?: string[]): Promise<FlowReport[]> =>
  runFlows({
    emulator,
    fetch,
    timeoutMs: 20_000,
    scrub: (t) => t,
    flows: names ? flows.filter((f) => names.includes(f.name)) : flows,
  });

const PART = 64 * 1024;

/**
 * A fetch between the flow and the emulator that may replace the body of part `partNumber`'s PUT
 * (the flows' fetch hands on a `Request`).
 */
function rewritingPut(partNumber: number, rewrite: (body: Uint8Array) => Uint8Array): typeof fetch {
  return async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (request.method !== 'PUT' || Number(url.searchParams.get('partNumber')) !== partNumber) return globalThis.fetch(request);
    const body = rewrite(new Uint8Array(await request.arrayBuffer()));
    return globalThis.fetch(new Request(request, { body: body as Uint8Array<ArrayBuffer> }));
  };
}

describe('aliyun-pds upload flows', () => {
  it('a storage refusal is reported by its code, never its body (a real OSS echoes SignatureProvided), and an endless answer is not read to its end', async () => {
    const echoed = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6071829';
    const echoing: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method !== 'PUT') return globalThis.fetch(request);
      const xml = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>no</Message><SignatureProvided>${echoed}</SignatureProvided></Error>`;
      return new Response(xml, { status: 403, headers: { 'content-type': 'application/xml' } });
    };
    const [refused] = await run(echoing, ['upload']);
    expect(refused!.status).toBe('failed');
    expect(refused!.reason).toContain('HTTP 403 SignatureDoesNotMatch');
    expect(refused!.reason).not.toContain(echoed);

    let pulled = 0;
    const endless: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      if (request.method !== 'PUT') return globalThis.fetch(request);
      const chunk = new Uint8Array(64 * 1024).fill(0x41);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += chunk.length;
          controller.enqueue(chunk);
        },
      });
      return new Response(body, { status: 200, headers: { etag: '"x"' } });
    };
    const [endlessReport] = await run(endless, ['upload']);
    expect(endlessReport!.status).toBe('failed');
    expect(endlessReport!.reason).toMatch(/longer than/);
    expect(pulled).toBeLessThan(16 * 1024 * 1024);
  });

  it('declares the three flows', () => {
    expect(flows.map((f) => [f.provider, f.name])).toEqual([
      ['aliyun-pds', 'upload'],
      ['aliyun-pds', 'corrupted-part'],
      ['aliyun-pds', 'instant-upload'],
    ]);
  });

  it('all three pass against the emulator', async () => {
    const reports = await run(globalThis.fetch);
    expect(reports.map((r) => [r.name, r.status, r.reason])).toEqual([
      ['upload', 'passed', undefined],
      ['corrupted-part', 'passed', undefined],
      ['instant-upload', 'passed', undefined],
    ]);
  });

  it('upload fails when a part is corrupted on the way (the emulator refuses to complete)', async () => {
    const corrupting = rewritingPut(3, (body) => body.map((b, i) => (i === 0 ? b ^ 0xff : b)));
    const [report] = await run(corrupting, ['upload']);
    expect(report!.status).toBe('failed');
    // Either the ETag check or the emulator's refusal names what went wrong.
    expect(report!.reason).toMatch(/ETag|InvalidParameter/);
  });

  it('corrupted-part fails when the corruption does not reach the emulator (completion then succeeds)', async () => {
    const content = flowContent(3 * PART + 4321, 2);
    const healing = rewritingPut(2, () => content.slice(PART, 2 * PART));
    const [report] = await run(healing, ['corrupted-part']);
    expect(report!.status).toBe('failed');
    expect(report!.reason).toMatch(/ETag|succeeded; it must be refused/);
  });

  it('instant-upload fails when the answer does not say rapid_upload', async () => {
    const hiding: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const response = await globalThis.fetch(request);
      if (new URL(request.url).pathname !== '/v2/file/create' || response.status !== 200) return response;
      const body = (await response.json()) as Record<string, unknown>;
      const headers = new Headers(response.headers);
      headers.delete('content-length');
      return new Response(JSON.stringify({ ...body, rapid_upload: false }), { status: 200, headers });
    };
    const [report] = await run(hiding, ['instant-upload']);
    expect(report).toMatchObject({ status: 'failed', reason: expect.stringContaining('rapid_upload false') });
  });
});
