/**
 * What the storage routes answer, in each storage service's shape: errors as the XML body all four
 * share (`<Error><Code/><Message/><RequestId/>…</Error>`: OSS
 * https://www.alibabacloud.com/help/en/oss/support/http-status-code, OBS
 * https://support.huaweicloud.com/api-obs/obs_04_0115.html, COS
 * https://www.tencentcloud.com/document/product/436/7730, S3
 * https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html), the request id in the
 * service's own header, and on success the ETag (quoted hex MD5) plus the CRC-64 header OSS and COS
 * send (`x-oss-hash-crc64ecma`, `x-cos-hash-crc64ecma`; PDS's C++ SDK and SMH's iOS SDK read them).
 */
import type { StorageFlavor } from './upload-store.js';

export const storageRequestIdHeader: Readonly<Record<StorageFlavor, string>> = {
  oss: 'x-oss-request-id',
  obs: 'x-obs-request-id',
  cos: 'x-cos-request-id',
  s3: 'x-amz-request-id',
};

const crc64Header: Readonly<Record<StorageFlavor, string | undefined>> = {
  oss: 'x-oss-hash-crc64ecma',
  obs: undefined,
  cos: 'x-cos-hash-crc64ecma',
  s3: undefined,
};

export type StorageErrorCode =
  | 'AccessDenied'
  /** A CORS request no bucket rule allows (src/emulator/cors.ts). */
  | 'AccessForbidden'
  | 'SignatureDoesNotMatch'
  | 'NoSuchUpload'
  | 'BadDigest'
  | 'InvalidDigest'
  | 'EntityTooLarge'
  | 'InvalidArgument'
  | 'MissingContentLength'
  | 'MethodNotAllowed'
  | 'ServiceUnavailable'
  | 'InternalError';

export interface StorageAnswer {
  status: number;
  headers: Record<string, string>;
  /** XML for errors, empty on success. */
  body: string;
  /** The answer leaves the request body unread: close the connection after it (lingering). */
  close?: boolean;
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * An error answer. A Content-MD5 that does not match the bytes is `BadDigest` everywhere but OSS,
 * which calls it `InvalidDigest` (OSS PutObject / UploadPart error tables).
 */
export function storageError(
  flavor: StorageFlavor,
  status: number,
  code: StorageErrorCode,
  message: string,
  requestId: string,
  resource: string,
): StorageAnswer {
  const shown = flavor === 'oss' && code === 'BadDigest' ? 'InvalidDigest' : code;
  const body =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${shown}</Code><Message>${xmlEscape(message)}</Message>` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>${requestId}</RequestId><HostId>drivespec-emulator</HostId></Error>`;
  return { status, headers: { [storageRequestIdHeader[flavor]]: requestId, 'content-type': 'application/xml' }, body };
}

export function storageSuccess(flavor: StorageFlavor, requestId: string, md5: string, crc64: string): StorageAnswer {
  const headers: Record<string, string> = { [storageRequestIdHeader[flavor]]: requestId, etag: `"${md5}"` };
  const crcName = crc64Header[flavor];
  if (crcName) headers[crcName] = crc64;
  return { status: 200, headers, body: '' };
}
