import { ALGORITHM, MAX_AUTHORIZATION_LENGTH, PRODUCT, SCOPE_TERMINATOR } from './constants.js';
import { credentialScope } from './scope.js';

export interface Acs4Authorization {
  accessKeyId: string;
  /** `YYYYMMDD` from the scope. */
  date: string;
  region: string;
  signedHeaders: string;
  signature: string;
}

/** `ACS4-HMAC-SHA256 Credential=<id>/<date>/<region>/pds/aliyun_v4_request,SignedHeaders=<a;b>,Signature=<hex>` (no spaces after the commas, as `get_authorization_v4` writes it). */
export function formatAcs4Authorization(auth: Acs4Authorization): string {
  return `${ALGORITHM} Credential=${auth.accessKeyId}/${credentialScope(auth.date, auth.region)},SignedHeaders=${auth.signedHeaders},Signature=${auth.signature}`;
}

const PATTERN = new RegExp(
  `^${ALGORITHM} Credential=([!-.0-~]+)/(\\d{8})/([a-z0-9._-]+)/${PRODUCT}/${SCOPE_TERMINATOR},SignedHeaders=(x-acs-[a-z0-9-]+(?:;x-acs-[a-z0-9-]+)*),Signature=([0-9a-f]{64})$`,
);

/**
 * Parses exactly what `formatAcs4Authorization` writes, surrounding whitespace aside (an HTTP
 * parser strips it). The AccessKey id is printable ASCII without `/` or `,`; the signed headers are
 * lowercase x-acs-* names (the SDK always signs some). Never throws.
 */
export function parseAcs4Authorization(value: string): Acs4Authorization | undefined {
  if (value.length > MAX_AUTHORIZATION_LENGTH) return undefined;
  const m = PATTERN.exec(value.replace(/^[ \t]+|[ \t]+$/g, ''));
  if (!m || m[1]!.includes(',')) return undefined;
  return { accessKeyId: m[1]!, date: m[2]!, region: m[3]!, signedHeaders: m[4]!, signature: m[5]! };
}
