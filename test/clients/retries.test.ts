/** Retries, timeouts and abort through the public clients (the transport has its own unit tests). */
import type { ClientTestHooks } from '../../src/core/client-options.js';
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import {
  AbortError,
  type ApiError,
  ConfigurationError,
  HuaweiMetaStudioApiError,
  ResponseValidationError,
  TimeoutError,
  TransportError,
} from '../../src/core/errors.js';
import { recordingFetch, recordingSleep } from '../helpers/recording-fetch.js';

const hang = (_r: unknown, signal: AbortSignal | undefined) =>
  new Promise<Response>((_resolve, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));

describe('retries re-sign every attempt', () => {
  it('MetaStudio AK/SK: each retry carries a fresh X-Sdk-Date and signature', async () => {
    const { fetch, requests } = recordingFetch(
      { status: 503, body: { error_code: 'MSS.00000004', error_msg: 'busy' } },
      { status: 500, body: { error_code: 'MSS.00000004', error_msg: 'busy' } },
      { status: 200 },
    );
    let t = Date.parse('2026-01-01T00:00:00Z');
    const { sleep, delays } = recordingSleep();
    const ms = createMetaStudio({
      projectId: 'p',
      credentials: { ak: 'AK', sk: 'SK-secret' },
      fetch,
      ...({ sleep } satisfies ClientTestHooks),
      now: () => new Date((t += 2000)),
    });
    await ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } });
    expect(requests).toHaveLength(3);
    const dates = requests.map((r) => r.headers['x-sdk-date']);
    expect(new Set(dates).size).toBe(3);
    expect(new Set(requests.map((r) => r.headers.authorization)).size).toBe(3);
    expect(delays).toHaveLength(2);
  });

  it('PDS AccessKey: each retry has a new nonce', async () => {
    const file = { domain_id: 'd', drive_id: '1', file_id: 'f', name: 'n', type: 'file' };
    const { fetch, requests } = recordingFetch({ status: 429, headers: { 'retry-after': '1' } }, { status: 200, body: file });
    let n = 0;
    const pds = createPds({
      domainId: 'd',
      credentials: { accessKeyId: 'AK', accessKeySecret: 'secret' },
      fetch,
      ...({ sleep: recordingSleep().sleep } satisfies ClientTestHooks),
      nonce: () => `n${n++}`,
    });
    await expect(pds.getFile({ body: { drive_id: '1', file_id: 'f' } })).resolves.toEqual(file);
    expect(requests.map((r) => r.headers['x-acs-signature-nonce'])).toEqual(['n0', 'n1']);
  });

  it('gives up after maxRetries with the typed API error of the last answer', async () => {
    const busy = { status: 500, body: { error_code: 'MSS.00000004', error_msg: 'Internal Error' } };
    const { fetch, requests } = recordingFetch(busy);
    const ms = createMetaStudio({ projectId: 'p', credentials: { token: 't0ken' }, fetch, ...({ sleep: recordingSleep().sleep } satisfies ClientTestHooks), maxRetries: 1 });
    const error = await ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuaweiMetaStudioApiError);
    expect((error as HuaweiMetaStudioApiError).code).toBe('MSS.00000004');
    expect(requests).toHaveLength(2);
  });

  it('per-call maxRetries overrides the client', async () => {
    const { fetch, requests } = recordingFetch({ status: 503, body: { code: 'ServiceUnavailable', message: 'x' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, ...({ sleep: recordingSleep().sleep } satisfies ClientTestHooks) });
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }, { maxRetries: 0 })).rejects.toThrow();
    expect(requests).toHaveLength(1);
  });
});

describe('timeouts and abort through a client', () => {
  it('a timeout names the operation and the time and aborts the request', async () => {
    let aborted = false;
    const { fetch } = recordingFetch((r, signal) => {
      signal?.addEventListener('abort', () => (aborted = true));
      return hang(r, signal);
    });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 'secret-tok' }, fetch, timeout: 15, maxRetries: 0 });
    const error = await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as Error).message).toBe('ConfirmUpload: timed out after 15 ms');
    expect(aborted).toBe(true);
  });

  it('a per-call timeout and the caller’s AbortSignal are honoured', async () => {
    const { fetch } = recordingFetch(hang);
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, maxRetries: 0 });
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }, { timeout: 5 })).rejects.toBeInstanceOf(TimeoutError);
    const controller = new AbortController();
    const pending = smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });
});

describe('totalTimeout through a client (issue 9: Retry-After: 30 with timeout: 2000 took 60 s)', () => {
  const busy = { status: 503, headers: { 'retry-after': '30' }, body: { code: 'ServiceUnavailable', message: 'busy' } };

  it('by default, a wait the timeouts do not allow is not started: the 503 is reported at once', async () => {
    const { fetch, requests } = recordingFetch(busy, { status: 200, body: { code: 0 } });
    const { sleep, delays } = recordingSleep();
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, ...({ sleep } satisfies ClientTestHooks), timeout: 2000 });
    const error = (await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(503);
    expect(error.code).toBe('ServiceUnavailable');
    expect(error.attempts).toBe(1);
    expect(delays).toEqual([]);
    expect(requests).toHaveLength(1);
  });

  it('a client totalTimeout, and a per-call one over it', async () => {
    const { fetch } = recordingFetch(busy);
    const { sleep, delays } = recordingSleep();
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, ...({ sleep } satisfies ClientTestHooks), totalTimeout: 20_000 });
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } })).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(delays).toEqual([]);
    // The injected sleep returns at once, so 40 s of real time leave room for both waits.
    await expect(smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }, { totalTimeout: 40_000 })).rejects.toMatchObject({ attempts: 3 });
    expect(delays).toEqual([30_000, 30_000]);
  });

  it('running out during an attempt is a TimeoutError naming the limit, the operation and the attempts', async () => {
    const { fetch } = recordingFetch(hang);
    const ms = createMetaStudio({ projectId: 'p', credentials: { token: 't0ken' }, fetch, totalTimeout: 20 });
    const error = (await ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } }).catch((e: unknown) => e)) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ limit: 'totalTimeout', timeoutMs: 20, operationId: 'ConfirmFileUpload', attempts: 1 });
  });

  it('the default sleep really wakes up (every other test injects one)', async () => {
    const { fetch, requests } = recordingFetch({ status: 503, headers: { 'retry-after-ms': '5' } }, { status: 200, body: { code: 0, msg: 'ok' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch });
    await expect(smh.raw.POST('/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm', {
      params: { path: { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }, query: { confirm: '' } },
    })).resolves.toMatchObject({ data: { code: 0 } });
    expect(requests).toHaveLength(2);
  });
});

describe('the raw openapi-fetch client', () => {
  it('goes through the same credentials and pipeline', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: { code: 0, msg: 'ok' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 'raw-tok' }, fetch });
    const { data, response } = await smh.raw.POST('/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm', {
      params: { path: { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }, query: { confirm: '' } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ code: 0, msg: 'ok' });
    expect(requests[0]!.url).toBe('https://api.tencentsmh.cn/api/v1/file/l/-/k?confirm&access_token=raw-tok');
  });
});

describe('hostile answers', () => {
  it('never follows a redirect: no credential leaves for the new location, and the call fails typed', async () => {
    const { createServer } = await import('node:http');
    const seen: { path: string; headers: Record<string, unknown> }[] = [];
    const other = createServer((req, res) => {
      seen.push({ path: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
    await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
    const otherPort = (other.address() as { port: number }).port;
    const redirecting = createServer((req, res) => {
      req.resume();
      res.writeHead(307, { location: `http://localhost:${otherPort}/x?access_token=leak` }).end();
    });
    await new Promise<void>((r) => redirecting.listen(0, '127.0.0.1', r));
    const port = (redirecting.address() as { port: number }).port;
    try {
      const ms = createMetaStudio({ baseUrl: `http://127.0.0.1:${port}`, projectId: 'p', credentials: { token: 'iam-secret' } });
      const error = (await ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } }).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(TransportError);
      expect(error.message).toBe(
        `ConfirmFileUpload: HTTP 307 redirect to http://localhost:${otherPort} refused: drivespec never follows redirects (credentials would go along)`,
      );
      expect(seen).toEqual([]);
    } finally {
      await new Promise((r) => redirecting.close(r));
      await new Promise((r) => other.close(r));
    }
  });

  it('an undocumented 2xx is a ResponseValidationError, not an untyped undefined', async () => {
    for (const reply of [{ status: 202, text: '{garbage' }, { status: 201, body: { evil: true } }, { status: 204 }]) {
      const { fetch } = recordingFetch(reply);
      const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch });
      const error = await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseValidationError);
      expect((error as ResponseValidationError).issues).toEqual([
        { path: '', message: `HTTP ${reply.status} is not a documented answer`, keyword: 'status' },
      ]);
    }
  });

  it('request ids are scrubbed of secrets like codes and messages', async () => {
    const token = 'SECRETTOKEN12345';
    const { fetch } = recordingFetch({ status: 403, body: { code: 'InvalidAccessToken', message: 'no', requestId: `rid-${token}` } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: token }, fetch });
    const error = (await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e)) as ApiError;
    expect(error.requestId).toBe('rid-[REDACTED]');
    expect(error.message).not.toContain(token);
  });

  it('an error after retries says so: an earlier attempt may have completed the upload', async () => {
    const { fetch } = recordingFetch({ status: 502, text: '' }, { status: 409, body: { code: 'UploadComplete', message: 'done' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, ...({ sleep: recordingSleep().sleep } satisfies ClientTestHooks) });
    const error = (await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e)) as ApiError;
    expect(error.attempts).toBe(2);
    expect(error.message).toBe('ConfirmUpload: HTTP 409 UploadComplete: done after 2 attempts; an earlier attempt may have reached the service');
  });

  it('per-call options are checked like client options', async () => {
    const { fetch, requests } = recordingFetch({ status: 503 });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch });
    const call = (options: object) => smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }, options as never).catch((e: unknown) => e);
    for (const [options, option] of [
      [{ maxRetries: Infinity }, 'maxRetries'],
      [{ maxRetries: 1.5 }, 'maxRetries'],
      [{ timeout: Number.NaN }, 'timeout'],
      [{ totalTimeout: -1 }, 'totalTimeout'],
      [{ signal: {} }, 'signal'],
    ] as const) {
      const error = await call(options);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as ConfigurationError).option).toBe(option);
    }
    expect(requests).toHaveLength(0);
    expect(() => createSmh({ credentials: { accessToken: 't0ken' }, maxResponseBytes: Number.NaN })).toThrow(ConfigurationError);
  });
});
