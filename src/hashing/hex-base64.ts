/**
 * Hex and Base64 for digests, without Node's `Buffer` (the universal build has none): the
 * providers' hash fields are lowercase/uppercase hex (SHA-1, SHA-256, MD5) or Base64 of the raw
 * digest (MetaStudio `file_md5`, the OBS `Content-MD5`, RFC 1864).
 */
import { InputError } from '../core/errors.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `bytes`. */
export function bytesToHex(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

/** The bytes of an even-length hex string (either case); anything else is an InputError. */
export function hexToBytes(hex: string): Uint8Array<ArrayBuffer> {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) throw new InputError(`not a hex string: ${JSON.stringify(hex.slice(0, 80))}`);
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Standard Base64 (RFC 4648 section 4, with padding) of `bytes`. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // In slices: String.fromCharCode with a huge argument list overflows the stack.
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/**
 * The bytes of standard Base64 (padding optional, no whitespace); anything else is an InputError
 * (Node's `Buffer.from(text, 'base64')` skipped invalid characters silently).
 */
export function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const refuse = () => new InputError(`not Base64: ${JSON.stringify(text.slice(0, 80))}`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw refuse();
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw refuse();
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
