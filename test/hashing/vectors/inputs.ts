/**
 * Inputs of the known-answer vectors, described as data so any implementation (TS, Python) can
 * rebuild the same bytes.
 */
export type VectorInput =
  | { ascii: string }
  | { hex: string }
  | { fill: number; length: number }
  /** Bytes of a 31-bit LCG: x = (x * 1103515245 + 12345) mod 2^31, byte = (x >> 16) & 0xff. */
  | { lcg: number; length: number };

export function vectorBytes(input: VectorInput): Uint8Array {
  if ('ascii' in input) return new TextEncoder().encode(input.ascii);
  if ('hex' in input) return Uint8Array.from(Buffer.from(input.hex, 'hex'));
  if ('fill' in input) return new Uint8Array(input.length).fill(input.fill);
  const out = new Uint8Array(input.length);
  let x = input.lcg >>> 0;
  for (let i = 0; i < out.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff; // the low 31 bits of the product are exact
    out[i] = (x >>> 16) & 0xff;
  }
  return out;
}

export function describeInput(input: VectorInput): string {
  if ('ascii' in input) return `ascii ${JSON.stringify(input.ascii.length > 20 ? `${input.ascii.slice(0, 20)}…` : input.ascii)}`;
  if ('hex' in input) return `hex ${input.hex.slice(0, 16)}${input.hex.length > 16 ? '…' : ''}`;
  if ('fill' in input) return `${input.length} x 0x${input.fill.toString(16)}`;
  return `lcg(${input.lcg}) x ${input.length}`;
}
