/**
 * `PUT /__drivespec/storage/<flavor>/<key>[?partNumber=n&…signature]`: one part (or the whole
 * object) streamed to disk, never buffered. Everything that can be judged from the request line
 * and headers is judged before a byte of the body is read, in the order a storage service does:
 * signature and expiry, the upload, the part number, the signed headers, Content-MD5's form,
 * Content-Length against the limits. Then the body goes to a temp file while its MD5 and CRC-64
 * are computed; a client that goes away leaves no part and no temp file; a Content-MD5 that does
 * not match removes only the new bytes (an earlier version of the part stays). Only then is the
 * part renamed into place, and a part that extends the contiguous prefix is answered once the
 * ordered pass has hashed it.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { Crc64 } from '../../hashing/crc64.js';
import { headerValue } from '../providers/provider.js';
import { parseQuery } from '../query.js';
import type { DiskUploadStore, StorageUpload } from './disk-upload-store.js';
import { removeQuietly } from './part-files.js';
import { storageError, storageSuccess, type StorageAnswer, type StorageErrorCode } from './storage-answers.js';
import { STORAGE_PREFIX, storagePath, verifyStorageRequest } from './url-signing.js';
import { storageFlavors, type StorageFlavor } from './upload-store.js';

/** What the server does with the request: answer it, or drop the connection (the client went away). */
export type StorageOutcome = { kind: 'answer'; answer: StorageAnswer; provider?: StorageUpload['provider'] } | { kind: 'gone' };

const PATH = /^\/__drivespec\/storage\/([a-z0-9]+)\/([A-Za-z0-9_-]{16,64})$/;

export function isStoragePath(path: string): boolean {
  return path.startsWith(STORAGE_PREFIX);
}

/** The flavor named by a storage path, or undefined when the path names none (a neutral 404). */
export function storageFlavorOf(path: string): StorageFlavor | undefined {
  const flavor = PATH.exec(path)?.[1];
  return storageFlavors.includes(flavor as StorageFlavor) ? (flavor as StorageFlavor) : undefined;
}

export async function handleStoragePut(
  store: DiskUploadStore,
  req: IncomingMessage,
  path: string,
  rawQuery: string,
  requestId: string,
): Promise<StorageOutcome> {
  const match = PATH.exec(path)!;
  const flavor = match[1] as StorageFlavor;
  const key = match[2]!;
  const resource = storagePath(flavor, key);
  /** An answer given before the body is read: the connection closes after it (the body is drained, lingerClose). */
  const refuse = (status: number, code: StorageErrorCode, message: string, provider?: StorageUpload['provider']): StorageOutcome => ({
    kind: 'answer',
    answer: { ...storageError(flavor, status, code, message, requestId, resource), close: true },
    ...(provider ? { provider } : {}),
  });
  const method = req.method ?? '';
  if (method !== 'PUT') {
    const answer = refuse(405, 'MethodNotAllowed', 'The specified method is not allowed against this resource.');
    if (answer.kind === 'answer') answer.answer.headers.allow = 'PUT';
    return answer;
  }
  const now = store.now();
  const query = parseQuery(rawQuery);
  if (!query.ok) return refuse(400, 'InvalidArgument', 'The query string is not valid percent-encoding.');
  const signature = verifyStorageRequest(store.secret, flavor, method, path, query.values, headerValue(req.headers, 'authorization'), now);
  if (!signature.ok) return refuse(signature.status, signature.code, signature.message);

  const upload = store.lookup(key);
  if (!upload || upload.sealed || upload.flavor !== flavor) {
    return refuse(404, 'NoSuchUpload', 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.');
  }
  const provider = upload.provider;
  if (now.getTime() >= upload.expiresAt.getTime()) return refuse(403, 'AccessDenied', 'Request has expired', provider);

  const partNumberText = signature.query.partNumber;
  let partNumber = 1;
  if (upload.mode === 'single') {
    if (partNumberText !== undefined) return refuse(400, 'InvalidArgument', 'This upload is a single PUT of the whole object: it takes no partNumber.', provider);
  } else {
    const max = store.limits.maxPartsPerUpload;
    if (partNumberText === undefined || !/^[1-9][0-9]{0,9}$/.test(partNumberText) || Number(partNumberText) > max) {
      return refuse(400, 'InvalidArgument', `Part number must be an integer between 1 and ${max}, inclusive.`, provider);
    }
    partNumber = Number(partNumberText);
  }

  // The headers the URL (or SMH's headers) were signed with: anything else is another signature.
  // A required empty value also accepts the header's absence: OSS signs a missing Content-Type as
  // the empty string (PDS's URLs are signed with an empty one, aliyun-pds-upload.md §3).
  for (const [name, value] of Object.entries(upload.requiredHeaders)) {
    if ((headerValue(req.headers, name) ?? (value === '' ? '' : undefined)) !== value) {
      return refuse(403, 'SignatureDoesNotMatch', `The request signature we calculated does not match: the ${name} header must be the one the upload was signed with.`, provider);
    }
  }
  const contentMd5 = headerValue(req.headers, 'content-md5');
  let expectedMd5: string | undefined;
  if (contentMd5 !== undefined) {
    const raw = /^[A-Za-z0-9+/]{22}==$/.test(contentMd5) ? Buffer.from(contentMd5, 'base64') : undefined;
    if (!raw || raw.length !== 16) return refuse(400, 'InvalidDigest', 'The Content-MD5 you specified is not valid.', provider);
    expectedMd5 = raw.toString('hex');
  } else if (upload.requireContentMd5) {
    // OBS signs Content-MD5 into the URL's signature (MetaStudio's upload_url): without it the signature differs.
    return refuse(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match: this upload requires the Content-MD5 header.', provider);
  }

  const lengthText = req.headers['content-length'];
  if (lengthText === undefined || req.headers['transfer-encoding'] !== undefined) {
    return refuse(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.', provider);
  }
  const length = Number(lengthText);
  if (!/^[0-9]+$/.test(lengthText) || !Number.isSafeInteger(length)) return refuse(400, 'InvalidArgument', 'The Content-Length is not valid.', provider);
  const { maxPartBytes, maxTotalBytes } = store.limits;
  if (length > maxPartBytes) {
    return refuse(400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size (${maxPartBytes} bytes per PUT).`, provider);
  }
  if (upload.declaredSize !== undefined && store.otherPartsBytes(upload, partNumber) + length > upload.declaredSize) {
    return refuse(400, 'EntityTooLarge', `Your proposed upload exceeds the declared size of the object (${upload.declaredSize} bytes).`, provider);
  }
  if (!store.reserve(length)) {
    return refuse(400, 'EntityTooLarge', `Your proposed upload exceeds the emulator's storage limit (${maxTotalBytes} bytes stored at once).`, provider);
  }

  let temp: string | undefined;
  try {
    if (upload.gone) return refuse(404, 'NoSuchUpload', 'The specified upload does not exist.', provider);
    temp = store.files.tempFile(key, partNumber);
    const received = await receivePart(req, temp, length);
    if (!received.ok) {
      temp = undefined; // receivePart removed it
      if (received.reason === 'aborted') return { kind: 'gone' };
      return refuse(500, 'InternalError', 'We encountered an internal error. Please try again.', provider);
    }
    const answer = (status: number, code: StorageErrorCode, message: string): StorageOutcome => ({
      kind: 'answer',
      answer: storageError(flavor, status, code, message, requestId, resource),
      provider,
    });
    if (expectedMd5 !== undefined && expectedMd5 !== received.md5) {
      return answer(400, 'BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
    // What may have changed while the body arrived: the upload discarded or sealed, other parts stored.
    if (upload.gone || upload.sealed) return answer(404, 'NoSuchUpload', 'The specified upload does not exist.');
    if (upload.declaredSize !== undefined && store.otherPartsBytes(upload, partNumber) + received.size > upload.declaredSize) {
      return answer(400, 'EntityTooLarge', `Your proposed upload exceeds the declared size of the object (${upload.declaredSize} bytes).`);
    }
    store.storePart(upload, temp, {
      partNumber,
      size: received.size,
      md5: received.md5,
      crc64: received.crc64,
      etag: `"${received.md5}"`,
      lastModified: store.now().toISOString(),
      query: { ...signature.query },
    });
    temp = undefined;
    const end = store.contiguousEnd(upload);
    if (partNumber <= end) {
      try {
        await upload.pass.waitFor(end);
      } catch {
        return answer(500, 'InternalError', 'We encountered an internal error while hashing the stored parts. Please try again.');
      }
    }
    return { kind: 'answer', answer: storageSuccess(flavor, requestId, received.md5, received.crc64), provider };
  } finally {
    store.unreserve(length);
    if (temp !== undefined) removeQuietly(temp);
  }
}

type Received = { ok: true; size: number; md5: string; crc64: string } | { ok: false; reason: 'aborted' | 'io' };

/** Streams the body into `file` (created, never overwritten) with backpressure; on failure the file is removed. */
function receivePart(req: IncomingMessage, file: string, expected: number): Promise<Received> {
  return new Promise((resolve) => {
    const md5 = createHash('md5');
    const crc = new Crc64();
    let size = 0;
    let ended = false;
    let settled = false;
    const out = createWriteStream(file, { flags: 'wx', mode: 0o600 });
    const settle = (result: Received): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onAbort);
      if (!result.ok) {
        req.pause();
        // Removed once the stream has closed: an open still in progress would create the file again.
        if (out.closed) removeQuietly(file);
        else {
          out.once('close', () => removeQuietly(file));
          out.destroy();
        }
      }
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > expected) return settle({ ok: false, reason: 'aborted' });
      md5.update(chunk);
      crc.update(chunk);
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => {
          if (!settled) req.resume();
        });
      }
    };
    const onEnd = (): void => {
      ended = true;
      out.end(() => {
        if (size !== expected) settle({ ok: false, reason: 'aborted' });
        else settle({ ok: true, size, md5: md5.digest('hex'), crc64: crc.digest() });
      });
    };
    // `close` before `end`: the connection went away mid-body.
    const onClose = (): void => {
      if (!ended) settle({ ok: false, reason: 'aborted' });
    };
    const onAbort = (): void => settle({ ok: false, reason: 'aborted' });
    out.on('error', () => settle({ ok: false, reason: 'io' }));
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onAbort);
  });
}
