/**
 * `client.invoke(operationId, init)` is the same call as the operation's method: same request on
 * the wire, same result, same refusals (issue 10 item 1, the typed invoke).
 */
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { examples } from '../../generated/aliyun-pds/examples.js';
import { RequestValidationError } from '../../src/core/errors.js';

/** The documented GetFile success body (specs/aliyun-pds.yaml). */
const documented = examples.find((p) => p.operationId === 'GetFile' && p.name === 'documented-success')!.response.body;

function recorder() {
  const seen: { url: string; body: string }[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    seen.push({ url: request.url, body: await request.text() });
    return new Response(JSON.stringify(documented), {
      status: 200,
      headers: { 'content-type': 'application/json', 'x-ca-request-id': 'r-1' },
    });
  };
  return { seen, fetch };
}

describe('invoke', () => {
  it('sends what the method sends and resolves to the same body', async () => {
    const a = recorder();
    const b = recorder();
    const viaMethod = createPds({ domainId: 'd', credentials: { accessToken: 't0ken' }, fetch: a.fetch });
    const viaInvoke = createPds({ domainId: 'd', credentials: { accessToken: 't0ken' }, fetch: b.fetch });
    const init = { body: { drive_id: '1', file_id: 'f' } };
    const [x, y] = await Promise.all([viaMethod.getFile(init), viaInvoke.invoke('GetFile', init)]);
    expect(y).toEqual(x);
    expect(y).toEqual(documented);
    expect(b.seen).toEqual([{ url: 'https://d.api.aliyunpds.com/v2/file/get', body: '{"drive_id":"1","file_id":"f"}' }]);
    expect(b.seen).toEqual(a.seen);
  });

  it('refuses what the method refuses, before sending', async () => {
    const r = recorder();
    const client = createPds({ domainId: 'd', credentials: { accessToken: 't0ken' }, fetch: r.fetch });
    await expect(client.invoke('GetFile', { body: { drive_id: '1' } } as never)).rejects.toThrow(RequestValidationError);
    await expect(client.invoke('Nope' as never, {} as never)).rejects.toThrow(/unknown operation Nope/);
    expect(r.seen).toEqual([]);
  });
});
