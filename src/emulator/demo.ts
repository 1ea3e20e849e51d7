/**
 * Demo data (`drivespec emulate --seed-demo`): one pending upload per operation, with the ids of
 * the specs' documented examples and the content `123456789` their hashes are computed from, so
 * each documented request succeeds once against a fresh emulator. SMH also gets an existing
 * `foo/bar/file.docx`, so confirming `file.docx` with `rename` lands on the documented
 * `file (1).docx`. MetaStudio gets the asset its CreateFile and ShowAsset examples name.
 */
import type { EmulatorSeed } from './types.js';

export const demoIds = {
  'aliyun-pds': { driveId: '1', fileId: '9520943DC264', uploadId: 'C9DCFE5A82644AC7A02DB74C30C934A6', name: '1.mov' },
  'huawei-metastudio': { fileId: '24bad716-87b1-45e5-8912-6102f7693265' },
  'tencent-smh': { confirmKey: 'b8a24e0f3c5d4f6a9e1d7c2b0a8f6e4d', path: ['foo', 'bar', 'file.docx'] },
  'huawei-koodrive': { fileId: 'FiqNTAYdzXtKhenh29A9EXJvhaKQqcYVS' },
} as const;

export function seedDemo(seed: EmulatorSeed): void {
  seed.pdsUpload({ ...demoIds['aliyun-pds'] });
  seed.metaStudioUpload({ ...demoIds['huawei-metastudio'] });
  // The asset of CreateFile's and ShowAsset's examples (specs/huawei-metastudio.yaml), a VIDEO asset as their mp4 main file.
  seed.metaStudioAsset({ assetId: '7f1c3e0d2b6a4c5e9f8d7c6b5a493827', assetType: 'VIDEO', assetName: 'demo video' });
  seed.smhFile({ path: [...demoIds['tencent-smh'].path] });
  seed.smhUpload({ confirmKey: demoIds['tencent-smh'].confirmKey, path: [...demoIds['tencent-smh'].path] });
  seed.koodriveUpload({ ...demoIds['huawei-koodrive'] });
}
