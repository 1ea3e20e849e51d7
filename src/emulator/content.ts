/**
 * What the emulator remembers of a file's bytes: the size and every digest a provider checks or
 * reports (PDS `crc64_hash` + SHA-1, SMH `crc64`, KooDrive `sha256`, an MD5 for SMH's eTag).
 * The bytes themselves are not kept, so memory and the state file stay small.
 */
import { MultiHash } from '../hashing/index.js';

export interface ContentInfo {
  size: number;
  /** CRC-64/XZ, unsigned decimal string. */
  crc64: string;
  /** Lowercase hex. */
  sha1: string;
  sha256: string;
  md5: string;
}

/**
 * The ASCII bytes `123456789`, the CRC check input (shared/PROVIDERS.md, "Content hashes"): the
 * specs' documented examples carry its CRC-64 (11051210869376104954) and SHA-256, so seeding
 * without content lets those examples pass as they are.
 */
export const DEFAULT_SEED_CONTENT = '123456789';

export function describeContent(content: Uint8Array | string = DEFAULT_SEED_CONTENT): ContentInfo {
  const bytes = typeof content === 'string' ? new TextEncoder().encode(content) : content;
  const hash = new MultiHash(['crc64', 'sha1', 'sha256', 'md5']);
  hash.update(bytes);
  const d = hash.digest();
  return { size: d.size, crc64: d.crc64, sha1: d.sha1, sha256: d.sha256, md5: d.md5 };
}

export function isContentInfo(value: unknown): value is ContentInfo {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.size === 'number' &&
    Number.isSafeInteger(v.size) &&
    v.size >= 0 &&
    typeof v.crc64 === 'string' &&
    /^[0-9]{1,20}$/.test(v.crc64) &&
    typeof v.sha1 === 'string' &&
    /^[0-9a-f]{40}$/.test(v.sha1) &&
    typeof v.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(v.sha256) &&
    typeof v.md5 === 'string' &&
    /^[0-9a-f]{32}$/.test(v.md5)
  );
}
