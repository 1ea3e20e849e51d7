/** Upstream text in a report: the same scrubbing as wire values. */
import { describe, expect, it } from 'vitest';
import { scrubReportText } from '../../src/conformance/safe-text.js';

const labels = { accessKeyId: 'AKID0001', accessKeySecret: 'SECRET0001', accessToken: 'TOKEN0001' };
const scrub = (text: string) => scrubReportText(text, labels, Object.values(labels));

describe('scrubReportText', () => {
  it('redacts a signature echoed in a JSON error code, keeping the credential placeholder out of it', () => {
    const text = `HTTP 400 /v2/file/get {"host":"h:1","authorization":"acs AKID0001:diFBzg9QeXq2bVv0n1lZtC4dA5k=","x-acs-signature-method":"HMAC-SHA1"}`;
    expect(scrub(text)).toBe(`HTTP 400 /v2/file/get {"host":"h:1","authorization":"[REDACTED]","x-acs-signature-method":"HMAC-SHA1"}`);
  });

  it('redacts header lines, query parameters and JSON escaped once', () => {
    expect(scrub('Authorization: SDK-HMAC-SHA256 Access=AKID0001, SignedHeaders=host, Signature=0123456789abcdef0123')).toBe(
      'Authorization: [REDACTED], SignedHeaders=host, Signature=[REDACTED]',
    );
    expect(scrub('code: /x?token=abcdefghijklmnop&b=1')).toBe('code: /x?token=[REDACTED]&b=1');
    expect(scrub('{\\"x-auth-token\\":\\"MIIabcdefghijklmnopqrstu\\"}')).toBe('{\\"x-auth-token\\":\\"[REDACTED]\\"}');
    expect(scrub('echo: acs someone:abcdefghijklmnopqrstuvwx= and Bearer abcdefghijklmnopqrstuvwx')).toBe(
      'echo: acs [REDACTED] and Bearer [REDACTED]',
    );
  });

  it('keeps credentials as placeholders and ordinary text as is', () => {
    expect(scrub("header authorization: the docs show 'Bearer {accessToken}', the client sent 'Bearer TOKEN0001'")).toBe(
      "header authorization: the docs show 'Bearer {accessToken}', the client sent 'Bearer {accessToken}'",
    );
    expect(scrub('url: /a?access_token=TOKEN0001&confirm')).toBe('url: /a?access_token={accessToken}&confirm');
    expect(scrub('the target answered HTTP 404 NotFound.File')).toBe('the target answered HTTP 404 NotFound.File');
  });

  it('empties the elements a storage service echoes a refused signature in (OSS/S3 SignatureDoesNotMatch)', () => {
    const oss =
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided.</Message>' +
      '<RequestId>65A1</RequestId><HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId><OSSAccessKeyId>LTAI5tXXXX</OSSAccessKeyId>' +
      '<SignatureProvided>kQ2s9dH1Zb8x1w3=</SignatureProvided><StringToSign>PUT\n\n\n1700000000\n/bucket/obj?partNumber=1&amp;uploadId=abc</StringToSign>' +
      '<StringToSignBytes>50 55 54</StringToSignBytes></Error>';
    const out = scrub(oss);
    for (const leaked of ['LTAI5tXXXX', 'kQ2s9dH1Zb8x1w3=', '1700000000', 'uploadId=abc', '50 55 54']) expect(out).not.toContain(leaked);
    expect(out).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(out).toContain('<RequestId>65A1</RequestId>');
    expect(out).toContain('<SignatureProvided>[REDACTED]</SignatureProvided>');
    expect(scrub('<CanonicalRequest>PUT\n/k\nX-Amz-Signature=ab</CanonicalRequest>')).toBe('<CanonicalRequest>[REDACTED]</CanonicalRequest>');
  });
});
