/**
 * src/platform/request-body.ts: on Node a large body goes to fetch as a one-chunk stream of the
 * same buffer (no copy) with its Content-Length; a small one, and every body in the universal
 * twin, stays bytes.
 */
import { describe, expect, it } from 'vitest';
import { STREAMED_BODY_MIN_BYTES, uncopiedBody } from '../../src/platform/request-body.js';
import * as web from '../../src/platform/request-body.web.js';

async function chunksOf(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

describe('uncopiedBody', () => {
  it('streams the buffer itself from STREAMED_BODY_MIN_BYTES on, with its content-length', async () => {
    for (const size of [STREAMED_BODY_MIN_BYTES, 8 * 1024 * 1024 + 3]) {
      const bytes = new Uint8Array(size).fill(9);
      const headers = new Headers({ 'content-length': '1', 'x-other': 'kept' });
      const body = uncopiedBody(bytes, headers);
      expect(body).toBeInstanceOf(ReadableStream);
      expect(headers.get('content-length')).toBe(String(size));
      expect(headers.get('x-other')).toBe('kept');
      const chunks = await chunksOf(body as ReadableStream<Uint8Array>);
      expect(chunks).toHaveLength(1);
      // The same object: nothing was copied.
      expect(chunks[0]).toBe(bytes);
    }
  });

  it('keeps a smaller body as bytes and leaves the headers alone', () => {
    for (const size of [0, 1, STREAMED_BODY_MIN_BYTES - 1]) {
      const bytes = new Uint8Array(size);
      const headers = new Headers();
      expect(uncopiedBody(bytes, headers)).toBe(bytes);
      expect(headers.has('content-length')).toBe(false);
    }
  });

  it('the universal twin never streams (browsers stream bodies only over HTTP/2, without Content-Length)', () => {
    const bytes = new Uint8Array(16 * 1024 * 1024);
    const headers = new Headers();
    expect(web.uncopiedBody(bytes, headers)).toBe(bytes);
    expect(headers.has('content-length')).toBe(false);
    expect(web.STREAMED_BODY_MIN_BYTES).toBe(Infinity);
  });
});
