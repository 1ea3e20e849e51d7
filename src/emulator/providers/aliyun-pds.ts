/**
 * Alibaba Cloud PDS (API 2022-03-01): `CreateFile`, `GetUploadUrl`, `ListUploadedParts`,
 * `CompleteFile` and `GetFile`, all `POST` with a JSON body (specs/aliyun-pds.yaml); the upload
 * flow is in `aliyun-pds/upload.ts`, the bytes in the emulator's storage. Credentials: `Authorization: Bearer <token>`, the `acs` AccessKey
 * signature, or `x-share-token` with `share_id` in the body (shared/PROVIDERS.md, aliyun-pds).
 *
 * Errors are `{ code, message }` with the HTTP status the spec gives each code; gateway-level
 * errors (credentials, size) also carry `x-ca-error-code` / `x-ca-error-message` headers.
 */
import { operations, securitySchemes, type OperationId } from '../../../generated/aliyun-pds/operations.js';
import type { components, operations as OperationTypes } from '../../../generated/aliyun-pds/types.js';
import * as validators from '../../../generated/aliyun-pds/validators.js';
import type { ValidationIssue } from '../../core/errors.js';
import { verifyAliyunAcsSignature } from '../../signing/aliyun-acs/index.js';
import { verifyAliyunAcs4Signature } from '../../signing/aliyun-acs4/index.js';
import type { OperationTable } from '../../core/operation-table.js';
import { providers } from '../../core/provider.js';
import type { Answer } from '../answer.js';
import { AnswerMemo } from '../answer-memo.js';
import { extensionOf, mimeTypeOf, pdsCategoryOf } from '../file-types.js';
import { secretEquals } from '../secure-compare.js';
import { key, type PdsFileRecord } from '../state.js';
import { pdsError } from './aliyun-pds/answers.js';
import { createPdsUploadHandlers } from './aliyun-pds/upload.js';
import {
  describeIssues,
  fieldName,
  headerValue,
  type OperationHandlers,
  type ProviderEmulator,
  type ProviderEnv,
  type RequestContext,
} from './provider.js';

/** Which credentials a request proved: drive access (token or AccessKey), share-link access, or both. */
export interface PdsPrincipal {
  drive: boolean;
  share: boolean;
}

/** The acs signature's Date window (PROVIDERS.md: "A Date more than 15 minutes off gets HTTP 403"). */
const SKEW_MS = 15 * 60 * 1000;

export { pdsError };

function issueCode(issues: readonly ValidationIssue[]): string {
  const keyword = issues[0]?.keyword;
  if (keyword === 'required') return 'InvalidParameterMissing';
  if (keyword === 'minimum' || keyword === 'maximum' || keyword === 'exclusiveMinimum' || keyword === 'exclusiveMaximum') {
    return 'InvalidParameterOutOfRange';
  }
  return 'InvalidParameter';
}

function invalid(issues: readonly ValidationIssue[]): Answer {
  const code = issueCode(issues);
  const what =
    code === 'InvalidParameterMissing' ? 'is missing' : code === 'InvalidParameterOutOfRange' ? 'is out of range' : 'is not valid';
  return pdsError(400, code, `The input parameter ${fieldName(issues[0]?.path ?? '')} ${what}: ${describeIssues(issues)}.`);
}

/** Remembers acs nonces for the Date window, so a replayed signed request is refused. */
class NonceCache {
  readonly #seen = new Map<string, number>();
  /** True when the nonce was already used within the window; records it otherwise. */
  replayed(nonce: string, nowMs: number): boolean {
    if (this.#seen.size > 10_000) {
      for (const [n, expires] of this.#seen) {
        if (expires <= nowMs) this.#seen.delete(n);
      }
      // Still full of live nonces: drop the oldest rather than grow without bound.
      while (this.#seen.size > 100_000) this.#seen.delete(this.#seen.keys().next().value as string);
    }
    const expires = this.#seen.get(nonce);
    if (expires !== undefined && expires > nowMs) return true;
    this.#seen.set(nonce, nowMs + 2 * SKEW_MS);
    return false;
  }
  clear(): void {
    this.#seen.clear();
  }
}

/**
 * Whether GetFile's `fields` (comma-separated names; `*` is not expanded: investigation_info is
 * opt-in) names `name`. A scan, not a Set of the split names: it runs on every GetFile.
 */
function namesField(fields: string | undefined, name: string): boolean {
  if (fields === undefined) return false;
  for (let at = fields.indexOf(name); at >= 0; at = fields.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((at === 0 || fields[at - 1] === ',') && (end === fields.length || fields[end] === ',')) return true;
  }
  return false;
}

export function createAliyunPdsEmulator(env: ProviderEnv): ProviderEmulator<PdsPrincipal, OperationId> {
  const nonces = new NonceCache();
  const fileAnswers = new AnswerMemo<PdsFileRecord>();

  type Auth = { ok: true; principal: PdsPrincipal } | { ok: false; answer: Answer };
  const fail = (status: number, code: string, message: string): Auth => ({ ok: false, answer: pdsError(status, code, message, true) });

  /**
   * Not an async function: a bearer or share token is checked synchronously, so the server does
   * not wait a microtask for it on every request; only the acs signatures return a promise.
   */
  function authenticate(op: OperationTable, ctx: RequestContext): Auth | Promise<Auth> {
    const creds = env.credentials['aliyun-pds'];
    // The `accessKey` scheme's header; the `accessToken` scheme is HTTP bearer, which travels in
    // Authorization too (RFC 6750 §2.1).
    const authorization = headerValue(ctx.headers, securitySchemes.accessKey.name)?.trim();
    const shareToken = headerValue(ctx.headers, securitySchemes.shareToken.name)?.trim();
    const principal: PdsPrincipal = { drive: false, share: false };

    if (authorization !== undefined && authorization !== '') {
      const bearer = /^bearer\s+(.*)$/is.exec(authorization);
      if (bearer) {
        if (!secretEquals(bearer[1]!.trim(), creds.accessToken)) {
          return fail(401, 'AccessTokenInvalid', 'The access token is invalid or expired.');
        }
        principal.drive = true;
      } else if (/^(acs|ACS4-HMAC-SHA256)\s/i.test(authorization)) {
        return verifyAccessKey(op, ctx, authorization, shareToken, principal);
      } else {
        return fail(401, 'AccessTokenInvalid', 'The Authorization header is neither a Bearer token nor an acs signature.');
      }
    }
    return withShareToken(shareToken, principal);
  }

  /** The SDK's two AccessKey signatures (`signature_version` v1 and v4), same window and nonce rules. */
  async function verifyAccessKey(
    op: OperationTable,
    ctx: RequestContext,
    authorization: string,
    shareToken: string | undefined,
    principal: PdsPrincipal,
  ): Promise<Auth> {
    const creds = env.credentials['aliyun-pds'];
    const verify = /^acs\s/i.test(authorization) ? verifyAliyunAcsSignature : verifyAliyunAcs4Signature;
    const result = await verify(
      { method: ctx.method, url: ctx.target, headers: ctx.headers, body: ctx.body },
      (id) => (id === creds.accessKeyId ? creds.accessKeySecret : undefined),
      { now: () => ctx.now, maxSkewMs: SKEW_MS },
    );
    if (!result.ok) {
      // PROVIDERS.md: a Date more than 15 minutes off is HTTP 403; the other signature
      // failures are answered the same way (the spec lists no more specific code).
      const messages = {
        missing: 'The Authorization header is empty.',
        malformed: 'The acs Authorization header, Date or signature headers are malformed.',
        'unknown-key': 'The AccessKey ID does not exist.',
        expired: 'The request Date is more than 15 minutes off the server time.',
        mismatch: 'The request signature does not match.',
      } as const;
      return fail(403, 'Forbidden', messages[result.reason]);
    }
    const action = headerValue(ctx.headers, 'x-acs-action');
    if (action !== undefined && action.trim() !== op.operationId) {
      return fail(403, 'Forbidden', 'The signed x-acs-action does not name this operation.');
    }
    const nonce = headerValue(ctx.headers, 'x-acs-signature-nonce');
    if (nonce !== undefined && nonces.replayed(nonce, ctx.now.getTime())) {
      return fail(403, 'Forbidden', 'The signature nonce has already been used.');
    }
    principal.drive = true;
    return withShareToken(shareToken, principal);
  }

  /** The share token (if sent), then whether any credential was proved. */
  function withShareToken(shareToken: string | undefined, principal: PdsPrincipal): Auth {
    const creds = env.credentials['aliyun-pds'];
    if (shareToken !== undefined && shareToken !== '') {
      if (!secretEquals(shareToken, creds.shareToken)) return fail(401, 'AccessTokenInvalid', 'The share token is invalid or expired.');
      principal.share = true;
    }
    if (!principal.drive && !principal.share) {
      return fail(401, 'AccessTokenInvalid', 'No credentials: send Authorization (Bearer or acs) or x-share-token.');
    }
    return { ok: true, principal };
  }

  function fileObject(file: PdsFileRecord, fields: string | undefined): Record<string, unknown> {
    const extension = extensionOf(file.name);
    const mime = mimeTypeOf(extension);
    return {
      domain_id: env.credentials['aliyun-pds'].domainId,
      drive_id: file.driveId,
      file_id: file.fileId,
      name: file.name,
      type: 'file',
      content_type: mime,
      created_at: file.createdAt,
      updated_at: file.updatedAt,
      file_extension: extension,
      mime_type: mime,
      mime_extension: extension,
      hidden: false,
      size: file.content.size,
      starred: false,
      status: file.status,
      labels: [],
      upload_id: file.uploadId,
      parent_file_id: file.parentFileId,
      crc64_hash: file.content.crc64,
      // PROVIDERS.md: content_hash is SHA-1 in uppercase hex, content_hash_name sha1.
      content_hash: file.content.sha1.toUpperCase(),
      content_hash_name: 'sha1',
      category: pdsCategoryOf(extension),
      revision_id: file.revisionId,
      revision_version: 1,
      trashed: false,
      // GetFile: investigation_info is returned only when named in `fields` (specs/aliyun-pds.yaml).
      ...(namesField(fields, 'investigation_info') ? { investigation_info: { status: 0, suggestion: '' } } : {}),
    };
  }

  /** The file a request names: through share_id (any drive; the share decides) or drive_id. */
  function findFile(
    body: { file_id: string; drive_id?: string; share_id?: string },
    principal: PdsPrincipal,
  ): { file: PdsFileRecord } | { answer: Answer } {
    // The ids are safe store keys: the body validator has applied the spec's ResourceId rules.
    const fileId = body.file_id;
    if (body.share_id !== undefined) {
      if (!principal.share) {
        return { answer: pdsError(401, 'AccessTokenInvalid', 'share_id needs the x-share-token header.', true) };
      }
      // The emulator keeps no share records: a share reaches every drive, and drive_id is
      // ignored as PROVIDERS.md says.
      for (const file of env.state.pdsFiles.values()) if (file.fileId === fileId) return { file };
    } else {
      if (!principal.drive) {
        return { answer: pdsError(403, 'ForbiddenNoPermission', 'A share token reaches files through share_id only.') };
      }
      // Without share_id the spec requires drive_id (validated); absent, nothing is found.
      const file = body.drive_id === undefined ? undefined : env.state.pdsFiles.get(key(body.drive_id, fileId));
      if (file) return { file };
    }
    return { answer: pdsError(404, 'NotFound', `The resource file cannot be found. file_id: ${fileId}`) };
  }

  function completeFile(ctx: RequestContext, body: components['schemas']['CompleteFileRequest'], principal: PdsPrincipal): Answer {
    const found = findFile(body, principal);
    if ('answer' in found) return found.answer;
    const { file } = found;
    const stored = upload.completeStored(ctx, file, body);
    if (stored) return stored;
    const uploadId = body.upload_id;
    if (file.uploadId !== uploadId) {
      return pdsError(404, 'NotFound', `The resource upload cannot be found. upload_id: ${uploadId}`);
    }
    if (file.status === 'available') {
      // docs/aliyun-pds-CompleteFile.txt: the uploaded parts are deleted when the upload
      // completes, so the session no longer exists: a second complete is NotFound.
      return pdsError(404, 'NotFound', `The resource upload cannot be found: upload_id ${uploadId} is already complete.`);
    }
    const crc = body.crc64_hash;
    if (typeof crc === 'string' && BigInt(crc) !== BigInt(file.content.crc64)) {
      // The spec names no dedicated code for a CRC mismatch; InvalidParameter is the closest.
      return pdsError(400, 'InvalidParameter', 'The input parameter crc64_hash does not match the uploaded content.');
    }
    file.status = 'available';
    file.updatedAt = ctx.now.toISOString();
    env.commit();
    return { status: 200, body: fileObject(file, undefined) };
  }

  function getFile(body: components['schemas']['GetFileRequest'], principal: PdsPrincipal): Answer {
    const found = findFile(body, principal);
    if ('answer' in found) return found.answer;
    const { file } = found;
    if (file.status !== 'available') {
      // specs/aliyun-pds.yaml GetFile: a file in the uploading state is reported as not existing.
      return pdsError(404, 'NotFound', `The resource file cannot be found. file_id: ${file.fileId}`);
    }
    // The same file answers the same body until the record changes (answer-memo.ts).
    const investigation = namesField(body.fields, 'investigation_info');
    const { body: answer, text } = fileAnswers.get(file, investigation ? 'investigation' : '', [env.credentials['aliyun-pds'].domainId], () =>
      fileObject(file, body.fields),
    );
    return { status: 200, body: answer, text };
  }

  const upload = createPdsUploadHandlers({
    env,
    storage: env.storage,
    origin: (ctx) => ctx.origin,
    fileObject: (file) => fileObject(file, undefined),
  });

  /** Runs `then` on the file the body names, or answers why it cannot be found. */
  function withFile(
    body: { file_id: string; drive_id?: string; share_id?: string },
    principal: PdsPrincipal,
    then: (file: PdsFileRecord) => Answer,
  ): Answer {
    const found = findFile(body, principal);
    return 'answer' in found ? found.answer : then(found.file);
  }

  const handlers: OperationHandlers<OperationId, PdsPrincipal, OperationTypes> = {
    CreateFile: (ctx, { body }, principal) => upload.createFile(ctx, body, principal),
    GetUploadUrl: (ctx, { body }, principal) => withFile(body, principal, (file) => upload.getUploadUrl(ctx, file, body)),
    ListUploadedParts: (ctx, { body }, principal) => withFile(body, principal, (file) => upload.listUploadedParts(ctx, file, body)),
    CompleteFile: (ctx, { body }, principal) => completeFile(ctx, body, principal),
    GetFile: (_ctx, { body }, principal) => getFile(body, principal),
  };

  return {
    id: 'aliyun-pds',
    operations,
    validators,
    securitySchemes,
    requestIdHeader: providers['aliyun-pds'].requestIdHeader,
    errors: {
      invalidId: (name, reason) => pdsError(400, 'InvalidParameter', `The input parameter ${name} is not valid: it ${reason}.`),
      invalidQuery: (reason) => pdsError(400, 'InvalidParameter', `The query string is not valid: ${reason}.`),
      malformedBody: () => pdsError(400, 'InvalidRequestJSONFormat', 'The request body is not valid JSON.'),
      invalidParameters: (issues) => invalid(issues),
      invalidBody: (issues) => invalid(issues),
      // No PDS code for an oversized body is documented; 413 in the PDS error shape.
      tooLarge: (limit) =>
        pdsError(413, 'RequestEntityTooLarge', `The request body is larger than the ${limit}-byte limit.`, true),
      // No documented PDS answer for a wrong method: 405 in the PDS error shape, with Allow.
      wrongMethod: (allowed) => {
        const answer = pdsError(405, 'MethodNotAllowed', `This API accepts ${allowed.join(', ')} only.`, true);
        return { ...answer, headers: { ...answer.headers, allow: allowed.join(', ') } };
      },
      internal: (status) =>
        status === 503
          ? pdsError(503, 'ServiceUnavailable', 'The service is temporarily unavailable.')
          : pdsError(500, 'InternalError', 'Internal server error.'),
      // PDS answers through Alibaba Cloud API Gateway (the x-ca-* headers), whose code for a path
      // and method no API defines is I404NF, HTTP 404 (API Gateway error codes, "What do I do if
      // the I404NF error is reported?"); unverified for PDS, no PDS page shows it.
      notImplemented: (operationId) =>
        pdsError(404, 'I404NF', `API not found: the drivespec emulator does not implement ${operationId}.`, true),
    },
    authenticate,
    handlers,
    reset: () => nonces.clear(),
  };
}
