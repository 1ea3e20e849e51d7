/**
 * The signers and verifiers as the universal build runs them: bundled by esbuild for the browser
 * with webPlatformPlugin, so every hash and HMAC goes through src/platform/crypto.web.ts
 * (WebCrypto), then imported here. They must reproduce the known answers the Node build is held
 * to (PROVIDERS.md's acs vector, which @alicloud/openapi-util also gives; the independent Python
 * ACS4 vectors; Huawei's worked example), accept those vectors' Authorization, refuse a changed
 * one, and sign seeded random requests byte for byte as the Node build does.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForBrowser, importBundle } from '../support/browser-bundle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as nodeAcs from '../../src/signing/aliyun-acs/index.js';
import * as nodeAcs4 from '../../src/signing/aliyun-acs4/index.js';
import * as nodeHuawei from '../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { acsVectors } from './aliyun-acs/vectors.js';
import { huaweiVectors } from './huawei-sdk-hmac-sha256/vectors.js';
import { createPrng } from './support/prng.js';

interface Acs4Vector {
  name: string;
  input: { method: string; url: string; time: string; nonce: string; action: string; accessKeyId: string; accessKeySecret: string; securityToken?: string; body: string; headers?: Record<string, string> };
  expected: { headers: Record<string, string>; signature: string };
}
const acs4Vectors = JSON.parse(readFileSync(new URL('./aliyun-acs4/vectors.json', import.meta.url), 'utf8')) as Acs4Vector[];

const here = fileURLToPath(new URL('.', import.meta.url));
let dir: string;
let web: { acs: typeof nodeAcs; acs4: typeof nodeAcs4; huawei: typeof nodeHuawei };
let platformInputs: string[];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drivespec-web-signing-'));
  const bundle = await bundleForBrowser({
    source: [
      "export * as acs from '../../src/signing/aliyun-acs/index.js';",
      "export * as acs4 from '../../src/signing/aliyun-acs4/index.js';",
      "export * as huawei from '../../src/signing/huawei-sdk-hmac-sha256/index.js';",
    ].join('\n'),
    resolveDir: here,
  });
  platformInputs = bundle.platformInputs;
  web = await importBundle(bundle, dir, 'signing.mjs');
}, 60_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('signing in the universal build (WebCrypto twin)', () => {
  it('hashes through crypto.web.ts only', () => {
    expect(platformInputs.map((path) => path.replace(/^.*src\/platform\//, ''))).toEqual(['crypto.web.ts']);
  });

  it.each(acsVectors)('acs vector $name: signature, headers, and the verifier', async (vector) => {
    const options = { now: () => new Date(vector.now), nonce: () => vector.nonce, action: vector.action };
    const signed = await web.acs.signAliyunAcsRequest(vector.request, vector.credentials, options);
    expect(signed.signature).toBe(vector.expected.signature);
    expect(signed.headers.authorization).toBe(vector.expected.authorization);
    const lookup = (id: string) => (id === vector.credentials.accessKeyId ? vector.credentials.accessKeySecret : undefined);
    const incoming = { ...vector.request, headers: { ...vector.request.headers, ...signed.headers } };
    expect(await web.acs.verifyAliyunAcsSignature(incoming, lookup, { now: options.now })).toEqual({ ok: true, ak: vector.credentials.accessKeyId });
    const changed = { ...incoming, headers: { ...incoming.headers, 'x-acs-action': 'CompleteFile' } };
    expect(await web.acs.verifyAliyunAcsSignature(changed, lookup, { now: options.now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each(acs4Vectors)('ACS4 vector $name: signature, headers, and the verifier', async ({ input, expected }) => {
    const credentials = { accessKeyId: input.accessKeyId, accessKeySecret: input.accessKeySecret, ...(input.securityToken ? { securityToken: input.securityToken } : {}) };
    const now = () => new Date(input.time);
    const signed = await web.acs4.signAliyunAcs4Request({ method: input.method, url: input.url, headers: input.headers ?? {}, body: input.body }, credentials, {
      now,
      nonce: () => input.nonce,
      action: input.action,
    });
    expect(signed.signature).toBe(expected.signature);
    expect({ ...input.headers, ...signed.headers }).toEqual(expected.headers);
    const url = new URL(input.url);
    const incoming = { method: input.method, url: `${url.pathname}${url.search}`, headers: { ...expected.headers, host: url.host }, body: new TextEncoder().encode(input.body) };
    const lookup = (id: string) => (id === input.accessKeyId ? input.accessKeySecret : undefined);
    expect(await web.acs4.verifyAliyunAcs4Signature(incoming, lookup, { now })).toEqual({ ok: true, ak: input.accessKeyId });
    expect(await web.acs4.verifyAliyunAcs4Signature({ ...incoming, body: new TextEncoder().encode(`${input.body} `) }, lookup, { now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it.each(huaweiVectors)('SDK-HMAC-SHA256 vector $name: signature, Authorization, and the verifier', async (vector) => {
    const now = () => new Date(vector.now);
    const signed = await web.huawei.signHuaweiRequest(vector.request, vector.credentials, { now });
    expect(signed.canonicalRequest).toBe(vector.expected.canonicalRequest);
    expect(signed.signature).toBe(vector.expected.signature);
    expect(signed.headers.Authorization).toBe(vector.expected.authorization);
    const lookup = (ak: string) => (ak === vector.credentials.ak ? vector.credentials.sk : undefined);
    const incoming = { ...vector.request, headers: { ...vector.request.headers, ...signed.headers } };
    expect(await web.huawei.verifyHuaweiSignature(incoming, lookup, { now })).toEqual({ ok: true, ak: vector.credentials.ak });
    const forged = { ...incoming, headers: { ...incoming.headers, Authorization: signed.headers.Authorization!.replace(/.$/, (c) => (c === '0' ? '1' : '0')) } };
    expect(await web.huawei.verifyHuaweiSignature(forged, lookup, { now })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('signs 150 seeded random requests per scheme exactly as the Node build does', async () => {
    const prng = createPrng(0x13_0213);
    const piece = () => Array.from({ length: 1 + prng.int(12) }, () => prng.pick(['a', 'Z', '9', '-', '_', '~', '%20', 'é', '中', '+', '.'])).join('');
    for (let i = 0; i < 150; i++) {
      const url = `https://${prng.pick(['bj1.api.aliyunpds.com', 'cn-hangzhou.admin.aliyunpds.com', 'metastudio.cn-north-4.myhuaweicloud.com'])}/v${prng.int(3)}/${encodeURIComponent(piece())}/${piece()}?${piece()}=${piece()}&${piece()}`;
      const headers: Record<string, string> = { 'content-type': 'application/json', [`x-acs-${piece().toLowerCase().replace(/[^a-z0-9-]/g, 'x')}`]: piece() };
      const body = prng.chance(0.3) ? undefined : JSON.stringify({ k: piece(), n: prng.int(1e6) });
      const request = { method: prng.pick(['GET', 'POST', 'PUT']), url, headers, ...(body === undefined ? {} : { body }) };
      const now = () => new Date(Date.UTC(2026, prng.int(12), 1 + prng.int(28), prng.int(24), prng.int(60)));
      const when = now();
      const keys = { accessKeyId: `LTAI${i}`, accessKeySecret: `secret-${piece()}`, ...(prng.chance(0.3) ? { securityToken: `sts-${i}` } : {}) };
      const options = { now: () => when, nonce: () => `nonce-${i}`, action: 'GetFile' };
      const label = `case ${i}: ${request.method} ${url}`;
      expect((await web.acs.signAliyunAcsRequest(request, keys, options)).headers, label).toEqual((await nodeAcs.signAliyunAcsRequest(request, keys, options)).headers);
      expect((await web.acs4.signAliyunAcs4Request(request, keys, options)).headers, label).toEqual((await nodeAcs4.signAliyunAcs4Request(request, keys, options)).headers);
      const huawei = { ak: `AK${i}`, sk: `sk-${piece()}` };
      expect((await web.huawei.signHuaweiRequest(request, huawei, { now: () => when })).headers, label).toEqual(
        (await nodeHuawei.signHuaweiRequest(request, huawei, { now: () => when })).headers,
      );
    }
  });
});
