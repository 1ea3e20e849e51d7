/** The emulator's own connection count: admitted up to `max`, answered busy up to twice it, dropped beyond. */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectionLimit } from '../../src/emulator/connection-limit.js';

/** What ConnectionLimit uses of a socket: `destroy` and the `close` event. */
function fakeSocket(): Socket & { destroyed: boolean; close(): void } {
  const socket = new EventEmitter() as unknown as Socket & { destroyed: boolean; close(): void };
  socket.destroyed = false;
  socket.destroy = () => {
    socket.destroyed = true;
    return socket;
  };
  socket.close = () => socket.emit('close');
  return socket;
}

describe('ConnectionLimit', () => {
  it('admits up to max, marks the next max as over the limit, drops the rest', () => {
    const limit = new ConnectionLimit(2);
    const sockets = Array.from({ length: 5 }, fakeSocket);
    expect(sockets.map((s) => limit.accept(s))).toEqual(['admitted', 'admitted', 'over-limit', 'over-limit', 'dropped']);
    expect(sockets.map((s) => limit.isOverLimit(s))).toEqual([false, false, true, true, false]);
    expect(sockets.map((s) => s.destroyed)).toEqual([false, false, false, false, true]);
    expect(limit.open).toBe(4);
    expect(limit.max).toBe(2);
  });

  it('a closed socket no longer counts', () => {
    const limit = new ConnectionLimit(1);
    const a = fakeSocket();
    const b = fakeSocket();
    expect(limit.accept(a)).toBe('admitted');
    expect(limit.accept(b)).toBe('over-limit');
    a.close();
    b.close();
    expect(limit.open).toBe(0);
    const c = fakeSocket();
    expect(limit.accept(c)).toBe('admitted');
    expect(limit.isOverLimit(c)).toBe(false);
    // A second close of the same socket changes nothing.
    c.close();
    c.close();
    expect(limit.open).toBe(0);
  });

  it('a dropped socket is not counted, and its close does not uncount another', () => {
    const limit = new ConnectionLimit(1);
    const [a, b, dropped] = [fakeSocket(), fakeSocket(), fakeSocket()];
    limit.accept(a);
    limit.accept(b);
    expect(limit.accept(dropped)).toBe('dropped');
    dropped.close();
    expect(limit.open).toBe(2);
  });

  it('destroyAll destroys every open socket', () => {
    const limit = new ConnectionLimit(2);
    const sockets = Array.from({ length: 3 }, fakeSocket);
    for (const s of sockets) limit.accept(s);
    sockets[0]!.close();
    sockets[0]!.destroyed = false;
    limit.destroyAll();
    expect(sockets.map((s) => s.destroyed)).toEqual([false, true, true]);
  });
});
