/**
 * Which `drivespec/hashing` helper computes each provider's hash fields, for the index's
 * "Content hashes" table. Which fields a helper computes is not written down here: the docs build
 * runs each helper on a few bytes and reads the keys of what it returns, so the index can only
 * link a field the helper really produces (a field it does not, KooDrive's `preHash`, says so).
 */
import * as hashing from '../../src/hashing/index.js';
import type { ProviderId } from '../../src/core/provider.js';

export interface HashHelperDoc {
  /** Export name in `drivespec/hashing`. */
  helper: keyof typeof hashing;
  /** How to call it for every field it can compute. */
  call: string;
  /** What it returns, one sentence of Markdown. */
  summary: string;
}

export const hashHelperDocs: Record<ProviderId, HashHelperDoc> = {
  'aliyun-pds': {
    helper: 'aliyunPdsHashFields',
    call: 'aliyunPdsHashFields(file, { preHash: true, partSize })',
    summary:
      '`content_hash` (SHA-1, upper-case hex) with `content_hash_name: "sha1"`, `crc64_hash` (CRC-64/XZ, decimal), `size`, `pre_hash` (SHA-1 of the first KiB) and, with `partSize`, `part_info_list[].parallel_sha1_ctx`.',
  },
  'huawei-koodrive': {
    helper: 'huaweiKooDriveHashFields',
    call: 'huaweiKooDriveHashFields(file, { partSize })',
    summary: '`sha256` (whole file, hex) and, with `partSize`, `multiParts[]` with each part\'s `hashCtx`.',
  },
  'huawei-metastudio': {
    helper: 'huaweiMetaStudioHashFields',
    call: 'huaweiMetaStudioHashFields(file)',
    summary: '`file_md5` (Base64 of the raw MD5, also the PUT\'s `Content-MD5`) and `file_size`.',
  },
  'tencent-smh': {
    helper: 'tencentSmhHashFields',
    call: 'tencentSmhHashFields(file, { instantUpload: true })',
    summary: '`crc64` (CRC-64/XZ, decimal) and, with `instantUpload`, `beginningHash` and `fullHash` (lower-case hex SHA-256s).',
  },
};

/** Options that make each helper compute every field it can, on a 128-byte sample. */
const sampleOptions: Record<ProviderId, object> = {
  'aliyun-pds': { preHash: true, partSize: 64 },
  'huawei-koodrive': { partSize: 64 },
  'huawei-metastudio': {},
  'tencent-smh': { instantUpload: true },
};

export interface HashHelper extends HashHelperDoc {
  /** The top-level fields the helper's result has. */
  fields: string[];
}

export async function loadHashHelpers(): Promise<Record<ProviderId, HashHelper>> {
  const sample = new Uint8Array(128).map((_, i) => i);
  const out = {} as Record<ProviderId, HashHelper>;
  for (const id of Object.keys(hashHelperDocs) as ProviderId[]) {
    const doc = hashHelperDocs[id];
    const helper = hashing[doc.helper] as unknown as (file: Uint8Array, options: object) => Promise<Record<string, unknown>>;
    if (typeof helper !== 'function') throw new Error(`drivespec/hashing has no function ${String(doc.helper)}`);
    out[id] = { ...doc, fields: Object.keys(await helper(sample, sampleOptions[id])) };
  }
  return out;
}
