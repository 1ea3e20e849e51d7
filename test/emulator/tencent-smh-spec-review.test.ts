/**
 * Hostile review (issue 11) of specs/tencent-smh.yaml against docs/upload/tencent-smh-upload.md:
 * an upload start's answer without `confirmKey` cannot be confirmed, renewed, read or cancelled,
 * so it is off the spec (the fact sheet lists confirmKey in both starts' answers, §1 and §2).
 */
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../src/emulator/response-check.js';

const target = { domain: 'examplebucket-1250000000.cos.ap-beijing.myqcloud.com', path: '/smhxxx/xxx.mp4', headers: { 'Content-Type': 'video/mp4' } };

describe('tencent-smh review: the starts answer a confirmKey', () => {
  it('InitUpload 200 and 201 without confirmKey are off the spec; with it they are not', () => {
    for (const status of [200, 201]) {
      expect(checkAnswer('tencent-smh', 'InitUpload', status, target).issues, String(status)).not.toEqual([]);
      expect(checkAnswer('tencent-smh', 'InitUpload', status, { ...target, confirmKey: 'k' }).issues, String(status)).toEqual([]);
    }
  });

  it('the status answer’s uploadPartInfo may still leave confirmKey out (the status page’s example is cut short there)', () => {
    const status = {
      confirmed: false, path: ['a.bin'], type: 'file', creationTime: '2026-01-01T00:00:00.000Z', conflictResolutionStrategy: 'rename',
      force: false, availableDomainNum: 1, uploadId: 'u', confirmKey: 'k', parts: [],
      uploadPartInfo: { ...target, uploadId: 'u', expiration: '2026-01-01T01:00:00.000Z' },
    };
    expect(checkAnswer('tencent-smh', 'GetUploadStatus', 200, status).issues).toEqual([]);
  });
});
