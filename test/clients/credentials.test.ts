/**
 * AccessKey and AK/SK credentials are checked in `createClient` (issue 9 item 15): what the signer
 * would refuse on every call is a ConfigurationError naming the option, never its value, before
 * any request; and the PDS AccessKey signature version option (issue 9 item 8). Tokens too (review D2).
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { ConfigurationError } from '../../src/core/errors.js';

function configError(make: () => unknown): ConfigurationError {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return error as ConfigurationError;
  }
  throw new Error('expected a ConfigurationError');
}

const neverCalled: typeof fetch = () => {
  throw new Error('no request may be sent');
};

describe('PDS AccessKey credentials', () => {
  const pds = (credentials: Record<string, unknown>) => () => createPds({ domainId: 'd', fetch: neverCalled, credentials: credentials as never });
  it.each([
    ['a space in the id', { accessKeyId: 'a b', accessKeySecret: 's-SECRET' }, 'credentials.accessKeyId', 'a b'],
    ['":" in the id', { accessKeyId: 'a:b', accessKeySecret: 's-SECRET' }, 'credentials.accessKeyId', 'a:b'],
    ['"/" in the id (v4 scope separator)', { accessKeyId: 'a/b', accessKeySecret: 's-SECRET', signatureVersion: 'v4' }, 'credentials.accessKeyId', 'a/b'],
    ['non-ASCII in the id', { accessKeyId: 'ключ', accessKeySecret: 's-SECRET' }, 'credentials.accessKeyId', 'ключ'],
    ['a line break in the STS token', { accessKeyId: 'id', accessKeySecret: 's-SECRET', securityToken: 'tok\nen-SECRET' }, 'credentials.securityToken', 'tok\nen-SECRET'],
    ['an unknown signature version', { accessKeyId: 'id', accessKeySecret: 's-SECRET', signatureVersion: 'v2' }, 'credentials.signatureVersion', 'v2'],
    ['a signature version with a token', { accessToken: 't-SECRET', signatureVersion: 'v4' }, 'credentials', 't-SECRET'],
  ])('%s: ConfigurationError naming the option, not the value', (_, credentials, option, value) => {
    const error = configError(pds(credentials));
    expect(error.option).toBe(option);
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain('s-SECRET');
  });

  it('accepts both versions and leaves v1 the default', () => {
    for (const signatureVersion of [undefined, 'v1', 'v4'] as const) {
      expect(() => createPds({ domainId: 'd', credentials: { accessKeyId: 'LTAI', accessKeySecret: 's', ...(signatureVersion ? { signatureVersion } : {}) } })).not.toThrow();
    }
  });

  it.each([
    ['v1', /^acs LTAIid:[A-Za-z0-9+/]{27}=$/],
    ['v4', /^ACS4-HMAC-SHA256 Credential=LTAIid\/20260101\/center\/pds\/aliyun_v4_request,SignedHeaders=x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/],
  ] as const)('signatureVersion %s signs with its algorithm', async (signatureVersion, pattern) => {
    const seen: Headers[] = [];
    const client = createPds({
      baseUrl: 'https://bj1.api.aliyunpds.com',
      now: () => new Date('2026-01-01T00:00:00Z'),
      maxRetries: 0,
      credentials: { accessKeyId: 'LTAIid', accessKeySecret: 'secret', signatureVersion },
      fetch: async (_url, init) => {
        seen.push(new Headers(init?.headers));
        return new Response('{"code":"NotFound","message":"no"}', { status: 404, headers: { 'content-type': 'application/json' } });
      },
    });
    await client.getFile({ body: { drive_id: '1', file_id: 'f' } }).catch(() => {});
    expect(seen[0]!.get('authorization')).toMatch(pattern);
    expect(seen[0]!.has('x-acs-date')).toBe(signatureVersion === 'v4');
    expect(seen[0]!.has('x-acs-signature-method')).toBe(signatureVersion === 'v1');
  });
});

describe('Huawei AK/SK credentials (MetaStudio)', () => {
  const metaStudio = (credentials: Record<string, unknown>) => () =>
    createMetaStudio({ projectId: 'p', fetch: neverCalled, credentials: credentials as never });
  it.each([
    ['a space in the AK', { ak: 'a b', sk: 's-SECRET' }, 'credentials.ak', 'a b'],
    ['"," in the AK', { ak: 'a,b', sk: 's-SECRET' }, 'credentials.ak', 'a,b'],
    ['"=" in the AK', { ak: 'a=b', sk: 's-SECRET' }, 'credentials.ak', 'a=b'],
    ['a NUL in the STS token', { ak: 'AK', sk: 's-SECRET', securityToken: 'to\0ken' }, 'credentials.securityToken', 'to\0ken'],
  ])('%s: ConfigurationError naming the option, not the value', (_, credentials, option, value) => {
    const error = configError(metaStudio(credentials));
    expect(error.option).toBe(option);
    expect(error.message).not.toContain(value);
    expect(error.message).not.toContain('s-SECRET');
  });
});

/**
 * Tokens and KooDrive's user id travel in a header (SMH's token in the query): one with a control
 * character or a non-ASCII character threw a plain TypeError at every call, the NUL/CR/LF ones
 * quoting the token (review D2). Now a ConfigurationError at createClient, without the value.
 */
describe('tokens that cannot travel in a request', () => {
  const TOKENS = [
    ['a NUL', 'SEKRET\u0000TOKEN'],
    ['CR LF', 'SEKRET\r\nTOKEN'],
    ['a tab', 'SEKRET\tTOKEN'],
    ['a space', 'SEKRET TOKEN'],
    ['DEL', 'SEKRET\u007fTOKEN'],
    ['a latin1 character', 'SEKRET\u00e9TOKEN'],
    ['a character above U+00FF', 'SEKRET€TOKEN'],
  ] as const;
  const KINDS: Array<[string, (token: string) => unknown]> = [
    ['credentials.accessToken', (t) => createPds({ domainId: 'd', fetch: neverCalled, credentials: { accessToken: t } })],
    ['credentials.shareToken', (t) => createPds({ domainId: 'd', fetch: neverCalled, credentials: { shareToken: t } })],
    ['credentials.token', (t) => createMetaStudio({ projectId: 'p', fetch: neverCalled, credentials: { token: t } })],
    ['credentials.accessToken', (t) => createKooDrive({ baseUrl: 'https://k.test', fetch: neverCalled, credentials: { accessToken: t, userId: 'u1' } })],
    ['credentials.userId', (t) => createKooDrive({ baseUrl: 'https://k.test', fetch: neverCalled, credentials: { accessToken: 'tok', userId: t } })],
    ['credentials.accessToken', (t) => createSmh({ fetch: neverCalled, credentials: { accessToken: t } })],
  ];
  const cases = KINDS.flatMap(([option, make], kind) => TOKENS.map(([what, token]) => [`${['PDS', 'PDS share', 'MetaStudio', 'KooDrive', 'KooDrive', 'SMH'][kind]} ${option} with ${what}`, option, make, token] as const));

  it.each(cases)('%s: ConfigurationError naming the option, not the value', (_, option, make, token) => {
    const error = configError(() => make(token));
    expect(error.option).toBe(option);
    expect(error.message).toMatch(/must be visible ASCII/);
    for (const text of [error.message, String(error.stack), inspect(error)]) {
      expect(text).not.toContain('SEKRET');
      expect(text).not.toContain('TOKEN');
    }
  });

  it('accepts the visible-ASCII tokens the providers issue (b64token, JWT, IAM token characters)', () => {
    const token = 'MIIaBcD-._~+/0123456789xyzXYZ==';
    expect(() => createPds({ domainId: 'd', credentials: { accessToken: token } })).not.toThrow();
    expect(() => createPds({ domainId: 'd', credentials: { shareToken: 'eyJhbGciOi.eyJzdWIi.sig' } })).not.toThrow();
    expect(() => createMetaStudio({ projectId: 'p', credentials: { token } })).not.toThrow();
    expect(() => createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: token, userId: '123456789' } })).not.toThrow();
    expect(() => createSmh({ credentials: { accessToken: 'acctk01a2b3c' } })).not.toThrow();
  });
});
