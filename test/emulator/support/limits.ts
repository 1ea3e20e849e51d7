/**
 * Test support for the emulator's resource limits: the route of every provider operation, the
 * answers each provider gives when a limit is hit, and a raw TCP exchange for requests that are
 * never finished (an idle socket, a body sent but for its last bytes).
 */
import { connect } from 'node:net';
import { expect } from 'vitest';
import { defaultEmulatorCredentials, type EmulatorCredentials } from '../../../src/emulator/index.js';

export type LimitProvider = 'aliyun-pds' | 'huawei-metastudio' | 'tencent-smh' | 'huawei-koodrive';

const requestId = expect.stringMatching(/^00000000-0000-4000-8000-[0-9a-f]{12}$/);

/** One path per provider operation (PDS has two), credentials in the URL where the provider puts them. */
export function providerRoutes(credentials: EmulatorCredentials = defaultEmulatorCredentials): { provider: LimitProvider; path: string }[] {
  const smh = credentials['tencent-smh'];
  return [
    { provider: 'aliyun-pds', path: '/v2/file/complete' },
    { provider: 'aliyun-pds', path: '/v2/file/get' },
    { provider: 'huawei-metastudio', path: `/v1/${credentials['huawei-metastudio'].projectId}/files/f-1/complete` },
    { provider: 'tencent-smh', path: `/api/v1/file/${smh.libraryId}/-/k-1?confirm&access_token=${smh.accessToken}` },
    { provider: 'huawei-koodrive', path: '/koodrive/ose/v1/files/complete' },
  ];
}

/** The provider's 413 body for a body over `limit` (as test/emulator/bad-input.test.ts documents). */
export function tooLargeBody(provider: LimitProvider, limit: number): unknown {
  switch (provider) {
    case 'aliyun-pds':
      return { code: 'RequestEntityTooLarge', message: `The request body is larger than the ${limit}-byte limit.` };
    case 'tencent-smh':
      return { code: 'RequestEntityTooLarge', message: `The request body is larger than the ${limit}-byte limit`, requestId };
    case 'huawei-metastudio':
    case 'huawei-koodrive':
      return { error_code: 'APIGW.0201', error_msg: `Request entity too large (limit ${limit} bytes)`, request_id: requestId };
  }
}

/** The provider's 503 "service busy" body. */
export function busyBody(provider: LimitProvider): unknown {
  switch (provider) {
    case 'aliyun-pds':
      return { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' };
    case 'huawei-metastudio':
      return { error_code: 'MSS.00000004', error_msg: 'Service Unavailable', request_id: requestId };
    case 'tencent-smh':
      return { code: 'ServerOverloaded', message: 'The server is busy, please retry later', requestId };
    case 'huawei-koodrive':
      return { code: 503, msg: 'Service unavailable.' };
  }
}

export interface RawExchange {
  /** Everything the server sent, once it closed the connection. */
  reply: Promise<string>;
  write(bytes: string | Uint8Array): void;
  /** Closes our side (FIN). */
  end(): void;
  destroy(): void;
}

/** A TCP connection to the emulator; `first` is written as soon as it is open. */
export function rawConnection(baseUrl: string, first?: string | Uint8Array): RawExchange {
  const url = new URL(baseUrl);
  const socket = connect(Number(url.port), url.hostname, () => {
    if (first !== undefined) socket.write(first);
  });
  const reply = new Promise<string>((resolve) => {
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('close', () => resolve(text));
    socket.on('error', () => {});
  });
  return { reply, write: (b) => socket.write(b), end: () => socket.end(), destroy: () => socket.destroy() };
}

/** Status line and JSON body of a raw HTTP/1.1 reply. */
export function parseReply(reply: string): { status: number; headers: string; json: unknown } {
  const [head = '', body = ''] = reply.split('\r\n\r\n', 2);
  const status = Number(/^HTTP\/1\.1 (\d{3}) /.exec(head)?.[1] ?? 0);
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    json = undefined;
  }
  return { status, headers: head.toLowerCase(), json };
}

export function requestHead(path: string, headers: Record<string, string | number>): string {
  return `POST ${path} HTTP/1.1\r\nhost: emulator\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}
