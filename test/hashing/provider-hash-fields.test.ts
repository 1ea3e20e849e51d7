import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { providerIds } from '../../src/core/provider.js';
import {
  koodriveHashFields,
  MultiHash,
  pdsHashFields,
  providerHashAlgorithms,
  smhHashFields,
  toKooDriveHashFields,
  toPdsHashFields,
  toSmhHashFields,
} from '../../src/hashing/index.js';
import { loadJson, pseudoRandomBytes, referenceCrc64, type ProviderCheckValues } from './support.js';

const checkValues = loadJson<ProviderCheckValues>('provider-check-values.json');
const ascii = (text: string) => new TextEncoder().encode(text);

describe('provider hash fields', () => {
  it.each(checkValues.pdsContentHash)('PDS content_hash is uppercase SHA-1 ($ascii, PROVIDERS.md)', async (v) => {
    const fields = await pdsHashFields(ascii(v.ascii));
    expect(fields).toEqual({
      crc64_hash: referenceCrc64(ascii(v.ascii)),
      content_hash: v.content_hash,
      content_hash_name: 'sha1',
      size: v.ascii.length,
    });
    expect(fields.content_hash).toMatch(/^[0-9A-F]{40}$/);
  });

  it('PDS crc64_hash and SMH crc64 are the CRC-64/XZ decimal string (PROVIDERS.md check value)', async () => {
    expect((await pdsHashFields(ascii('123456789'))).crc64_hash).toBe('11051210869376104954');
    expect(await smhHashFields(ascii('123456789'))).toEqual({ crc64: '11051210869376104954' });
  });

  it('KooDrive sha256 is lowercase hex SHA-256 of the whole stream', async () => {
    const data = pseudoRandomBytes(1_500_000, 4);
    expect(await koodriveHashFields(Readable.from([data.subarray(0, 7), data.subarray(7)]))).toEqual({
      sha256: createHash('sha256').update(data).digest('hex'),
    });
  });

  it('the to* mappers reuse a MultiHash result computed while uploading', () => {
    // "123456": CRC-64/XZ from crc64-vectors.json (crc64-ecma182.js), SHA-1 and SHA-256 as
    // `printf 123456 | sha1sum` / `sha256sum` print them.
    const result = new MultiHash(['crc64', 'sha1', 'sha256']).update(ascii('123456')).digest();
    expect(toPdsHashFields(result)).toEqual({
      crc64_hash: '318318745347147982',
      content_hash: '7C4A8D09CA3762AF61E59520943DC26494F8941B',
      content_hash_name: 'sha1',
      size: 6,
    });
    expect(toSmhHashFields(result)).toEqual({ crc64: '318318745347147982' });
    expect(toKooDriveHashFields(result)).toEqual({ sha256: '8d969eef6ecad3c29a3a629280e686cf0c3f5d5a86aff3ca12020c923adc6c92' });
  });

  it('names the algorithms each provider needs, for every provider id', () => {
    expect(Object.keys(providerHashAlgorithms).sort()).toEqual([...providerIds].sort());
    expect(providerHashAlgorithms['huawei-metastudio']).toEqual([]);
  });

  it('a missing file rejects with InputError, not a raw ENOENT', async () => {
    await expect(pdsHashFields('/nonexistent/drivespec/file')).rejects.toThrow(InputError);
    await expect(smhHashFields('/nonexistent/drivespec/file')).rejects.toThrow(/no such file/);
    await expect(koodriveHashFields('/nonexistent/drivespec/file')).rejects.toThrow(InputError);
  });
});
