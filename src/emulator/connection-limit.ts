/**
 * Open connections, counted by the emulator itself (not `server.maxConnections`, which drops a
 * socket without a word): a connection accepted while `max` are open is still read up to its
 * request headers, so it can be refused in the shape of the provider its path belongs to (the
 * "service busy" answer, then closed). Beyond twice `max` a socket is dropped at once, unread:
 * that bounds what sockets that never send a byte can cost (each lives at most the headers
 * timeout, and holds at most the 16 KiB of headers Node's parser accepts).
 */
import type { Socket } from 'node:net';

export type Admission = 'admitted' | 'over-limit' | 'dropped';

export class ConnectionLimit {
  readonly #open = new Set<Socket>();
  readonly #overLimit = new WeakSet<Socket>();

  constructor(readonly max: number) {}

  /** Sockets open now (admitted and over the limit). */
  get open(): number {
    return this.#open.size;
  }

  /** Call once per accepted socket; a `dropped` socket is destroyed here. */
  accept(socket: Socket): Admission {
    if (this.#open.size >= 2 * this.max) {
      socket.destroy();
      return 'dropped';
    }
    const admission: Admission = this.#open.size >= this.max ? 'over-limit' : 'admitted';
    if (admission === 'over-limit') this.#overLimit.add(socket);
    this.#open.add(socket);
    socket.once('close', () => this.#open.delete(socket));
    return admission;
  }

  /** Whether the socket was accepted beyond `max` (its request gets the busy answer). */
  isOverLimit(socket: Socket): boolean {
    return this.#overLimit.has(socket);
  }

  /** Destroys every open socket (the emulator is closing). */
  destroyAll(): void {
    for (const socket of this.#open) socket.destroy();
  }
}
