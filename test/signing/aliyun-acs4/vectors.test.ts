/**
 * Known answers for ACS4-HMAC-SHA256 computed by an independent implementation
 * (independent/acs4.py, Python's hashlib/hmac, written from the construction in
 * /work/shared/docs/aliyun-pds-acs4.md), each step asserted so a failure names the step.
 * No @alicloud package in node_modules implements v4 (no "ACS4" in node_modules/@alicloud), so
 * there is no official code to run a differential against.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalResource } from '../../../src/signing/aliyun-acs/index.js';
import {
  acs4CanonicalRequest,
  acs4PayloadHash,
  acs4Region,
  acs4Signature,
  acs4SigningKey,
  acs4StringToSign,
  canonicalAcs4Headers,
  formatAcs4Authorization,
  scopeDate,
  signAliyunAcs4Request,
  verifyAliyunAcs4Signature,
} from '../../../src/signing/aliyun-acs4/index.js';

interface Vector {
  source: string;
  name: string;
  input: {
    method: string;
    url: string;
    time: string;
    nonce: string;
    action: string;
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
    headers?: Record<string, string>;
    body: string;
  };
  expected: {
    headers: Record<string, string>;
    scopeDate: string;
    region: string;
    canonicalRequest: string;
    stringToSign: string;
    signingKey: string;
    signedHeaders: string;
    signature: string;
    authorization: string;
  };
}

const vectors = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8')) as Vector[];

it('has vectors', async () => {
  expect(vectors.length).toBeGreaterThanOrEqual(4);
});

describe.each(vectors)('ACS4 vector: $name', ({ source, input, expected }) => {
  const url = new URL(input.url);
  const credentials = {
    accessKeyId: input.accessKeyId,
    accessKeySecret: input.accessKeySecret,
    ...(input.securityToken ? { securityToken: input.securityToken } : {}),
  };
  const { authorization: _, ...unsigned } = expected.headers;
  const headerMap = new Map(Object.entries(unsigned));

  it('comes from the independent implementation', async () => {
    expect(source).toMatch(/^test\/signing\/aliyun-acs4\/independent\/acs4\.py: /);
  });

  it('step by step', async () => {
    expect(await acs4PayloadHash(input.body)).toBe(expected.headers['x-acs-content-sha256']);
    expect(scopeDate(expected.headers['x-acs-date']!)).toBe(expected.scopeDate);
    expect(acs4Region(url.host)).toBe(expected.region);
    const { canonicalHeaders, signedHeaders } = canonicalAcs4Headers(headerMap);
    expect(signedHeaders).toBe(expected.signedHeaders);
    const canonical = acs4CanonicalRequest({
      method: input.method,
      canonicalResource: canonicalResource(url.pathname, url.search),
      canonicalHeaders,
      signedHeaders,
      payloadHash: await acs4PayloadHash(input.body),
    });
    expect(canonical).toBe(expected.canonicalRequest);
    expect(await acs4StringToSign(canonical)).toBe(expected.stringToSign);
    const key = await acs4SigningKey(input.accessKeySecret, expected.scopeDate, expected.region);
    expect(Buffer.from(key).toString('hex')).toBe(expected.signingKey);
    expect(await acs4Signature(key, expected.stringToSign)).toBe(expected.signature);
    expect(
      formatAcs4Authorization({ accessKeyId: input.accessKeyId, date: expected.scopeDate, region: expected.region, signedHeaders, signature: expected.signature }),
    ).toBe(expected.authorization);
  });

  it('end to end: the signer sets the documented headers and signs them the same way', async () => {
    const signed = await signAliyunAcs4Request({ method: input.method, url: input.url, headers: input.headers ?? {}, body: input.body }, credentials, {
      now: () => new Date(input.time),
      nonce: () => input.nonce,
      action: input.action,
    });
    expect(signed.canonicalRequest).toBe(expected.canonicalRequest);
    expect(signed.stringToSign).toBe(expected.stringToSign);
    expect(signed.signedHeaders).toBe(expected.signedHeaders);
    expect(signed.signature).toBe(expected.signature);
    expect({ ...input.headers, ...signed.headers }).toEqual(expected.headers);
  });

  it('verifies, as a server sees the request (origin-form target, Host header, body bytes)', async () => {
    const result = await verifyAliyunAcs4Signature(
      { method: input.method, url: `${url.pathname}${url.search}`, headers: { ...expected.headers, host: url.host }, body: Buffer.from(input.body) },
      (id) => (id === input.accessKeyId ? input.accessKeySecret : undefined),
      { now: () => new Date(input.time) },
    );
    expect(result).toEqual({ ok: true, ak: input.accessKeyId });
  });
});
