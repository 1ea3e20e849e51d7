/**
 * RFC 9112 §3.2: "A server MUST respond with a 400 (Bad Request) status code to any HTTP/1.1
 * request message that lacks a Host header field and to any request message that contains more
 * than one Host header field line or a Host header field with an invalid field value" (review D11).
 * Raw sockets: fetch cannot send two Host lines. Node keeps the first Host line in req.headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseReply, providerRoutes, rawConnection } from './support/limits.js';
import { startHarness, type Harness } from './support/fixture.js';

const routes = providerRoutes();
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const exchange = async (head: string) => parseReply(await rawConnection(h.emulator.url, `${head}\r\ncontent-length: 2\r\n\r\n{}`).reply);

describe('Host header lines', () => {
  it.each(routes.map((r) => [`${r.provider} ${r.path.split('?')[0]}`, r.path]))('%s: two Host lines: the neutral JSON 400, connection closed', async (_route, path) => {
    for (const hosts of ['host: emulator\r\nhost: emulator', 'Host: a\r\nHOST: b', 'host: emulator\r\nx-other: 1\r\nhost: other']) {
      const r = await exchange(`POST ${path} HTTP/1.1\r\n${hosts}`);
      expect(r.status, hosts).toBe(400);
      expect(r.json, hosts).toEqual({ code: 'BadRequest', message: 'A request must carry at most one Host header.' });
      expect(r.headers).toContain('connection: close');
    }
  });

  it('two Host lines in HTTP/1.0 too ("any request message")', async () => {
    const r = parseReply(await rawConnection(h.emulator.url, 'GET /__drivespec/health HTTP/1.0\r\nhost: a\r\nhost: a\r\n\r\n').reply.then((t) => t.replace(/^HTTP\/1\.0/, 'HTTP/1.1')));
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'BadRequest', message: 'A request must carry at most one Host header.' });
  });

  it.each(['a b', 'a/b', 'a@b', 'a:b:c', 'a:8o', '[::1', 'h%zz', 'a?b'])('an invalid Host value %j: the neutral JSON 400', async (host) => {
    const r = await exchange(`POST ${routes[0]!.path} HTTP/1.1\r\nhost: ${host}`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({ code: 'BadRequest', message: 'The Host header is not a valid host[:port].' });
  });

  it.each(['emulator', '127.0.0.1:4000', '[::1]:4000', '[fe80::1%25eth0]', 'ex-ample.test', 'a%41b', 'h:', ''])('a valid Host %j is served (health 200)', async (host) => {
    const r = parseReply(await rawConnection(h.emulator.url, `GET /__drivespec/health HTTP/1.1\r\nhost: ${host}\r\nconnection: close\r\n\r\n`).reply);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: true });
  });

  it('one Host line: the request reaches the provider (not the 400)', async () => {
    const r = await exchange(`POST /v2/file/complete HTTP/1.1\r\nhost: emulator\r\nconnection: close`);
    expect(r.status).not.toBe(400);
    expect(r.json).not.toMatchObject({ code: 'BadRequest' });
  });
});
