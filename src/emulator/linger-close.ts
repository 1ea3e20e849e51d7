/**
 * Closing a connection whose request body was left unread (too large, over the budget, a
 * timeout) so the client can still read the answer. Destroying the socket while the client's body
 * bytes sit unread in the receive buffer makes the kernel send a TCP reset, and a reset discards
 * whatever the client had not read yet, the answer included: the client sees `ECONNRESET`
 * (`fetch failed`) instead of the 413. So, as Apache's and nginx's lingering close do: half-close
 * (FIN after the answer), keep reading and discarding what the client still sends, and destroy
 * only when the client closes its side, or after a bounded time or number of bytes.
 */
import type { Socket } from 'node:net';

export interface LingerLimits {
  /** Bytes read and discarded at most before the socket is destroyed. */
  maxBytes: number;
  /** Time the socket lingers at most. */
  maxMs: number;
}

/**
 * 64 MiB: a client sending a body 64 times the default limit still reads its 413 (draining
 * costs no memory, only reading). 5 s: enough for a client on a busy machine to read the answer,
 * short enough that lingering sockets do not pile up (they count against `maxConnections`).
 */
export const DEFAULT_LINGER: LingerLimits = { maxBytes: 64 * 1024 * 1024, maxMs: 5_000 };

/** Ends the socket (the answer already written is flushed first) and lingers as described above. */
export function lingerClose(socket: Socket, limits: LingerLimits = DEFAULT_LINGER): void {
  if (socket.destroyed) return;
  let drained = 0;
  // A destroyed socket emits no more data: no listener to remove.
  const stop = (): void => {
    clearTimeout(timer);
    socket.destroy();
  };
  const onData = (chunk: Buffer): void => {
    drained += chunk.length;
    if (drained > limits.maxBytes) stop();
  };
  const timer = setTimeout(stop, limits.maxMs);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.on('data', onData);
  socket.end();
  socket.resume();
}
