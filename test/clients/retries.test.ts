/** Retries, timeouts and abort through the public clients (the transport has its own unit tests). */
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { AbortError, HuaweiMetaStudioApiError, TimeoutError } from '../../src/core/errors.js';
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
      sleep,
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
      sleep: recordingSleep().sleep,
      nonce: () => `n${n++}`,
    });
    await expect(pds.getFile({ body: { drive_id: '1', file_id: 'f' } })).resolves.toEqual(file);
    expect(requests.map((r) => r.headers['x-acs-signature-nonce'])).toEqual(['n0', 'n1']);
  });

  it('gives up after maxRetries with the typed API error of the last answer', async () => {
    const busy = { status: 500, body: { error_code: 'MSS.00000004', error_msg: 'Internal Error' } };
    const { fetch, requests } = recordingFetch(busy);
    const ms = createMetaStudio({ projectId: 'p', credentials: { token: 't0ken' }, fetch, sleep: recordingSleep().sleep, maxRetries: 1 });
    const error = await ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HuaweiMetaStudioApiError);
    expect((error as HuaweiMetaStudioApiError).code).toBe('MSS.00000004');
    expect(requests).toHaveLength(2);
  });

  it('per-call maxRetries overrides the client', async () => {
    const { fetch, requests } = recordingFetch({ status: 503, body: { code: 'ServiceUnavailable', message: 'x' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't0ken' }, fetch, sleep: recordingSleep().sleep });
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

describe('the raw openapi-fetch client', () => {
  it('goes through the same credentials and pipeline', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, body: { code: 0, msg: 'ok' } });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 'raw-tok' }, fetch });
    const { data, response } = await smh.raw.POST('/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}', {
      params: { path: { LibraryId: 'l', SpaceId: '-', ConfirmKey: 'k' }, query: { confirm: true } },
    });
    expect(response.status).toBe(200);
    expect(data).toEqual({ code: 0, msg: 'ok' });
    expect(requests[0]!.url).toBe('https://api.tencentsmh.cn/api/v1/file/l/-/k?confirm&access_token=raw-tok');
  });
});
