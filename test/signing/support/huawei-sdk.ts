/**
 * Drives the official Huawei Cloud Node SDK signer (@huaweicloud/huaweicloud-sdk-core, devDependency
 * only) the way its own HcClient does: an HttpRequest built with HttpRequestBuilder (endpoint, path
 * with the path parameters substituted raw, query parameters as an object, headers, JSON body as an
 * object), then `BasicCredentials.processAuthRequest`, which adds X-Security-Token /
 * X-Sdk-Content-Sha256 and calls `AKSKSigner.sign`. The canonical request is read by wrapping the
 * SDK's own `buildCanonicalRequest` (the call goes through unchanged).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface SdkHttpRequest {
  headers: Record<string, string>;
}
interface SdkBuilder {
  withEndpoint(v: string): SdkBuilder;
  withUrl(v: string): SdkBuilder;
  withMethod(v: string): SdkBuilder;
  withHeaders(v: Record<string, string>): SdkBuilder;
  withQueryParams(v: Record<string, string | string[]>): SdkBuilder;
  withPathParams(v: Record<string, string>): SdkBuilder;
  withData(v: unknown): SdkBuilder;
  build(): SdkHttpRequest;
}
interface SdkCredentials {
  withAk(v: string): SdkCredentials;
  withSk(v: string): SdkCredentials;
  withSecurityToken(v: string): SdkCredentials;
  processAuthRequest(client: unknown, request: SdkHttpRequest): Promise<SdkHttpRequest>;
}
type CanonicalRequestBuilder = (...segments: string[]) => string;

const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core/auth/BasicCredentials') as {
  BasicCredentials: new () => SdkCredentials;
};
const { HttpRequestBuilder } = require('@huaweicloud/huaweicloud-sdk-core/http/IHttpRequestBuilder') as {
  HttpRequestBuilder: new () => SdkBuilder;
};
const { AKSKSigner } = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner') as {
  AKSKSigner: { buildCanonicalRequest: CanonicalRequestBuilder };
};

export interface SdkSignInput {
  /** `https://host[:port]` */
  endpoint: string;
  /** The path with raw (unencoded) segments, as HcClient has it after substituting path parameters. */
  rawPath: string;
  method: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
  /** A JSON body as the object the SDK serializes. */
  data?: unknown;
  ak: string;
  sk: string;
  securityToken?: string;
}

export interface SdkSignOutput {
  headers: Record<string, string>;
  canonicalRequest: string;
}

export async function sdkSign(input: SdkSignInput): Promise<SdkSignOutput> {
  let builder = new HttpRequestBuilder()
    .withEndpoint(input.endpoint)
    .withUrl(input.rawPath)
    .withMethod(input.method)
    .withHeaders({ ...input.headers })
    .withQueryParams(structuredClone(input.query))
    .withPathParams({});
  if (input.data !== undefined) builder = builder.withData(input.data);
  let credentials = new BasicCredentials().withAk(input.ak).withSk(input.sk);
  if (input.securityToken !== undefined) credentials = credentials.withSecurityToken(input.securityToken);

  const original = AKSKSigner.buildCanonicalRequest;
  let captured: string | undefined;
  AKSKSigner.buildCanonicalRequest = function (this: unknown, ...segments: string[]) {
    captured = original.apply(this, segments);
    return captured;
  };
  try {
    const signed = await credentials.processAuthRequest(undefined, builder.build());
    if (captured === undefined) throw new Error('the SDK did not build a canonical request');
    return { headers: { ...signed.headers }, canonicalRequest: captured };
  } finally {
    AKSKSigner.buildCanonicalRequest = original;
  }
}
