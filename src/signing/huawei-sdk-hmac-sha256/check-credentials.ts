import type { HuaweiCredentials } from './types.js';

/**
 * What is wrong with an AK/SK pair, as `{ field, message }` (never the value: these are
 * credentials), or `undefined`. Shared by the signer (SigningError at call time) and the client
 * (ConfigurationError in `createClient`, before any request). The AK travels in
 * `Access=<AK>, SignedHeaders=...`, so it must be a printable token without `,` or `=`.
 */
export function huaweiCredentialsProblem(credentials: HuaweiCredentials): { field: string; message: string } | undefined {
  if (typeof credentials.ak !== 'string' || !/^[!-~]+$/.test(credentials.ak) || /[,=]/.test(credentials.ak)) {
    return { field: 'credentials.ak', message: 'must be non-empty printable ASCII without spaces, commas or "="' };
  }
  if (typeof credentials.sk !== 'string' || credentials.sk === '') {
    return { field: 'credentials.sk', message: 'must be a non-empty string' };
  }
  const token = credentials.securityToken;
  if (token !== undefined && (typeof token !== 'string' || token === '' || /[\r\n\0]/.test(token))) {
    return { field: 'credentials.securityToken', message: 'must be a non-empty string without CR, LF or NUL' };
  }
  return undefined;
}
