/**
 * What a recorded request's credentials must look like, per security scheme: presence and shape
 * only. A recording cannot be re-verified (the secret behind a signature is not in it, and it
 * must not be), and the values are never quoted: a failure names the header or parameter and
 * the documented form.
 */
import type { ProviderId } from '../../core/provider.js';

export interface CredentialShape {
  readonly pattern: RegExp;
  /** The documented form, for the failure message. */
  readonly form: string;
  /** Headers that travel with it (a signature's date), each with its own shape. */
  readonly with?: readonly { readonly header: string; readonly pattern: RegExp; readonly form: string }[];
}

const BEARER: CredentialShape = { pattern: /^Bearer +\S+$/i, form: '`Bearer <token>`' };
const COMPACT_DATE = /^\d{8}T\d{6}Z$/;

/** Schemes not listed: present and not empty. */
export const credentialShapes: Readonly<Record<ProviderId, Readonly<Record<string, CredentialShape>>>> = {
  // specs/aliyun-pds.yaml components.securitySchemes (accessToken, accessKey).
  'aliyun-pds': {
    accessToken: BEARER,
    accessKey: {
      // `acs` (signature v1) or ACS4-HMAC-SHA256 (v4, as src/signing/aliyun-acs4/authorization.ts writes and reads it).
      pattern:
        /^(?:acs [^\s:]+:[A-Za-z0-9+/]+={0,2}|ACS4-HMAC-SHA256 Credential=[!-.0-~]+\/\d{8}\/[a-z0-9._-]+\/pds\/aliyun_v4_request,SignedHeaders=x-acs-[a-z0-9-]+(?:;x-acs-[a-z0-9-]+)*,Signature=[0-9a-f]{64})$/,
      form: '`acs <AccessKeyId>:<Signature>` or `ACS4-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=<hex>`',
      with: [
        { header: 'date', pattern: /\S/, form: 'an RFC 1123 date' },
        { header: 'x-acs-signature-nonce', pattern: /\S/, form: 'a nonce' },
      ],
    },
  },
  // specs/huawei-metastudio.yaml akSk: `SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names>, Signature=<hex>` with X-Sdk-Date.
  'huawei-metastudio': {
    akSk: {
      // X-Sdk-Date "must be one of the signed headers" (the scheme's description).
      pattern: /^SDK-HMAC-SHA256 +Access=[^\s,]+, *SignedHeaders=(?:[a-z0-9_-]+;)*x-sdk-date(?:;[a-z0-9_-]+)*, *Signature=[0-9a-f]{64}$/,
      form: '`SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<names, x-sdk-date among them>, Signature=<hex>`',
      with: [{ header: 'x-sdk-date', pattern: COMPACT_DATE, form: '`YYYYMMDDTHHMMSSZ`' }],
    },
  },
  'tencent-smh': {},
  // specs/huawei-koodrive.yaml: `Bearer+{access_token}` in the docs (the `+` may be literal, PROVIDERS.md), X-Date compact UTC.
  'huawei-koodrive': {
    bearer: { pattern: /^Bearer[ +]\S+$/, form: '`Bearer <access_token>`' },
    date: { pattern: COMPACT_DATE, form: '`YYYYMMDDTHHMMSSZ`' },
  },
};
