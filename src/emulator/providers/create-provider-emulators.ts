/** The four emulated providers, built on one shared environment (store, credentials, persistence). */
import type { ProviderId } from '../../core/provider.js';
import { createAliyunPdsEmulator } from './aliyun-pds.js';
import { createHuaweiKooDriveEmulator } from './huawei-koodrive.js';
import { createHuaweiMetaStudioEmulator } from './huawei-metastudio.js';
import type { ProviderEmulator, ProviderEnv } from './provider.js';
import { createTencentSmhEmulator } from './tencent-smh.js';

export type ProviderEmulators = Record<ProviderId, ProviderEmulator>;

export function createProviderEmulators(env: ProviderEnv): ProviderEmulators {
  return {
    'aliyun-pds': createAliyunPdsEmulator(env),
    'huawei-metastudio': createHuaweiMetaStudioEmulator(env),
    'tencent-smh': createTencentSmhEmulator(env),
    'huawei-koodrive': createHuaweiKooDriveEmulator(env),
  };
}
