import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigurationError, DrivespecError } from '../../src/core/errors.js';
import { defaultHashAlgorithms, hashAlgorithms, MultiHash } from '../../src/hashing/index.js';
import { prng, pseudoRandomBytes, referenceCrc64 } from './support.js';

const data = pseudoRandomBytes(200_003, 21);
const nodeDigest = (algorithm: string, bytes: Uint8Array) => createHash(algorithm).update(bytes).digest('hex');

describe('MultiHash', () => {
  it('sha1, sha256 and md5 equal node:crypto, crc64 equals crc64-ecma182.js, fed in odd chunks', () => {
    const hash = new MultiHash(['crc64', 'sha1', 'sha256', 'md5']);
    const next = prng(3);
    for (let i = 0; i < data.length; ) {
      const size = next(9_000);
      hash.update(data.subarray(i, i + size));
      i += size;
    }
    expect(hash.digest()).toEqual({
      size: data.length,
      crc64: referenceCrc64(data),
      sha1: nodeDigest('sha1', data),
      sha256: nodeDigest('sha256', data),
      md5: nodeDigest('md5', data),
    });
  });

  it('computes crc64, sha1 and sha256 by default, and nothing but size for an empty list', () => {
    expect(Object.keys(new MultiHash().update(data).digest()).sort()).toEqual(['crc64', 'sha1', 'sha256', 'size']);
    expect(defaultHashAlgorithms).toEqual(['crc64', 'sha1', 'sha256']);
    expect(hashAlgorithms).toEqual(['crc64', 'sha1', 'sha256', 'md5']);
    expect(new MultiHash([]).update(data).digest()).toEqual({ size: data.length });
  });

  it('empty input gives the well-known empty digests', () => {
    expect(new MultiHash(['crc64', 'sha1', 'sha256', 'md5']).digest()).toEqual({
      size: 0,
      crc64: '0',
      sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
      sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      md5: 'd41d8cd98f00b204e9800998ecf8427e',
    });
  });

  it('digest is final until reset', () => {
    const hash = new MultiHash(['sha1']).update(data);
    const first = hash.digest();
    expect(hash.digest()).toBe(first);
    expect(() => hash.update(data)).toThrow(DrivespecError);
    hash.reset();
    expect(hash.update(data.subarray(0, 10)).digest()).toEqual({
      size: 10,
      sha1: nodeDigest('sha1', data.subarray(0, 10)),
    });
  });

  it('rejects unknown algorithms with ConfigurationError naming the option', () => {
    expect(() => new MultiHash(['sha512' as never])).toThrow(ConfigurationError);
    expect(() => new MultiHash(['sha512' as never])).toThrow(/algorithms: unknown algorithm "sha512"/);
  });

  it('ignores duplicate algorithm names', () => {
    expect(new MultiHash(['sha1', 'sha1']).algorithms).toEqual(['sha1']);
  });
});
