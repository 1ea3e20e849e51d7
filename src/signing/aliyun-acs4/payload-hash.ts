import { sha256Hex } from '../../platform/crypto.js';

/**
 * Lowercase hex SHA-256 of the body bytes, of the empty string when there is none: both the
 * `x-acs-content-sha256` header and the canonical request's last line (the SDK's
 * `modify_request` hashes the body it is about to send; a string body is hashed as UTF-8).
 */
export function acs4PayloadHash(body: string | Uint8Array | undefined): Promise<string> {
  return sha256Hex(body ?? '');
}
