/**
 * Test support for `client.upload()` on aliyun-pds: a PDS client on the embedded emulator whose
 * injected fetch taps every request (operation calls by path, storage PUT bytes counted, a hook
 * that may change a storage body or answer), and expected values from code drivespec did not
 * write (node:crypto SHA-1 / MD5, crc64-ecma182.js CRC-64/XZ).
 */
import { createHash } from 'node:crypto';
import { crc64 as crc64Ecma } from 'crc64-ecma182.js';
import { createClient, type AliyunPdsClient } from '../../../src/clients/aliyun-pds.js';
import type { Harness } from '../../emulator/support/fixture.js';

export const STORAGE_PREFIX = '/__drivespec/storage/';

export interface StoragePut {
  url: URL;
  partNumber: number;
  body: Uint8Array;
}

export interface Tap {
  /** Operation calls by path (`/v2/file/create`, …), with their JSON bodies. */
  calls: { path: string; body: Record<string, unknown> }[];
  /** Storage PUTs as they went out (after `onPut` changed them). */
  puts: StoragePut[];
  /** Body bytes sent to storage. */
  storageBytes(): number;
}

export interface TapHooks {
  /** Change a storage PUT's body before it goes out (return the bytes to send). */
  onPut?: (put: StoragePut) => Uint8Array | Promise<Uint8Array>;
  /** Change or replace an answer. */
  onAnswer?: (path: string, answer: Response, put: StoragePut | undefined) => Response | Promise<Response>;
  /** Called before each request goes out (e.g. to move the clock or abort). */
  before?: (path: string, put: StoragePut | undefined) => void;
}

export function tappedClient(h: Harness, hooks: TapHooks = {}, options: { maxRetries?: number } = {}): { pds: AliyunPdsClient; tap: Tap } {
  const tap: Tap = { calls: [], puts: [], storageBytes: () => tap.puts.reduce((n, p) => n + p.body.length, 0) };
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    let put: StoragePut | undefined;
    let forward: Request = request;
    if (url.pathname.startsWith(STORAGE_PREFIX)) {
      const original = new Uint8Array(await request.arrayBuffer());
      put = { url, partNumber: Number(url.searchParams.get('partNumber') ?? '1'), body: original };
      const body = hooks.onPut ? await hooks.onPut(put) : original;
      put = { ...put, body };
      tap.puts.push(put);
      forward = new Request(request, { body: body as Uint8Array<ArrayBuffer> });
    } else if (request.method === 'POST') {
      const text = await request.clone().text();
      tap.calls.push({ path: url.pathname, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} });
    }
    hooks.before?.(url.pathname, put);
    const answer = await globalThis.fetch(forward);
    return hooks.onAnswer ? hooks.onAnswer(url.pathname, answer, put) : answer;
  };
  const c = h.emulator.credentials['aliyun-pds'];
  const pds = createClient({
    baseUrl: h.emulator.url,
    credentials: { accessToken: c.accessToken },
    now: () => h.clock.now,
    maxRetries: options.maxRetries ?? 0,
    fetch,
  });
  return { pds, tap };
}

export const sha1Upper = (b: Uint8Array) => createHash('sha1').update(b).digest('hex').toUpperCase();
export const md5Hex = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
export const crc64Of = (b: Uint8Array) => crc64Ecma(Buffer.from(b)).toString();

/** Deterministic bytes, not all equal (a swapped or shifted part changes every hash). */
export function bytes(size: number, seed = 1): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** The smallest part size PDS takes (100 KiB, a multiple of 64). */
export const MIN_PART = 100 * 1024;

export const target = (name: string) => ({ drive_id: '1', parent_file_id: 'root', name });

export const callsTo = (tap: Tap, op: string) => tap.calls.filter((c) => c.path === `/v2/file/${op}`);
