/**
 * Test support for SMH's whole upload against the emulator: the byte PUT to the COS target an
 * upload start answered (`https://{domain}{path}`, here plain HTTP on the emulator's origin, with
 * exactly the returned headers), and the 2.5 MiB pattern of the fact sheet with its digests
 * computed by Python, not by drivespec.
 */
import type { components } from '../../../src/clients/tencent-smh.js';

export type UploadInfo = components['schemas']['UploadInfo'];

/**
 * `bytes(range(256)) * 10240` (docs/upload/tencent-smh-upload.md §7). Digests by Python 3:
 * hashlib.md5, test/hashing/vectors/crc64_bitwise.py's `crc64_xz`, and the SDK loop for the SMH
 * hashes (the fact sheet's VERIFIED-LOCAL vectors).
 */
export const PATTERN = {
  bytes: (): Uint8Array => {
    const out = new Uint8Array(2_621_440);
    for (let i = 0; i < out.length; i++) out[i] = i & 0xff;
    return out;
  },
  size: 2_621_440,
  crc64: '13793287722876168930',
  md5: '6e7cc9c38d17742b0dca4b8f8932ec0f',
  beginningHash: 'fbbab289f7f94b25736c58be46a994c441fd02552cc6022352e3d86d2fab7c83',
  fullHash: '92389183bfa175b31cffad45018aa7e19b8bae611a76b2f59ee31c0e08f08139',
};

/** `Hello World!` (12 bytes): Python crc64_xz and hashlib; both SMH hashes are its plain SHA-256 (§7). */
export const HELLO = {
  text: 'Hello World!',
  crc64: '8431954862038216674',
  md5: 'ed076287532e86365e841e92bfc50d8c',
  sha256: '7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069',
};

export const MiB = 1 << 20;

/** PUTs bytes to the COS target of `info` (a part when `partNumber` is given), with exactly its headers. */
export function putToCos(
  info: Pick<UploadInfo, 'domain' | 'path' | 'headers' | 'uploadId'>,
  body: Uint8Array,
  partNumber?: number,
  extraHeaders: Record<string, string> = {},
): Promise<Response> {
  const path = info.path.startsWith('/') ? info.path : `/${info.path}`;
  const query = partNumber === undefined ? '' : `?uploadId=${encodeURIComponent(String(info.uploadId))}&partNumber=${partNumber}`;
  const headers = Object.fromEntries(Object.entries(info.headers).map(([k, v]) => [k, String(v)]));
  return fetch(`http://${info.domain}${path}${query}`, { method: 'PUT', headers: { ...headers, ...extraHeaders }, body: body as Uint8Array<ArrayBuffer> });
}

/** The COS error code of a storage answer (`<Error><Code>…</Code>`). */
export async function cosCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]*)<\/Code>/.exec(await response.text())?.[1];
}
