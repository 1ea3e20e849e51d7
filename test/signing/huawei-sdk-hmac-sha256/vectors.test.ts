import { describe, expect, it } from 'vitest';
import {
  canonicalHeaders,
  canonicalQuery,
  canonicalRequest,
  canonicalUri,
  hashCanonicalRequest,
  payloadHash,
  signature,
  signedHeaderList,
  signHuaweiRequest,
  stringToSign,
  verifyHuaweiSignature,
} from '../../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { huaweiVectors } from './vectors.js';

describe.each(huaweiVectors)('SDK-HMAC-SHA256 vector: $name', (vector) => {
  const url = new URL(vector.request.url);
  const now = () => new Date(vector.now);
  const lowered = new Map(
    Object.entries({ ...vector.request.headers, 'X-Sdk-Date': vector.expected.stringToSign.split('\n')[1]! }).map(
      ([k, v]) => [k.toLowerCase(), v] as const,
    ),
  );

  it('has a source', async () => {
    expect(vector.source).toMatch(/\S/);
  });

  it('step by step', async () => {
    expect(canonicalUri(url.pathname)).toBe(vector.expected.canonicalUri);
    expect(canonicalQuery(url.search)).toBe(vector.expected.canonicalQuery);
    const signed = signedHeaderList(lowered.keys());
    expect(signed.join(';')).toBe(vector.expected.signedHeaders);
    expect(canonicalHeaders(lowered, signed)).toBe(vector.expected.canonicalHeaders);
    expect(await payloadHash(vector.request.body, lowered)).toBe(vector.expected.payloadHash);
    const canonical = canonicalRequest({
      method: vector.request.method,
      canonicalUri: vector.expected.canonicalUri,
      canonicalQuery: vector.expected.canonicalQuery,
      canonicalHeaders: vector.expected.canonicalHeaders,
      signedHeaders: signed,
      payloadHash: vector.expected.payloadHash,
    });
    expect(canonical).toBe(vector.expected.canonicalRequest);
    expect(await hashCanonicalRequest(canonical)).toBe(vector.expected.hashedCanonicalRequest);
    const toSign = stringToSign(vector.expected.stringToSign.split('\n')[1]!, vector.expected.hashedCanonicalRequest);
    expect(toSign).toBe(vector.expected.stringToSign);
    expect(await signature(vector.credentials.sk, toSign)).toBe(vector.expected.signature);
  });

  it('end to end', async () => {
    const signed = await signHuaweiRequest(vector.request, vector.credentials, { now });
    expect(signed.canonicalRequest).toBe(vector.expected.canonicalRequest);
    expect(signed.hashedCanonicalRequest).toBe(vector.expected.hashedCanonicalRequest);
    expect(signed.stringToSign).toBe(vector.expected.stringToSign);
    expect(signed.signature).toBe(vector.expected.signature);
    expect(signed.signedHeaders).toBe(vector.expected.signedHeaders);
    expect(signed.headers).toEqual({
      'X-Sdk-Date': vector.expected.stringToSign.split('\n')[1],
      Authorization: vector.expected.authorization,
    });
  });

  it('verifies the vector\'s own headers (not ones drivespec\'s signer made)', async () => {
    const headers = { 'X-Sdk-Date': vector.expected.stringToSign.split('\n')[1]!, Authorization: vector.expected.authorization };
    const result = await verifyHuaweiSignature(
      { ...vector.request, headers: { ...vector.request.headers, ...headers } },
      (ak) => (ak === vector.credentials.ak ? vector.credentials.sk : undefined),
      { now },
    );
    expect(result).toEqual({ ok: true, ak: vector.credentials.ak });
  });
});
