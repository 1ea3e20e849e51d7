import { InputError } from '../core/errors.js';

/** Bytes accepted by the hashers: a Uint8Array (Buffer included), any other view, or an ArrayBuffer. */
export type BinaryChunk = Uint8Array | ArrayBufferView | ArrayBuffer;

/** A Uint8Array over the same memory (no copy). Strings are refused: their bytes depend on an encoding. */
export function toBytes(chunk: BinaryChunk, what = 'chunk'): Uint8Array {
  if (chunk instanceof Uint8Array) return chunk;
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  if (chunk instanceof ArrayBuffer || isSharedArrayBuffer(chunk)) return new Uint8Array(chunk);
  throw new InputError(
    `${what} must be a Uint8Array, ArrayBuffer or ArrayBufferView, got ${
      typeof chunk === 'string' ? 'a string (encode it first)' : describeType(chunk)
    }`,
  );
}

function isSharedArrayBuffer(value: unknown): value is SharedArrayBuffer {
  return typeof SharedArrayBuffer !== 'undefined' && value instanceof SharedArrayBuffer;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return value.constructor?.name ?? 'object';
  return typeof value;
}
