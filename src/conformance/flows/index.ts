/**
 * Every provider's upload flows (src/conformance/flows/<provider>.ts), keyed by provider id so a
 * new provider without flows fails the type-check here.
 */
import type { ProviderId } from '../../core/provider.js';
import { flows as aliyunPds } from './aliyun-pds.js';
import { flows as huaweiKooDrive } from './huawei-koodrive.js';
import { flows as huaweiMetaStudio } from './huawei-metastudio.js';
import { flows as tencentSmh } from './tencent-smh.js';
import type { UploadFlow } from './types.js';

export const uploadFlows: Readonly<Record<ProviderId, readonly UploadFlow[]>> = {
  'aliyun-pds': aliyunPds,
  'huawei-koodrive': huaweiKooDrive,
  'huawei-metastudio': huaweiMetaStudio,
  'tencent-smh': tencentSmh,
};

export { FlowFailure, type FlowContext, type FlowName, type UploadFlow } from './types.js';
export { runFlows, skippedFlows, type FlowReport } from './run-flows.js';
