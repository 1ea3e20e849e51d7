/**
 * The last line of defence of review D2: whatever `authorize` throws that is not a DrivespecError
 * (a TypeError from `Headers.set` that quotes the token, say) leaves `send` as a
 * ConfigurationError scrubbed of the call's secrets, also those an attempt registered, and
 * without the original error as `cause`; nothing is sent.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, DrivespecError } from '../../src/core/errors.js';
import { send, type Authorize, type TransportConfig } from '../../src/core/transport.js';
import { SigningError } from '../../src/signing/shared/signing-error.js';
import { fixedClock, recordingFetch, recordingSleep } from '../helpers/recording-fetch.js';

function config(authorize: Authorize) {
  const recorder = recordingFetch({ status: 200, body: {} });
  const cfg: TransportConfig = {
    fetch: recorder.fetch,
    now: fixedClock(),
    nonce: () => 'n',
    random: () => 0.5,
    sleep: recordingSleep().sleep,
    authorize,
    secrets: ['SEKRET-TOKEN'],
    maxRetries: 2,
    timeout: undefined,
    maxResponseBytes: 1024,
  };
  return { cfg, recorder };
}

const request = () => ({ method: 'POST', url: 'https://example.test/v1/op', headers: new Headers(), body: undefined });

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('transport: errors thrown by authorize', () => {
  it('a TypeError quoting the token becomes a scrubbed ConfigurationError, nothing sent, no retry', async () => {
    let calls = 0;
    const { cfg, recorder } = config((req) => {
      calls++;
      req.headers.set('Authorization', 'Bearer SEKRET-TOKEN\u0000'); // throws: 'Headers.set: "Bearer SEKRET-TOKEN\0" is an invalid header value.'
    });
    const error = await failure(send(cfg, 'GetFile', request()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).option).toBe('credentials');
    expect(error.message).toContain('GetFile');
    expect(error.message).toContain('TypeError');
    expect(error.cause).toBeUndefined();
    for (const text of [error.message, String(error.stack), inspect(error)]) expect(text).not.toContain('SEKRET-TOKEN');
    expect(recorder.requests).toHaveLength(0);
    expect(calls).toBe(1);
  });

  it('scrubs a secret the attempt registered with addSecret, and takes non-Error throws', async () => {
    const { cfg } = config((_req, ctx) => {
      ctx.addSecret('SIGNATURE-1234');
      throw new RangeError('bad SIGNATURE-1234');
    });
    const error = await failure(send(cfg, 'Op', request()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain('SIGNATURE-1234');
    const thrown = await failure(
      send(
        config(() => {
          throw 'plain SEKRET-TOKEN';
        }).cfg,
        'Op',
        request(),
      ),
    );
    expect(thrown).toBeInstanceOf(ConfigurationError);
    expect(thrown.message).not.toContain('SEKRET-TOKEN');
  });

  it('an async authorize that rejects is wrapped too', async () => {
    const { cfg } = config(async () => {
      throw new TypeError('SEKRET-TOKEN');
    });
    const error = await failure(send(cfg, 'Op', request()));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).not.toContain('SEKRET-TOKEN');
  });

  it('a DrivespecError (a SigningError) goes through as it is', async () => {
    const signing = new SigningError('credentials.sk', 'is empty');
    const error = await failure(send(config(() => Promise.reject(signing)).cfg, 'Op', request()));
    expect(error).toBe(signing);
    expect(error).toBeInstanceOf(DrivespecError);
  });
});
