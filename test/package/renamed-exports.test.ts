/**
 * Names changed after 0.1.0 (CHANGELOG.md, "Unreleased"): the hashing helpers are named by provider
 * id, and the 0.1.0 names keep working as deprecated aliases with the same results. Each name
 * reports errors under its own name, so a caller's message points at the call they wrote.
 * Expected values are the standard check values of `123456789` (CRC-64/XZ from PROVIDERS.md,
 * "Content hashes"; SHA-1 and SHA-256 as `sha1sum` / `sha256sum` print them).
 */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import * as hashing from '../../src/hashing/index.js';

const data = new TextEncoder().encode('123456789');
const crc64 = '11051210869376104954';
const sha1 = 'f7c3bc1d808e04732adf679965ccc34ca7ae3441';
const sha256 = '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225';

const pdsFields = { crc64_hash: crc64, content_hash: sha1.toUpperCase(), content_hash_name: 'sha1', size: 9 };
const result = { crc64, sha1, sha256, size: 9 };

/** new name → 0.1.0 name, for the functions that hash a source. */
const sourceHelpers = [
  ['aliyunPdsHashFields', 'pdsHashFields', pdsFields],
  ['tencentSmhHashFields', 'smhHashFields', { crc64 }],
  ['huaweiKooDriveHashFields', 'koodriveHashFields', { sha256 }],
] as const;

/** new name → 0.1.0 name, for the mappers of a result computed elsewhere. */
const mappers = [
  ['toAliyunPdsHashFields', 'toPdsHashFields', pdsFields],
  ['toTencentSmhHashFields', 'toSmhHashFields', { crc64 }],
  ['toHuaweiKooDriveHashFields', 'toKooDriveHashFields', { sha256 }],
] as const;

async function messageOf(call: () => unknown): Promise<string> {
  try {
    await call();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('hashing helpers named by provider id', () => {
  for (const [name, old, expected] of sourceHelpers) {
    it(`${name} hashes a source; ${old} (deprecated) still gives the same fields`, async () => {
      expect(await hashing[name](data)).toEqual(expected);
      expect(await hashing[old](data)).toEqual(expected);
    });

    it(`${name} and ${old} each name themselves in an options error`, async () => {
      const bad = 5 as unknown as hashing.ProviderHashOptions;
      expect(await messageOf(() => hashing[name](data, bad))).toBe(`${name}: options must be an object, got a number`);
      expect(await messageOf(() => hashing[old](data, bad))).toBe(`${old}: options must be an object, got a number`);
    });
  }

  for (const [name, old, expected] of mappers) {
    it(`${name} maps a result; ${old} (deprecated) still gives the same fields`, async () => {
      expect(hashing[name](result)).toEqual(expected);
      expect(hashing[old](result)).toEqual(expected);
      const wrong = null as unknown as typeof result;
      expect(await messageOf(() => hashing[name](wrong))).toBe(`${name}: result must be a hash result object, got null`);
      expect(await messageOf(() => hashing[old](wrong))).toBe(`${old}: result must be a hash result object, got null`);
    });
  }
});
