import type { ClientTestHooks } from '../../src/core/client-options.js';
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { ApiError, ConfigurationError, DrivespecError, RequestValidationError } from '../../src/core/errors.js';
import { recordingFetch } from '../helpers/recording-fetch.js';

function configError(make: () => unknown): ConfigurationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toBeInstanceOf(DrivespecError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

describe('bad configuration fails at createClient, naming the option', () => {
  it.each([
    ['an AccessKey id without its secret', () => createPds({ domainId: 'd', credentials: { accessKeyId: 'AK' } as never }), 'credentials.accessKeySecret'],
    ['an empty token', () => createPds({ domainId: 'd', credentials: { accessToken: '' } }), 'credentials.accessToken'],
    ['both a token and an AccessKey pair', () => createPds({ domainId: 'd', credentials: { accessToken: 't', accessKeyId: 'a', accessKeySecret: 's' } as never }), 'credentials'],
    ['no credentials at all', () => createPds({ domainId: 'd' } as never), 'credentials'],
    ['a domain id that would change the host', () => createPds({ domainId: 'evil.com/x', credentials: { accessToken: 't' } }), 'domainId'],
    ['neither baseUrl nor domainId', () => createPds({ credentials: { accessToken: 't' } }), 'domainId'],
    ['a baseUrl with a query', () => createPds({ baseUrl: 'https://x.test/?a=1', credentials: { accessToken: 't' } }), 'baseUrl'],
    // The shared check (core/base-url.ts): an empty query still makes appended paths a query.
    ['a baseUrl ending in a bare ?', () => createPds({ baseUrl: 'https://x.test/?', credentials: { accessToken: 't' } }), 'baseUrl'],
    ['a baseUrl that is not a string', () => createPds({ baseUrl: 42 as never, credentials: { accessToken: 't' } }), 'baseUrl'],
    ['negative retries', () => createPds({ domainId: 'd', maxRetries: -1, credentials: { accessToken: 't' } }), 'maxRetries'],
    ['a NaN timeout', () => createPds({ domainId: 'd', timeout: Number.NaN, credentials: { accessToken: 't' } }), 'timeout'],
    ['a negative totalTimeout', () => createPds({ domainId: 'd', totalTimeout: -5, credentials: { accessToken: 't' } }), 'totalTimeout'],
    ['an infinite totalTimeout', () => createSmh({ totalTimeout: Infinity, credentials: { accessToken: 't' } }), 'totalTimeout'],
    ['an AK without SK', () => createMetaStudio({ projectId: 'p', credentials: { ak: 'a' } as never }), 'credentials.sk'],
    ['a token and AK/SK together', () => createMetaStudio({ projectId: 'p', credentials: { token: 't', ak: 'a', sk: 's' } as never }), 'credentials'],
    ['a missing project id', () => createMetaStudio({ credentials: { token: 't' } } as never), 'projectId'],
    ['an unknown region', () => createMetaStudio({ projectId: 'p', region: 'mars-1' as never, credentials: { token: 't' } }), 'region'],
    ['an empty SMH token', () => createSmh({ credentials: { accessToken: ' ' } }), 'credentials.accessToken'],
    ['KooDrive without a user id', () => createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: 't' } as never }), 'credentials.userId'],
    ['KooDrive without a host', () => createKooDrive({ credentials: { accessToken: 't', userId: 'u' } } as never), 'baseUrl'],
    ['a clock that is not a function (D7)', () => createPds({ domainId: 'd', now: 5 as never, credentials: { accessToken: 't' } }), 'now'],
    ['a nonce source that is not a function', () => createPds({ domainId: 'd', nonce: 'n' as never, credentials: { accessToken: 't' } }), 'nonce'],
    ['a random source that is not a function', () => createSmh({ ...({ random: 0.5 as never } satisfies ClientTestHooks), credentials: { accessToken: 't' } }), 'random'],
    ['a sleep that is not a function', () => createSmh({ ...({ sleep: {} as never } satisfies ClientTestHooks), credentials: { accessToken: 't' } }), 'sleep'],
    ['a fetch that is not a function', () => createSmh({ fetch: 'https://x' as never, credentials: { accessToken: 't' } }), 'fetch'],
    ['an unknown responseValidation', () => createPds({ domainId: 'd', responseValidation: 'bogus' as never, credentials: { accessToken: 't' } }), 'responseValidation'],
    ['a null responseValidation', () => createSmh({ responseValidation: null as never, credentials: { accessToken: 't' } }), 'responseValidation'],
    ['KooDrive with an odd bearer separator', () => createKooDrive({ baseUrl: 'https://k.test', bearerSeparator: ':' as never, credentials: { accessToken: 't', userId: 'u' } }), 'bearerSeparator'],
  ])('%s', (_name, make, option) => {
    const error = configError(make);
    expect(error.option).toBe(option);
    expect(error.message.startsWith(`${option}: `)).toBe(true);
  });

  it('never echoes a secret in a configuration error', () => {
    const error = configError(() => createPds({ domainId: 'd', credentials: { accessToken: 'tok-abc', accessKeyId: 'a', accessKeySecret: 'sec-xyz' } as never }));
    expect(error.message).not.toMatch(/tok-abc|sec-xyz/);
  });
});

describe('a bad request init or call options argument fails before sending, never as a TypeError (D7)', () => {
  const client = () => {
    const recorder = recordingFetch({ status: 200, body: {} });
    const pds = createPds({ domainId: 'd', credentials: { accessToken: 't' }, fetch: recorder.fetch, maxRetries: 0, responseValidation: 'off' });
    return { pds, recorder };
  };
  const body = { body: { drive_id: '1', file_id: 'f' } };

  it.each([
    ['null', null],
    ['a string', 'f'],
    ['a number', 5],
    ['an array', [body]],
    ['params null', { params: null, ...body }],
    ['params a string', { params: 'x', ...body }],
  ])('init %s is a RequestValidationError, as bad parameters are', async (_name, init) => {
    const { pds, recorder } = client();
    const error = await pds.getFile(init as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestValidationError);
    expect((error as RequestValidationError).part).toBe('parameters');
    expect((error as RequestValidationError).operationId).toBe('GetFile');
    expect(recorder.requests).toHaveLength(0);
  });

  it.each([
    ['null', null],
    ['a number', 5],
    ['a string', 'fast'],
  ])('call options %s is a ConfigurationError, as bad call options are', async (_name, call) => {
    const { pds, recorder } = client();
    const error = await pds.getFile(body as never, call as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('callOptions');
    expect(recorder.requests).toHaveLength(0);
  });

  it('a valid init and no call options still sends', async () => {
    const { pds, recorder } = client();
    await pds.getFile(body as never);
    expect(recorder.requests).toHaveLength(1);
  });
});

describe('no secret in any error', () => {
  it('an SMH error whose message echoes the token and URL is redacted', async () => {
    const token = 'smh-secret-token-123';
    const { fetch } = recordingFetch({
      status: 403,
      body: { code: 'InvalidAccessToken', message: `token ${token} is invalid for /api?access_token=${token}` },
    });
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: token }, fetch });
    const error = (await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e)) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('InvalidAccessToken');
    expect(error.message).not.toContain(token);
    expect(JSON.stringify({ ...error, message: error.message, stack: error.stack })).not.toContain(`token ${token}`);
  });

  it('a network failure names the host and path but not the query token', async () => {
    const token = 'smh-secret-token-456';
    const { fetch } = recordingFetch(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }));
    const smh = createSmh({ libraryId: 'l', credentials: { accessToken: token }, fetch, maxRetries: 0 });
    const error = (await smh.confirmUpload({ params: { path: { ConfirmKey: 'k' } } }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe('ConfirmUpload: network error calling https://api.tencentsmh.cn/api/v1/file/l/-/k: ENOTFOUND');
    expect(error.message).not.toContain(token);
  });
});
