import { trimOws } from '../shared/header-map.js';
import { KEY } from './constants.js';
import { sha256Hex } from '../../platform/crypto.js';

export { sha256Hex } from '../../platform/crypto.js';

/**
 * The last line of the canonical request: hex SHA-256 of the body, unless the request carries
 * `X-Sdk-Content-Sha256`, whose value is used verbatim (a precomputed hash for a streamed body,
 * or `UNSIGNED-PAYLOAD` to leave the body unsigned). `headers` is keyed by lowercase name.
 */
export async function payloadHash(body: string | Uint8Array | undefined, headers: ReadonlyMap<string, string>): Promise<string> {
  const declared = headers.get(KEY.contentSha256);
  if (declared !== undefined) return trimOws(declared);
  return sha256Hex(body ?? '');
}
