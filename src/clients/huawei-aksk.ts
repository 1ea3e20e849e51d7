/**
 * AK/SK credentials for Huawei Cloud APIs, signed with SDK-HMAC-SHA256 on every attempt (so a
 * retry carries a fresh `X-Sdk-Date`).
 */
import { ConfigurationError } from '../core/errors.js';
import { huaweiCredentialsProblem } from '../signing/huawei-sdk-hmac-sha256/check-credentials.js';
import { requireString } from '../core/client-options.js';
import type { Authorize } from '../core/transport.js';
import { lazyModule } from '../core/lazy-module.js';

const loadSigner = lazyModule('the Huawei AK/SK signer', () => import('./huawei-aksk-signer.js'));

export interface HuaweiAkSkCredentials {
  ak: string;
  sk: string;
  /** For temporary (STS) credentials: sent as `X-Security-Token`. */
  securityToken?: string;
}

export function huaweiAkSkAuthorizer(
  credentials: Record<string, unknown>,
  options: { projectId?: string },
): { authorize: Authorize; secrets: string[] } {
  const ak = requireString('credentials.ak', credentials.ak);
  const sk = requireString('credentials.sk', credentials.sk);
  const securityToken =
    credentials.securityToken === undefined ? undefined : requireString('credentials.securityToken', credentials.securityToken);
  // What the signer would refuse on every call is refused here, once (field named, value never).
  const problem = huaweiCredentialsProblem({ ak, sk, ...(securityToken ? { securityToken } : {}) });
  if (problem) throw new ConfigurationError(problem.field, problem.message);
  const authorize: Authorize = async (request, context) => {
    // MetaStudio, like other project-scoped Huawei services, reads the project from this header
    // when the request is AK/SK-signed (there is no token to carry it).
    if (options.projectId) request.headers.set('X-Project-Id', options.projectId);
    const body = request.body instanceof Uint8Array ? request.body : undefined;
    // A streamed body cannot be hashed up front; the scheme's documented escape hatch.
    if (request.body instanceof ReadableStream) request.headers.set('X-Sdk-Content-Sha256', 'UNSIGNED-PAYLOAD');
    const { signHuaweiRequest, outgoingHeaderText } = await loadSigner();
    const signed = await signHuaweiRequest(
      {
        method: request.method,
        url: request.url,
        headers: outgoingHeaderText(request.headers),
        ...(body ? { body } : {}),
      },
      { ak, sk, ...(securityToken ? { securityToken } : {}) },
      { now: () => context.now },
    );
    context.addSecret(signed.signature);
    for (const [name, value] of Object.entries(signed.headers)) {
      if (name.toLowerCase() !== 'host') request.headers.set(name, value);
    }
  };
  return { authorize, secrets: [sk, ...(securityToken ? [securityToken] : [])] };
}
