/**
 * Request ids: UUID-shaped and taken from a counter, so tests can predict them and logs sort
 * (`00000000-0000-4000-8000-000000000001`, ...).
 */
export function createRequestIds(): () => string {
  let counter = 0;
  return () => {
    counter += 1;
    return `00000000-0000-4000-8000-${counter.toString(16).padStart(12, '0')}`;
  };
}
