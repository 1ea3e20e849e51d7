import type { AcsCredentials } from './types.js';

/**
 * What is wrong with an AccessKey pair, as `{ field, message }` (never the value: these are
 * credentials), or `undefined`. Shared by the signers (SigningError at call time) and the PDS
 * client (ConfigurationError in `createClient`, before any request). The id travels in the
 * Authorization header after `acs ` / `Credential=`, so it must be a printable token without
 * the separators either scheme uses (`:`, `/`, `,`).
 */
export function acsCredentialsProblem(credentials: AcsCredentials): { field: string; message: string } | undefined {
  if (typeof credentials.accessKeyId !== 'string' || !/^[!-~]+$/.test(credentials.accessKeyId) || /[:/,]/.test(credentials.accessKeyId)) {
    return { field: 'credentials.accessKeyId', message: 'must be non-empty printable ASCII without spaces, ":", "/" or ","' };
  }
  if (typeof credentials.accessKeySecret !== 'string' || credentials.accessKeySecret === '') {
    return { field: 'credentials.accessKeySecret', message: 'must be a non-empty string' };
  }
  const token = credentials.securityToken;
  if (token !== undefined && (typeof token !== 'string' || token === '' || /[\r\n\0]/.test(token))) {
    return { field: 'credentials.securityToken', message: 'must be a non-empty string without CR, LF or NUL' };
  }
  return undefined;
}
