/**
 * The flows' fetch: the harness's own fetch, counting the request-body bytes that reach the
 * emulator's storage routes, so an instant upload that quietly sent the file anyway fails.
 */
export const STORAGE_PREFIX = '/__drivespec/storage/';

export interface CountingFetch {
  fetch: typeof fetch;
  storageBytesSent(): number;
}

export function countingFetch(inner: typeof fetch): CountingFetch {
  let sent = 0;
  const counted: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    if (!new URL(request.url).pathname.startsWith(STORAGE_PREFIX) || request.body === null) return inner(request);
    // Flows send small contents: reading the body once to count it costs little, and what is
    // sent is then exactly what was counted.
    const body = new Uint8Array(await request.arrayBuffer());
    sent += body.byteLength;
    return inner(new Request(request, { body }));
  };
  return { fetch: counted, storageBytesSent: () => sent };
}
