/**
 * What the Huawei AK/SK authorizer needs only when it signs: loaded by the first signed call
 * (huawei-aksk.ts, lazy-module.ts), not by importing the entry (issue 13, cold start).
 */
export { signHuaweiRequest } from '../signing/huawei-sdk-hmac-sha256/sign-huawei-request.js';
export { outgoingHeaderText } from '../signing/shared/header-map.js';
