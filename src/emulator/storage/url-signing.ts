/**
 * Signatures on the storage URLs the emulator hands out. Not the services' own schemes (the
 * client never computes these, it only carries them): one HMAC-SHA256 with a random per-emulator
 * secret over the method, the path, the expiry and every other query parameter, in the parameter
 * names each service's presigned URLs use, so a URL looks and fails like theirs:
 *
 * - `oss` (PDS, OSS V1 presigned URL) and `obs` (MetaStudio, OBS V2 query authentication):
 *   `Expires` (Unix seconds) and `Signature`;
 * - `s3` (KooDrive, AWS SigV4 query authentication): `X-Amz-Date` + `X-Amz-Expires` (seconds) and
 *   `X-Amz-Signature`;
 * - `cos` (SMH): no query; COS's `Authorization` header, `q-sign-time=<start>;<end>` and
 *   `q-signature` (https://www.tencentcloud.com/document/product/436/7778), which SMH hands out in
 *   the upload's `headers` for every part PUT, so it cannot cover a part number.
 *
 * Every parameter but the signature is signed: a changed `partNumber`, expiry or KooDrive hash
 * context, or an added parameter, is `SignatureDoesNotMatch`. Signatures are compared in constant
 * time. All signature values are redacted by `redactUrl` / `redactHeaders` (core/redact.ts).
 */
import { createHmac } from 'node:crypto';
import { secretEquals } from '../secure-compare.js';
import type { QueryValue } from '../query.js';
import type { StorageFlavor } from './upload-store.js';

export const STORAGE_PREFIX = '/__drivespec/storage/';

export function storagePath(flavor: StorageFlavor, key: string): string {
  return `${STORAGE_PREFIX}${flavor}/${key}`;
}

/** The query parameters this module writes per flavor (extra parameters must not reuse them). */
export function reservedQueryNames(flavor: StorageFlavor): string[] {
  if (flavor === 's3') return ['partNumber', 'X-Amz-Date', 'X-Amz-Expires', 'X-Amz-Signature'];
  return ['partNumber', 'Expires', 'Signature'];
}

function stringToSign(method: string, path: string, expiry: string, pairs: readonly (readonly [string, string])[]): string {
  // Names are unique (a repeated parameter is refused), so sorting the encoded pairs is canonical.
  const canonical = pairs
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .sort()
    .join('&');
  return `${method}\n${path}\n${expiry}\n${canonical}`;
}

export function signStorageRequest(
  secret: Uint8Array,
  method: string,
  path: string,
  expiry: string,
  pairs: readonly (readonly [string, string])[],
): string {
  return createHmac('sha256', secret).update(stringToSign(method, path, expiry, pairs)).digest('hex');
}

function compactDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The signed query (without `?`) for a PUT to `path`: `params` (the part number and the caller's
 * extra parameters, in that order), then the flavor's expiry and signature. The expiry is rounded
 * up to a whole second, so a URL lives at most a second longer than asked.
 */
export function signedQuery(
  secret: Uint8Array,
  flavor: Exclude<StorageFlavor, 'cos'>,
  path: string,
  params: readonly (readonly [string, string])[],
  expiresAt: Date,
  now: Date,
): string {
  const expirySeconds = Math.ceil(expiresAt.getTime() / 1000);
  let pairs: [string, string][];
  let expiry: string;
  if (flavor === 's3') {
    const dateSeconds = Math.floor(now.getTime() / 1000);
    const date = compactDate(dateSeconds * 1000);
    const lifetime = String(Math.max(0, expirySeconds - dateSeconds));
    pairs = [...params.map(([n, v]) => [n, v] as [string, string]), ['X-Amz-Date', date], ['X-Amz-Expires', lifetime]];
    expiry = `${date};${lifetime}`;
  } else {
    expiry = String(expirySeconds);
    pairs = [...params.map(([n, v]) => [n, v] as [string, string]), ['Expires', expiry]];
  }
  const signature = signStorageRequest(secret, 'PUT', path, expiry, pairs);
  pairs.push([flavor === 's3' ? 'X-Amz-Signature' : 'Signature', signature]);
  return pairs.map(([n, v]) => `${encodeURIComponent(n)}=${encodeURIComponent(v)}`).join('&');
}

/** COS's `Authorization` header value for PUTs to `path` until `expiresAt`. */
export function cosAuthorization(secret: Uint8Array, path: string, expiresAt: Date, now: Date): string {
  const signTime = `${Math.floor(now.getTime() / 1000)};${Math.ceil(expiresAt.getTime() / 1000)}`;
  const signature = signStorageRequest(secret, 'PUT', path, signTime, []);
  return [
    'q-sign-algorithm=hmac-sha256',
    'q-ak=drivespec-emulator',
    `q-sign-time=${signTime}`,
    `q-key-time=${signTime}`,
    'q-header-list=',
    'q-url-param-list=',
    `q-signature=${signature}`,
  ].join('&');
}

export type SignatureCheck =
  | { ok: true; query: Record<string, string> }
  | { ok: false; status: 403 | 400; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidArgument'; message: string };

const expired = { ok: false, status: 403, code: 'AccessDenied', message: 'Request has expired' } as const;
const mismatch = {
  ok: false,
  status: 403,
  code: 'SignatureDoesNotMatch',
  message: 'The request signature we calculated does not match the signature you provided.',
} as const;

/** The query as single values; a repeated parameter is refused (a signature covers one value). */
function singleValues(query: ReadonlyMap<string, QueryValue>): Record<string, string> | undefined {
  const entries = [...query];
  // Object.fromEntries defines own properties: a parameter named `__proto__` stays a plain key.
  return entries.some(([, value]) => Array.isArray(value)) ? undefined : Object.fromEntries(entries as [string, string][]);
}

/** `20240104T025403Z` (ours: the signature vouches for its form) as epoch milliseconds. */
function compactDateMs(date: string): number {
  return Date.parse(`${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 11)}:${date.slice(11, 13)}:${date.slice(13)}`);
}

/**
 * Checks a PUT's signature and expiry (`now`); `authorization` is the header, for `cos`. Only the
 * presence of the signed fields is checked before the HMAC: their form is vouched for by it.
 */
export function verifyStorageRequest(
  secret: Uint8Array,
  flavor: StorageFlavor,
  method: string,
  path: string,
  query: ReadonlyMap<string, QueryValue>,
  authorization: string | undefined,
  now: Date,
): SignatureCheck {
  const values = singleValues(query);
  if (values === undefined) return { ok: false, status: 400, code: 'InvalidArgument', message: 'A query parameter is repeated.' };
  let expiry: string | undefined;
  let presented: string | undefined;
  let pairs: [string, string][] = [];
  let expiresAt: () => number;
  if (flavor === 'cos') {
    const fields = new URLSearchParams(authorization);
    expiry = fields.get('q-sign-time') ?? undefined;
    presented = fields.get('q-signature') ?? undefined;
    if (expiry === undefined || presented === undefined) {
      return { ok: false, status: 403, code: 'AccessDenied', message: 'Access Denied: the request carries no Authorization header with q-sign-time and q-signature.' };
    }
    const signTime = expiry;
    expiresAt = () => Number(signTime.slice(signTime.indexOf(';') + 1)) * 1000;
  } else {
    const signatureName = flavor === 's3' ? 'X-Amz-Signature' : 'Signature';
    presented = values[signatureName];
    pairs = Object.entries(values).filter(([name]) => name !== signatureName);
    if (flavor === 's3') {
      const date = values['X-Amz-Date'];
      const lifetime = values['X-Amz-Expires'];
      if (date !== undefined && lifetime !== undefined) expiry = `${date};${lifetime}`;
      expiresAt = () => compactDateMs(date!) + Number(lifetime) * 1000;
    } else {
      expiry = values.Expires;
      expiresAt = () => Number(expiry) * 1000;
    }
    if (presented === undefined || expiry === undefined) {
      return {
        ok: false,
        status: 403,
        code: 'AccessDenied',
        message: `Query-string authentication requires the ${flavor === 's3' ? 'X-Amz-Date, X-Amz-Expires and X-Amz-Signature' : 'Expires and Signature'} parameters.`,
      };
    }
  }
  if (!secretEquals(presented, signStorageRequest(secret, method, path, expiry, pairs))) return mismatch;
  if (now.getTime() >= expiresAt()) return expired;
  return { ok: true, query: values };
}
