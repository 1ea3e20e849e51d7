/**
 * readBody on a stream standing in for the request: the per-request limit, the budget lease
 * (a declared length taken up front, chunks taken as they arrive) and a client that goes away.
 */
import type { IncomingMessage } from 'node:http';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BodyBudget } from '../../src/emulator/body-budget.js';
import { readBody, SLAB_BODY_MAX } from '../../src/emulator/read-body.js';

function request(headers: Record<string, string> = {}): PassThrough & { headers: Record<string, string> } {
  const req = new PassThrough() as PassThrough & { headers: Record<string, string> };
  req.headers = headers;
  return req;
}
const asRequest = (r: PassThrough) => r as unknown as IncomingMessage;

describe('readBody', () => {
  it('joins the chunks', async () => {
    const req = request();
    const body = readBody(asRequest(req), 10);
    req.write('abc');
    req.end('def');
    expect(await body).toEqual({ ok: true, bytes: new Uint8Array(Buffer.from('abcdef')) });
  });

  it('exactly the limit is read; one byte more is too-large, and reading stops', async () => {
    const at = request();
    const atBody = readBody(asRequest(at), 4);
    at.end('abcd');
    expect(await atBody).toMatchObject({ ok: true });

    const over = request();
    const overBody = readBody(asRequest(over), 4);
    over.write('abc');
    over.write('de');
    expect(await overBody).toEqual({ ok: false, reason: 'too-large' });
    expect(over.isPaused()).toBe(true);
  });

  it('a declared length is taken from the budget before a byte is read, and kept while it arrives', async () => {
    const budget = new BodyBudget(100);
    const lease = budget.lease();
    const req = request({ 'content-length': '10' });
    const body = readBody(asRequest(req), 50, lease);
    expect(lease.held).toBe(10);
    req.write('abcd');
    await new Promise((r) => setImmediate(r));
    expect(lease.held).toBe(10);
    req.end('efghij');
    expect(await body).toMatchObject({ ok: true });
    expect(budget.inFlight).toBe(10);
  });

  it('a declared length the budget cannot hold: over-budget without reading', async () => {
    const budget = new BodyBudget(100);
    budget.lease().take(95);
    const lease = budget.lease();
    const req = request({ 'content-length': '10' });
    expect(await readBody(asRequest(req), 50, lease)).toEqual({ ok: false, reason: 'over-budget' });
    expect(lease.held).toBe(0);
    expect(req.listenerCount('data')).toBe(0);
    expect(req.isPaused()).toBe(true);
  });

  it('a declared length over the limit is not taken up front: the body is cut off as too-large', async () => {
    const budget = new BodyBudget(30);
    const lease = budget.lease();
    const req = request({ 'content-length': '40' });
    const body = readBody(asRequest(req), 20, lease);
    expect(lease.held).toBe(0);
    req.write(Buffer.alloc(21));
    expect(await body).toEqual({ ok: false, reason: 'too-large' });
  });

  it('without a declared length, chunks are taken as they arrive; the one that does not fit is over-budget', async () => {
    const budget = new BodyBudget(10);
    budget.lease().take(4);
    const lease = budget.lease();
    const req = request({ 'transfer-encoding': 'chunked' });
    const body = readBody(asRequest(req), 50, lease);
    req.write('abc');
    await new Promise((r) => setImmediate(r));
    expect(lease.held).toBe(3);
    req.write('defg');
    expect(await body).toEqual({ ok: false, reason: 'over-budget' });
    expect(lease.held).toBe(3);
    expect(req.isPaused()).toBe(true);
  });

  it('without a declared length, a body the budget holds is read, each chunk taken once', async () => {
    const budget = new BodyBudget(10);
    const lease = budget.lease();
    const req = request();
    const body = readBody(asRequest(req), 50, lease);
    for (const chunk of ['ab', 'cde', 'fghi']) {
      req.write(chunk);
      await new Promise((r) => setImmediate(r));
    }
    expect(lease.held).toBe(9);
    req.end('j');
    expect(await body).toEqual({ ok: true, bytes: new Uint8Array(Buffer.from('abcdefghij')) });
    expect(budget.inFlight).toBe(10);
  });

  it('a declared length equal to the limit is taken up front too', async () => {
    const budget = new BodyBudget(15);
    budget.lease().take(6);
    const req = request({ 'content-length': '10' });
    expect(await readBody(asRequest(req), 10, budget.lease())).toEqual({ ok: false, reason: 'over-budget' });
    expect(req.listenerCount('data')).toBe(0);
  });

  it('a declared length of 0 or nonsense takes nothing up front', async () => {
    for (const length of ['0', 'abc', '-5', '1.5']) {
      const budget = new BodyBudget(10);
      const lease = budget.lease();
      const req = request({ 'content-length': length });
      const body = readBody(asRequest(req), 50, lease);
      expect(lease.held, length).toBe(0);
      req.end();
      expect(await body).toEqual({ ok: true, bytes: new Uint8Array(0) });
    }
  });

  it('a stream error or a close before the end is aborted; a close after the end changes nothing', async () => {
    const failing = request();
    const failed = readBody(asRequest(failing), 10);
    failing.emit('error', new Error('reset'));
    expect(await failed).toEqual({ ok: false, reason: 'aborted' });

    const closed = request();
    const gone = readBody(asRequest(closed), 10);
    closed.write('ab');
    closed.emit('close');
    expect(await gone).toEqual({ ok: false, reason: 'aborted' });

    const done = request();
    const events = ['data', 'end', 'error', 'close'];
    const before = events.map((e) => done.listenerCount(e));
    const whole = readBody(asRequest(done), 10);
    done.end('ab');
    const result = await whole;
    done.emit('close');
    expect(result).toMatchObject({ ok: true });
    // Every listener readBody added is gone once it settled.
    expect(events.map((e) => done.listenerCount(e))).toEqual(before);
  });
});

describe('readBody: bodies cut from a shared slab', () => {
  const read = async (text: string | Buffer, limit = 1 << 20) => {
    const req = request();
    const body = readBody(asRequest(req), limit);
    req.end(text);
    const result = await body;
    if (!result.ok) throw new Error(`not read: ${result.reason}`);
    return result.bytes;
  };

  it('gives each body bytes of its own: many small bodies in a row never share a byte, whatever is written to one', async () => {
    const bodies: Uint8Array[] = [];
    // Enough bodies to fill more than one 64 KiB slab, of sizes that are not multiples of 8.
    for (let i = 0; i < 1500; i++) bodies.push(await read(`${i}:${'x'.repeat(i % 61)}`));
    for (const [i, b] of bodies.entries()) {
      expect(Buffer.from(b).toString()).toBe(`${i}:${'x'.repeat(i % 61)}`);
      b.fill((i % 251) + 1);
    }
    // Overlapping views would show a neighbour's fill value.
    for (const [i, b] of bodies.entries()) expect(b.every((x) => x === (i % 251) + 1)).toBe(true);
    const fresh = await read('after');
    expect(Buffer.from(fresh).toString()).toBe('after');
  });

  it('is a plain Uint8Array; a body above SLAB_BODY_MAX has an ArrayBuffer of its own', async () => {
    const small = await read('abc');
    expect(Object.getPrototypeOf(small)).toBe(Uint8Array.prototype);
    const big = Buffer.alloc(SLAB_BODY_MAX + 1, 7);
    const bytes = await read(big);
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(SLAB_BODY_MAX + 1);
    expect(Buffer.from(bytes).equals(big)).toBe(true);
  });
});
