/**
 * Header parameters through `client.raw` get the typed path's treatment (review D3): non-ASCII
 * text is sent as its UTF-8 octets (checked on the wire, from a raw node:http server's
 * rawHeaders), and a value no header can carry (NUL, CR, LF, another control character) is a
 * RequestValidationError before anything is sent, on the typed and the raw path alike.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/clients/huawei-metastudio.js';
import { RequestValidationError } from '../../src/core/errors.js';

const PATH = '/v1/{project_id}/files/{file_id}/complete';
const FILE = '00000000-0000-4000-8000-000000000001';
const seen: string[][] = [];
const server = createServer((req, res) => {
  seen.push(req.rawHeaders);
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
});
let baseUrl = '';
beforeAll(async () => {
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const client = () => createClient({ baseUrl, projectId: 'p', credentials: { token: 'tok' }, maxRetries: 0 });
/** The octets of the last request's header `name`, as received. */
function wireBytes(name: string): Buffer[] {
  const raw = seen.at(-1)!;
  return raw.flatMap((value, i) => (i % 2 === 1 && raw[i - 1]!.toLowerCase() === name.toLowerCase() ? [Buffer.from(value, 'latin1')] : []));
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the raw client's init, loosely
const rawPost = (init: any) => client().raw.POST(PATH, { body: { state: 'CREATED' }, ...init, params: { path: { project_id: 'p', file_id: FILE }, ...init.params } });

describe('client.raw header values', () => {
  it.each(['user-Ā', 'usér', '👤', 'e\u0301', 'a\u2028b'])('params.header %j is sent as its UTF-8 octets', async (value) => {
    const { response } = await rawPost({ params: { header: { 'X-App-UserId': value } } });
    expect(response.status).toBe(200);
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from(value, 'utf8')]);
  });

  it('headers given as a record, an array of values or a list of pairs are sent as UTF-8 octets', async () => {
    await rawPost({ headers: { 'X-App-UserId': 'user-Ā', 'X-Extra': ['é', 'Ā'] } });
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from('user-Ā', 'utf8')]);
    expect(Buffer.concat(wireBytes('x-extra')).toString('utf8')).toBe('é, Ā');
    await rawPost({ headers: [['X-App-UserId', 'user-Ā'], ['X-Extra', 'é'], ['X-Extra', 'b']] });
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from('user-Ā', 'utf8')]);
    expect(Buffer.concat(wireBytes('x-extra')).toString('utf8')).toBe('é, b');
    expect(wireBytes('0')).toEqual([]);
  });

  it('a call without init, a Headers instance, null headers and middleware work as in openapi-fetch', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a path outside the spec
    const raw = client().raw as any;
    expect((await raw.GET('/anywhere')).response.status).toBe(200);
    await rawPost({ headers: new Headers({ 'X-App-UserId': 'u-1' }) });
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from('u-1')]);
    expect((await rawPost({ headers: null })).response.status).toBe(200);
    const seenByMiddleware: string[] = [];
    raw.use({ onRequest: ({ request }: { request: Request }) => void seenByMiddleware.push(request.method) });
    await raw.POST(PATH, { params: { path: { project_id: 'p', file_id: FILE }, header: { 'X-App-UserId': 'user-Ā' } }, body: { state: 'CREATED' } });
    expect(seenByMiddleware).toEqual(['POST']);
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from('user-Ā', 'utf8')]);
  });

  it('ASCII values and the typed path are unchanged', async () => {
    await rawPost({ params: { header: { 'X-App-UserId': 'user-1' } } });
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from('user-1')]);
    await client().confirmFileUpload({ params: { path: { file_id: FILE }, header: { 'X-App-UserId': 'user-Ā' } }, body: { state: 'CREATED' } });
    expect(wireBytes('x-app-userid')).toEqual([Buffer.from('user-Ā', 'utf8')]);
  });
});

describe('header values no header can carry', () => {
  const BAD = ['a\u0000b', 'a\r\nX-Injected: 1', 'a\nb', 'a\u0001b', 'a\u007fb', 'a\ud800b'];

  async function refused(promise: Promise<unknown>): Promise<RequestValidationError> {
    const before = seen.length;
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RequestValidationError);
    expect(seen.length).toBe(before); // nothing sent
    return error as RequestValidationError;
  }

  it.each(BAD)('typed path, X-App-UserId %j: RequestValidationError', async (value) => {
    const error = await refused(
      client().confirmFileUpload({ params: { path: { file_id: FILE }, header: { 'X-App-UserId': value } }, body: { state: 'CREATED' } }),
    );
    expect(error.operationId).toBe('ConfirmFileUpload');
    expect(error.issues.map((i) => i.path)).toContain('/header/X-App-UserId');
  });

  it.each(BAD)('raw path, params.header X-App-UserId %j: RequestValidationError naming the operation', async (value) => {
    const error = await refused(rawPost({ params: { header: { 'X-App-UserId': value } } }));
    expect(error.operationId).toBe('ConfirmFileUpload');
    expect(error.issues).toEqual([expect.objectContaining({ path: '/header/X-App-UserId' })]);
  });

  it.each(BAD)('raw path, headers X-App-UserId %j (record and pairs): RequestValidationError', async (value) => {
    for (const headers of [{ 'X-App-UserId': value }, [['X-App-UserId', value]]]) {
      const error = await refused(rawPost({ headers }));
      expect(error.issues).toEqual([expect.objectContaining({ path: '/headers/X-App-UserId' })]);
    }
    await refused(client().raw.request('post', PATH, { params: { path: { project_id: 'p', file_id: FILE } }, headers: { 'X-App-UserId': value }, body: { state: 'CREATED' } } as never));
  });

  it('a path the spec does not have is named by method and path', async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a path outside the spec
    const error = await refused((client().raw as any).GET('/nowhere', { headers: { 'X-A': 'a\u0000b' } }));
    expect(error.operationId).toBe('GET /nowhere');
  });
});
