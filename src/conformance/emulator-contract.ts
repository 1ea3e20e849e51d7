/**
 * What the harness needs from the embedded emulator (`src/emulator/index.ts`, entry
 * `drivespec/emulator`), restated here so the harness can also be handed any emulator that keeps
 * the same contract (tests hand it one that misbehaves on purpose).
 */
import type { ProviderId } from '../core/provider.js';

export interface EmulatorCredentials {
  'aliyun-pds': { accessToken: string; shareToken: string; accessKeyId: string; accessKeySecret: string; domainId: string };
  'huawei-metastudio': { token: string; ak: string; sk: string; projectId: string };
  'tencent-smh': { accessToken: string; libraryId: string };
  'huawei-koodrive': { accessToken: string; userId: string };
}

export interface EmulatorSeed {
  pdsUpload(input: {
    driveId: string;
    fileId: string;
    uploadId: string;
    name?: string;
    parentFileId?: string;
    content?: Uint8Array | string;
  }): void;
  metaStudioUpload(input: { projectId?: string; fileId: string }): void;
  smhUpload(input: {
    libraryId?: string;
    spaceId?: string;
    confirmKey: string;
    path: string[];
    content?: Uint8Array | string;
  }): void;
  smhFile(input: { libraryId?: string; spaceId?: string; path: string[]; content?: Uint8Array | string }): void;
  koodriveUpload(input: { userId?: string; fileId: string; content?: Uint8Array | string }): void;
  fault(input: { provider: ProviderId; operationId: string; status: 500 | 503; count?: number }): void;
  reset(): void;
}

export interface RunningEmulator {
  url: string;
  port: number;
  credentials: EmulatorCredentials;
  seed: EmulatorSeed;
  close(): Promise<void>;
}

export interface StartEmulatorOptions {
  port?: number;
  host?: string;
  now?: () => Date;
  log?: (line: string) => void;
}

export type StartEmulator = (options?: StartEmulatorOptions) => Promise<RunningEmulator>;
