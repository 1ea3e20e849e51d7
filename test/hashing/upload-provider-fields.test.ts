/**
 * The upload flows' fields in each provider's wire format (issue 11, "Hashing"): PDS `pre_hash` and
 * `part_info_list[].parallel_sha1_ctx`, MetaStudio `file_md5`, SMH `beginningHash`/`fullHash`,
 * KooDrive `multiParts[].hashCtx`. Expected values: the fact sheets' published vectors
 * (shared/docs/upload/*.md) and sha-state-vectors.json (independent Python, sha_states.py).
 */
import { describe, expect, it } from 'vitest';
import { ConfigurationError, InputError } from '../../src/core/errors.js';
import {
  aliyunPdsHashFields,
  huaweiKooDriveHashFields,
  huaweiMetaStudioHashFields,
  MultiHash,
  tencentSmhHashFields,
  toAliyunPdsHashFields,
  toHuaweiKooDriveHashFields,
  toHuaweiMetaStudioHashFields,
  toTencentSmhHashFields,
} from '../../src/hashing/index.js';
import { caseBytes, referenceCrc64, shaVectors } from './support.js';

const ascii = (text: string) => new TextEncoder().encode(text);
const sheetCase = shaVectors.cases.find((c) => c.size === 1024 && c.partSize === 512)!;
const sheetBytes = caseBytes(sheetCase.input);

describe('PDS CreateFile fields', () => {
  it('pre_hash is uppercase SHA-1 of the first 1 KiB; parallel_sha1_ctx per part, part 1 {h: [], part_offset: 0} (aliyun-pds-upload.md vector)', async () => {
    const longer = new Uint8Array(1536);
    longer.set(sheetBytes);
    longer.set(sheetBytes.subarray(0, 512), 1024);
    const fields = await aliyunPdsHashFields(longer, { preHash: true, partSize: 512 });
    expect(fields.pre_hash).toBe('5B00669C480D5CFFBDFA8BDBA99561160F2D1B77');
    expect(fields.part_info_list).toEqual([
      { part_number: 1, parallel_sha1_ctx: { h: [], part_offset: 0 } },
      { part_number: 2, parallel_sha1_ctx: { h: [1515086328, 3479375821, 3754207072, 286636669, 1980405049], part_offset: 512 } },
      { part_number: 3, parallel_sha1_ctx: { h: expect.any(Array), part_offset: 1024 } },
    ]);
    expect(fields.content_hash).toMatch(/^[0-9A-F]{40}$/);
    expect(fields.size).toBe(1536);
  });

  it('pre_hash of a file under 1 KiB is its whole SHA-1 (ALIPAN-iOS vector "Hello World!")', async () => {
    expect((await aliyunPdsHashFields(ascii('Hello World!'), { preHash: true })).pre_hash).toBe('2EF7BDE608CE5404E97D5F042F95F89F1C232871');
  });

  it.each(shaVectors.cases)('every part of $size bytes (parts of $partSize) against the Python vectors', async (c) => {
    const fields = await aliyunPdsHashFields(caseBytes(c.input), { preHash: true, partSize: c.partSize });
    expect(fields).toEqual({
      crc64_hash: referenceCrc64(caseBytes(c.input)),
      content_hash: c.sha1.toUpperCase(),
      content_hash_name: 'sha1',
      size: c.size,
      pre_hash: c.sha1First1KiB.toUpperCase(),
      part_info_list: [
        { part_number: 1, parallel_sha1_ctx: { h: [], part_offset: 0 } },
        ...c.sha1States.map((s, i) => ({ part_number: i + 2, parallel_sha1_ctx: { h: s.h, part_offset: s.offset } })),
      ],
    });
  });

  it('without the options the fields are the CompleteFile ones, as before', async () => {
    expect(Object.keys(await aliyunPdsHashFields(sheetBytes)).sort()).toEqual(['content_hash', 'content_hash_name', 'crc64_hash', 'size']);
    expect(Object.keys(await aliyunPdsHashFields(sheetBytes, { preHash: false })).sort()).toHaveLength(4);
  });

  it('toAliyunPdsHashFields maps a MultiHash result computed while uploading', async () => {
    const hash = new MultiHash(['crc64', 'sha1'], { partSize: 512, extras: ['sha1First1KiB'] });
    hash.update(sheetBytes.subarray(0, 700)).update(sheetBytes.subarray(700));
    expect(toAliyunPdsHashFields(hash.digest())).toEqual(await aliyunPdsHashFields(sheetBytes, { preHash: true, partSize: 512 }));
  });
});

describe('MetaStudio CreateFile fields', () => {
  it('file_md5 is Base64 of the raw MD5, 24 characters (huawei-metastudio-upload.md vector)', async () => {
    expect(await huaweiMetaStudioHashFields(ascii('Hello World!'))).toEqual({ file_md5: '7Qdih1MuhjZehB6Sv8UNjA==', file_size: 12 });
  });

  it.each(shaVectors.cases)('$size bytes against the Python vectors, also from a MultiHash result', async (c) => {
    const bytes = caseBytes(c.input);
    expect(await huaweiMetaStudioHashFields(bytes)).toEqual({ file_md5: c.md5Base64, file_size: c.size });
    expect(toHuaweiMetaStudioHashFields(new MultiHash(['md5']).update(bytes).digest())).toEqual({ file_md5: c.md5Base64, file_size: c.size });
  });

  it('toHuaweiMetaStudioHashFields refuses a result without a hex md5 or size', () => {
    expect(() => toHuaweiMetaStudioHashFields({ size: 1 } as never)).toThrow(InputError);
    expect(() => toHuaweiMetaStudioHashFields({ size: 1, md5: '7Qdih1MuhjZehB6Sv8UNjA==' })).toThrow(/md5 must be 32 hex digits/);
    expect(() => toHuaweiMetaStudioHashFields({ md5: 'ed076287532e86365e841e92bfc50d8c' } as never)).toThrow(/size/);
  });
});

describe('SMH instant-upload fields', () => {
  it('beginningHash / fullHash of 2.5 MiB (tencent-smh-upload.md vector), and of a small file both plain SHA-256', async () => {
    const big = shaVectors.cases.find((c) => c.size === 2_621_440)!;
    expect(await tencentSmhHashFields(caseBytes(big.input), { instantUpload: true })).toEqual({
      crc64: referenceCrc64(caseBytes(big.input)),
      beginningHash: 'fbbab289f7f94b25736c58be46a994c441fd02552cc6022352e3d86d2fab7c83',
      fullHash: '92389183bfa175b31cffad45018aa7e19b8bae611a76b2f59ee31c0e08f08139',
    });
    const small = await tencentSmhHashFields(ascii('Hello World!'), { instantUpload: true });
    expect(small.beginningHash).toBe('7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069');
    expect(small.fullHash).toBe(small.beginningHash);
  });

  it.each(shaVectors.cases)('$size bytes against the Python vectors', async (c) => {
    const fields = await tencentSmhHashFields(caseBytes(c.input), { instantUpload: true });
    expect([fields.beginningHash, fields.fullHash]).toEqual([c.sha256First1MiB, c.sha256MiBChain]);
  });

  it('exactly 1 MiB and 2 MiB: no empty block is chained at the end', async () => {
    const two = caseBytes({ lcg: 4, length: 2 << 20 });
    const { createHash } = await import('node:crypto');
    const first = createHash('sha256').update(two.subarray(0, 1 << 20)).digest();
    const second = createHash('sha256').update(first).update(two.subarray(1 << 20)).digest('hex');
    expect((await tencentSmhHashFields(two, { instantUpload: true })).fullHash).toBe(second);
    expect((await tencentSmhHashFields(two.subarray(0, 1 << 20), { instantUpload: true })).fullHash).toBe(first.toString('hex'));
  });

  it('toTencentSmhHashFields needs both prefixes or neither; without the option only crc64, as before', async () => {
    expect(await tencentSmhHashFields(ascii('x'))).toEqual({ crc64: referenceCrc64(ascii('x')) });
    expect(() => toTencentSmhHashFields({ crc64: '1', sha256First1MiB: 'ab' } as never)).toThrow(/both sha256First1MiB and sha256MiBChain/);
  });
});

describe('KooDrive multiParts fields', () => {
  it('hashCtx on every part but the first, partSize of the last is what remains (huawei-koodrive-upload.md vector)', async () => {
    expect(await huaweiKooDriveHashFields(sheetBytes, { partSize: 512 })).toEqual({
      sha256: '785b0751fc2c53dc14a4ce3d800e69ef9ce1009eb327ccf458afe09c242c26c9',
      multiParts: [
        { partNumber: 1, partSize: 512, partOffset: 0 },
        {
          partNumber: 2,
          partSize: 512,
          partOffset: 512,
          hashCtx: [3837587770, 946796121, 3943053993, 2402944882, 717042383, 864852049, 1011465530, 681457579],
        },
      ],
    });
  });

  it.each(shaVectors.cases)('$size bytes (parts of $partSize) against the Python vectors', async (c) => {
    const fields = await huaweiKooDriveHashFields(caseBytes(c.input), { partSize: c.partSize });
    const starts = [0, ...c.sha256States.map((s) => s.offset)];
    expect(fields).toEqual({
      sha256: c.sha256,
      multiParts: starts.map((offset, i) => ({
        partNumber: i + 1,
        partSize: Math.min(c.partSize, c.size - offset),
        partOffset: offset,
        ...(i === 0 ? {} : { hashCtx: c.sha256States[i - 1]!.h }),
      })),
    });
  });

  it('toHuaweiKooDriveHashFields refuses malformed contexts', () => {
    const good = { size: 1000, sha256: 'ab', contexts: { sha256: [{ offset: 512, h: [1, 2, 3, 4, 5, 6, 7, 8] }] } };
    expect(toHuaweiKooDriveHashFields(good).multiParts).toHaveLength(2);
    for (const contexts of [
      { sha256: [{ offset: 500, h: [1, 2, 3, 4, 5, 6, 7, 8] }] },
      { sha256: [{ offset: 512, h: [1, 2, 3] }] },
      { sha256: [{ offset: 512, h: [1, 2, 3, 4, 5, 6, 7, -8] }] },
      { sha256: [{ offset: 1024, h: [1, 2, 3, 4, 5, 6, 7, 8] }, { offset: 512, h: [1, 2, 3, 4, 5, 6, 7, 8] }] },
      { sha256: 'x' },
    ]) {
      expect(() => toHuaweiKooDriveHashFields({ ...good, contexts } as never)).toThrow(InputError);
    }
    expect(() => toHuaweiKooDriveHashFields({ ...good, size: 512 })).toThrow(/at or past result.size/);
  });
});

describe('option checks', () => {
  it('refuses a non-boolean preHash / instantUpload and a partSize that is not a multiple of 64', async () => {
    await expect(aliyunPdsHashFields(sheetBytes, { preHash: 'yes' as never })).rejects.toThrow(/aliyunPdsHashFields: options.preHash must be true, false or absent/);
    await expect(tencentSmhHashFields(sheetBytes, { instantUpload: 1 as never })).rejects.toThrow(InputError);
    await expect(aliyunPdsHashFields(sheetBytes, { partSize: 100 })).rejects.toThrow(ConfigurationError);
    await expect(huaweiKooDriveHashFields(sheetBytes, { partSize: 5 * 1000 * 1000 + 32 })).rejects.toThrow(/multiple of 64/);
    await expect(huaweiMetaStudioHashFields(sheetBytes, null as never)).rejects.toThrow(InputError);
  });
});
