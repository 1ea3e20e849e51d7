/**
 * The hash fields each provider's upload-completion call carries, in the provider's own wire format
 * (shared/PROVIDERS.md, "Content hashes"), computed in one pass so a caller never hand-computes them:
 *
 * - Alibaba PDS: `crc64_hash` (CRC-64/XZ, unsigned decimal) and `content_hash` (SHA-1, uppercase hex)
 *   with `content_hash_name: 'sha1'`, plus `size`.
 * - Tencent SMH ConfirmUpload: `crc64` (CRC-64/XZ, unsigned decimal).
 * - Huawei KooDrive: `sha256` (SHA-256 of the whole file, lowercase hex).
 * - Huawei MetaStudio ConfirmFileUpload carries no content hash.
 *
 * The `to*` functions map a result computed elsewhere (e.g. by `MultiHash` while uploading) without
 * reading the data again.
 */
import type { ProviderId } from '../core/provider.js';
import { checkHashResult, checkOptions } from './arguments.js';
import { hashSource, type HashSource, type HashSourceOptions } from './hash-source.js';
import type { HashAlgorithm, HashResult } from './multi-hash.js';

export type ProviderHashOptions = Omit<HashSourceOptions, 'algorithms'>;

export interface PdsHashFields {
  crc64_hash: string;
  content_hash: string;
  content_hash_name: 'sha1';
  size: number;
}

export interface SmhHashFields {
  crc64: string;
}

export interface KooDriveHashFields {
  sha256: string;
}

/** Which algorithms each provider's hash fields need (MetaStudio: none). */
export const providerHashAlgorithms = {
  'aliyun-pds': ['crc64', 'sha1'],
  'huawei-metastudio': [],
  'tencent-smh': ['crc64'],
  'huawei-koodrive': ['sha256'],
} as const satisfies Record<ProviderId, readonly HashAlgorithm[]>;

export function toPdsHashFields(result: HashResult<'crc64' | 'sha1'>): PdsHashFields {
  checkHashResult('toPdsHashFields', result, ['crc64', 'sha1'], true);
  return {
    crc64_hash: result.crc64,
    content_hash: result.sha1.toUpperCase(),
    content_hash_name: 'sha1',
    size: result.size,
  };
}

export function toSmhHashFields(result: HashResult<'crc64'>): SmhHashFields {
  checkHashResult('toSmhHashFields', result, ['crc64']);
  return { crc64: result.crc64 };
}

export function toKooDriveHashFields(result: HashResult<'sha256'>): KooDriveHashFields {
  checkHashResult('toKooDriveHashFields', result, ['sha256']);
  return { sha256: result.sha256 };
}

/** PDS CompleteFile / CreateFile hash fields of a file path, stream, Blob or bytes. */
export async function pdsHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<PdsHashFields> {
  checkOptions('pdsHashFields', options);
  return toPdsHashFields(await hashSource(source, { ...options, algorithms: providerHashAlgorithms['aliyun-pds'] }));
}

/** SMH ConfirmUpload's `crc64` of a file path, stream, Blob or bytes. */
export async function smhHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<SmhHashFields> {
  checkOptions('smhHashFields', options);
  return toSmhHashFields(await hashSource(source, { ...options, algorithms: providerHashAlgorithms['tencent-smh'] }));
}

/** KooDrive's `sha256` of a file path, stream, Blob or bytes. */
export async function koodriveHashFields(
  source: HashSource,
  options: ProviderHashOptions = {},
): Promise<KooDriveHashFields> {
  checkOptions('koodriveHashFields', options);
  return toKooDriveHashFields(
    await hashSource(source, { ...options, algorithms: providerHashAlgorithms['huawei-koodrive'] }),
  );
}
