/**
 * The emulator's CORS (issue 13, src/emulator/cors.ts) through node fetch with `Origin` headers,
 * as a browser sends them: preflights answered before authentication, allowed and refused
 * origins, the refusal in each provider's documented 403 shape (checked against the spec), the
 * exposed headers a client reads (request ids, ETag on the storage PUTs), and credentials never
 * echoed. Real Chromium runs the same policy in test/browser/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient as createPdsClient } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDriveClient } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudioClient } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmhClient } from '../../src/clients/tencent-smh.js';
import { ConfigurationError } from '../../src/core/errors.js';
import { providerIds, providers, type ProviderId } from '../../src/core/provider.js';
import { createCorsPolicy } from '../../src/emulator/cors.js';
import { checkAnswer } from '../../src/emulator/response-check.js';
import { startEmulator } from '../../src/emulator/server.js';
import { parseEmulateArgs, usage } from '../../src/cli/emulate.js';
import { UsageError } from '../../src/cli/args.js';
import { securitySchemes as pdsSchemes } from '../../generated/aliyun-pds/operations.js';
import { securitySchemes as kooSchemes } from '../../generated/huawei-koodrive/operations.js';
import { securitySchemes as metaSchemes } from '../../generated/huawei-metastudio/operations.js';
import type { EmulatorAnswerInfo } from '../../src/emulator/types.js';
import { T0, rawRequest, smhPath, startHarness, type Harness } from './support/fixture.js';

const PAGE = 'http://127.0.0.1:5173';
const EVIL = 'https://pages.example';

/** One operation per provider, with its method and a path the router matches. */
function target(h: Harness, provider: ProviderId): { method: string; path: string } {
  const c = h.emulator.credentials;
  switch (provider) {
    case 'aliyun-pds':
      return { method: 'POST', path: '/v2/file/get' };
    case 'huawei-koodrive':
      return { method: 'POST', path: '/koodrive/ose/v1/files/complete' };
    case 'huawei-metastudio':
      return { method: 'POST', path: `/v1/${c['huawei-metastudio'].projectId}/files/f1/complete` };
    case 'tencent-smh':
      return { method: 'POST', path: smhPath(h.emulator, 'k') };
  }
}

/** The operation the target reaches, to check answers against its spec entry. */
const operationOf: Record<ProviderId, string> = {
  'aliyun-pds': 'GetFile',
  'huawei-koodrive': 'CompleteFile',
  'huawei-metastudio': 'ConfirmFileUpload',
  'tencent-smh': 'ConfirmUpload',
};

/** The non-safelisted request headers each provider's client sends (what Chromium lists in a preflight). */
const requested: Record<ProviderId, string> = {
  'aliyun-pds': 'authorization,content-type,x-acs-action,x-acs-signature-nonce,x-acs-version',
  'huawei-koodrive': 'authorization,content-type,x-date,x-user-id',
  'huawei-metastudio': 'authorization,content-type,x-project-id,x-sdk-date',
  'tencent-smh': 'content-type',
};

const preflight = (url: string, origin: string, method: string, headers?: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) },
  });

let h: Harness;
const answers: EmulatorAnswerInfo[] = [];

beforeAll(async () => {
  h = await startHarness({ onAnswer: (a) => answers.push(a) });
});
afterAll(() => h?.close());

describe.each(providerIds)('%s', (provider) => {
  it('a preflight from a loopback origin: 204 before authentication, the requested method and headers allowed, no credentials mode', async () => {
    const t = target(h, provider);
    // No credentials at all: a preflight never carries them (Fetch standard), so it is answered first.
    const r = await preflight(`${h.emulator.url}${t.path.replace(/access_token=[^&]*/, '')}`, PAGE, t.method, requested[provider]);
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(r.headers.get('access-control-allow-methods')).toBe(t.method);
    expect(r.headers.get('access-control-allow-headers')!.split(', ').sort()).toEqual(requested[provider].split(',').sort());
    expect(Number(r.headers.get('access-control-max-age'))).toBeGreaterThan(0);
    expect(r.headers.get('vary')).toMatch(/\bOrigin\b/);
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await r.text()).toBe('');
  });

  it('a preflight from an origin not allowed, for a header not allowed or a method the path does not serve: 403 in the provider shape, no CORS headers', async () => {
    const t = target(h, provider);
    const url = `${h.emulator.url}${t.path}`;
    for (const r of [
      await preflight(url, EVIL, t.method, requested[provider]),
      await preflight(url, PAGE, t.method, 'x-not-a-provider-header'),
      await preflight(url, PAGE, 'DELETE'),
      await preflight(url, 'null', t.method),
    ]) {
      expect(r.status).toBe(403);
      expect(r.headers.get('access-control-allow-origin')).toBeNull();
      expect(r.headers.get('access-control-allow-methods')).toBeNull();
      const body = await r.json();
      expect(checkAnswer(provider, operationOf[provider], 403, body)).toEqual({ against: 'spec', issues: [] });
      expect(r.headers.get(providers[provider].requestIdHeader)).toMatch(/^00000000-0000-4000-8000-/);
    }
  });

  it('an actual request from an allowed origin: its answer (here the credentials error) carries the origin and exposes the request-id header', async () => {
    const t = target(h, provider);
    const path = provider === 'tencent-smh' ? t.path.replace(/access_token=[^&]*/, 'access_token=wrong') : t.path;
    const r = await fetch(`${h.emulator.url}${path}`, { method: t.method, headers: { origin: PAGE, 'content-type': 'application/json' }, body: '{}' });
    expect([400, 401, 403]).toContain(r.status);
    expect(r.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(r.headers.get('vary')).toBe('Origin');
    const exposed = r.headers.get('access-control-expose-headers')!.split(', ');
    expect(exposed).toContain(providers[provider].requestIdHeader);
    expect(r.headers.get(providers[provider].requestIdHeader)).not.toBeNull();
    expect(r.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('an actual request from an origin not allowed: 403 in the provider shape before any work, no CORS headers', async () => {
    const t = target(h, provider);
    const r = await fetch(`${h.emulator.url}${t.path}`, { method: t.method, headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{}' });
    expect(r.status).toBe(403);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
    expect(checkAnswer(provider, operationOf[provider], 403, await r.json())).toEqual({ against: 'spec', issues: [] });
  });
});

it('the allowed request headers include every header security scheme of the specs', async () => {
  const schemes: [ProviderId, Record<string, { in: string | null; name: string | null }>][] = [
    ['aliyun-pds', pdsSchemes],
    ['huawei-koodrive', kooSchemes],
    ['huawei-metastudio', metaSchemes],
  ];
  for (const [provider, table] of schemes) {
    const names = Object.values(table).flatMap((s) => (s.in === 'header' && s.name ? [s.name.toLowerCase()] : []));
    expect(names.length).toBeGreaterThan(0);
    const t = target(h, provider);
    const r = await preflight(`${h.emulator.url}${t.path}`, PAGE, t.method, names.join(','));
    expect(r.status, `${provider}: ${names}`).toBe(204);
  }
});

it('a refused simple request does not run: an SMH confirm from another site leaves the upload to the allowed page', async () => {
  h.emulator.seed.smhUpload({ confirmKey: 'cors-k', path: ['cors.txt'] });
  const url = `${h.emulator.url}${smhPath(h.emulator, 'cors-k')}`;
  const refused = await fetch(url, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{}' });
  expect(refused.status).toBe(403);
  expect(await refused.json()).toMatchObject({ code: 'CorsForbidden' });
  const allowed = await fetch(url, { method: 'POST', headers: { origin: PAGE, 'content-type': 'application/json' }, body: '{}' });
  expect(allowed.status).toBe(200);
  expect(allowed.headers.get('access-control-allow-origin')).toBe(PAGE);
  expect(allowed.headers.get('access-control-expose-headers')).toContain('x-smh-request-id');
});

it('the seed route is refused to other sites too (no CSRF reset of a developer emulator)', async () => {
  const r = await fetch(`${h.emulator.url}/__drivespec/seed`, { method: 'POST', headers: { origin: EVIL, 'content-type': 'text/plain' }, body: '{"kind":"reset"}' });
  expect(r.status).toBe(403);
  expect(await r.json()).toMatchObject({ code: 'CorsForbidden' });
  expect((await preflight(`${h.emulator.url}/__drivespec/seed`, PAGE, 'POST', 'content-type')).status).toBe(204);
});

describe('uploads from a page origin: every answer, storage PUTs included, carries the origin; ETag exposed', () => {
  const withOrigin =
    (origin: string): typeof fetch =>
    (input, init) => {
      const headers = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined));
      headers.set('origin', origin);
      return fetch(input, { ...init, headers });
    };
  const blob = (n: number, seed: number) => new Blob([Uint8Array.from({ length: n }, (_, i) => (i * seed + 7) & 0xff)]);

  it.each(providerIds)('%s upload() of a Blob', async (provider) => {
    const c = h.emulator.credentials;
    const common = { baseUrl: h.emulator.url, now: () => T0, maxRetries: 0, fetch: withOrigin(PAGE) };
    const from = answers.length;
    switch (provider) {
      case 'aliyun-pds':
        await createPdsClient({ ...common, credentials: { accessToken: c['aliyun-pds'].accessToken } }).upload(
          blob(250 * 1024, 3),
          { drive_id: '1', parent_file_id: 'root', name: 'cors.bin' },
          { partSize: 100 * 1024 },
        );
        break;
      case 'huawei-koodrive':
        await createKooDriveClient({ ...common, credentials: c['huawei-koodrive'] }).upload(blob(1000, 5), { parentFolder: 'root', fileName: 'cors.bin' });
        break;
      case 'huawei-metastudio':
        await createMetaStudioClient({ ...common, projectId: c['huawei-metastudio'].projectId, credentials: { token: c['huawei-metastudio'].token } }).upload(
          blob(1000, 9),
          { asset: { asset_name: 'cors', asset_type: 'VIDEO' }, file_name: 'clip.mp4', asset_file_category: 'MAIN' },
        );
        break;
      case 'tencent-smh':
        await createSmhClient({ ...common, libraryId: c['tencent-smh'].libraryId, credentials: { accessToken: c['tencent-smh'].accessToken } }).upload(
          blob(2 << 20, 11),
          { path: 'docs/cors.bin' },
          { partSize: 1 << 20, rapidUpload: false },
        );
        break;
    }
    const seen = answers.slice(from);
    const puts = seen.filter((a) => a.method === 'PUT');
    expect(puts.length, 'storage PUTs').toBeGreaterThan(0);
    for (const a of seen) expect(a.headers['access-control-allow-origin'], `${a.method} ${a.url}`).toBe(PAGE);
    for (const a of puts) {
      expect(a.headers.etag).toMatch(/^"[0-9a-f]{32}"$/);
      expect(a.headers['access-control-expose-headers']!.split(', ')).toContain('etag');
    }
  });

  it('a storage PUT: preflight allows any requested header (bucket rules with AllowedHeader *); another site gets the XML AccessForbidden', async () => {
    const put = answers.find((a) => a.method === 'PUT' && a.url.includes('/storage/oss/'))!;
    const path = put.url.split('?', 1)[0]!;
    const ok = await preflight(`${h.emulator.url}${path}`, PAGE, 'PUT', 'content-md5,content-type,x-oss-anything');
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-headers')).toBe('content-md5, content-type, x-oss-anything');
    const refused = await preflight(`${h.emulator.url}${path}`, EVIL, 'PUT');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(await refused.text()).toMatch(/<Code>AccessForbidden<\/Code><Message>CORSResponse: This CORS request is not allowed/);
    expect((await preflight(`${h.emulator.url}${path}`, PAGE, 'POST')).status).toBe(403);
  });

  it('credentials are never echoed: no answer header carries a token or key, none allows credentials mode', () => {
    const secrets = Object.values(h.emulator.credentials).flatMap((c) => Object.values(c as Record<string, string>)).filter((v) => v.length > 12);
    expect(answers.length).toBeGreaterThan(20);
    for (const a of answers) {
      expect(a.headers['access-control-allow-credentials']).toBeUndefined();
      const text = JSON.stringify(a.headers);
      for (const s of secrets) expect(text).not.toContain(s);
    }
  });
});

it('hostile CORS input is refused, bounded and typed: malformed or huge requested-header lists, two Origin headers', async () => {
  const url = `${h.emulator.url}/v2/file/get`;
  // A list longer than 8 KiB is refused unread, not split and scanned.
  for (const headers of ['authorization;content-type', 'a b', `${'x-acs-a,'.repeat(1200)}x-acs-b`]) {
    const r = await preflight(url, PAGE, 'POST', headers);
    expect(r.status, headers.slice(0, 40)).toBe(403);
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  }
  const twice = await rawRequest(h.emulator.url, {
    method: 'OPTIONS',
    path: '/v2/file/get',
    headers: { origin: [PAGE, 'http://localhost:1'] as unknown as string, 'access-control-request-method': 'POST' },
  });
  expect(twice.status).toBe(403);
  expect(twice.headers['access-control-allow-origin']).toBeUndefined();
});

describe('corsOrigins', () => {
  it('exact origins replace the loopback default; "loopback" and "*" keywords', async () => {
    const e = await startEmulator({ corsOrigins: ['https://app.example'] });
    try {
      const url = `${e.url}/v2/file/get`;
      expect((await preflight(url, 'https://app.example', 'POST', 'authorization,content-type')).status).toBe(204);
      expect((await preflight(url, 'https://app.example:8443', 'POST')).status).toBe(403);
      expect((await preflight(url, PAGE, 'POST')).status).toBe(403);
    } finally {
      await e.close();
    }
    const policy = createCorsPolicy(['loopback', 'https://app.example']);
    expect(['http://localhost:3000', 'http://127.0.0.2', 'http://[::1]:8080', 'https://app.example'].map((o) => policy.allows(o))).toEqual([true, true, true, true]);
    expect(['http://localhost.example', 'null', 'http://10.0.0.1', 'file://', 'https://app.example/'].map((o) => policy.allows(o))).toEqual([false, false, false, false, false]);
    expect(createCorsPolicy(['*']).allows('https://anything.example')).toBe(true);
    expect(createCorsPolicy().allows('https://anything.example')).toBe(false);
  });

  it('anything that is not an origin or a keyword is a ConfigurationError', async () => {
    for (const bad of [['https://app.example/path'], ['app.example'], ['HTTPS://APP.EXAMPLE'], [42], 'https://app.example']) {
      await expect(startEmulator({ corsOrigins: bad as string[] })).rejects.toBeInstanceOf(ConfigurationError);
    }
  });

  it('drivespec emulate --cors-origin, repeatable, checked before starting', () => {
    expect(parseEmulateArgs(['--cors-origin', 'https://a.example', '--cors-origin', 'loopback']).corsOrigins).toEqual(['https://a.example', 'loopback']);
    expect(parseEmulateArgs([]).corsOrigins).toBeUndefined();
    expect(() => parseEmulateArgs(['--cors-origin', 'https://a.example/x'])).toThrow(UsageError);
    expect(usage()).toContain('--cors-origin ORIGIN');
  });
});
