/**
 * The universal twin of offload.ts: no worker threads here (a Web Worker needs a script URL the
 * bundle does not have), so no offload starts and hashSource computes the CRC-64 inline.
 */
import type { Crc64Offload, Crc64OffloadOptions } from '../hashing/crc64-offload.js';
import type { Crc64State } from '../hashing/crc64-js.js';

export type { Crc64Offload, Crc64OffloadOptions } from '../hashing/crc64-offload.js';

/** Always undefined: the caller computes the CRC on its own thread. */
export function startCrc64Offload(_initial: Crc64State, _options: Crc64OffloadOptions): Crc64Offload | undefined {
  return undefined;
}
