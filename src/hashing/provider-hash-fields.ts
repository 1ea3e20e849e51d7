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
 * The upload flows before completion (shared/docs/upload/*.md) ask for more, added on request in
 * the same pass:
 *
 * - PDS CreateFile: `preHash: true` adds `pre_hash` (SHA-1 of the first min(1024, size) bytes,
 *   uppercase hex); `partSize` adds `part_info_list`, each part's `part_number` and
 *   `parallel_sha1_ctx` `{h, part_offset}` (h0..h4 after the bytes before the part; part 1
 *   `{h: [], part_offset: 0}`, as the PDS JS SDK sends it).
 * - MetaStudio CreateFile: `huaweiMetaStudioHashFields` gives `file_md5` (Base64 of the raw MD5,
 *   24 characters, also the OBS PUT's `Content-MD5`) and `file_size`.
 * - SMH instant upload: `instantUpload: true` adds `beginningHash` (SHA-256 of the first MiB) and
 *   `fullHash` (chained per MiB), lowercase hex.
 * - KooDrive createFile / uploadUrl: `partSize` adds `multiParts`, each part's `partNumber`,
 *   `partSize`, `partOffset` and, after the first, `hashCtx` (H0..H7 after `partOffset` bytes).
 *
 * `partSize` must be a multiple of 64 (a SHA state exists only at block boundaries); every part
 * has that size but the last. The providers' own limits (PDS 100 KB–5 GB and ≤ 10,000 parts,
 * KooDrive 5 MiB–5 GiB) are the caller's to respect: the fields are computed for any size.
 *
 * The `to*` functions map a result computed elsewhere (e.g. by `MultiHash` while uploading) without
 * reading the data again. Names carry the provider id, like the clients' (`AliyunPdsApiError`);
 * the 0.1.0 names (`pdsHashFields`, `smhHashFields`, `koodriveHashFields`, …) stay as deprecated
 * aliases that name themselves in their errors.
 */
import type { ProviderId } from '../core/provider.js';
import { checkHashResult, checkOneOf, checkOptions, describeValue } from './arguments.js';
import { InputError } from '../core/errors.js';
import { hashSource, type HashSource, type HashSourceOptions } from './hash-source.js';
import { bytesToBase64, hexToBytes } from './hex-base64.js';
import type { HashAlgorithm, HashResult } from './multi-hash.js';
import type { HashContext, HashContexts, HashExtra } from './one-pass.js';

export type ProviderHashOptions = Omit<HashSourceOptions, 'algorithms' | 'extras' | 'partSize'>;

export interface AliyunPdsHashOptions extends ProviderHashOptions {
  /** Adds `pre_hash` (rapid-upload pre-check). */
  preHash?: boolean;
  /** Adds `part_info_list` with each part's `parallel_sha1_ctx`; a multiple of 64. */
  partSize?: number;
}

export interface TencentSmhHashOptions extends ProviderHashOptions {
  /** Adds `beginningHash` and `fullHash` (instant upload). */
  instantUpload?: boolean;
}

export interface HuaweiKooDriveHashOptions extends ProviderHashOptions {
  /** Adds `multiParts` with each part's `hashCtx`; a multiple of 64. */
  partSize?: number;
}

/** A CreateFile `part_info_list` entry: the part number and the SHA-1 state before the part. */
export interface AliyunPdsPartHash {
  part_number: number;
  parallel_sha1_ctx: { h: number[]; part_offset: number };
}

/** A KooDrive `multiParts` entry; `hashCtx` on every part but the first. */
export interface HuaweiKooDrivePartHash {
  partNumber: number;
  partSize: number;
  partOffset: number;
  hashCtx?: number[];
}

/** MetaStudio CreateFile's `file_md5` and `file_size`. */
export interface HuaweiMetaStudioHashFields {
  file_md5: string;
  file_size: number;
}

/** A result with part contexts, as `hashSource` / `MultiHash` give with `partSize`. */
type WithContexts = { contexts?: HashContexts };

export interface AliyunPdsHashFields {
  crc64_hash: string;
  content_hash: string;
  content_hash_name: 'sha1';
  size: number;
  /** With `preHash: true` (or a result with `sha1First1KiB`). */
  pre_hash?: string;
  /** With `partSize` (or a result with `contexts.sha1`). */
  part_info_list?: AliyunPdsPartHash[];
}

export interface TencentSmhHashFields {
  crc64: string;
  /** With `instantUpload: true` (or a result with `sha256First1MiB` and `sha256MiBChain`). */
  beginningHash?: string;
  fullHash?: string;
}

export interface HuaweiKooDriveHashFields {
  sha256: string;
  /** With `partSize` (or a result with `contexts.sha256` and `size`). */
  multiParts?: HuaweiKooDrivePartHash[];
}

/** Which algorithms each provider's hash fields need (MetaStudio: none). */
export const providerHashAlgorithms = {
  'aliyun-pds': ['crc64', 'sha1'],
  'huawei-metastudio': [],
  'tencent-smh': ['crc64'],
  'huawei-koodrive': ['sha256'],
} as const satisfies Record<ProviderId, readonly HashAlgorithm[]>;

// Each public name passes its own name down, so an InputError names the function the caller called.

/** `result.contexts[algorithm]`, checked: ascending offsets, each with `words` unsigned 32-bit words. */
function contextsOf(where: string, result: WithContexts, algorithm: 'sha1' | 'sha256', words: number): HashContext[] | undefined {
  const contexts = (result as { contexts?: unknown }).contexts;
  if (contexts === undefined) return undefined;
  const list = (contexts as Record<string, unknown> | null)?.[algorithm];
  if (list === undefined) return undefined;
  const ok =
    Array.isArray(list) &&
    list.every(
      (c: HashContext, i) =>
        c !== null &&
        typeof c === 'object' &&
        Number.isSafeInteger(c.offset) &&
        c.offset > (i === 0 ? 0 : (list[i - 1] as HashContext).offset) &&
        c.offset % 64 === 0 &&
        Array.isArray(c.h) &&
        c.h.length === words &&
        c.h.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff),
    );
  if (!ok) {
    throw new InputError(`${where}: result.contexts.${algorithm} must be a list of {offset, h} with ${words} state words at ascending multiples of 64`);
  }
  return list as HashContext[];
}

function optionalHex(where: string, result: object, field: HashExtra): string | undefined {
  const value = (result as Record<string, unknown>)[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new InputError(`${where}: result.${field} must be a string, got ${describeValue(value)}`);
  return value;
}

function pdsFieldsOf(where: string, result: HashResult<'crc64' | 'sha1'> & WithContexts): AliyunPdsHashFields {
  checkHashResult(where, result, ['crc64', 'sha1'], true);
  const fields: AliyunPdsHashFields = {
    crc64_hash: result.crc64,
    content_hash: result.sha1.toUpperCase(),
    content_hash_name: 'sha1',
    size: result.size,
  };
  const preHash = optionalHex(where, result, 'sha1First1KiB');
  if (preHash !== undefined) fields.pre_hash = preHash.toUpperCase();
  const contexts = contextsOf(where, result, 'sha1', 5);
  if (contexts) {
    fields.part_info_list = [
      { part_number: 1, parallel_sha1_ctx: { h: [], part_offset: 0 } },
      ...contexts.map((c, i) => ({ part_number: i + 2, parallel_sha1_ctx: { h: [...c.h], part_offset: c.offset } })),
    ];
  }
  return fields;
}

function smhFieldsOf(where: string, result: HashResult<'crc64'>): TencentSmhHashFields {
  checkHashResult(where, result, ['crc64']);
  const fields: TencentSmhHashFields = { crc64: result.crc64 };
  const beginning = optionalHex(where, result, 'sha256First1MiB');
  const full = optionalHex(where, result, 'sha256MiBChain');
  if ((beginning === undefined) !== (full === undefined)) {
    throw new InputError(`${where}: result needs both sha256First1MiB and sha256MiBChain for beginningHash/fullHash, or neither`);
  }
  if (beginning !== undefined && full !== undefined) {
    fields.beginningHash = beginning;
    fields.fullHash = full;
  }
  return fields;
}

function kooDriveFieldsOf(where: string, result: HashResult<'sha256'> & WithContexts): HuaweiKooDriveHashFields {
  checkHashResult(where, result, ['sha256']);
  const contexts = contextsOf(where, result, 'sha256', 8);
  if (contexts) checkHashResult(where, result, ['sha256'], true);
  const fields: HuaweiKooDriveHashFields = { sha256: result.sha256 };
  if (contexts) {
    const size = (result as { size: number }).size;
    if (contexts.length > 0 && contexts[contexts.length - 1]!.offset >= size) {
      throw new InputError(`${where}: result.contexts.sha256 has an offset at or past result.size (${size})`);
    }
    const starts = [0, ...contexts.map((c) => c.offset)];
    fields.multiParts = starts.map((offset, i) => {
      const end = i + 1 < starts.length ? starts[i + 1]! : size;
      const part: HuaweiKooDrivePartHash = { partNumber: i + 1, partSize: end - offset, partOffset: offset };
      if (i > 0) part.hashCtx = [...contexts[i - 1]!.h];
      return part;
    });
  }
  return fields;
}

function metaStudioFieldsOf(where: string, result: HashResult<'md5'>): HuaweiMetaStudioHashFields {
  checkHashResult(where, result, ['md5'], true);
  if (!/^[0-9a-f]{32}$/i.test(result.md5)) throw new InputError(`${where}: result.md5 must be 32 hex digits`);
  return { file_md5: bytesToBase64(hexToBytes(result.md5)), file_size: result.size };
}

async function hashFor<P extends 'aliyun-pds' | 'tencent-smh' | 'huawei-koodrive'>(
  where: string,
  provider: P,
  source: HashSource,
  options: ProviderHashOptions,
  extras: readonly HashExtra[] = [],
  partSize?: number,
): Promise<HashResult<(typeof providerHashAlgorithms)[P][number]>> {
  const { preHash: _p, instantUpload: _i, partSize: _s, ...rest } = checkOptions(where, options);
  return hashSource(source, {
    ...(rest as ProviderHashOptions),
    algorithms: providerHashAlgorithms[provider],
    extras,
    ...(partSize === undefined ? {} : { partSize }),
  });
}

function flag(where: string, options: Record<string, unknown>, name: string): boolean {
  return checkOneOf(where, `options.${name}`, options[name], [true, false, undefined] as const) === true;
}

function pdsRequest(where: string, options: AliyunPdsHashOptions): [HashExtra[], number | undefined] {
  const given = checkOptions(where, options);
  return [flag(where, given, 'preHash') ? ['sha1First1KiB'] : [], given.partSize as number | undefined];
}

function smhRequest(where: string, options: TencentSmhHashOptions): HashExtra[] {
  return flag(where, checkOptions(where, options), 'instantUpload') ? ['sha256First1MiB', 'sha256MiBChain'] : [];
}

/** PDS CompleteFile / CreateFile hash fields from a result computed elsewhere. */
export function toAliyunPdsHashFields(result: HashResult<'crc64' | 'sha1'> & WithContexts): AliyunPdsHashFields {
  return pdsFieldsOf('toAliyunPdsHashFields', result);
}

/** SMH ConfirmUpload's `crc64` from a result computed elsewhere. */
export function toTencentSmhHashFields(result: HashResult<'crc64'>): TencentSmhHashFields {
  return smhFieldsOf('toTencentSmhHashFields', result);
}

/** KooDrive's `sha256` from a result computed elsewhere. */
export function toHuaweiKooDriveHashFields(result: HashResult<'sha256'> & WithContexts): HuaweiKooDriveHashFields {
  return kooDriveFieldsOf('toHuaweiKooDriveHashFields', result);
}

/** MetaStudio CreateFile's `file_md5` (Base64 MD5) and `file_size` from a result with md5 computed elsewhere. */
export function toHuaweiMetaStudioHashFields(result: HashResult<'md5'>): HuaweiMetaStudioHashFields {
  return metaStudioFieldsOf('toHuaweiMetaStudioHashFields', result);
}

/** PDS CompleteFile / CreateFile hash fields of a file path, stream, Blob or bytes. */
export async function aliyunPdsHashFields(source: HashSource, options: AliyunPdsHashOptions = {}): Promise<AliyunPdsHashFields> {
  const [extras, partSize] = pdsRequest('aliyunPdsHashFields', options);
  return pdsFieldsOf('toAliyunPdsHashFields', await hashFor('aliyunPdsHashFields', 'aliyun-pds', source, options, extras, partSize));
}

/** SMH ConfirmUpload's `crc64` of a file path, stream, Blob or bytes. */
export async function tencentSmhHashFields(source: HashSource, options: TencentSmhHashOptions = {}): Promise<TencentSmhHashFields> {
  const extras = smhRequest('tencentSmhHashFields', options);
  return smhFieldsOf('toTencentSmhHashFields', await hashFor('tencentSmhHashFields', 'tencent-smh', source, options, extras));
}

/** KooDrive's `sha256` of a file path, stream, Blob or bytes. */
export async function huaweiKooDriveHashFields(
  source: HashSource,
  options: HuaweiKooDriveHashOptions = {},
): Promise<HuaweiKooDriveHashFields> {
  const partSize = checkOptions('huaweiKooDriveHashFields', options).partSize as number | undefined;
  return kooDriveFieldsOf(
    'toHuaweiKooDriveHashFields',
    await hashFor('huaweiKooDriveHashFields', 'huawei-koodrive', source, options, [], partSize),
  );
}

/** MetaStudio CreateFile's `file_md5` (Base64 MD5, the OBS PUT's `Content-MD5`) and `file_size`. */
export async function huaweiMetaStudioHashFields(source: HashSource, options: ProviderHashOptions = {}): Promise<HuaweiMetaStudioHashFields> {
  const rest = checkOptions('huaweiMetaStudioHashFields', options);
  return metaStudioFieldsOf(
    'toHuaweiMetaStudioHashFields',
    await hashSource(source, { ...(rest as ProviderHashOptions), algorithms: ['md5'] }),
  );
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
