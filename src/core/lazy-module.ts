/**
 * Code a client needs only once a call is made (the validators, the upload engine, the signers)
 * is loaded by the call, not by `import('drivespec/<provider>')` (issue 13, cold start): the
 * calls are async anyway, and each `import()` is a chunk of its own in the bundles (esbuild
 * splitting), so a process that only builds a client never parses the ~100-330 kB behind it.
 */
import { DrivespecError } from './errors.js';

/**
 * `load` once, on the first call; every later call gets the same module. A failed load (a chunk
 * missing from a broken install, or a page whose chunk request failed) is a DrivespecError naming
 * what was being loaded, never the raw import error, and it is not kept: the next call tries again.
 */
export function lazyModule<T>(what: string, load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= load().then(
      (module) => module,
      (error: unknown) => {
        pending = undefined;
        // The root class, as for a missing generated validator: a broken build or install, not
        // something a caller can fix by changing the call.
        throw new DrivespecError(`could not load ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      },
    );
    return pending;
  };
}
