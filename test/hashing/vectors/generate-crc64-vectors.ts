/**
 * Writes crc64-vectors.json: CRC-64/XZ of each input as computed by the `crc64-ecma182.js` package
 * (Emscripten build of a C implementation, independent of drivespec's), fed in 1 MiB pieces because
 * it fails on single buffers above ~11 MiB. `crc64_bitwise.py` recomputes every vector with a
 * bit-at-a-time Python implementation of the PROVIDERS.md parameters.
 *
 *   npx tsx test/hashing/vectors/generate-crc64-vectors.ts
 *   python3 test/hashing/vectors/crc64_bitwise.py   # prints "N vectors agree"
 */
import { writeFileSync } from 'node:fs';
import { crc64 } from 'crc64-ecma182.js';
import { vectorBytes, type VectorInput } from './inputs.js';

const lengths = [
  1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 255, 256, 257, 1023, 1024, 1025,
  2047, 2048, 2049, 4095, 4096, 4097, 65535, 65536, 65537, 262143, 262144, 262145, 1048589, 3145733,
];

const inputs: VectorInput[] = [
  { ascii: '' },
  { ascii: 'a' },
  { ascii: 'abc' },
  { ascii: '123456' },
  { ascii: 'The quick brown fox jumps over the lazy dog' },
  { hex: '00' },
  { hex: 'ff' },
  { hex: 'ffffffffffffffff' },
  { fill: 0, length: 1 << 20 },
  { fill: 0xff, length: 4099 },
  ...lengths.map((length) => ({ lcg: length, length })),
];

function ecma(bytes: Uint8Array): string {
  let crc = '0';
  for (let i = 0; i < bytes.length; i += 1 << 20) crc = crc64(Buffer.from(bytes.subarray(i, i + (1 << 20))), crc);
  return crc;
}

const file = {
  source:
    'crc64-ecma182.js 2.0.2 (npm; Emscripten build of a C CRC-64/XZ, fed 1 MiB at a time) via ' +
    'test/hashing/vectors/generate-crc64-vectors.ts; every value re-checked by the bit-at-a-time ' +
    'Python implementation test/hashing/vectors/crc64_bitwise.py. Inputs are described in inputs.ts.',
  vectors: inputs.map((input) => ({ input, crc64: ecma(vectorBytes(input)) })),
};
writeFileSync(new URL('./crc64-vectors.json', import.meta.url), `${JSON.stringify(file, null, 2)}\n`);
process.stdout.write(`${file.vectors.length} vectors\n`);
