/**
 * The universal twin of request-body.ts: a body is always handed to fetch as bytes. Browsers
 * send a stream body only over HTTP/2 (with `duplex: 'half'`) and never let a page set
 * Content-Length, which presigned storage PUTs need.
 */

export const STREAMED_BODY_MIN_BYTES = Infinity;

export function uncopiedBody(bytes: Uint8Array, _headers: Headers): Uint8Array | ReadableStream<Uint8Array> {
  return bytes;
}
