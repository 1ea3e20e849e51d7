/**
 * Where the official Node SDK signer (@huaweicloud/huaweicloud-sdk-core 3.1.211, AKSKSigner)
 * differs from /work/shared/PROVIDERS.md and from drivespec, pinned down so a change on either
 * side is noticed. Each case says which reading is right and why.
 */
import { describe, expect, it } from 'vitest';
import { formatSdkDate, signHuaweiRequest } from '../../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { sdkSign } from '../support/huawei-sdk.js';

const date = new Date('2024-05-06T07:08:09Z');
const credentials = { ak: 'AKEXAMPLE0000000000', sk: 'sk-example' };
const base = {
  endpoint: 'https://metastudio.cn-north-4.myhuaweicloud.com',
  method: 'GET',
  query: {},
  ...credentials,
};

function line(canonicalRequest: string, index: number): string {
  return canonicalRequest.split('\n')[index]!;
}

describe('Node SDK divergences', () => {
  it('path characters that url.parse escapes: the SDK signs them twice encoded; drivespec once', async () => {
    // HcClient substitutes path parameters raw; AKSKSigner runs the URL through the legacy
    // url.parse, which turns ' ' into %20, and then percent-encodes each segment again (%2520).
    // axios puts %20 on the wire. The algorithm page encodes each segment once, and Huawei's
    // APIG JavaScript signer decodes the path (decodeURI) before encoding it, so %20 is right:
    // the SDK's own requests with such a path would fail verification.
    const sdk = await sdkSign({ ...base, rawPath: "/v1/p/files/a b'c", headers: { 'X-Sdk-Date': formatSdkDate(date) } });
    const ours = await signHuaweiRequest(
      { method: 'GET', url: "https://metastudio.cn-north-4.myhuaweicloud.com/v1/p/files/a%20b'c", headers: {} },
      credentials,
      { now: () => date },
    );
    expect(line(sdk.canonicalRequest, 1)).toBe('/v1/p/files/a%2520b%2527c/');
    expect(line(ours.canonicalRequest, 1)).toBe('/v1/p/files/a%20b%27c/');
  });

  it('header values with surrounding whitespace: the SDK does not trim; drivespec does', async () => {
    // The algorithm page writes `Trimall(HeaderValue)`; the Go SDK (strings.TrimSpace) and the
    // APIG JavaScript signer (value.trim()) trim; HTTP parsers strip that whitespace before the
    // gateway sees the value (RFC 9110 §5.5). The Node (and Java) SDK sign the value as given.
    const headers = { 'X-Trace': '  padded\t', 'X-Sdk-Date': formatSdkDate(date) };
    const sdk = await sdkSign({ ...base, rawPath: '/v1/p', headers });
    const ours = await signHuaweiRequest(
      { method: 'GET', url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/p', headers: { 'X-Trace': '  padded\t' } },
      credentials,
      { now: () => date },
    );
    expect(sdk.canonicalRequest).toContain('\nx-trace:  padded\t\n');
    expect(ours.canonicalRequest).toContain('\nx-trace:padded\n');
  });

  it('header names with "_": the SDK orders its header block (localeCompare) unlike its SignedHeaders list', async () => {
    // SignedHeaders are sorted by character code (lodash sortBy), the block by localeCompare,
    // which puts '_' before digits. The algorithm page sorts both by character code; drivespec
    // builds the block from the list, so the two cannot disagree.
    const headers = { 'x-a0': '1', 'x-a_': '2', 'X-Sdk-Date': formatSdkDate(date) };
    const sdk = await sdkSign({ ...base, rawPath: '/v1/p', headers });
    const ours = await signHuaweiRequest(
      { method: 'GET', url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/p', headers: { 'x-a0': '1', 'x-a_': '2' } },
      credentials,
      { now: () => date },
    );
    const sdkLines = sdk.canonicalRequest.split('\n');
    expect(sdkLines.slice(3, 7)).toEqual(['host:metastudio.cn-north-4.myhuaweicloud.com', 'x-a_:2', 'x-a0:1', 'x-sdk-date:20240506T070809Z']);
    expect(sdkLines[8]).toBe('host;x-a0;x-a_;x-sdk-date');
    const ourLines = ours.canonicalRequest.split('\n');
    expect(ourLines.slice(3, 7)).toEqual(['host:metastudio.cn-north-4.myhuaweicloud.com', 'x-a0:1', 'x-a_:2', 'x-sdk-date:20240506T070809Z']);
    expect(ourLines[8]).toBe('host;x-a0;x-a_;x-sdk-date');
  });

  it('query names with reserved or non-ASCII characters: the official SDKs disagree on the order', async () => {
    // Node SDK: raw names, UTF-16 order. Go SDK: raw names lowercased, byte order. Java SDK:
    // encoded names (TreeMap keyed by the encoded name). The algorithm page encodes first and then
    // sorts "by character code", i.e. the Java reading, which drivespec follows. For the plain
    // names MetaStudio uses (unreserved ASCII) all readings coincide.
    const sdk = await sdkSign({ ...base, rawPath: '/v1/p', query: { b: '2', é: '1' }, headers: { 'X-Sdk-Date': formatSdkDate(date) } });
    const ours = await signHuaweiRequest(
      { method: 'GET', url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/p?b=2&%C3%A9=1', headers: {} },
      credentials,
      { now: () => date },
    );
    expect(line(sdk.canonicalRequest, 2)).toBe('b=2&%C3%A9=1');
    expect(line(ours.canonicalRequest, 2)).toBe('%C3%A9=1&b=2');
  });
});
