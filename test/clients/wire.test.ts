/**
 * The exact request each operation puts on the wire (method, URL with its query string, headers,
 * body), for each credential kind, against an injected fetch.
 */
import { openApiUtil } from '../signing/support/alibaba-sdk.js';
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { verifyHuaweiSignature } from '../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { fixedClock, recordingFetch } from '../helpers/recording-fetch.js';

const now = fixedClock('2026-01-01T00:00:00Z');
const ok = (body: unknown = undefined) => ({ status: 200, ...(body === undefined ? {} : { body }) });
const pdsFile = { domain_id: 'bj1', drive_id: '1', file_id: '9520943DC264', name: 'a.txt', type: 'file' };

describe('aliyun-pds on the wire', () => {
  it('CompleteFile with an access token', async () => {
    const { fetch, requests } = recordingFetch(ok(pdsFile));
    const pds = createPds({ domainId: 'bj1', credentials: { accessToken: 'tok-123' }, fetch, now });
    await pds.completeFile({
      body: { drive_id: '1', upload_id: 'C9DCFE5A82644AC7A02DB74C30C934A6', file_id: '9520943DC264', crc64_hash: '11051210869376104954' },
    });
    expect(requests).toHaveLength(1);
    const [r] = requests;
    expect(r!.method).toBe('POST');
    expect(r!.url).toBe('https://bj1.api.aliyunpds.com/v2/file/complete');
    expect(r!.headers).toEqual({
      authorization: 'Bearer tok-123',
      'content-type': 'application/json; charset=utf-8',
    });
    expect(JSON.parse(r!.body)).toEqual({
      drive_id: '1',
      upload_id: 'C9DCFE5A82644AC7A02DB74C30C934A6',
      file_id: '9520943DC264',
      crc64_hash: '11051210869376104954',
    });
  });

  it('GetFile through a share link sends x-share-token and share_id', async () => {
    const { fetch, requests } = recordingFetch(ok(pdsFile));
    const pds = createPds({ baseUrl: 'http://127.0.0.1:9/pds', credentials: { shareToken: 'share-tok' }, fetch, now });
    await pds.getFile({ body: { share_id: '7JQX1FswpQ8', file_id: '9520943DC264' } });
    expect(requests[0]!.url).toBe('http://127.0.0.1:9/pds/v2/file/get');
    expect(requests[0]!.headers).toEqual({ 'x-share-token': 'share-tok', 'content-type': 'application/json; charset=utf-8' });
  });

  it('GetFile signed with an AccessKey reproduces the PROVIDERS.md self-computed vector', async () => {
    // Source: shared/PROVIDERS.md, aliyun-pds "AccessKey signature" (self-computed, not official):
    // secret testSecret, Date Thu, 01 Jan 2026 00:00:00 GMT, nonce 0000...0000, action GetFile.
    const { fetch, requests } = recordingFetch(ok(pdsFile));
    const pds = createPds({
      domainId: 'bj1',
      credentials: { accessKeyId: 'testId', accessKeySecret: 'testSecret' },
      fetch,
      now,
      nonce: () => '00000000-0000-0000-0000-000000000000',
    });
    await pds.getFile({ body: { drive_id: '1', file_id: '9520943DC264' } });
    const h = requests[0]!.headers;
    expect(h.authorization).toBe('acs testId:LEY57wuVGuq/Jcl3CSoHGQONgpA=');
    expect(h).toMatchObject({
      date: 'Thu, 01 Jan 2026 00:00:00 GMT',
      'x-acs-action': 'GetFile',
      'x-acs-version': '2022-03-01',
      'x-acs-signature-nonce': '00000000-0000-0000-0000-000000000000',
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-signature-version': '1.0',
      accept: 'application/json',
      'content-type': 'application/json; charset=utf-8',
    });
  });

  it('signs each operation with its own action and a fresh nonce, verifiable by the server side', async () => {
    const { fetch, requests } = recordingFetch(ok(pdsFile), ok(pdsFile));
    let n = 0;
    const pds = createPds({
      domainId: 'bj1',
      credentials: { accessKeyId: 'AKID', accessKeySecret: 'secret-value', securityToken: 'sts-token' },
      fetch,
      now,
      nonce: () => `nonce-${n++}`,
    });
    await pds.completeFile({ body: { drive_id: '1', upload_id: 'u', file_id: 'f' } });
    await pds.getFile({ body: { drive_id: '1', file_id: 'f' } });
    expect(requests.map((r) => r.headers['x-acs-action'])).toEqual(['CompleteFile', 'GetFile']);
    expect(requests.map((r) => r.headers['x-acs-signature-nonce'])).toEqual(['nonce-0', 'nonce-1']);
    expect(requests[0]!.headers['x-acs-security-token']).toBe('sts-token');
    // Judged by Alibaba's own @alicloud/openapi-util (string to sign and ROA signature), not by
    // drivespec's verifier, which shares the signer's code.
    for (const r of requests) {
      const { authorization, ...sent } = r.headers;
      const url = new URL(r.url);
      const stringToSign = openApiUtil.getStringToSign({ method: r.method, pathname: url.pathname, headers: sent, query: {} });
      expect(authorization).toBe(`acs AKID:${openApiUtil.getROASignature(stringToSign, 'secret-value')}`);
    }
  });
});

describe('huawei-metastudio on the wire', () => {
  const body = { state: 'CREATED' } as const;

  it('ConfirmFileUpload with an IAM token fills the project id', async () => {
    const { fetch, requests } = recordingFetch({ status: 200, headers: { 'x-request-id': 'r-1' } });
    const ms = createMetaStudio({ projectId: '6a6a1f8354f64dd9b9a614def7b59d83', credentials: { token: 'iam-token' }, fetch, now });
    const result = await ms.confirmFileUpload({ params: { path: { file_id: '24bad716-87b1-45e5-8912-6102f7693265' } }, body });
    expect(result).toBeUndefined();
    expect(requests[0]).toEqual({
      method: 'POST',
      url: 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/6a6a1f8354f64dd9b9a614def7b59d83/files/24bad716-87b1-45e5-8912-6102f7693265/complete',
      headers: { 'content-type': 'application/json', 'x-auth-token': 'iam-token' },
      body: '{"state":"CREATED"}',
    });
  });

  it('ConfirmFileUpload signed with AK/SK (SDK-HMAC-SHA256) in another region', async () => {
    const { fetch, requests } = recordingFetch(ok());
    const ms = createMetaStudio({
      projectId: 'p1',
      region: 'cn-east-3',
      credentials: { ak: 'QTWAOYTTINDUT2QVKYUC', sk: 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc', securityToken: 'sts' },
      fetch,
      now,
    });
    await ms.confirmFileUpload({ params: { path: { file_id: 'f 1+é' } }, body: { state: 'FAILED', auto_meta_analysis: true } });
    const r = requests[0]!;
    // Path parameters are percent-encoded (a `/` is refused by the spec's ResourceId); the request keeps its own path.
    expect(r.url).toBe('https://metastudio.cn-east-3.myhuaweicloud.com/v1/p1/files/f%201%2B%C3%A9/complete');
    expect(r.headers['x-sdk-date']).toBe('20260101T000000Z');
    expect(r.headers['x-security-token']).toBe('sts');
    expect(r.headers['x-project-id']).toBe('p1');
    expect(r.headers.authorization).toMatch(
      /^SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(r.headers.authorization).toContain('x-sdk-date');
    // What the server receives: fetch adds the Host header from the URL.
    const received = { ...r, headers: { ...r.headers, host: new URL(r.url).host } };
    const verdict = await verifyHuaweiSignature(received, (ak) => (ak === 'QTWAOYTTINDUT2QVKYUC' ? 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc' : undefined), { now });
    expect(verdict).toMatchObject({ ok: true });
  });
});

describe('tencent-smh on the wire', () => {
  const answer = { path: ['foo', 'file.docx'], name: 'file.docx', type: 'file', creationTime: '2020-09-22T07:44:45.000Z', modificationTime: '2021-02-01T08:21:47.000Z', contentType: 'application/octet-stream', size: '5', eTag: '"e"', crc64: '5895031849087642824' };

  it('ConfirmUpload: bare confirm flag, documented query order, token in the query', async () => {
    const { fetch, requests } = recordingFetch(ok(answer));
    const smh = createSmh({ libraryId: 'smhdocs', credentials: { accessToken: 'smh-tok' }, fetch, now });
    await smh.confirmUpload({
      params: {
        path: { ConfirmKey: 'b8a24e0f' },
        query: { with_inode: '1', user_id: 'alice', conflict_resolution_strategy: 'rename' },
      },
      body: { crc64: '5895031849087642824', labels: ['a'] },
    });
    expect(requests[0]).toEqual({
      method: 'POST',
      url: 'https://api.tencentsmh.cn/api/v1/file/smhdocs/-/b8a24e0f?confirm&conflict_resolution_strategy=rename&access_token=smh-tok&user_id=alice&with_inode=1',
      headers: { 'content-type': 'application/json' },
      body: '{"crc64":"5895031849087642824","labels":["a"]}',
    });
  });

  it('ConfirmUpload with no body sends none', async () => {
    const { fetch, requests } = recordingFetch(ok(answer));
    const smh = createSmh({ credentials: { accessToken: 'smh-tok' }, fetch, now });
    await smh.confirmUpload({ params: { path: { LibraryId: 'lib', SpaceId: 'space1', ConfirmKey: 'k' } } });
    expect(requests[0]!.url).toBe('https://api.tencentsmh.cn/api/v1/file/lib/space1/k?confirm&access_token=smh-tok');
    expect(requests[0]!.body).toBe('');
    expect(requests[0]!.headers).toEqual({});
  });
});

describe('huawei-koodrive on the wire', () => {
  it('CompleteFile: bearer token, X-User-Id and X-Date stamped from the clock at send time', async () => {
    const { fetch, requests } = recordingFetch(ok({ code: 0, msg: 'success.' }), ok({ code: 0, msg: 'success.' }));
    let t = Date.parse('2026-01-01T00:00:00Z');
    const kd = createKooDrive({
      baseUrl: 'https://koodrive.example.test',
      credentials: { accessToken: 'kd-tok', userId: 'u-1' },
      fetch,
      now: () => new Date((t += 1000)),
    });
    const result = await kd.completeFile({ body: { fileId: 'FiqNTAYdzXtKhenh29A9EXJvhaKQqcYVS' }, params: { header: { 'X-Traceid': 't1' } } });
    expect(result).toEqual({ code: 0, msg: 'success.' });
    expect(requests[0]).toEqual({
      method: 'POST',
      url: 'https://koodrive.example.test/koodrive/ose/v1/files/complete',
      headers: {
        authorization: 'Bearer kd-tok',
        'content-type': 'application/json',
        'x-date': '20260101T000001Z',
        'x-traceid': 't1',
        'x-user-id': 'u-1',
      },
      body: '{"fileId":"FiqNTAYdzXtKhenh29A9EXJvhaKQqcYVS"}',
    });
    await kd.completeFile({ body: { fileId: 'x' } });
    expect(requests[1]!.headers['x-date']).toBe('20260101T000002Z');
  });

  it('sends the documented literal form Bearer+token when asked', async () => {
    const { fetch, requests } = recordingFetch(ok({ code: 0, msg: 'success.' }));
    const kd = createKooDrive({ baseUrl: 'https://k.test', bearerSeparator: '+', credentials: { accessToken: 't', userId: 'u' }, fetch, now });
    await kd.completeFile({ body: { fileId: 'x' } });
    expect(requests[0]!.headers.authorization).toBe('Bearer+t');
  });
});
