/**
 * Known-answer vectors for SDK-HMAC-SHA256, each with every intermediate value, so a failure
 * names the step that broke.
 */
export interface HuaweiVector {
  name: string;
  source: string;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  credentials: { ak: string; sk: string };
  now: string;
  expected: {
    canonicalUri: string;
    canonicalQuery: string;
    canonicalHeaders: string;
    signedHeaders: string;
    payloadHash: string;
    canonicalRequest: string;
    hashedCanonicalRequest: string;
    stringToSign: string;
    signature: string;
    authorization: string;
  };
}

export const huaweiVectors: HuaweiVector[] = [
  {
    name: 'list VPCs (GET with query, empty body)',
    source:
      'Huawei Cloud API Signature Guide, "AK/SK Signing and Authentication Algorithm" worked example ' +
      '(list VPCs; https://support.huaweicloud.com/devg-apisign/apisign-devg-pdf.pdf, chapter 2), ' +
      'as quoted in /work/shared/PROVIDERS.md huawei-metastudio "Auth"; the official Node SDK ' +
      '(@huaweicloud/huaweicloud-sdk-core 3.1.211 AKSKSigner) reproduces the same signature.',
    request: {
      method: 'GET',
      url: 'https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      headers: { 'Content-Type': 'application/json', Host: 'service.region.example.com' },
    },
    credentials: { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' },
    now: '2019-11-15T03:36:55Z',
    expected: {
      canonicalUri: '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
      canonicalQuery: 'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
      canonicalHeaders:
        'content-type:application/json\nhost:service.region.example.com\nx-sdk-date:20191115T033655Z\n',
      signedHeaders: 'content-type;host;x-sdk-date',
      payloadHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      canonicalRequest: [
        'GET',
        '/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/',
        'limit=2&marker=13551d6b-755d-4757-b956-536f674975c0',
        'content-type:application/json',
        'host:service.region.example.com',
        'x-sdk-date:20191115T033655Z',
        '',
        'content-type;host;x-sdk-date',
        'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      ].join('\n'),
      hashedCanonicalRequest: 'b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
      stringToSign:
        'SDK-HMAC-SHA256\n20191115T033655Z\nb25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a',
      signature: '7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
      authorization:
        'SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, ' +
        'Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe',
    },
  },
];
