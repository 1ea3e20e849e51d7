/**
 * PDS `pre_hash`: the SHA-1 of the first min(1024, size) bytes (aliyun-pds-js-sdk,
 * aliyun-pds-cpp-sdk; shared/docs/upload/aliyun-pds-upload.md §6), lowercase hex as the
 * emulator stores it (requests are compared without case).
 */
import { createHash } from 'node:crypto';
import { DEFAULT_SEED_CONTENT } from '../../content.js';

export const PRE_HASH_BYTES = 1024;

export function pdsPreHash(content: Uint8Array | string = DEFAULT_SEED_CONTENT): string {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  return createHash('sha1').update(bytes.subarray(0, PRE_HASH_BYTES)).digest('hex');
}
