/**
 * `checkAnswer`, the spec check every emulator answer in the tests goes through, driven by the
 * generated provider registry: documented statuses by their own schema, undocumented ones by the
 * provider's error shapes (KooDrive has two), an operation id that is not an own entry of the
 * table (`toString`) reported, not a crash.
 */
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../src/emulator/response-check.js';

const gateway = { error_code: 'APIGW.0101', error_msg: 'The API does not exist or has not been published in the environment.', request_id: 'r' };

describe('checkAnswer', () => {
  it('a documented status is checked against its own schema', () => {
    expect(checkAnswer('huawei-koodrive', 'CompleteFile', 404, gateway)).toEqual({ against: 'spec', issues: [] });
    const wrong = checkAnswer('huawei-koodrive', 'CompleteFile', 404, { code: 13000102, msg: 'Verify parameters failed.' });
    expect(wrong.against).toBe('spec');
    expect(wrong.issues.length).toBeGreaterThan(0);
  });

  it('an undocumented status is checked against any of the provider error shapes', () => {
    expect(checkAnswer('huawei-koodrive', 'CompleteFile', 418, gateway)).toEqual({ against: 'error-shape', issues: [] });
    expect(checkAnswer('huawei-koodrive', 'CompleteFile', 418, { code: 13000102, msg: 'Verify parameters failed.' })).toEqual({
      against: 'error-shape',
      issues: [],
    });
    expect(checkAnswer('tencent-smh', 'ConfirmUpload', 418, { code: 'X', message: 'm' })).toEqual({ against: 'error-shape', issues: [] });
    for (const [provider, operationId] of [
      ['huawei-koodrive', 'CompleteFile'],
      ['aliyun-pds', 'GetFile'],
      ['huawei-metastudio', 'ConfirmFileUpload'],
      ['tencent-smh', 'ConfirmUpload'],
    ] as const) {
      const check = checkAnswer(provider, operationId, 418, { unrelated: true });
      expect(check.against, provider).toBe('error-shape');
      expect(check.issues.length, provider).toBeGreaterThan(0);
    }
  });

  it('a status documented without a body must have none', () => {
    expect(checkAnswer('huawei-metastudio', 'ConfirmFileUpload', 200, undefined)).toEqual({ against: 'empty-body', issues: [] });
    expect(checkAnswer('huawei-metastudio', 'ConfirmFileUpload', 200, {}).issues).toEqual([
      { path: '', message: 'must be empty', keyword: 'empty' },
    ]);
  });

  it('an operation the table does not have is reported, also one named like an Object.prototype member', () => {
    for (const operationId of ['DeleteFile', 'toString', 'constructor', '__proto__']) {
      expect(checkAnswer('aliyun-pds', operationId, 404, {}), operationId).toEqual({
        against: 'spec',
        issues: [{ path: '', message: `unknown operation ${operationId}`, keyword: 'operation' }],
      });
    }
  });
});
