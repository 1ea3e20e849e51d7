/**
 * A `ProviderEnv.storage` for tests that build providers without a server (router, dispatch,
 * statuses): any use fails the test, since nothing there should store bytes.
 */
import type { UploadStore } from '../../../src/emulator/storage/upload-store.js';

export function unusedStorage(): UploadStore {
  const unused = (): never => {
    throw new Error('this test builds providers without storage');
  };
  return { create: unused, putUrl: unused, cosTarget: unused, renew: unused, parts: unused, complete: unused, seal: unused, discard: unused, has: unused };
}
