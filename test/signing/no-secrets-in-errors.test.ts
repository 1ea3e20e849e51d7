/**
 * Every error the signers throw is a DrivespecError and carries no secret: not in the message,
 * the stack, or any property (ARCHITECTURE.md "Errors").
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { DrivespecError } from '../../src/core/errors.js';
import { signAliyunAcsRequest } from '../../src/signing/aliyun-acs/index.js';
import { signAliyunAcs4Request } from '../../src/signing/aliyun-acs4/index.js';
import { signHuaweiRequest } from '../../src/signing/huawei-sdk-hmac-sha256/index.js';
import { SigningError } from '../../src/signing/shared/signing-error.js';

const SK = 'SECRETsk7f3a9e1b';
const TOKEN = 'SECRETtokenc41d77';
const ACCESS_KEY_SECRET = 'SECRETacs0e9d2c';
const HEADER_SECRET = 'SECRETheader55aa';
const URL_SECRET = 'SECRETurl3b3b3b';
const secrets = [SK, TOKEN, ACCESS_KEY_SECRET, HEADER_SECRET, URL_SECRET];

const now = () => new Date('2025-01-01T00:00:00Z');
const url = 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/p';
const huawei = { ak: 'AKEXAMPLE', sk: SK, securityToken: TOKEN };
const acs = { accessKeyId: 'LTAIexample', accessKeySecret: ACCESS_KEY_SECRET, securityToken: TOKEN };
const acsOptions = { now, nonce: () => 'n', action: 'GetFile' };

const cases: Array<[string, () => unknown]> = [
  ['huawei: AK with a comma', () => signHuaweiRequest({ method: 'GET', url, headers: {} }, { ...huawei, ak: 'A,B' }, { now })],
  ['huawei: empty SK', () => signHuaweiRequest({ method: 'GET', url, headers: {} }, { ...huawei, sk: '' }, { now })],
  ['huawei: token with a newline', () => signHuaweiRequest({ method: 'GET', url, headers: {} }, { ...huawei, securityToken: `${TOKEN}\r\nX: y` }, { now })],
  ['huawei: bad method', () => signHuaweiRequest({ method: 'GE T', url, headers: {} }, huawei, { now })],
  ['huawei: bad URL with a secret in it', () => signHuaweiRequest({ method: 'GET', url: `http://[::1/x?access_token=${URL_SECRET}`, headers: {} }, huawei, { now })],
  ['huawei: header twice', () => signHuaweiRequest({ method: 'GET', url, headers: { 'X-Auth-Token': HEADER_SECRET, 'x-auth-token': HEADER_SECRET } }, huawei, { now })],
  ['huawei: header value with CRLF', () => signHuaweiRequest({ method: 'GET', url, headers: { 'X-Auth-Token': `${HEADER_SECRET}\r\n` } }, huawei, { now })],
  ['huawei: bad header name', () => signHuaweiRequest({ method: 'GET', url, headers: { [`bad name ${HEADER_SECRET}`]: 'v' } }, huawei, { now })],
  ['huawei: path without Host', () => signHuaweiRequest({ method: 'GET', url: `/v1/p?token=${URL_SECRET}`, headers: {} }, huawei, { now })],
  ['huawei: broken clock', () => signHuaweiRequest({ method: 'GET', url, headers: {} }, huawei, { now: () => new Date(Number.NaN) })],
  ['acs: id with a colon', () => signAliyunAcsRequest({ method: 'POST', url, headers: {} }, { ...acs, accessKeyId: 'a:b' }, acsOptions)],
  ['acs: empty secret', () => signAliyunAcsRequest({ method: 'POST', url, headers: {} }, { ...acs, accessKeySecret: '' }, acsOptions)],
  ['acs: token with a newline', () => signAliyunAcsRequest({ method: 'POST', url, headers: {} }, { ...acs, securityToken: `${TOKEN}\n` }, acsOptions)],
  ['acs: bad action', () => signAliyunAcsRequest({ method: 'POST', url, headers: {} }, acs, { ...acsOptions, action: 'Get File' })],
  ['acs: bad nonce', () => signAliyunAcsRequest({ method: 'POST', url, headers: {} }, acs, { ...acsOptions, nonce: () => '' })],
  ['acs: bad URL with a secret in it', () => signAliyunAcsRequest({ method: 'POST', url: `nope?signature=${URL_SECRET}`, headers: {} }, acs, acsOptions)],
  ['acs: header value with NUL', () => signAliyunAcsRequest({ method: 'POST', url, headers: { 'x-acs-security-token': `${HEADER_SECRET}\0` } }, acs, acsOptions)],
  ['acs4: id with a slash', () => signAliyunAcs4Request({ method: 'POST', url, headers: {} }, { ...acs, accessKeyId: 'a/b' }, acsOptions)],
  ['acs4: empty secret', () => signAliyunAcs4Request({ method: 'POST', url, headers: {} }, { ...acs, accessKeySecret: '' }, acsOptions)],
  ['acs4: token with a newline', () => signAliyunAcs4Request({ method: 'POST', url, headers: {} }, { ...acs, securityToken: `${TOKEN}\n` }, acsOptions)],
  ['acs4: bad URL with a secret in it', () => signAliyunAcs4Request({ method: 'POST', url: `nope?signature=${URL_SECRET}`, headers: {} }, acs, acsOptions)],
  ['acs4: header value with CRLF', () => signAliyunAcs4Request({ method: 'POST', url, headers: { 'x-acs-security-token': `${HEADER_SECRET}\r\n` } }, acs, acsOptions)],
];

describe('signing errors', () => {
  it.each(cases)('%s: a SigningError without secrets', async (_, sign) => {
    let thrown: unknown;
    try {
      await sign();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SigningError);
    expect(thrown).toBeInstanceOf(DrivespecError);
    const everything = `${String(thrown)}\n${(thrown as Error).stack}\n${inspect(thrown, { depth: 10, showHidden: true })}\n${JSON.stringify(thrown)}`;
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
