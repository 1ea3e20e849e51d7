/**
 * Test support: an emulator on a free port with an injected clock, every answer checked against
 * the spec (`checkAnswer`, i.e. the generated Response validators), a raw HTTP client for bytes
 * and paths `fetch` would normalize (`%2e%2e`), and the typed clients wired to it.
 */
import { request as httpRequest } from 'node:http';
import { compactUtcDate } from '../../../src/core/dates.js';
import { createClient as createPdsClient } from '../../../src/clients/aliyun-pds.js';
import { createClient as createKooDriveClient } from '../../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudioClient } from '../../../src/clients/huawei-metastudio.js';
import { createClient as createSmhClient } from '../../../src/clients/tencent-smh.js';
import { startEmulator, type EmulatorAnswerInfo, type EmulatorOptions, type RunningEmulator } from '../../../src/emulator/index.js';
import { checkAnswer } from '../../../src/emulator/response-check.js';

/** A fixed instant, moved by tests that need the clock to move. */
export const T0 = new Date('2026-01-01T00:00:00.000Z');

export interface Harness {
  emulator: RunningEmulator;
  clock: { now: Date };
  /** The last 50 answers (for debugging a failing test). */
  answers: EmulatorAnswerInfo[];
  /** Answers that do not validate against the spec (must stay empty). */
  violations: string[];
  logLines: string[];
  close(): Promise<void>;
}

export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const clock = { now: T0 };
  const answers: EmulatorAnswerInfo[] = [];
  const violations: string[] = [];
  const logLines: string[] = [];
  const emulator = await startEmulator({
    now: () => clock.now,
    log: (line) => logLines.push(line),
    ...options,
    onAnswer: (answer) => {
      answers.push(answer);
      if (answers.length > 50) answers.shift();
      if (answer.provider && answer.operationId) {
        const check = checkAnswer(answer.provider, answer.operationId, answer.status, answer.body);
        if (check.issues.length) {
          violations.push(`${answer.provider} ${answer.operationId} ${answer.status}: ${JSON.stringify(check.issues)}`);
        }
      }
      options.onAnswer?.(answer);
    },
  });
  return { emulator, clock, answers, violations, logLines, close: () => emulator.close() };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

/** One HTTP/1.1 request with the path and body bytes exactly as given. */
export function rawRequest(
  baseUrl: string,
  init: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string; chunks?: (Uint8Array | string)[] },
): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: init.method ?? 'POST',
        path: init.path,
        headers: {
          ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}),
          ...init.headers,
        },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (init.chunks) {
      for (const chunk of init.chunks) req.write(chunk);
      req.end();
    } else {
      req.end(init.body);
    }
  });
}

/** Valid credentials for raw requests, per provider. */
export function authHeaders(
  emulator: RunningEmulator,
  provider: 'aliyun-pds' | 'huawei-metastudio' | 'huawei-koodrive',
  now: Date,
): Record<string, string> {
  const c = emulator.credentials;
  switch (provider) {
    case 'aliyun-pds':
      return { authorization: `Bearer ${c['aliyun-pds'].accessToken}`, 'content-type': 'application/json' };
    case 'huawei-metastudio':
      return { 'x-auth-token': c['huawei-metastudio'].token, 'content-type': 'application/json' };
    case 'huawei-koodrive':
      return {
        authorization: `Bearer ${c['huawei-koodrive'].accessToken}`,
        'x-user-id': c['huawei-koodrive'].userId,
        'x-date': compactUtcDate(now),
        'content-type': 'application/json',
      };
  }
}

export function smhPath(emulator: RunningEmulator, confirmKey: string, query = 'confirm'): string {
  const c = emulator.credentials['tencent-smh'];
  return `/api/v1/file/${c.libraryId}/-/${confirmKey}?${query}&access_token=${c.accessToken}`;
}

export function metaStudioPath(emulator: RunningEmulator, fileId: string): string {
  return `/v1/${emulator.credentials['huawei-metastudio'].projectId}/files/${fileId}/complete`;
}

/** Typed clients against the emulator, no retries (tests see each answer), clock shared. */
export function clients(h: Harness, options: { pdsMode?: 'token' | 'accessKey' | 'share'; metaStudioMode?: 'token' | 'aksk'; bearerSeparator?: ' ' | '+' } = {}) {
  const c = h.emulator.credentials;
  const common = { baseUrl: h.emulator.url, now: () => h.clock.now, maxRetries: 0 };
  const pdsCredentials =
    options.pdsMode === 'accessKey'
      ? { accessKeyId: c['aliyun-pds'].accessKeyId, accessKeySecret: c['aliyun-pds'].accessKeySecret }
      : options.pdsMode === 'share'
        ? { shareToken: c['aliyun-pds'].shareToken }
        : { accessToken: c['aliyun-pds'].accessToken };
  return {
    pds: createPdsClient({ ...common, credentials: pdsCredentials }),
    metaStudio: createMetaStudioClient({
      ...common,
      projectId: c['huawei-metastudio'].projectId,
      credentials:
        options.metaStudioMode === 'aksk'
          ? { ak: c['huawei-metastudio'].ak, sk: c['huawei-metastudio'].sk }
          : { token: c['huawei-metastudio'].token },
    }),
    smh: createSmhClient({ ...common, libraryId: c['tencent-smh'].libraryId, credentials: { accessToken: c['tencent-smh'].accessToken } }),
    koodrive: createKooDriveClient({
      ...common,
      bearerSeparator: options.bearerSeparator ?? ' ',
      credentials: { accessToken: c['huawei-koodrive'].accessToken, userId: c['huawei-koodrive'].userId },
    }),
  };
}

/** The error a call rejects with (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

export { compactUtcDate };
