/**
 * Test support for the storage endpoints: an emulator started with `startEmulatorWith` (internal,
 * not exported from `drivespec/emulator`) that keeps the `ProviderEnv` it hands the providers, so
 * tests create uploads through `env.storage` as a provider handler would, and PUT bytes over real
 * HTTP to the URLs it mints.
 */
import { request as httpRequest } from 'node:http';
import { createProviderEmulators } from '../../../src/emulator/providers/create-provider-emulators.js';
import type { ProviderEnv } from '../../../src/emulator/providers/provider.js';
import { startEmulatorWith } from '../../../src/emulator/server.js';
import type { NewStorageUpload, UploadStore } from '../../../src/emulator/storage/upload-store.js';
import type { EmulatorAnswerInfo, EmulatorOptions, RunningEmulator } from '../../../src/emulator/types.js';

export const T0 = new Date('2026-01-01T00:00:00.000Z');

export interface StorageHarness {
  emulator: RunningEmulator;
  storage: UploadStore;
  env: ProviderEnv;
  clock: { now: Date };
  answers: EmulatorAnswerInfo[];
  warnings: string[];
  close(): Promise<void>;
}

export async function startStorageHarness(options: EmulatorOptions = {}): Promise<StorageHarness> {
  const clock = { now: T0 };
  const answers: EmulatorAnswerInfo[] = [];
  const warnings: string[] = [];
  let env: ProviderEnv | undefined;
  const emulator = await startEmulatorWith(
    { now: () => clock.now, onAnswer: (a) => answers.push(a), onWarning: (w) => warnings.push(w), ...options },
    (e) => {
      env = e;
      return createProviderEmulators(e);
    },
  );
  return { emulator, storage: env!.storage, env: env!, clock, answers, warnings, close: () => emulator.close() };
}

/** An upload an hour long, as the providers' handlers create them. */
export function upload(overrides: Partial<NewStorageUpload> = {}): NewStorageUpload {
  return { provider: 'aliyun-pds', flavor: 'oss', mode: 'multipart', expiresAt: new Date(T0.getTime() + 3600_000), ...overrides };
}

export interface PutResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One PUT with exactly these headers (Content-Length from the body unless given). */
export function put(url: string, body: Uint8Array | string, headers: Record<string, string> = {}): Promise<PutResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        method: 'PUT',
        path: `${target.pathname}${target.search}`,
        headers: { 'content-length': String(Buffer.byteLength(body)), ...headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The `<Code>` of a storage error body. */
export function errorCode(text: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
}

/** Deterministic bytes (31-bit LCG, as test/hashing/vectors/inputs.ts). */
export function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
    out[i] = (x >>> 16) & 0xff;
  }
  return out;
}
