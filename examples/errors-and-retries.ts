/**
 * What a drivespec call can throw, and the knobs for retries and time limits. Every error extends
 * `DrivespecError`; none of their messages contains a token, key or signature.
 *
 *   SMH_ACCESS_TOKEN=... SMH_LIBRARY_ID=... SMH_CONFIRM_KEY=... node errors-and-retries.js
 */
import {
  AbortError,
  ApiError,
  DrivespecError,
  RequestValidationError,
  ResponseValidationError,
  TimeoutError,
  TransportError,
  createClient,
} from 'drivespec/tencent-smh';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`set ${name}`);
  return value;
}

export function describeError(error: unknown): string {
  if (!(error instanceof DrivespecError)) return `not from drivespec: ${String(error)}`;
  // Subclasses first: TimeoutError and AbortError are TransportErrors.
  if (error instanceof ApiError) {
    return `${error.name} HTTP ${error.status} ${error.code ?? '(no code)'} request ${error.requestId ?? 'n/a'}`;
  }
  if (error instanceof RequestValidationError) {
    // Raised before anything is sent: every failing JSON path of the request.
    return `invalid ${error.part}: ${error.issues.map((i) => `${i.path || '/'} ${i.message}`).join('; ')}`;
  }
  if (error instanceof ResponseValidationError) return `the answer does not match the spec (HTTP ${error.status})`;
  if (error instanceof TimeoutError) return `gave up after ${error.timeoutMs} ms per attempt`;
  if (error instanceof AbortError) return 'cancelled';
  if (error instanceof TransportError) return `network: ${error.message}`;
  return `${error.name}: ${error.message}`;
}

const smh = createClient({
  ...(process.env.SMH_BASE_URL ? { baseUrl: process.env.SMH_BASE_URL } : {}),
  libraryId: env('SMH_LIBRARY_ID'),
  credentials: { accessToken: env('SMH_ACCESS_TOKEN') },
  // Connection errors, timeouts, 408, 429 and 5xx are retried with backoff (Retry-After honoured).
  maxRetries: 3,
  timeout: 10_000,
});

try {
  const file = await smh.confirmUpload(
    { params: { path: { ConfirmKey: env('SMH_CONFIRM_KEY') } } },
    // Per call: no retries and a 30-second budget for the whole call.
    { maxRetries: 0, signal: AbortSignal.timeout(30_000) },
  );
  console.log(`confirmed ${file.name}`);
} catch (error) {
  console.error(describeError(error));
  process.exitCode = 1;
}
