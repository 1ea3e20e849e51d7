import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/sign.js';
import { signAliyunAcsRequest } from '../../src/signing/aliyun-acs/index.js';
import { huaweiVectors } from '../signing/huawei-sdk-hmac-sha256/vectors.js';

const HUAWEI_SK = 'MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc';
const HUAWEI_TOKEN = 'hw-sts-token-SECRET-0001';
const ALIYUN_SECRET = 'testSecret';
const ALIYUN_TOKEN = 'CAIS-aliyun-sts-SECRET-0002';

function io(env: Record<string, string | undefined> = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  const cli: CliIo = { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env, cwd };
  return { cli, stdout: () => out.join(''), stderr: () => err.join('') };
}

const huaweiEnv = { HUAWEICLOUD_SDK_AK: 'QTWAOYTTINDUT2QVKYUC', HUAWEICLOUD_SDK_SK: HUAWEI_SK };
const aliyunEnv = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'testAccessKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: ALIYUN_SECRET };

describe('drivespec sign huawei-metastudio', () => {
  it('prints the official vector step by step', async () => {
    const vector = huaweiVectors[0]!;
    const t = io(huaweiEnv);
    const code = await run(
      ['huawei-metastudio', '--method', 'get', '--url', vector.request.url, '--header', 'Content-Type: application/json', '--date', '2019-11-15T03:36:55Z'],
      t.cli,
    );
    expect(t.stderr()).toBe('');
    expect(code).toBe(0);
    const out = t.stdout();
    expect(out).toContain(`# canonical request\n${vector.expected.canonicalRequest}\n`);
    expect(out).toContain(`# string to sign\n${vector.expected.stringToSign}\n`);
    expect(out).toContain(`Authorization: ${vector.expected.authorization}\n`);
    expect(out).toContain('X-Sdk-Date: 20191115T033655Z\n');
    expect(out).toContain("curl -X GET 'https://service.region.example.com/v1/");
    expect(out).not.toContain(HUAWEI_SK);
  });

  it('never prints the SK or the security token', async () => {
    const t = io({ ...huaweiEnv, HUAWEICLOUD_SDK_SECURITY_TOKEN: HUAWEI_TOKEN });
    const code = await run(['huawei-metastudio', '--method', 'POST', '--url', 'https://metastudio.cn-north-4.myhuaweicloud.com/v1/p/files/f/complete', '--body', '{"state":"CREATED"}'], t.cli);
    expect(code).toBe(0);
    expect(t.stdout()).not.toContain(HUAWEI_SK);
    expect(t.stdout()).not.toContain(HUAWEI_TOKEN);
    expect(t.stdout()).toContain('x-security-token:[REDACTED]');
    expect(t.stdout()).toContain('X-Security-Token: [REDACTED]');
    expect(t.stdout()).toContain('"X-Security-Token: ${HUAWEICLOUD_SDK_SECURITY_TOKEN}"');
  });

  it('redacts secret request headers such as X-Auth-Token', async () => {
    const t = io(huaweiEnv);
    await run(['huawei-metastudio', '--method', 'GET', '--url', 'https://h.example.com/x', '--header', 'X-Auth-Token: iam-token-SECRET-9'], t.cli);
    expect(t.stdout()).not.toContain('iam-token-SECRET-9');
  });

  it('reads --body-file relative to cwd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'drivespec-sign-'));
    writeFileSync(join(dir, 'body.json'), '{"state":"FAILED"}');
    const fromFile = io(huaweiEnv, dir);
    const fromFlag = io(huaweiEnv);
    const common = ['huawei-metastudio', '--method', 'POST', '--url', 'https://h.example.com/x', '--date', '2025-01-01T00:00:00Z'];
    expect(await run([...common, '--body-file', 'body.json'], fromFile.cli)).toBe(0);
    expect(await run([...common, '--body', '{"state":"FAILED"}'], fromFlag.cli)).toBe(0);
    const signature = (out: string) => /Signature=([0-9a-f]{64})/.exec(out)?.[1];
    expect(await signature(fromFile.stdout())).toBeDefined();
    expect(await signature(fromFile.stdout())).toBe(await signature(fromFlag.stdout()));
    expect(fromFile.stdout()).toContain("--data-binary @'body.json'");
  });
});

describe('drivespec sign: secret query values', () => {
  // SMH-style access_token (and token, signature...) in the query must not be printed in any block.
  const url = "https://x.example.com/v2/file/get?access_token=QUERYSECRET&b=1&Token=a%20b!'c&Signature=ab";

  it('huawei-metastudio: redacted in the canonical request and the curl line', async () => {
    const t = io(huaweiEnv);
    expect(await run(['huawei-metastudio', '--method', 'POST', '--url', url], t.cli)).toBe(0);
    const out = t.stdout();
    expect(out).not.toContain('QUERYSECRET');
    expect(out).not.toMatch(/a%20b/);
    expect(out).not.toMatch(/Signature=ab\b/);
    const canonical = /# canonical request\n(.*)\n(.*)\n(.*)\n/.exec(out);
    expect(canonical?.[3]).toBe('Signature=[REDACTED]&Token=[REDACTED]&access_token=[REDACTED]&b=1');
    expect(out).toContain("'https://x.example.com/v2/file/get?access_token=[REDACTED]&b=1&Token=[REDACTED]&Signature=[REDACTED]'");
  });

  it('aliyun-pds: redacted in the string to sign and the curl line', async () => {
    const t = io(aliyunEnv);
    expect(await run(['aliyun-pds', '--method', 'POST', '--url', url, '--nonce', 'n-1'], t.cli)).toBe(0);
    const out = t.stdout();
    expect(out).not.toContain('QUERYSECRET');
    expect(out).not.toMatch(/a%20b|a b!'c/);
    expect(out).toMatch(/\n\/v2\/file\/get\?[^\n]*access_token=\[REDACTED\]/);
  });
});

describe('drivespec sign aliyun-pds', () => {
  it('reproduces the self-computed PDS vector and infers the action from the path', async () => {
    const t = io(aliyunEnv);
    const code = await run(
      ['aliyun-pds', '--method', 'POST', '--url', 'https://d.api.aliyunpds.com/v2/file/get', '--date', '2026-01-01T00:00:00Z', '--nonce', '00000000-0000-0000-0000-000000000000'],
      t.cli,
    );
    expect(code).toBe(0);
    expect(t.stdout()).toContain('authorization: acs testAccessKeyId:LEY57wuVGuq/Jcl3CSoHGQONgpA=\n');
    expect(t.stdout()).toContain('x-acs-action:GetFile\n');
    expect(t.stdout()).not.toContain('# canonical request');
  });

  it('redacts the STS token everywhere, also in the string to sign', async () => {
    const t = io({ ...aliyunEnv, ALIBABA_CLOUD_SECURITY_TOKEN: ALIYUN_TOKEN });
    const code = await run(['aliyun-pds', '--method', 'POST', '--url', 'https://d.api.aliyunpds.com/v2/file/complete', '--nonce', 'n-1'], t.cli);
    expect(code).toBe(0);
    expect(t.stdout()).not.toContain(ALIYUN_TOKEN);
    expect(t.stdout()).toContain('x-acs-security-token:[REDACTED]\n');
    // The printed signature is still the one for the real token.
    const signature = /authorization: acs testAccessKeyId:(\S+)/.exec(t.stdout())?.[1];
    const date = /\ndate: (.+)\n/.exec(t.stdout())?.[1];
    const expected = await signAliyunAcsRequest(
      { method: 'POST', url: 'https://d.api.aliyunpds.com/v2/file/complete', headers: {} },
      { accessKeyId: 'testAccessKeyId', accessKeySecret: ALIYUN_SECRET, securityToken: ALIYUN_TOKEN },
      { now: () => new Date(date!), nonce: () => 'n-1', action: 'CompleteFile' },
    );
    expect(signature).toBe(expected.signature);
  });

  it('needs --action for paths it does not know', async () => {
    const t = io(aliyunEnv);
    expect(await run(['aliyun-pds', '--method', 'POST', '--url', 'https://d.api.aliyunpds.com/v2/file/list'], t.cli)).toBe(2);
    expect(t.stderr()).toMatch(/^drivespec sign: --action is required for \/v2\/file\/list/);
  });
});

describe('drivespec sign errors and help', () => {
  it('--help prints usage and exits 0', async () => {
    const t = io();
    expect(await run(['--help'], t.cli)).toBe(0);
    expect(t.stdout()).toMatch(/^usage: drivespec sign/);
    expect(t.stdout()).toContain('HUAWEICLOUD_SDK_SK');
  });

  it.each([
    [[], /missing provider/],
    [['tencent-smh', '--method', 'GET', '--url', 'https://x'], /unknown provider 'tencent-smh'/],
    [['huawei-metastudio', '--url', 'https://x'], /--method is required/],
    [['huawei-metastudio', '--method', 'GET'], /--url is required/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'not a url'], /--url is not an absolute URL/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'https://x', '--header', 'broken'], /--header must look like/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'https://x', '--header', 'A: 1', '--header', 'a: 2'], /--header a given twice/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'https://x', '--date', 'yesterday'], /--date must be/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'https://x', '--body', 'a', '--body-file', 'b'], /exclude each other/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'https://x', '--nonce', 'n'], /--nonce applies to aliyun-pds only/],
    [['huawei-metastudio', '--method', 'GET', '--url', 'https://x', '--bogus'], /unknown option '--bogus'/],
    [['huawei-metastudio', '--method'], /^drivespec sign: --method needs a value$/],
    [['huawei-metastudio', '--method', '--url', 'https://x'], /^drivespec sign: --method needs a value \(one starting with '-' is written --method=-\.\.\.\)$/],
    [['huawei-metastudio', '--method', 'GET', '--method', 'POST', '--url', 'https://x'], /^drivespec sign: --method given twice$/],
    [['huawei-metastudio', '--method', 'GET', '--url='], /^drivespec sign: --url needs a value$/],
    [['toString', '--method', 'GET', '--url', 'https://x'], /^drivespec sign: unknown provider 'toString': huawei-metastudio or aliyun-pds$/],
    [['huawei-metastudio', 'extra', '--method', 'GET', '--url', 'https://x'], /unexpected argument 'extra'/],
    [['huawei-metastudio', '--method', 'PO ST', '--url', 'https://x'], /--method must be an HTTP method token/],
    [['huawei-metastudio', '--method', 'GET\r\nX: 1', '--url', 'https://x'], /--method must be an HTTP method token/],
    [['huawei-metastudio', '--method', 'POST', '--url', 'javascript:alert(1)'], /--url must be an http:\/\/ or https:\/\/ URL/],
    [['aliyun-pds', '--method', 'POST', '--url', 'file:///v2/file/get'], /--url must be an http:\/\/ or https:\/\/ URL/],
  ])('%j: the message, the hint to --help, exit 2', async (argv, message) => {
    const t = io(huaweiEnv);
    expect(await run(argv, t.cli)).toBe(2);
    const [line, hint, ...rest] = t.stderr().split('\n');
    expect(line).toMatch(/^drivespec sign: /);
    expect(line).toMatch(message);
    expect(hint).toBe("Run 'drivespec sign --help' for usage.");
    expect(rest).toEqual(['']);
    expect(t.stdout()).toBe('');
  });

  it('refuses URLs with user info without echoing the password', async () => {
    for (const provider of ['huawei-metastudio', 'aliyun-pds']) {
      const t = io({ ...huaweiEnv, ...aliyunEnv });
      expect(await run([provider, '--method', 'POST', '--url', 'https://user:URL-PASSWORD-1@x/v2/file/get'], t.cli)).toBe(2);
      expect(t.stderr()).toMatch(/^drivespec sign: --url must not contain user info/);
      expect(t.stderr()).not.toContain('URL-PASSWORD-1');
      expect(t.stdout()).toBe('');
    }
  });

  it('refuses secrets as flags without echoing them', async () => {
    for (const argv of [['--sk=SECRET-FLAG-VALUE'], ['--secret', 'SECRET-FLAG-VALUE'], ['--security-token=SECRET-FLAG-VALUE']]) {
      const t = io(huaweiEnv);
      expect(await run(['huawei-metastudio', '--method', 'GET', '--url', 'https://x', ...argv], t.cli)).toBe(2);
      expect(t.stderr()).toMatch(/secrets are read from the environment only/);
      expect(t.stderr()).not.toContain('SECRET-FLAG-VALUE');
    }
  });

  it('names the missing environment variables', async () => {
    const noKey = io({ HUAWEICLOUD_SDK_SK: HUAWEI_SK });
    expect(await run(['huawei-metastudio', '--method', 'GET', '--url', 'https://x'], noKey.cli)).toBe(2);
    expect(noKey.stderr()).toMatch(/HUAWEICLOUD_SDK_AK is not set \(or pass --ak\)/);
    const noSecret = io({});
    expect(await run(['aliyun-pds', '--ak', 'id', '--method', 'POST', '--url', 'https://d/v2/file/get'], noSecret.cli)).toBe(2);
    expect(noSecret.stderr()).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set/);
  });

  it('reports an unreadable body file with exit 1', async () => {
    const t = io(huaweiEnv, mkdtempSync(join(tmpdir(), 'drivespec-sign-')));
    expect(await run(['huawei-metastudio', '--method', 'POST', '--url', 'https://x', '--body-file', 'missing.json'], t.cli)).toBe(1);
    expect(t.stderr()).toBe('drivespec sign: cannot read --body-file missing.json: ENOENT\n');
  });

  it('reports signing errors with exit 1 and without secrets', async () => {
    const t = io({ ...huaweiEnv, HUAWEICLOUD_SDK_SECURITY_TOKEN: `${HUAWEI_TOKEN}\nInjected: 1` });
    expect(await run(['huawei-metastudio', '--method', 'GET', '--url', 'https://x'], t.cli)).toBe(1);
    expect(t.stderr()).toMatch(/^drivespec sign: credentials.securityToken: /);
    expect(t.stderr()).not.toContain(HUAWEI_TOKEN);
    expect(t.stderr()).not.toContain(HUAWEI_SK);
  });
});

describe('drivespec sign aliyun-pds --signature-version v4 (issue 9 item 8)', () => {
  // The second known answer of the independent implementation: STS token, extra x-acs header, body.
  const vectors = JSON.parse(readFileSync(new URL('../signing/aliyun-acs4/vectors.json', import.meta.url), 'utf8')) as Array<{
    input: { url: string; time: string; nonce: string; action: string; accessKeyId: string; accessKeySecret: string; securityToken?: string; headers?: Record<string, string>; body: string };
    expected: { canonicalRequest: string; stringToSign: string; signingKey: string; authorization: string };
  }>;
  const { input, expected } = vectors[1]!;
  const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: input.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: input.accessKeySecret, ALIBABA_CLOUD_SECURITY_TOKEN: input.securityToken };
  const argv = [
    'aliyun-pds', '--signature-version', 'v4', '--method', 'POST', '--url', input.url, '--date', input.time, '--nonce', input.nonce,
    ...Object.entries(input.headers ?? {}).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
    '--body', input.body,
  ];

  it('prints the independent vector’s canonical request, string to sign and Authorization; never the secret, token or signing key', async () => {
    const t = io(env);
    expect(await run(argv, t.cli)).toBe(0);
    expect(t.stderr()).toBe('');
    const out = t.stdout();
    expect(out).toContain(`# canonical request\n${expected.canonicalRequest.replace(input.securityToken!, '[REDACTED]')}\n`);
    expect(out).toContain(`# string to sign\n${expected.stringToSign}\n`);
    expect(out).toContain(`authorization: ${expected.authorization}\n`);
    for (const secret of [input.accessKeySecret, input.securityToken!, expected.signingKey]) expect(out).not.toContain(secret);
  });

  it('v1 stays the default; a bad version or another provider is a usage error', async () => {
    const v1 = io(env);
    expect(await run(argv.filter((a, i) => a !== '--signature-version' && argv[i - 1] !== '--signature-version'), v1.cli)).toBe(0);
    expect(v1.stdout()).toMatch(/authorization: acs /);
    const bad = io(env);
    expect(await run(argv.map((a) => (a === 'v4' ? 'v3' : a)), bad.cli)).toBe(2);
    expect(bad.stderr()).toBe("drivespec sign: --signature-version must be v1 or v4\nRun 'drivespec sign --help' for usage.\n");
    const other = io(huaweiEnv);
    expect(await run(['huawei-metastudio', '--signature-version', 'v4', '--method', 'GET', '--url', 'https://h.example.com/x'], other.cli)).toBe(2);
    expect(other.stderr()).toContain('--signature-version applies to aliyun-pds only');
  });
});
