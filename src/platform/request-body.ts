/**
 * A part's bytes as fetch should get them on Node: uncopied. undici's fetch copies a Uint8Array
 * body before sending it (extractBody: `new Uint8Array(buffer.slice(...))`, undici 6.24 in Node
 * 20.20), so each 8 MiB part PUT allocated another 8 MiB, left to a garbage collector that frees
 * external memory late: 4 parts in flight of a 1 GiB upload grew the process by 130-150 MiB where
 * the parts themselves are 32 MiB (bench/upload.ts). A stream body is not copied: its one chunk is
 * the part's own buffer, written to the socket as it is, and `Content-Length` (which undici sends
 * as given for a stream) keeps the request a plain one, not chunked: presigned storage PUTs (OSS,
 * OBS, COS) want the length.
 *
 * Small bodies stay bytes (a copy of a few KiB costs nothing, and bytes can be replayed by the
 * transport). The universal twin (request-body.web.ts) always keeps bytes: browsers stream a
 * request body only over HTTP/2 and never let a page set Content-Length.
 */

/** From this size on a body is handed to fetch as a stream (a copy below it is cheap). */
export const STREAMED_BODY_MIN_BYTES = 256 * 1024;

/**
 * `bytes`, or a one-chunk stream of the same buffer with `content-length` set in `headers`. The
 * buffer must not change until the request is answered (fetch reads it while sending).
 */
export function uncopiedBody(bytes: Uint8Array, headers: Headers): Uint8Array | ReadableStream<Uint8Array> {
  if (bytes.byteLength < STREAMED_BODY_MIN_BYTES) return bytes;
  headers.set('content-length', String(bytes.byteLength));
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
