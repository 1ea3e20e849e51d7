/**
 * Alibaba's own ROA signing code (devDependencies only):
 * - @alicloud/openapi-util `getStringToSign(request)` / `getROASignature(stringToSign, secret)`,
 *   the functions the Tea-based SDKs call, fed a Tea request `{ method, pathname, headers, query }`;
 * - @alicloud/pop-core `ROAClient`, which signs and sends a real HTTP request (driven over
 *   loopback by the tests, since it exposes no signing function).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export interface TeaRequestLike {
  method: string;
  pathname: string;
  headers: Record<string, string>;
  query: Record<string, string>;
}

interface OpenApiUtil {
  getStringToSign(request: TeaRequestLike): string;
  getROASignature(stringToSign: string, secret: string): string;
}

export const openApiUtil = (require('@alicloud/openapi-util') as { default: OpenApiUtil }).default;

export interface RoaClient {
  request(
    method: string,
    uriPattern: string,
    query?: Record<string, string>,
    body?: string,
    headers?: Record<string, string>,
    opts?: Record<string, unknown>,
  ): Promise<unknown>;
}

export const RoaClientClass = (require('@alicloud/pop-core') as {
  ROAClient: new (config: {
    endpoint: string;
    apiVersion: string;
    accessKeyId: string;
    accessKeySecret: string;
    securityToken?: string;
  }) => RoaClient;
}).ROAClient;
