/**
 * A HAR file from disk, bounded: its size is checked before a byte is read (and again on the
 * bytes read, for a file that grows meanwhile or is no regular file), so a 10 GB export is
 * refused at once instead of filling memory.
 */
import { open } from 'node:fs/promises';
import { InputError } from '../../core/errors.js';
import { decodeHarBytes, parseHar, type HarExchange, type ParseHarOptions } from './parse-har.js';

/** 256 MiB: a browser's export of a long session with bodies stays well below. */
export const DEFAULT_MAX_HAR_BYTES = 256 * 1024 * 1024;

export interface ReadHarOptions extends ParseHarOptions {
  maxBytes?: number;
}

export async function readHarFile(path: string, options: ReadHarOptions = {}): Promise<HarExchange[]> {
  const max = options.maxBytes ?? DEFAULT_MAX_HAR_BYTES;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot open the HAR file${codeOf(error)}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw new InputError('the HAR file is not a regular file');
    if (stat.size > max) throw new InputError(`the HAR file is ${stat.size} bytes, more than the limit of ${max}`);
    // One byte more than the limit: a file that grew since the stat is caught, not cut.
    const buffer = new Uint8Array(Math.min(stat.size, max) + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, null);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > max) throw new InputError(`the HAR file is more than the limit of ${max} bytes`);
      if (length === buffer.length) break;
    }
    if (length > stat.size) throw new InputError('the HAR file grew while it was read');
    return parseHar(decodeHarBytes(buffer.subarray(0, length)), options);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the HAR file${codeOf(error)}`);
  } finally {
    await handle.close();
  }
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? ` (${code})` : '';
}
