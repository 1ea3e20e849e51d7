import { describe, expect, it } from 'vitest';
import {
  acsSignature,
  acsStringToSign,
  canonicalAcsHeaders,
  canonicalResource,
  signAliyunAcsRequest,
  verifyAliyunAcsSignature,
} from '../../../src/signing/aliyun-acs/index.js';
import { openApiUtil } from '../support/alibaba-sdk.js';
import { acsVectors } from './vectors.js';

describe.each(acsVectors)('acs vector: $name', (vector) => {
  const options = { now: () => new Date(vector.now), nonce: () => vector.nonce, action: vector.action };

  it('has a source', async () => {
    expect(vector.source).toMatch(/\S/);
  });

  it('end to end, with every intermediate value', async () => {
    const signed = await signAliyunAcsRequest(vector.request, vector.credentials, options);
    const lowered = new Map(Object.entries(signed.headers));
    expect(canonicalAcsHeaders(lowered)).toBe(vector.expected.canonicalHeaders);
    const url = new URL(vector.request.url);
    expect(canonicalResource(url.pathname, url.search)).toBe(vector.expected.canonicalResource);
    expect(
      acsStringToSign({
        method: vector.request.method,
        accept: signed.headers.accept!,
        contentMd5: '',
        contentType: signed.headers['content-type']!,
        date: signed.headers.date!,
        canonicalHeaders: vector.expected.canonicalHeaders,
        canonicalResource: vector.expected.canonicalResource,
      }),
    ).toBe(vector.expected.stringToSign);
    expect(await acsSignature(vector.credentials.accessKeySecret, vector.expected.stringToSign)).toBe(vector.expected.signature);
    expect(signed.stringToSign).toBe(vector.expected.stringToSign);
    expect(signed.signature).toBe(vector.expected.signature);
    expect(signed.headers).toEqual({
      date: 'Thu, 01 Jan 2026 00:00:00 GMT',
      'x-acs-version': '2022-03-01',
      'x-acs-action': vector.action,
      'x-acs-signature-nonce': vector.nonce,
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-signature-version': '1.0',
      accept: 'application/json',
      'content-type': 'application/json; charset=utf-8',
      authorization: vector.expected.authorization,
    });
  });

  it("matches Alibaba's @alicloud/openapi-util on the same headers", async () => {
    const signed = await signAliyunAcsRequest(vector.request, vector.credentials, options);
    const { authorization: _, ...headers } = signed.headers;
    const toSign = openApiUtil.getStringToSign({
      method: vector.request.method,
      pathname: new URL(vector.request.url).pathname,
      headers,
      query: {},
    });
    expect(toSign).toBe(vector.expected.stringToSign);
    expect(openApiUtil.getROASignature(toSign, vector.credentials.accessKeySecret)).toBe(vector.expected.signature);
  });

  it('verifies the vector\'s headers, written out (not ones drivespec\'s signer made)', async () => {
    const headers = {
      date: 'Thu, 01 Jan 2026 00:00:00 GMT',
      'x-acs-version': '2022-03-01',
      'x-acs-action': vector.action,
      'x-acs-signature-nonce': vector.nonce,
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-signature-version': '1.0',
      accept: 'application/json',
      'content-type': 'application/json; charset=utf-8',
      authorization: vector.expected.authorization,
    };
    const result = await verifyAliyunAcsSignature(
      { ...vector.request, headers: { ...vector.request.headers, ...headers } },
      (id) => (id === vector.credentials.accessKeyId ? vector.credentials.accessKeySecret : undefined),
      { now: options.now },
    );
    expect(result).toEqual({ ok: true, ak: vector.credentials.accessKeyId });
  });
});
