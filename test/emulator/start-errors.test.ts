/**
 * Everything `startEmulator` throws is a DrivespecError (issue 9 item 15, review D8): options that
 * are not an object are a ConfigurationError, and a failed listen (port in use, a host that does
 * not resolve or is not this machine's) is an EmulatorListenError naming host:port and the system
 * code, with the Node error as its cause.
 */
import { describe, expect, it } from 'vitest';
import { ConfigurationError, DrivespecError } from '../../src/core/errors.js';
import { EmulatorListenError, startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';

const quiet: EmulatorOptions = { log: () => {} };

async function startFailure(options: unknown): Promise<unknown> {
  return startEmulator(options as EmulatorOptions).then(
    async (e) => {
      await e.close();
      throw new Error('started');
    },
    (error: unknown) => error,
  );
}

describe('startEmulator throws DrivespecErrors only', () => {
  it.each([
    ['null', null],
    ['a number', 5],
    ['a string', 'port=0'],
    ['an array', []],
  ])('options that are %s: ConfigurationError naming options', async (_what, options) => {
    const error = await startFailure(options);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ option: 'options', message: 'options: must be an object (or left out)' });
  });

  it('leaving the options out still starts on 127.0.0.1', async () => {
    const e = await startEmulator();
    try {
      expect(e.url).toBe(`http://127.0.0.1:${e.port}`);
    } finally {
      await e.close();
    }
  });

  it('a port in use: EmulatorListenError with host, port, code EADDRINUSE and the Node error as cause; the first emulator keeps serving', async () => {
    const first = await startEmulator({ ...quiet, port: 0 });
    try {
      const error = await startFailure({ ...quiet, port: first.port });
      expect(error).toBeInstanceOf(EmulatorListenError);
      expect(error).toBeInstanceOf(DrivespecError);
      expect(error).toMatchObject({
        name: 'EmulatorListenError',
        host: '127.0.0.1',
        port: first.port,
        code: 'EADDRINUSE',
        message: `cannot listen on 127.0.0.1:${first.port}: EADDRINUSE (the port is already in use)`,
      });
      expect((error as Error).cause).toMatchObject({ code: 'EADDRINUSE', syscall: 'listen' });
      expect((error as Error).cause).not.toBeInstanceOf(DrivespecError);
      expect((await fetch(`${first.url}/__drivespec/health`)).status).toBe(200);
    } finally {
      await first.close();
    }
  });

  it('the same port on an IPv6 host is named in brackets', async () => {
    const first = await startEmulator({ ...quiet, port: 0, host: '::1' }).catch(() => undefined);
    if (!first) return; // no IPv6 loopback on this machine
    try {
      const error = await startFailure({ ...quiet, port: first.port, host: '::1' });
      expect(error).toBeInstanceOf(EmulatorListenError);
      expect((error as Error).message).toBe(`cannot listen on [::1]:${first.port}: EADDRINUSE (the port is already in use)`);
    } finally {
      await first.close();
    }
  });

  it('a host that does not resolve: EmulatorListenError with the resolver\'s code', async () => {
    const error = await startFailure({ ...quiet, port: 0, host: 'no.such.host.invalid' });
    expect(error).toBeInstanceOf(EmulatorListenError);
    expect(error).toMatchObject({ host: 'no.such.host.invalid', port: 0, code: expect.stringMatching(/^(ENOTFOUND|EAI_AGAIN)$/) });
    expect((error as Error).message).toMatch(/^cannot listen on no\.such\.host\.invalid:0: (ENOTFOUND|EAI_AGAIN) \(the host name does not resolve\)$/);
    expect((error as Error).cause).toMatchObject({ code: (error as EmulatorListenError).code });
  });

  it('an address that is not this machine\'s: EmulatorListenError EADDRNOTAVAIL', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
    const error = await startFailure({ ...quiet, port: 0, host: '192.0.2.1' });
    expect(error).toBeInstanceOf(EmulatorListenError);
    expect(error).toMatchObject({ host: '192.0.2.1', code: 'EADDRNOTAVAIL' });
    expect((error as Error).message).toBe('cannot listen on 192.0.2.1:0: EADDRNOTAVAIL (the host is not an address of this machine)');
  });
});
