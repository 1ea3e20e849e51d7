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
 * reading the data again. Names carry the provider id, like the clients' (`AliyunPdsApiError`);
 * the 0.1.0 names (`pdsHashFields`, `smhHashFields`, `koodriveHashFields`, …) stay as deprecated
 * aliases that name themselves in their errors.
 */
import type { ProviderId } from '../core/provider.js';
import { checkHashResult, checkOptions } from './arguments.js';
import { hashSource, type HashSource, type HashSourceOptions } from './hash-source.js';
import type { HashAlgorithm, HashResult } from './multi-hash.js';

export type ProviderHashOptions = Omit<HashSourceOptions, 'algorithms'>;

export interface AliyunPdsHashFields {
  crc64_hash: string;
  content_hash: string;
  content_hash_name: 'sha1';
  size: number;
}

export interface TencentSmhHashFields {
  crc64: string;
}

export interface HuaweiKooDriveHashFields {
  sha256: string;
}

/** Which algorithms each provider's hash fields need (MetaStudio: none). */
export const providerHashAlgorithms = {
  'aliyun-pds': ['crc64', 'sha1'],
  'huawei-metastudio': [],
  'tencent-smh': ['crc64'],
  'huawei-koodrive': ['sha256'],
} as const satisfies Record<ProviderId, readonly HashAlgorithm[]>;

// Each public name passes its own name down, so an InputError names the function the caller called.

function pdsFieldsOf(where: string, result: HashResult<'crc64' | 'sha1'>): AliyunPdsHashFields {
  checkHashResult(where, result, ['crc64', 'sha1'], true);
  return {
    crc64_hash: result.crc64,
    content_hash: result.sha1.toUpperCase(),
    content_hash_name: 'sha1',
    size: result.size,
  };
}

function smhFieldsOf(where: string, result: HashResult<'crc64'>): TencentSmhHashFields {
  checkHashResult(where, result, ['crc64']);
  return { crc64: result.crc64 };
}

function kooDriveFieldsOf(where: string, result: HashResult<'sha256'>): HuaweiKooDriveHashFields {
  checkHashResult(where, result, ['sha256']);
  return { sha256: result.sha256 };
}

async function hashFor<P extends 'aliyun-pds' | 'tencent-smh' | 'huawei-koodrive'>(
  where: string,
  provider: P,
  source: HashSource,
  options: ProviderHashOptions,
): Promise<HashResult<(typeof providerHashAlgorithms)[P][number]>> {
  checkOptions(where, options);
  return hashSource(source, { ...options, algorithms: providerHashAlgorithms[provider] });
}

/** PDS CompleteFile / CreateFile hash fields from a result computed elsewhere. */
export function toAliyunPdsHashFields(result: HashResult<'crc64' | 'sha1'>): AliyunPdsHashFields {
  return pdsFieldsOf('toAliyunPdsHashFields', result);
}

/** SMH ConfirmUpload's `crc64` from a result computed elsewhere. */
export function toTencentSmhHashFields(result: HashResult<'crc64'>): TencentSmhHashFields {
  return smhFieldsOf('toTencentSmhHashFields', result);
}

/** KooDrive's `sha256` from a result computed elsewhere. */
export function toHuaweiKooDriveHashFields(result: HashResult<'sha256'>): HuaweiKooDriveHashFields {
  return kooDriveFieldsOf('toHuaweiKooDriveHashFields', result);
}

/** PDS CompleteFile / CreateFile hash fields of a file path, stream, Blob or bytes. */
export async function aliyunPdsHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<AliyunPdsHashFields> {
  return pdsFieldsOf('toAliyunPdsHashFields', await hashFor('aliyunPdsHashFields', 'aliyun-pds', source, options));
}

/** SMH ConfirmUpload's `crc64` of a file path, stream, Blob or bytes. */
export async function tencentSmhHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<TencentSmhHashFields> {
  return smhFieldsOf('toTencentSmhHashFields', await hashFor('tencentSmhHashFields', 'tencent-smh', source, options));
}

/** KooDrive's `sha256` of a file path, stream, Blob or bytes. */
export async function huaweiKooDriveHashFields(
  source: HashSource,
  options: ProviderHashOptions = {},
): Promise<HuaweiKooDriveHashFields> {
  return kooDriveFieldsOf('toHuaweiKooDriveHashFields', await hashFor('huaweiKooDriveHashFields', 'huawei-koodrive', source, options));
}

// The 0.1.0 names (CHANGELOG.md, "Unreleased"): same results, errors name the old function.

/** @deprecated Use `AliyunPdsHashFields` (the same, named by provider id; renamed after 0.1.0). */
export type PdsHashFields = AliyunPdsHashFields;
/** @deprecated Use `TencentSmhHashFields` (the same, named by provider id; renamed after 0.1.0). */
export type SmhHashFields = TencentSmhHashFields;
/** @deprecated Use `HuaweiKooDriveHashFields` (the same, named by provider id; renamed after 0.1.0). */
export type KooDriveHashFields = HuaweiKooDriveHashFields;

/** @deprecated Use `toAliyunPdsHashFields` (the same, named by provider id; renamed after 0.1.0). */
export function toPdsHashFields(result: HashResult<'crc64' | 'sha1'>): AliyunPdsHashFields {
  return pdsFieldsOf('toPdsHashFields', result);
}

/** @deprecated Use `toTencentSmhHashFields` (the same, named by provider id; renamed after 0.1.0). */
export function toSmhHashFields(result: HashResult<'crc64'>): TencentSmhHashFields {
  return smhFieldsOf('toSmhHashFields', result);
}

/** @deprecated Use `toHuaweiKooDriveHashFields` (the same, named by provider id; renamed after 0.1.0). */
export function toKooDriveHashFields(result: HashResult<'sha256'>): HuaweiKooDriveHashFields {
  return kooDriveFieldsOf('toKooDriveHashFields', result);
}

/** @deprecated Use `aliyunPdsHashFields` (the same, named by provider id; renamed after 0.1.0). */
export async function pdsHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<AliyunPdsHashFields> {
  return pdsFieldsOf('toPdsHashFields', await hashFor('pdsHashFields', 'aliyun-pds', source, options));
}

/** @deprecated Use `tencentSmhHashFields` (the same, named by provider id; renamed after 0.1.0). */
export async function smhHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<TencentSmhHashFields> {
  return smhFieldsOf('toSmhHashFields', await hashFor('smhHashFields', 'tencent-smh', source, options));
}

/** @deprecated Use `huaweiKooDriveHashFields` (the same, named by provider id; renamed after 0.1.0). */
export async function koodriveHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<HuaweiKooDriveHashFields> {
  return kooDriveFieldsOf('toKooDriveHashFields', await hashFor('koodriveHashFields', 'huawei-koodrive', source, options));
}
