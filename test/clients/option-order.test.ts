/**
 * The order createClient checks its options in, as 0.1.0 had it (git show 70fff7e:src/clients/):
 * the options that fill parameters (SMH `libraryId`, MetaStudio `projectId`) are checked before
 * the common options, so a caller with several mistakes is told about the same one first.
 */
import { describe, expect, it } from 'vitest';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { ConfigurationError } from '../../src/core/errors.js';

function optionOf(make: () => unknown): string {
  try {
    make();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).option;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parameter options are checked before the common options', () => {
  it('SMH: a bad libraryId is reported before a bad maxRetries, timeout or baseUrl', () => {
    const credentials = { accessToken: 't' };
    expect(optionOf(() => createSmh({ credentials, libraryId: 5 as never, maxRetries: -1 }))).toBe('libraryId');
    expect(optionOf(() => createSmh({ credentials, libraryId: '', timeout: Number.NaN }))).toBe('libraryId');
    expect(optionOf(() => createSmh({ credentials, libraryId: ' ', baseUrl: 'https://x.test/?' }))).toBe('libraryId');
  });

  it('SMH: an empty or non-string spaceId is refused at createClient, naming spaceId (CHANGELOG)', () => {
    const credentials = { accessToken: 't' };
    expect(optionOf(() => createSmh({ credentials, spaceId: '' }))).toBe('spaceId');
    expect(optionOf(() => createSmh({ credentials, spaceId: 7 as never, maxRetries: -1 }))).toBe('spaceId');
  });

  it('MetaStudio: projectId first, then credentials, then the common options', () => {
    expect(optionOf(() => createMetaStudio({ projectId: '', maxRetries: -1, credentials: null as never }))).toBe('projectId');
    expect(optionOf(() => createMetaStudio({ projectId: 'p', maxRetries: -1, credentials: null as never }))).toBe('credentials');
    expect(optionOf(() => createMetaStudio({ projectId: 'p', maxRetries: -1, credentials: { token: 't' } }))).toBe('maxRetries');
  });
});
