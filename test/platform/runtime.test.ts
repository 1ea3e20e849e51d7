/**
 * src/platform/runtime.ts and its universal twin, and what the PDS client does with them (issue
 * 13): a page cannot send `Date` (a forbidden request header), so the universal build's client
 * signs ACS4 without it and refuses `acs` (v1), whose only signed time is Date. The client is
 * bundled for the browser with webPlatformPlugin (as test/signing/web-twin.test.ts bundles the
 * signers) and run under Node against the emulator, whose verifier is the one Node clients meet:
 * the universal client's request carries no Date and is accepted; the Node client's carries Date,
 * signed, as the official SDK sends it. The signer option itself is checked against the verifier.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, importBundle } from '../support/browser-bundle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nodePds from '../../src/clients/aliyun-pds.js';
import { ConfigurationError } from '../../src/core/errors.js';
import * as node from '../../src/platform/runtime.js';
import * as web from '../../src/platform/runtime.web.js';
import { signAliyunAcs4Request, verifyAliyunAcs4Signature } from '../../src/signing/aliyun-acs4/index.js';
import { SigningError } from '../../src/signing/shared/signing-error.js';
import { startHarness, type Harness } from '../emulator/support/fixture.js';

// Type parity: each twin is assignable to the other (tsc checks this file).
const asWeb: typeof web = node;
const asNode: typeof node = web;

const here = fileURLToPath(new URL('.', import.meta.url));
const V1_REFUSAL = /^credentials\.signatureVersion: 'v1' .*Date header.*use signatureVersion: 'v4' or an access token$/;

let dir: string;
let webPds: typeof nodePds;
let platformInputs: string[];
let h: Harness;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drivespec-web-runtime-'));
  const bundle = await bundleForBrowser({ source: "export * from '../../src/clients/aliyun-pds.js';", resolveDir: here });
  platformInputs = bundle.platformInputs;
  webPds = await importBundle(bundle, dir, 'aliyun-pds.mjs');
  h = await startHarness({ now: () => new Date() });
  h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f-runtime', uploadId: 'u', name: 'a.bin' });
  await createKeyClient(nodePds, 'v1').completeFile({ body: { drive_id: '1', file_id: 'f-runtime', upload_id: 'u' } });
}, 60_000);

afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sent: Array<Record<string, string>> = [];
function createKeyClient(build: typeof nodePds, signatureVersion?: 'v1' | 'v4') {
  const c = h.emulator.credentials['aliyun-pds'];
  return build.createClient({
    baseUrl: h.emulator.url,
    maxRetries: 0,
    credentials: { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(signatureVersion ? { signatureVersion } : {}) },
    fetch: async (input, init) => {
      const request = new Request(input, init);
      sent.push(Object.fromEntries(request.headers));
      return fetch(request);
    },
  });
}

describe('platform runtime twins', () => {
  it('export the same names; only the Node build lets a request carry Date', () => {
    expect(Object.keys(web).sort()).toEqual(Object.keys(node).sort());
    expect([asWeb, asNode]).toHaveLength(2);
    expect([node.requestDateHeaderAllowed, web.requestDateHeaderAllowed]).toEqual([true, false]);
  });

  it('the universal PDS bundle loads only .web.ts platform modules, runtime.web.ts among them', () => {
    expect(platformInputs.filter((path) => !path.endsWith('.web.ts'))).toEqual([]);
    expect(platformInputs.some((path) => path.endsWith('src/platform/runtime.web.ts'))).toBe(true);
  });
});

describe('the PDS client per build', () => {
  it('universal build, v4: no Date is sent, x-acs-date is, and the emulator accepts the signature', async () => {
    sent.length = 0;
    const file = await createKeyClient(webPds, 'v4').getFile({ body: { drive_id: '1', file_id: 'f-runtime' } });
    expect(file).toMatchObject({ file_id: 'f-runtime' });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.date).toBeUndefined();
    expect(sent[0]!['x-acs-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(sent[0]!.authorization).toMatch(/^ACS4-HMAC-SHA256 Credential=/);
  });

  it('Node build, v4: Date is sent (and signed) as the official SDK sends it, and accepted', async () => {
    sent.length = 0;
    await expect(createKeyClient(nodePds, 'v4').getFile({ body: { drive_id: '1', file_id: 'f-runtime' } })).resolves.toMatchObject({ file_id: 'f-runtime' });
    expect(sent[0]!.date).toMatch(/^[A-Z][a-z]{2}, \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d GMT$/);
  });

  it('universal build: v1, named or by default, is a ConfigurationError at createClient saying what to use; Node keeps v1', async () => {
    for (const version of ['v1', undefined] as const) {
      let error: unknown;
      try {
        createKeyClient(webPds, version);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(webPds.ConfigurationError);
      expect(error).toBeInstanceOf(webPds.DrivespecError);
      expect((error as Error).message).toMatch(V1_REFUSAL);
    }
    await expect(createKeyClient(nodePds, 'v1').getFile({ body: { drive_id: '1', file_id: 'f-runtime' } })).resolves.toMatchObject({ file_id: 'f-runtime' });
    expect(() => webPds.createClient({ baseUrl: h.emulator.url, credentials: { accessToken: 'token' } })).not.toThrow();
    expect(ConfigurationError).not.toBe(webPds.ConfigurationError); // the bundle's own classes were checked
  });
});

describe('signAliyunAcs4Request dateHeader', () => {
  const request = { method: 'POST', url: 'https://d1.api.aliyunpds.com/v2/file/get', headers: { date: 'Wed, 02 Dec 2026 00:00:00 GMT' }, body: '{"a":1}' };
  const keys = { accessKeyId: 'LTAIdate', accessKeySecret: 'date-secret' };
  const options = { now: () => new Date('2026-12-02T10:00:00Z'), nonce: () => 'n-1', action: 'GetFile' };
  const lookup = (id: string) => (id === keys.accessKeyId ? keys.accessKeySecret : undefined);
  const incoming = (headers: Record<string, string>) => ({ method: 'POST', url: '/v2/file/get', headers: { ...headers, host: 'd1.api.aliyunpds.com' }, body: request.body });

  it('false: no Date set, the caller\'s removed, an empty Date line signed; the verifier accepts the request without Date and refuses it with one', async () => {
    const signed = await signAliyunAcs4Request(request, keys, { ...options, dateHeader: false });
    expect(signed.headers.date).toBeUndefined();
    expect(signed.canonicalRequest.split('\n').slice(2, 6)).toEqual(['application/json', '', 'application/json; charset=utf-8', '']);
    const sentHeaders = { ...signed.headers };
    await expect(verifyAliyunAcs4Signature(incoming(sentHeaders), lookup, { now: options.now })).resolves.toEqual({ ok: true, ak: keys.accessKeyId });
    await expect(verifyAliyunAcs4Signature(incoming({ ...sentHeaders, date: request.headers.date }), lookup, { now: options.now })).resolves.toEqual({ ok: false, reason: 'mismatch' });
  });

  it('default and true: Date is set and signed, the same bytes either way', async () => {
    const byDefault = await signAliyunAcs4Request(request, keys, options);
    const withTrue = await signAliyunAcs4Request(request, keys, { ...options, dateHeader: true });
    expect(withTrue).toEqual(byDefault);
    expect(byDefault.headers.date).toBe('Wed, 02 Dec 2026 10:00:00 GMT');
    expect(byDefault.canonicalRequest.split('\n')[5]).toBe('Wed, 02 Dec 2026 10:00:00 GMT');
    const without = await signAliyunAcs4Request(request, keys, { ...options, dateHeader: false });
    expect(without.signature).not.toBe(byDefault.signature);
  });

  it('anything but a boolean is a SigningError', async () => {
    await expect(signAliyunAcs4Request(request, keys, { ...options, dateHeader: 'no' as unknown as boolean })).rejects.toBeInstanceOf(SigningError);
  });
});
