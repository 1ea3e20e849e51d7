/**
 * The bytes the web-build upload test sends (`webUploadContent(size, seed)`): deterministic, not
 * all equal (a swapped part changes every hash). The shared xorshift32 generator, which is free of
 * node: imports, so this file can go into the universal bundle.
 */
export { pseudoRandomBytes as webUploadContent } from '../../support/pseudo-random-bytes.js';

export const WEB_UPLOADS = {
  /** 2.5 MiB in 1 MiB parts: three PUTs, confirm with the CRC-64. */
  'tencent-smh': { size: (5 << 20) / 2, seed: 11, partSize: 1 << 20 },
  /** Four parts of PDS's 100 KiB minimum, the last one short: SHA-1, pre_hash, CRC-64, part contexts. */
  'aliyun-pds': { size: 3 * 100 * 1024 + 4321, seed: 12, partSize: 100 * 1024 },
  /** Two parts of KooDrive's 5 MiB minimum: SHA-256 and the hashCtx of part 2. */
  'huawei-koodrive': { size: (5 << 20) + 17, seed: 13, partSize: 5 << 20 },
  /** One PUT with Content-MD5: the whole file's MD5 (our JS kernel in the web build). */
  'huawei-metastudio': { size: 300_001, seed: 14, partSize: undefined },
} as const;

/** What the web build's hashSource reads: 3 MiB + 5, so the MiB chain has a short last block. */
export const WEB_HASHED = { size: (3 << 20) + 5, seed: 15 } as const;
