/**
 * sendParts against the embedded emulator's storage routes (src/emulator/storage): PDS CreateFile
 * hands out signed part URLs, the engine PUTs the parts concurrently through a client transport,
 * an expired URL is refreshed through GetUploadUrl, and CompleteFile then judges the stored bytes
 * (its SHA-1 and CRC-64 computed by node:crypto and crc64-ecma182.js, not by drivespec).
 */
import { createHash } from 'node:crypto';
import { crc64 as crc64Ecma } from 'crc64-ecma182.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AliyunPdsApiError, type ApiError } from '../../src/core/errors.js';
import { planParts, type PartPlan } from '../../src/upload/plan.js';
import { openSource } from '../../src/upload/source.js';
import { sendParts, type PartTarget } from '../../src/upload/transfer.js';
import type { UploadContext } from '../../src/upload/types.js';
import { T0, clients, startHarness, type Harness } from '../emulator/support/fixture.js';
import { uploadContext } from './engine-context.js';

let h: Harness;
let c: ReturnType<typeof clients>;
beforeAll(async () => {
  h = await startHarness();
  c = clients(h);
});
afterAll(() => h.close());
beforeEach(() => {
  h.emulator.seed.reset();
  h.clock.now = T0;
});

function bytes(size: number, seed = 5): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** The engine's ctx names the provider for its errors: here PDS, on a client transport. */
function pdsContext(): UploadContext {
  return { ...uploadContext({ maxRetries: 0 }), provider: 'aliyun-pds' };
}

async function create(data: Uint8Array, parts: PartPlan[]) {
  return c.pds.createFile({
    body: {
      drive_id: '1',
      parent_file_id: 'root',
      name: 'engine.bin',
      type: 'file',
      size: data.length,
      part_info_list: parts.map((p) => ({ part_number: p.partNumber })),
    },
  });
}

describe('sendParts → emulator storage (PDS)', () => {
  const partSize = 64 * 1024;
  const data = bytes(5 * partSize + 123);

  it('stores every part concurrently; CompleteFile finds the declared SHA-1 and CRC-64 in the stored bytes', async () => {
    const parts = planParts(data.length, partSize);
    const created = await create(data, parts);
    const urls = new Map(created.part_info_list!.map((p) => [p.part_number, p.upload_url!]));
    const source = await openSource(data);
    const stored: number[] = [];
    await sendParts({
      ctx: pdsContext(),
      operationId: 'UploadPart',
      parts,
      source,
      target: async (part): Promise<PartTarget> => ({ method: 'PUT', url: urls.get(part.partNumber)!, headers: { 'content-type': '' } }),
      successStatus: 200,
      verifyEtag: true,
      concurrency: 3,
      maxRetries: 1,
      partTimeout: undefined,
      onPartStored: (part) => stored.push(part.partNumber),
    });
    expect(stored.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const done = await c.pds.completeFile({
      body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id!, crc64_hash: crc64Ecma(Buffer.from(data)).toString() },
    });
    expect(done).toMatchObject({ size: data.length, content_hash: createHash('sha1').update(data).digest('hex').toUpperCase(), status: 'available' });
  });

  it('a URL that expired (403 AccessDenied from the storage) is refreshed through GetUploadUrl and the part sent again', async () => {
    const parts = planParts(data.length, partSize);
    const created = await create(data, parts);
    const urls = new Map(created.part_info_list!.map((p) => [p.part_number, p.upload_url!]));
    // The URLs live 15 minutes (shared/docs/upload/aliyun-pds-upload.md).
    h.clock.now = new Date(T0.getTime() + 16 * 60 * 1000);
    const refreshed: number[] = [];
    const source = await openSource(data);
    await sendParts({
      ctx: pdsContext(),
      operationId: 'UploadPart',
      parts,
      source,
      target: async (part, refresh) => {
        if (refresh) {
          refreshed.push(part.partNumber);
          const fresh = await c.pds.getUploadUrl({
            body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id!, part_info_list: [{ part_number: part.partNumber }] },
          });
          urls.set(part.partNumber, fresh.part_info_list![0]!.upload_url!);
        }
        return { method: 'PUT', url: urls.get(part.partNumber)!, headers: { 'content-type': '' } };
      },
      successStatus: 200,
      verifyEtag: true,
      concurrency: 2,
      maxRetries: 0,
      partTimeout: undefined,
      onPartStored: () => {},
    });
    expect(refreshed.sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const done = await c.pds.completeFile({ body: { drive_id: '1', file_id: created.file_id, upload_id: created.upload_id! } });
    expect(done).toMatchObject({ size: data.length, status: 'available' });
  });

  it('a tampered signature: the storage’s 403 becomes AliyunPdsApiError with no signature in it', async () => {
    const parts = planParts(partSize, partSize);
    const created = await create(data.subarray(0, partSize), parts);
    const url = new URL(created.part_info_list![0]!.upload_url!);
    const secretParams = [...url.searchParams].filter(([name]) => /signature/i.test(name));
    expect(secretParams.length).toBeGreaterThan(0);
    const [name, signature] = secretParams[0]!;
    const forged = signature.slice(0, -4) + (signature.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    url.searchParams.set(name, forged);
    const error = await sendParts({
      ctx: pdsContext(),
      operationId: 'UploadPart',
      parts,
      body: async () => data.subarray(0, partSize),
      target: async () => ({ method: 'PUT', url: url.href, headers: { 'content-type': '' } }),
      successStatus: 200,
      verifyEtag: true,
      concurrency: 1,
      maxRetries: 0,
      partTimeout: undefined,
      onPartStored: () => {},
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AliyunPdsApiError);
    const e = error as ApiError;
    expect(e.status).toBe(403);
    expect(e.code).toBe('SignatureDoesNotMatch');
    const shown = `${e.message} ${JSON.stringify(e.body)} ${e.stack}`;
    expect(shown).not.toContain(forged);
    expect(shown).not.toContain(signature);
  });
});
