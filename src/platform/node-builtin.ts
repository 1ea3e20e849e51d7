/**
 * A Node built-in, loaded on first use (the Node twins call this instead of importing at the top:
 * a provider entry's cold start, issue 13). `process.getBuiltinModule` is synchronous, so the
 * twins' synchronous functions stay synchronous.
 *
 * Deno and Bun read the package's `node` condition and got `process.getBuiltinModule` only in
 * recent releases (Deno 2.1; Bun 1.2-era); an older one would otherwise fail with a raw TypeError
 * at the first hash or file read. This says what is missing instead.
 */
import { ConfigurationError } from '../core/errors.js';

type GetBuiltinModule = typeof process.getBuiltinModule;

export const nodeBuiltin = ((id: string) => {
  const runtime = (globalThis as { process?: { getBuiltinModule?: unknown } }).process;
  const load = runtime?.getBuiltinModule;
  if (typeof load !== 'function') {
    throw new ConfigurationError(
      'runtime',
      `${id} is needed here and this runtime has no process.getBuiltinModule (Node >= 20.16, Deno >= 2.1, a recent Bun); ` +
        'upgrade it, or import the universal build (the "browser" or "worker" condition), which needs no Node built-in',
    );
  }
  return (load as (id: string) => unknown).call(runtime, id);
}) as GetBuiltinModule;
