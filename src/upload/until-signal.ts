/**
 * `promise`, or a rejection with `interrupted()` as soon as `signal` fires: a slow read or a slow
 * provider call cannot hold up an abort. One listener per call, removed once the promise settles
 * (a long-lived abort promise would keep every chunk alive); a promise left behind by an abort
 * gets a handler, so its late rejection is never unhandled.
 */
export function untilSignal<T>(promise: Promise<T>, signal: AbortSignal | undefined, interrupted: () => Error): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(interrupted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
