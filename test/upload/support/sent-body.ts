/**
 * The bytes a storage PUT carried, as an injected fetch receives them: a Uint8Array, a Blob, or
 * (Node, parts of STREAMED_BODY_MIN_BYTES or more: src/platform/request-body.ts) a stream of the
 * part's own buffer with `content-length` set. A one-chunk stream gives that chunk itself, so a
 * test can still tell which buffer was sent (WeakRef counts); a stream whose length is not its
 * `content-length` fails here, as undici would fail the request.
 */
export async function sentBody(init: RequestInit | undefined): Promise<Uint8Array> {
  const body = init?.body;
  if (body === undefined || body === null) return new Uint8Array(0);
  if (body instanceof Uint8Array) return body;
  if (body instanceof Blob) return new Uint8Array(await body.arrayBuffer());
  if (!(body instanceof ReadableStream)) throw new Error(`sentBody: unexpected body ${Object.prototype.toString.call(body)}`);
  if ((init as { duplex?: unknown }).duplex !== 'half') throw new Error('sentBody: a stream body without duplex: "half" (fetch refuses it)');
  const chunks: Uint8Array[] = [];
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  const bytes = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  const declared = new Headers(init?.headers).get('content-length');
  if (declared !== String(bytes.byteLength)) throw new Error(`sentBody: content-length ${String(declared)} for a stream of ${bytes.byteLength} bytes`);
  return bytes;
}
