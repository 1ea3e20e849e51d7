/**
 * `drivespec emulate --help` names what the emulator serves from the provider registry (issue 10
 * item 2: no hand-kept provider list): every provider, in the registry's order, each with its
 * spec's operations. An operation added to a spec appears here without an edit.
 */
import { describe, expect, it } from 'vitest';
import { usage } from '../../src/cli/emulate.js';

describe('drivespec emulate --help', () => {
  it('lists each provider with its operations, in the registry order', () => {
    const text = usage().replace(/\s*\n\s*/g, ' ');
    expect(text).toContain(
      'Runs one local HTTP server emulating aliyun-pds (CompleteFile, CreateFile, GetFile, GetUploadUrl, ListUploadedParts), huawei-koodrive (CompleteFile, CreateFile, UploadUrl), ' +
        'huawei-metastudio (ConfirmFileUpload, CreateDigitalAsset, CreateFile, ShowAsset) and tencent-smh (CancelUpload, ConfirmUpload, ' +
        'GetUploadStatus, InitMultipartUpload, InitUpload, RenewMultipartUpload).',
    );
  });
});
