/**
 * `drivespec/hashing`: content hashes for the providers' upload calls, usable without any client.
 * CRC-64/XZ with combine, a one-pass multi-digest over files, streams, Blobs and bytes, and each
 * provider's hash fields in its wire format (shared/PROVIDERS.md, "Content hashes"), including the
 * upload flows' pre-check hashes and per-part SHA states (shared/docs/upload/*.md).
 */
export { Crc64, type Crc64Implementation, type Crc64Options } from './crc64.js';
export { combineCrc64 } from './crc64-combine.js';
export {
  MultiHash,
  hashAlgorithms,
  defaultHashAlgorithms,
  type HashAlgorithm,
  type DefaultHashAlgorithm,
  type HashResult,
  type UploadHashOptions,
  type UploadHashResult,
} from './multi-hash.js';
export { hashExtras, type HashExtra, type HashContext, type HashContexts } from './one-pass.js';
export { hashSource, type HashSource, type HashSourceOptions } from './hash-source.js';
export {
  aliyunPdsHashFields,
  tencentSmhHashFields,
  huaweiKooDriveHashFields,
  toAliyunPdsHashFields,
  toTencentSmhHashFields,
  toHuaweiKooDriveHashFields,
  huaweiMetaStudioHashFields,
  toHuaweiMetaStudioHashFields,
  providerHashAlgorithms,
  type AliyunPdsHashFields,
  type AliyunPdsHashOptions,
  type AliyunPdsPartHash,
  type TencentSmhHashOptions,
  type HuaweiKooDriveHashOptions,
  type HuaweiKooDrivePartHash,
  type HuaweiMetaStudioHashFields,
  type TencentSmhHashFields,
  type HuaweiKooDriveHashFields,
  type ProviderHashOptions,
  // Deprecated 0.1.0 names, kept working (CHANGELOG.md).
  pdsHashFields,
  smhHashFields,
  koodriveHashFields,
  toPdsHashFields,
  toSmhHashFields,
  toKooDriveHashFields,
  type PdsHashFields,
  type SmhHashFields,
  type KooDriveHashFields,
} from './provider-hash-fields.js';
export type { BinaryChunk } from './to-bytes.js';
