import { bytesToHex } from '../hashing/hex-base64.js';

/**
 * The version-4 UUID text (RFC 9562 §5.4) of 16 random bytes: version nibble 4, variant bits
 * 10. The universal crypto twin's fallback where `crypto.randomUUID` is missing (browsers
 * outside a secure context) but `crypto.getRandomValues` is not.
 */
export function uuidV4(random: Uint8Array): string {
  const b = new Uint8Array(random.subarray(0, 16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = bytesToHex(b);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
