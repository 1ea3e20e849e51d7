/**
 * What the PDS AccessKey authorizer needs only when it signs: loaded by the first signed call
 * (aliyun-pds.ts, lazy-module.ts), not by importing the entry (issue 13, cold start).
 */
export { signAliyunAcsRequest } from '../signing/aliyun-acs/sign-aliyun-acs-request.js';
export { signAliyunAcs4Request } from '../signing/aliyun-acs4/sign-aliyun-acs4-request.js';
export { outgoingHeaderText } from '../signing/shared/header-map.js';
