/**
 * CORS for the emulator (issue 13): a page on another origin can call it, the way the
 * browser-facing services are set up for web apps. What each real service does, as far as its
 * public pages say (src/emulator/README.md, "CORS", has the sources):
 *
 * - aliyun-pds: the API (`{domainId}.api.aliyunpds.com`) is called from web pages with user
 *   access tokens (the PDS JS SDK runs in browsers; "OAuth 2.0 access process for web browser
 *   applications"); a domain's CORS is configured in the PDS console (domain settings, allowed
 *   origins). Its part URLs are OSS presigned URLs: OSS answers a preflight that matches no bucket
 *   CORS rule with 403 `AccessForbidden` "CORSResponse: This CORS request is not allowed…", and a
 *   matching one with the rule's methods, headers and `ExposeHeader` (ETag must be listed there
 *   for a browser to read it).
 * - huawei-metastudio, huawei-koodrive: behind Huawei API Gateway, whose CORS (the "CORS"
 *   switch, or the CORS plug-in with allow_origin / allow_methods / allow_headers /
 *   expose_headers / max_age) answers the preflight itself, before the API's authentication.
 *   No gateway error code for a refused origin is documented: the emulator answers 403
 *   `APIGW.0306` "API access denied" (a documented gateway 403) in the gateway's
 *   `{ error_code, error_msg, request_id }` shape. MetaStudio's part URLs are OBS presigned URLs
 *   (bucket CORS rules, 403 `AccessForbidden` when none matches); KooDrive's are S3-compatible
 *   (the same S3 CORS rules and answer).
 * - tencent-smh: the API is made for web clients (access tokens "for clients"); its part URLs
 *   are COS, whose bucket CORS answers an unmatched preflight 403 `AccessForbidden`.
 *
 * The emulator: a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is
 * answered before authentication, 204 with the allowed methods and headers when the origin is
 * allowed, the method is one the path serves and every requested header is allowed; otherwise 403
 * in the provider's (or storage service's) error shape with no `Access-Control-Allow-Origin`. An
 * actual request from an origin not allowed is refused the same way before any work (stricter
 * than the services, which run it and only withhold the CORS headers): a page on another site
 * must not be able to change a developer's emulator with a simple (unpreflighted) POST, the seed
 * and reset routes included. Allowed origins: any loopback origin by default (`http(s)://localhost`,
 * `127.0.0.0/8`, `[::1]`, any port). `Access-Control-Allow-Credentials` is never sent: every
 * credential travels in a header or the query, never in a cookie, so a page never needs the
 * browser's credentials mode.
 */
import { ConfigurationError } from '../core/errors.js';
import type { ProviderId } from '../core/provider.js';
import type { Answer } from './answer.js';
import { neutralError } from './answer.js';
import type { ProviderEmulator } from './providers/provider.js';
import { storageRequestIdHeader } from './storage/storage-answers.js';
import type { StorageFlavor } from './storage/upload-store.js';

/** The `corsOrigins` keyword for every loopback origin (the default). */
export const CORS_LOOPBACK = 'loopback';
/** The `corsOrigins` keyword for any origin. */
export const CORS_ANY = '*';

/** How long a browser may cache a preflight answer (seconds): 10 minutes, Chromium's cap. */
export const CORS_MAX_AGE_SECONDS = 600;

export interface CorsPolicy {
  /** Whether a request with this `Origin` value may be answered with CORS headers. */
  allows(origin: string): boolean;
}

/**
 * The policy of `corsOrigins`: exact origins (`https://app.example`), `'loopback'` and `'*'`.
 * Default `['loopback']`; a list replaces the default (name `'loopback'` in it to keep it).
 * Throws ConfigurationError for anything else: a typo must not silently allow nothing.
 */
export function createCorsPolicy(origins: readonly string[] = [CORS_LOOPBACK]): CorsPolicy {
  if (!Array.isArray(origins)) throw new ConfigurationError('corsOrigins', 'must be an array of origins');
  const exact = new Set<string>();
  let loopback = false;
  let any = false;
  for (const entry of origins as unknown[]) {
    if (entry === CORS_LOOPBACK) loopback = true;
    else if (entry === CORS_ANY) any = true;
    else if (typeof entry === 'string' && isSerializedOrigin(entry)) exact.add(entry);
    else {
      throw new ConfigurationError(
        'corsOrigins',
        `${typeof entry === 'string' ? JSON.stringify(entry.slice(0, 100)) : typeof entry} is not an origin (scheme://host[:port], no path), '${CORS_LOOPBACK}' or '${CORS_ANY}'`,
      );
    }
  }
  return {
    allows(origin) {
      // `null` (sandboxed frames, file: pages) and anything that is not an http(s) origin: never.
      if (!isSerializedOrigin(origin)) return false;
      return any || exact.has(origin) || (loopback && isLoopbackOrigin(origin));
    },
  };
}

/** `scheme://host[:port]` exactly as a browser serializes it (lower-case, no default port, no path). */
function isSerializedOrigin(value: string): boolean {
  if (value.length > 2048) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
}

function isLoopbackOrigin(origin: string): boolean {
  const host = new URL(origin).hostname;
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** What one target (a provider's API or a storage service) allows and exposes. */
export interface CorsRules {
  /** Lower-case request header names allowed beyond the CORS-safelisted ones. */
  readonly allowHeaders: readonly string[];
  /** Lower-case prefixes of allowed request header names (PDS signs every `x-acs-*` header). */
  readonly allowHeaderPrefixes: readonly string[];
  /** Every header allowed (storage: bucket rules with `AllowedHeader: *`). */
  readonly anyHeader: boolean;
  /** Lower-case response header names a client reads, beyond the CORS-safelisted ones. */
  readonly exposeHeaders: readonly string[];
}

/**
 * Request headers the clients' signers and helpers send that no spec names as a parameter or
 * security scheme (the schemes' `Authorization` / `X-Auth-Token` are read from the spec):
 * - aliyun-pds `acs` / ACS4 (src/signing/aliyun-acs*): `x-acs-*` (version, action, nonce,
 *   signature method and version, date, content-sha256, security-token), Content-MD5. The `Date`
 *   header it also signs is one a page cannot set (a forbidden request header): see README.
 * - Huawei SDK-HMAC-SHA256 (src/signing/huawei-sdk-hmac-sha256): X-Sdk-Date, X-Security-Token,
 *   and X-Project-Id (src/clients/huawei-aksk.ts). `Host` is signed too, and the browser sends it.
 */
const SIGNING_HEADERS: Readonly<Record<ProviderId, { names: readonly string[]; prefixes: readonly string[] }>> = {
  'aliyun-pds': { names: ['content-md5'], prefixes: ['x-acs-'] },
  'huawei-koodrive': { names: [], prefixes: [] },
  'huawei-metastudio': { names: ['x-sdk-date', 'x-security-token', 'x-project-id'], prefixes: [] },
  'tencent-smh': { names: [], prefixes: [] },
};

/**
 * Response headers the clients read that the specs do not list among an operation's response
 * headers: PDS's gateway error headers (src/clients/aliyun-pds.ts), the request-id fallbacks
 * (tencent-smh.ts `x-request-id`, huawei-koodrive.ts `x-traceid`) and `Retry-After` (the retry loop).
 */
const EXTRA_EXPOSED: Readonly<Record<ProviderId, readonly string[]>> = {
  'aliyun-pds': ['x-ca-error-code', 'x-ca-error-message'],
  'huawei-koodrive': ['x-traceid'],
  'huawei-metastudio': [],
  'tencent-smh': ['x-request-id'],
};
const RETRY_HEADERS = ['retry-after', 'retry-after-ms'];
/** Every request with a body sends `Content-Type: application/json`, not a safelisted value. */
const COMMON_REQUEST_HEADERS = ['accept', 'content-type'];

const apiRulesCache = new WeakMap<ProviderEmulator, CorsRules>();

/** A provider API's rules, from its generated tables: scheme and parameter headers, request-id and response headers. */
export function apiCorsRules(provider: ProviderEmulator): CorsRules {
  let rules = apiRulesCache.get(provider);
  if (rules) return rules;
  const allow = new Set<string>([...COMMON_REQUEST_HEADERS, ...SIGNING_HEADERS[provider.id].names]);
  for (const scheme of Object.values(provider.securitySchemes)) {
    if (scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name) allow.add(scheme.name.toLowerCase());
    if (scheme.type === 'http') allow.add('authorization');
  }
  const expose = new Set<string>([provider.requestIdHeader.toLowerCase(), ...EXTRA_EXPOSED[provider.id], ...RETRY_HEADERS]);
  for (const op of Object.values(provider.operations)) {
    for (const p of op.parameters) if (p.in === 'header') allow.add(p.name.toLowerCase());
    for (const response of Object.values(op.responses)) for (const h of response.headers) expose.add(h.toLowerCase());
  }
  rules = {
    allowHeaders: [...allow].sort(),
    allowHeaderPrefixes: SIGNING_HEADERS[provider.id].prefixes,
    anyHeader: false,
    exposeHeaders: [...expose].filter((h) => !SAFELISTED_RESPONSE.has(h)).sort(),
  };
  apiRulesCache.set(provider, rules);
  return rules;
}

/** The CRC-64 header OSS and COS answer a part PUT with (storage-answers.ts), which SDKs read. */
const STORAGE_CRC_HEADER: Readonly<Record<StorageFlavor, string | undefined>> = {
  oss: 'x-oss-hash-crc64ecma',
  obs: undefined,
  cos: 'x-cos-hash-crc64ecma',
  s3: undefined,
};

/**
 * A storage service's rules, as the providers' browser-upload guides ask bucket owners to set
 * them: any header allowed (the presigned headers differ per provider and per part), and ETag
 * exposed, without which a page cannot read the part's MD5 (OSS, COS, OBS and S3 all require
 * `ExposeHeader: ETag` for browser multipart uploads).
 */
export function storageCorsRules(flavor: StorageFlavor): CorsRules {
  const crc = STORAGE_CRC_HEADER[flavor];
  return {
    allowHeaders: [],
    allowHeaderPrefixes: [],
    anyHeader: true,
    exposeHeaders: ['etag', storageRequestIdHeader[flavor], ...(crc ? [crc] : [])],
  };
}

/** Response headers a page may always read (Fetch standard, CORS-safelisted response-header names). */
const SAFELISTED_RESPONSE = new Set(['cache-control', 'content-language', 'content-length', 'content-type', 'expires', 'last-modified', 'pragma']);

/** Headers of an answer to an allowed origin. */
export function corsHeaders(origin: string, rules: CorsRules | undefined): Record<string, string> {
  return {
    'access-control-allow-origin': origin,
    vary: 'Origin',
    ...(rules && rules.exposeHeaders.length > 0 ? { 'access-control-expose-headers': rules.exposeHeaders.join(', ') } : {}),
  };
}

/**
 * The requested header names (`Access-Control-Request-Headers`) the rules do not allow, or
 * undefined when the list cannot be parsed.
 */
export function disallowedHeaders(requested: string | undefined, rules: CorsRules): string[] | undefined {
  if (requested === undefined || requested.trim() === '') return [];
  if (requested.length > 8192) return undefined;
  const names = requested.split(',').map((n) => n.trim().toLowerCase());
  if (names.some((n) => !/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(n))) return undefined;
  if (rules.anyHeader) return [];
  return names.filter((n) => !rules.allowHeaders.includes(n) && !rules.allowHeaderPrefixes.some((p) => n.startsWith(p)));
}

/** The 204 answer to an allowed preflight. */
export function preflightAnswer(origin: string, methods: readonly string[], requestedHeaders: string | undefined): Answer {
  const headers: Record<string, string> = {
    'access-control-allow-origin': origin,
    'access-control-allow-methods': [...methods].join(', '),
    'access-control-max-age': String(CORS_MAX_AGE_SECONDS),
    vary: 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers',
  };
  // Echoed only after every name was checked against the rules (disallowedHeaders).
  if (requestedHeaders !== undefined && requestedHeaders.trim() !== '') {
    headers['access-control-allow-headers'] = requestedHeaders
      .split(',')
      .map((n) => n.trim().toLowerCase())
      .join(', ');
  }
  return { status: 204, headers };
}

const REFUSAL = 'This CORS request is not allowed: the origin, the method or a requested header is not allowed by the emulator (corsOrigins).';

/** The refusal in the shape of whoever answers for the path: a provider API, a storage service, or the emulator itself. */
export function corsRefusal(target: { provider?: ProviderEmulator; flavor?: StorageFlavor }, requestId: string): Answer | { storage: StorageFlavor } {
  if (target.flavor) return { storage: target.flavor };
  switch (target.provider?.id) {
    case 'aliyun-pds':
      // The gateway's refusal: code and message also in x-ca-error-* (answers.ts pdsError).
      return {
        status: 403,
        headers: { 'x-ca-error-code': 'Forbidden', 'x-ca-error-message': REFUSAL },
        body: { code: 'Forbidden', message: REFUSAL },
      };
    case 'tencent-smh':
      return { status: 403, body: { code: 'CorsForbidden', message: REFUSAL, requestId } };
    case 'huawei-metastudio':
    case 'huawei-koodrive':
      return { status: 403, body: { error_code: 'APIGW.0306', error_msg: `API access denied. ${REFUSAL}`, request_id: requestId } };
    default:
      return neutralError(403, 'CorsForbidden', REFUSAL);
  }
}

/** The storage services' refusal text (OSS, COS, OBS and S3 all answer `AccessForbidden` with it). */
export const STORAGE_CORS_REFUSAL =
  'CORSResponse: This CORS request is not allowed. This is usually because the evaluation of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.';
