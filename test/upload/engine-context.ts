/**
 * The upload context of a real client (createOperationClient's `uploadContext`), for the engine's
 * tests: part PUTs go through the same transport a provider client's do. Built on the tencent-smh
 * spec; the engine itself knows no provider but the ApiError class it names.
 */
import { clientOptions } from '../../generated/tencent-smh/client.js';
import { operations, providerInfo } from '../../generated/tencent-smh/operations.js';
import * as validators from '../../generated/tencent-smh/validators.js';
import { createOperationClient } from '../../src/core/operation-client.js';
import type { UploadContext } from '../../src/upload/types.js';

export const TOKEN = 'smh-token-0123456789abcdef';

export interface ContextOptions {
  fetch?: typeof globalThis.fetch;
  maxRetries?: number;
  timeout?: number;
  sleeps?: number[];
}

export function uploadContext(options: ContextOptions = {}): UploadContext {
  const sleeps = options.sleeps ?? [];
  const core = createOperationClient(
    {
      spec: { info: providerInfo, operations, validators, clientOptions },
      baseUrl: 'http://127.0.0.1:1',
      authorize: () => {},
      errorFields: () => ({ code: undefined, message: undefined, requestId: undefined }),
      secrets: [TOKEN],
    },
    {
      ...(options.fetch ? { fetch: options.fetch } : {}),
      maxRetries: options.maxRetries ?? 2,
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      // Backoff waits recorded, not waited (an abort still cuts them short).
      random: () => 0,
      sleep: (ms: number, signal?: AbortSignal) => {
        sleeps.push(ms);
        return signal?.aborted ? Promise.reject(signal.reason) : Promise.resolve();
      },
    } as never,
  );
  return core.uploadContext;
}

/** The hex MD5 the storage answers as a part's ETag, by node:crypto. */
export { createHash } from 'node:crypto';
