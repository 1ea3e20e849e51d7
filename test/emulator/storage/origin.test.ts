/**
 * `RequestContext.origin`: handlers mint upload URLs on the origin the client reached, so a URL
 * works through the same host name (and port) the client used.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createProviderEmulators } from '../../../src/emulator/providers/create-provider-emulators.js';
import type { ProviderEmulator } from '../../../src/emulator/providers/provider.js';
import { startEmulatorWith } from '../../../src/emulator/server.js';
import type { RunningEmulator } from '../../../src/emulator/types.js';
import { authHeaders, rawRequest } from '../support/fixture.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
});

describe('RequestContext.origin', () => {
  it('is the Host header the client sent, else the emulator URL; a minted URL on it is accepted', async () => {
    const seen: string[] = [];
    let minted = '';
    emulator = await startEmulatorWith({}, (env) => {
      const providers = createProviderEmulators(env);
      const pds = providers['aliyun-pds'] as ProviderEmulator;
      // A GetFile that answers with a storage URL minted on ctx.origin, as CreateFile's handler will.
      const handlers = {
        ...pds.handlers,
        GetFile: (ctx: { origin: string }) => {
          seen.push(ctx.origin);
          const key = env.storage.create({ provider: 'aliyun-pds', flavor: 'oss', mode: 'single', expiresAt: new Date(Date.now() + 60_000) });
          minted = env.storage.putUrl(key, ctx.origin);
          return { status: 200, body: {} };
        },
      };
      return { ...providers, 'aliyun-pds': { ...pds, handlers } as typeof providers['aliyun-pds'] };
    });
    const body = JSON.stringify({ drive_id: '1', file_id: 'f' });
    const headers = authHeaders(emulator, 'aliyun-pds', new Date());
    await rawRequest(emulator.url, { path: '/v2/file/get', headers: { ...headers, host: `localhost:${emulator.port}` }, body });
    await rawRequest(emulator.url, { path: '/v2/file/get', headers: { ...headers, host: '' }, body });
    expect(seen).toEqual([`http://localhost:${emulator.port}`, emulator.url]);
    expect(minted.startsWith(`${emulator.url}/__drivespec/storage/oss/`)).toBe(true);
    const put = await fetch(minted, { method: 'PUT', body: 'abc' });
    expect(put.status).toBe(200);
  });
});
