/** Known-answer vectors for the `acs` HMAC-SHA1 signature, with the string to sign spelled out. */
export interface AcsVector {
  name: string;
  source: string;
  request: { method: string; url: string; headers: Record<string, string>; body?: string };
  credentials: { accessKeyId: string; accessKeySecret: string };
  now: string;
  nonce: string;
  action: string;
  expected: {
    canonicalHeaders: string;
    canonicalResource: string;
    stringToSign: string;
    signature: string;
    authorization: string;
  };
}

export const acsVectors: AcsVector[] = [
  {
    name: 'PDS GetFile',
    source:
      'Self-computed, NOT an official vector (Alibaba publishes none): inputs and signature from ' +
      '/work/shared/PROVIDERS.md aliyun-pds "AccessKey signature"; the string to sign below is the one ' +
      'that reproduces LEY57wuVGuq/Jcl3CSoHGQONgpA=, and @alicloud/openapi-util getStringToSign / ' +
      'getROASignature produce the same string and signature from the same headers (asserted in the test).',
    request: {
      method: 'POST',
      url: 'https://example-domain.api.aliyunpds.com/v2/file/get',
      headers: {},
      body: '{"drive_id":"1","file_id":"5f6c1b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"}',
    },
    credentials: { accessKeyId: 'testAccessKeyId', accessKeySecret: 'testSecret' },
    now: '2026-01-01T00:00:00Z',
    nonce: '00000000-0000-0000-0000-000000000000',
    action: 'GetFile',
    expected: {
      canonicalHeaders:
        'x-acs-action:GetFile\n' +
        'x-acs-signature-method:HMAC-SHA1\n' +
        'x-acs-signature-nonce:00000000-0000-0000-0000-000000000000\n' +
        'x-acs-signature-version:1.0\n' +
        'x-acs-version:2022-03-01\n',
      canonicalResource: '/v2/file/get',
      stringToSign: [
        'POST',
        'application/json',
        '',
        'application/json; charset=utf-8',
        'Thu, 01 Jan 2026 00:00:00 GMT',
        'x-acs-action:GetFile',
        'x-acs-signature-method:HMAC-SHA1',
        'x-acs-signature-nonce:00000000-0000-0000-0000-000000000000',
        'x-acs-signature-version:1.0',
        'x-acs-version:2022-03-01',
        '/v2/file/get',
      ].join('\n'),
      signature: 'LEY57wuVGuq/Jcl3CSoHGQONgpA=',
      authorization: 'acs testAccessKeyId:LEY57wuVGuq/Jcl3CSoHGQONgpA=',
    },
  },
];
