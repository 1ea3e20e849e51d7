import { describe, expect, it } from 'vitest';
import { AliyunPdsApiError, HuaweiKooDriveApiError, HuaweiMetaStudioApiError, TencentSmhApiError } from '../../src/core/errors.js';
import type { TransportResponse } from '../../src/core/transport.js';
import { storageApiError, targetSecrets } from '../../src/upload/storage-error.js';

function answer(status: number, body: string, headers: Record<string, string> = {}, secrets: string[] = []): TransportResponse {
  return { status, statusText: '', headers: new Headers(headers), body: new TextEncoder().encode(body), attempts: 1, secrets };
}

describe('storageApiError', () => {
  it('is the provider’s own ApiError class', () => {
    const xml = '<Error><Code>NoSuchUpload</Code></Error>';
    expect(storageApiError('aliyun-pds', 'UploadPart', answer(404, xml))).toBeInstanceOf(AliyunPdsApiError);
    expect(storageApiError('huawei-metastudio', 'UploadPart', answer(404, xml))).toBeInstanceOf(HuaweiMetaStudioApiError);
    expect(storageApiError('tencent-smh', 'UploadPart', answer(404, xml))).toBeInstanceOf(TencentSmhApiError);
    expect(storageApiError('huawei-koodrive', 'UploadPart', answer(404, xml))).toBeInstanceOf(HuaweiKooDriveApiError);
  });

  it('an OSS SignatureDoesNotMatch: code, message, request id (header first); nothing of the echo', () => {
    // The shape OSS answers (https://www.alibabacloud.com/help/en/oss/support/0002-00000040).
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Error>
  <Code>SignatureDoesNotMatch</Code>
  <Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message>
  <RequestId>5C3D9175B6FC201293AD****</RequestId>
  <HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>
  <OSSAccessKeyId>LTAI5tAccessKeyIdValue</OSSAccessKeyId>
  <SignatureProvided>zyzSecretSignatureValueXYZ=</SignatureProvided>
  <StringToSign>PUT\n\n\n1700000000\n/bucket/object?partNumber=1&amp;uploadId=abc</StringToSign>
  <StringToSignBytes>50 55 54 0A</StringToSignBytes>
</Error>`;
    const error = storageApiError('aliyun-pds', 'UploadPart', answer(403, xml, { 'x-oss-request-id': '65F0REQ' }));
    expect(error.code).toBe('SignatureDoesNotMatch');
    expect(error.requestId).toBe('65F0REQ');
    expect(error.providerMessage).toMatch(/^The request signature we calculated/);
    const shown = `${error.message} ${JSON.stringify(error.body)}`;
    for (const leaked of ['zyzSecretSignatureValueXYZ', 'LTAI5tAccessKeyIdValue', 'StringToSign', '50 55 54']) expect(shown).not.toContain(leaked);
  });

  it('the RequestId element when no header carries one; entities decoded; control characters dropped', () => {
    const error = storageApiError('tencent-smh', 'UploadPart', answer(400, '<Error><Code>InvalidArgument</Code><Message>a &lt;b&gt; &amp; c\r\nX-Forged: 1</Message><RequestId>NjQ1</RequestId></Error>'));
    expect(error.requestId).toBe('NjQ1');
    expect(error.providerMessage).toBe('a <b> & c X-Forged: 1');
  });

  it('a long message is cut; a code that is no identifier is not taken', () => {
    const error = storageApiError('tencent-smh', 'UploadPart', answer(400, `<Error><Code>not a code!</Code><Message>${'m'.repeat(900)}</Message></Error>`));
    expect(error.code).toBeUndefined();
    expect(error.providerMessage!.length).toBeLessThanOrEqual(201);
  });

  it('secrets in the message are scrubbed: the answer’s, the given ones, and secret URL parameters', () => {
    const xml = '<Error><Code>AccessDenied</Code><Message>token tok-0123456789 for https://s.test/o?x=1&amp;access_token=urltoken99 sig SIGVALUE-123456</Message></Error>';
    const error = storageApiError('tencent-smh', 'UploadPart', answer(403, xml, {}, ['tok-0123456789']), ['SIGVALUE-123456']);
    const shown = `${error.message} ${JSON.stringify(error.body)}`;
    for (const leaked of ['tok-0123456789', 'urltoken99', 'SIGVALUE-123456']) expect(shown).not.toContain(leaked);
  });

  it('an HTML page (a proxy) says what came, never its text', () => {
    const error = storageApiError('huawei-koodrive', 'UploadPart', answer(502, '<html><body>secret-internal-host</body></html>', { 'content-type': 'text/html; charset=utf-8' }));
    expect(error.code).toBeUndefined();
    expect(error.message).toContain('text/html');
    expect(error.message).not.toContain('secret-internal-host');
    expect(storageApiError('huawei-koodrive', 'UploadPart', answer(500, '')).message).toContain('empty body');
  });
});

describe('targetSecrets', () => {
  it('the secret query values and secret headers (and their long pieces) of a part target', () => {
    const secrets = targetSecrets('https://b.test/o?partNumber=1&Signature=abcSIG&OSSAccessKeyId=ak&access_token=tok', {
      authorization: 'OSS LTAIakid:Zm9vYmFyYmF6cXV4c2lnbmF0dXJl',
      'content-type': 'application/octet-stream',
    });
    expect(secrets).toEqual(expect.arrayContaining(['abcSIG', 'tok', 'OSS LTAIakid:Zm9vYmFyYmF6cXV4c2lnbmF0dXJl', 'Zm9vYmFyYmF6cXV4c2lnbmF0dXJl']));
    expect(secrets).not.toContain('application/octet-stream');
    expect(targetSecrets('not a url', {})).toEqual([]);
  });
});
