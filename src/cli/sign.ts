/**
 * `drivespec sign <huawei-metastudio|aliyun-pds> ...`: signs one request and prints every step
 * (canonical request, string to sign, headers to add, a curl line), so a curl user can see why a
 * gateway answers APIGW.0301 or 403.
 *
 * Secrets come from the environment only, never from flags (they would end up in shell history
 * and `ps`), and are never printed: security tokens appear as [REDACTED] (the curl line reads
 * them back from the environment). The signature is printed, since it is derived data and curl
 * needs it.
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { DrivespecError } from '../core/errors.js';
import { isSecretHeader, isSecretQueryParam, REDACTED, redactSecrets, redactUrl } from '../core/redact.js';
import { signAliyunAcsRequest } from '../signing/aliyun-acs/index.js';
import { signAliyunAcs4Request } from '../signing/aliyun-acs4/index.js';
import { signHuaweiRequest } from '../signing/huawei-sdk-hmac-sha256/index.js';
import { parseCommandArgs, printable, stderrLine, usageErrorText, UsageError } from './args.js';
import { operations as pdsOperations } from '../../generated/aliyun-pds/operations.js';
import type { ProviderId } from '../core/provider.js';
import type { CliIo } from './io.js';

const ENV = {
  'huawei-metastudio': {
    id: 'HUAWEICLOUD_SDK_AK',
    secret: 'HUAWEICLOUD_SDK_SK',
    token: 'HUAWEICLOUD_SDK_SECURITY_TOKEN',
  },
  'aliyun-pds': {
    id: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
    secret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    token: 'ALIBABA_CLOUD_SECURITY_TOKEN',
  },
} as const satisfies Partial<Record<ProviderId, { id: string; secret: string; token: string }>>;
type SignProvider = keyof typeof ENV;
const signProviders = Object.keys(ENV) as SignProvider[];
// Own keys only: `'toString' in ENV` is true.
const isSignProvider = (value: string): value is SignProvider => Object.hasOwn(ENV, value);

/**
 * PDS actions by path, from the spec's operation table (the action is the operation id), so
 * `--action` can be left out for every operation drivespec covers.
 */
const PDS_ACTIONS: ReadonlyMap<string, string> = new Map(Object.values(pdsOperations).map((op) => [op.path, op.operationId]));

export const signUsage = `usage: drivespec sign <huawei-metastudio|aliyun-pds> --method METHOD --url URL
                     [--header 'Name: value']... [--body STRING | --body-file FILE]
                     [--date ISO-8601] [--nonce NONCE] [--action ACTION] [--ak ACCESS_KEY_ID]
                     [--signature-version v1|v4]

Signs one request and prints the canonical request (huawei-metastudio, aliyun-pds v4), the string
to sign, the headers to add and a curl command line.

  huawei-metastudio  SDK-HMAC-SHA256; every --header given is signed, plus Host and X-Sdk-Date
  aliyun-pds         acs HMAC-SHA1 (v1, default) or ACS4-HMAC-SHA256 (v4, body signed too);
                     x-acs-* headers given are signed

credentials (environment only; secrets are never accepted as flags):
  huawei-metastudio  HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, optional HUAWEICLOUD_SDK_SECURITY_TOKEN
  aliyun-pds         ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
                     optional ALIBABA_CLOUD_SECURITY_TOKEN

options:
  --method METHOD     HTTP method token (signed in upper case)
  --url URL           absolute http:// or https:// URL, without user info; secret query values
                      (access_token, token, signature...) are printed as [REDACTED]
  --header 'N: v'     a request header; repeatable
  --body STRING       request body (UTF-8)
  --body-file FILE    request body read from FILE (relative to the current directory)
  --date ISO-8601     signing time instead of now (e.g. 2026-01-01T00:00:00Z)
  --nonce NONCE       aliyun-pds: x-acs-signature-nonce instead of a random UUID
  --action ACTION     aliyun-pds: x-acs-action (default from the path: /v2/file/get -> GetFile,
                      /v2/file/complete -> CompleteFile)
  --ak ID             access key id instead of the environment variable
  --signature-version aliyun-pds: v1 (acs HMAC-SHA1, default) or v4 (ACS4-HMAC-SHA256), as the
                      official SDK's signature_version names them
  -h, --help          show this help

exit status: 0 signed, 1 the request could not be signed or the body file read, 2 usage error.
`;

/** A failure other than bad usage (a body file that cannot be read): one line, exit code 1. */
class SignFailure extends DrivespecError {
  override name = 'SignFailure';
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  // Filled as soon as they are read, so that any error text can be scrubbed of them.
  const secrets: string[] = [];
  try {
    const output = await sign(argv, io, secrets);
    io.stdout(output);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(usageErrorText('sign', redactSecrets(error.message, secrets)));
      return error.exitCode;
    }
    const message = error instanceof DrivespecError ? error.message : `unexpected ${error instanceof Error ? error.name : 'error'}`;
    io.stderr(stderrLine('sign', redactSecrets(message, secrets)));
    return 1;
  }
}

async function sign(argv: string[], io: CliIo, secrets: string[]): Promise<string> {
  const secretFlag = argv.find((arg) => /^--(sk|secret|access-key-secret|security-token|token)(=|$)/i.test(arg));
  if (secretFlag !== undefined) {
    throw new UsageError(`${secretFlag.split('=', 1)[0]} is not accepted: secrets are read from the environment only`);
  }
  const args = parseArguments(argv);
  if (args.help) return signUsage;

  const [providerArg, ...extra] = args.positionals;
  if (providerArg === undefined) throw new UsageError(`missing provider: ${signProviders.join(' or ')}`);
  if (!isSignProvider(providerArg)) throw new UsageError(`unknown provider '${printable(providerArg, 64)}': ${signProviders.join(' or ')}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument '${printable(extra[0]!, 64)}'`);
  const provider = providerArg;
  if (provider !== 'aliyun-pds' && args.nonce !== undefined) throw new UsageError('--nonce applies to aliyun-pds only');
  if (provider !== 'aliyun-pds' && args.action !== undefined) throw new UsageError('--action applies to aliyun-pds only');
  const version = args['signature-version'];
  if (version !== undefined && provider !== 'aliyun-pds') throw new UsageError('--signature-version applies to aliyun-pds only');
  if (version !== undefined && version !== 'v1' && version !== 'v4') throw new UsageError('--signature-version must be v1 or v4');

  if (args.method === undefined) throw new UsageError('--method is required');
  if (args.url === undefined) throw new UsageError('--url is required');
  // RFC 9110 §9.1: a method is a token; anything else (spaces, CR/LF) would corrupt the request line.
  if (!HTTP_TOKEN.test(args.method)) throw new UsageError('--method must be an HTTP method token such as GET or POST');
  const method = args.method.toUpperCase();
  let url: URL;
  try {
    url = new URL(args.url);
  } catch {
    throw new UsageError('--url is not an absolute URL');
  }
  // Only http(s) has a Host to sign; `javascript:`, `file:`... would be signed with an empty Host.
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--url must be an http:// or https:// URL');
  // User info would be printed in the curl line; never echo it back, not even in this message.
  if (url.username !== '' || url.password !== '') throw new UsageError('--url must not contain user info (user:password@)');
  const headers = parseHeaders(args.header);
  const now = parseDate(args.date);
  const body = await readBody(args, io);

  const env = ENV[provider];
  const id = args.ak ?? io.env[env.id];
  if (!id) throw new UsageError(`${env.id} is not set (or pass --ak)`);
  const secret = io.env[env.secret];
  if (!secret) throw new UsageError(`${env.secret} is not set; secrets are read from the environment only`);
  const token = io.env[env.token] || undefined;
  secrets.push(secret, ...(token ? [token] : []));
  // Values of secret request headers (X-Auth-Token...) appear in canonical headers: scrub them too.
  for (const [name, value] of Object.entries(headers)) if (isSecretHeader(name)) secrets.push(value);
  // Secret query values (SMH access_token...) appear in the canonical query / resource: scrub them too.
  for (const [name, value] of url.searchParams) if (isSecretQueryParam(name)) secrets.push(value, encodeRfc3986(value));

  const request = { method, url: url.href, headers, ...(body !== undefined ? { body: body.data } : {}) };
  const lines: string[] = [];
  let added: Record<string, string>;
  if (provider === 'huawei-metastudio') {
    const signed = await signHuaweiRequest(request, { ak: id, sk: secret, ...(token ? { securityToken: token } : {}) }, { now: () => now });
    added = signed.headers;
    lines.push('# canonical request', redactCanonicalQuery(signed.canonicalRequest), '', '# string to sign', signed.stringToSign, '');
  } else {
    const action = args.action ?? PDS_ACTIONS.get(url.pathname);
    if (action === undefined) throw new UsageError(`--action is required for ${url.pathname}`);
    const nonce = args.nonce ?? randomUUID();
    const credentials = { accessKeyId: id, accessKeySecret: secret, ...(token ? { securityToken: token } : {}) };
    const options = { now: () => now, nonce: () => nonce, action };
    if (version === 'v4') {
      // The signing key is not printed: it is derived from the secret and signs anything for that day.
      const signed = await signAliyunAcs4Request(request, credentials, options);
      added = signed.headers;
      lines.push('# canonical request', redactResourceLine(signed.canonicalRequest, 1), '', '# string to sign', signed.stringToSign, '');
    } else {
      const signed = await signAliyunAcsRequest(request, credentials, options);
      added = signed.headers;
      lines.push('# string to sign', redactResourceLine(signed.stringToSign), '');
    }
  }

  const printed = Object.entries(added).map(([name, value]) => [name, isTokenHeader(name) ? REDACTED : value] as const);
  lines.push('# headers to add', ...printed.map(([name, value]) => `${name}: ${value}`), '');
  lines.push('# curl', curlLine(method, url, headers, added, body, env.token), '');
  return redactSecrets(lines.join('\n'), secrets);
}

const options = {
  method: { type: 'string' },
  url: { type: 'string' },
  header: { type: 'string', multiple: true },
  body: { type: 'string' },
  'body-file': { type: 'string' },
  date: { type: 'string' },
  nonce: { type: 'string' },
  action: { type: 'string' },
  ak: { type: 'string' },
  'signature-version': { type: 'string' },
} as const;

function parseArguments(argv: string[]) {
  // `--body ''` is an empty body, a request like any other.
  const { help, values, positionals } = parseCommandArgs(argv, options, { positionals: true, allowEmpty: ['body'] });
  return { ...values, header: values.header ?? [], help, positionals };
}

function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const seen = new Set<string>();
  for (const value of values) {
    const colon = value.indexOf(':');
    const name = colon < 0 ? '' : value.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError("--header must look like 'Name: value'");
    if (seen.has(name.toLowerCase())) throw new UsageError(`--header ${name} given twice`);
    seen.add(name.toLowerCase());
    headers[name] = value.slice(colon + 1).trim();
  }
  return headers;
}

function parseDate(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError('--date must be an ISO 8601 date-time such as 2026-01-01T00:00:00Z');
  }
  return date;
}

interface Body {
  data: string | Uint8Array;
  /** How curl gets the same bytes. */
  curl: string;
}

async function readBody(args: { body?: string | undefined; 'body-file'?: string | undefined }, io: CliIo): Promise<Body | undefined> {
  if (args.body !== undefined && args['body-file'] !== undefined) throw new UsageError('--body and --body-file exclude each other');
  if (args.body !== undefined) return { data: args.body, curl: `--data-binary ${shellQuote(args.body)}` };
  const file = args['body-file'];
  if (file === undefined) return undefined;
  const path = isAbsolute(file) ? file : resolve(io.cwd, file);
  try {
    return { data: new Uint8Array(await readFile(path)), curl: `--data-binary @${shellQuote(file)}` };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new SignFailure(`cannot read --body-file ${file}: ${code}`);
  }
}

const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function encodeRfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** SDK-HMAC-SHA256 canonical request: the third line is the canonical query string. */
function redactCanonicalQuery(canonicalRequest: string): string {
  const lines = canonicalRequest.split('\n');
  if (lines.length > 2) lines[2] = redactUrl(`?${lines[2]}`).slice(1);
  return lines.join('\n');
}

/** The canonicalized resource, `path?query`: the last line of the acs string to sign, the second of the ACS4 canonical request. */
function redactResourceLine(text: string, index?: number): string {
  const lines = text.split('\n');
  const at = index ?? lines.length - 1;
  lines[at] = redactUrl(lines[at]!);
  return lines.join('\n');
}

function isTokenHeader(name: string): boolean {
  return /security-token$/i.test(name);
}

/** The request as curl would send it; tokens are read from the environment, secret headers redacted. */
function curlLine(
  method: string,
  url: URL,
  headers: Record<string, string>,
  added: Record<string, string>,
  body: Body | undefined,
  tokenVariable: string,
): string {
  const parts = ['curl', '-X', method, shellQuote(redactUrl(url.href))];
  for (const [name, value] of Object.entries(headers)) {
    parts.push('-H', shellQuote(`${name}: ${isSecretHeader(name) ? REDACTED : value}`));
  }
  for (const [name, value] of Object.entries(added)) {
    parts.push('-H', isTokenHeader(name) ? `"${name}: \${${tokenVariable}}"` : shellQuote(`${name}: ${value}`));
  }
  if (body !== undefined) parts.push(body.curl);
  return parts.join(' ');
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
