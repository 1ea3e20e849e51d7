import { DrivespecError } from '../core/errors.js';

/**
 * `startEmulator` could not listen on its host and port: the port is in use (`EADDRINUSE`), the
 * host does not resolve (`ENOTFOUND`) or is not an address of this machine (`EADDRNOTAVAIL`),
 * the port needs privileges (`EACCES`), ... The system error is the `cause`.
 */
export class EmulatorListenError extends DrivespecError {
  override name = 'EmulatorListenError';
  constructor(
    readonly host: string,
    readonly port: number,
    /** The system error code (`EADDRINUSE`, `ENOTFOUND`, ...), when the system gave one. */
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(`cannot listen on ${host.includes(':') ? `[${host}]` : host}:${port}: ${describe(code)}`, options);
  }
}

function describe(code: string | undefined): string {
  switch (code) {
    case 'EADDRINUSE':
      return 'EADDRINUSE (the port is already in use)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${code} (the host name does not resolve)`;
    case 'EADDRNOTAVAIL':
      return 'EADDRNOTAVAIL (the host is not an address of this machine)';
    case 'EACCES':
      return 'EACCES (permission denied for this port)';
    case undefined:
      return 'the system gave no error code';
    default:
      return code;
  }
}
