/**
 * The lingering close over real TCP: the answer written before it arrives, followed by a FIN,
 * while what the client still sends is read and discarded; the socket is destroyed when the
 * client closes its side, past the byte bound or past the time bound.
 */
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LINGER, lingerClose, type LingerLimits } from '../../src/emulator/linger-close.js';

const LONG = 60_000; // a bound that must not be the one that ends the test

let server: Server | undefined;
afterEach(() => {
  server?.close();
  server = undefined;
});

/** A server that answers `answer`, pauses reading (as a refused request does) and lingers. */
async function lingering(limits: LingerLimits): Promise<{ client: Socket; serverSide: Promise<{ socket: Socket; drained: () => number; ended: () => boolean }> }> {
  let resolveSide!: (v: { socket: Socket; drained: () => number; ended: () => boolean }) => void;
  const serverSide = new Promise<{ socket: Socket; drained: () => number; ended: () => boolean }>((r) => (resolveSide = r));
  server = createServer({ allowHalfOpen: true }, (socket) => {
    socket.pause();
    let drained = 0;
    let ended = false;
    socket.on('end', () => (ended = true));
    socket.write('answer');
    lingerClose(socket, limits);
    socket.on('data', (d: Buffer) => (drained += d.length));
    resolveSide({ socket, drained: () => drained, ended: () => ended });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const client = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  client.on('error', () => {});
  return { client, serverSide };
}

function received(client: Socket): { text: () => string; ended: Promise<void> } {
  let text = '';
  client.on('data', (d: Buffer) => (text += d.toString()));
  return { text: () => text, ended: once(client, 'end').then(() => undefined) };
}

describe('lingerClose', () => {
  it('the answer, then FIN; what the client sends after it is still read; the socket closes when the client ends', { timeout: 5_000 }, async () => {
    const { client, serverSide } = await lingering({ maxBytes: 10 * 1024 * 1024, maxMs: LONG });
    const reply = received(client);
    await reply.ended; // FIN from the emulator while it still reads
    expect(reply.text()).toBe('answer');
    const body = Buffer.alloc(4 * 1024 * 1024, 0x61); // more than socket buffers hold: read, or the write stalls
    client.end(body);
    const side = await serverSide;
    await once(side.socket, 'close');
    expect(side.ended()).toBe(true);
    expect(side.drained()).toBe(body.length);
  });

  it('exactly maxBytes drained: still a clean close when the client ends', { timeout: 5_000 }, async () => {
    const { client, serverSide } = await lingering({ maxBytes: 1000, maxMs: LONG });
    await received(client).ended;
    client.end(Buffer.alloc(1000));
    const side = await serverSide;
    await once(side.socket, 'close');
    expect(side.ended()).toBe(true);
  });

  it('past maxBytes the socket is destroyed, the client still sending', { timeout: 5_000 }, async () => {
    const { client, serverSide } = await lingering({ maxBytes: 1000, maxMs: LONG });
    await received(client).ended;
    client.write(Buffer.alloc(1001));
    const side = await serverSide;
    await once(side.socket, 'close');
    expect(side.ended()).toBe(false);
    expect(side.drained()).toBeGreaterThan(1000);
    client.destroy();
  });

  it('past maxMs the socket is destroyed, the client silent and never closing', { timeout: 5_000 }, async () => {
    const { client, serverSide } = await lingering({ maxBytes: 1000, maxMs: 100 });
    const side = await serverSide;
    await once(side.socket, 'close');
    expect(side.ended()).toBe(false);
    expect(side.socket.destroyed).toBe(true);
    client.destroy();
  });

  it('a socket already destroyed is left alone', () => {
    let ended = false;
    const socket = { destroyed: true, end: () => (ended = true) } as unknown as Socket;
    lingerClose(socket);
    expect(ended).toBe(false);
  });

  it('the defaults: 64 MiB, 5 s', () => {
    expect(DEFAULT_LINGER).toEqual({ maxBytes: 64 * 1024 * 1024, maxMs: 5_000 });
  });
});
