/**
 * `client.upload(source, target, options)` (issue 12): the shared vocabulary of the four providers'
 * whole uploads. Each provider module (`src/upload/<provider>.ts`) orchestrates its own calls
 * (create → hash → part URLs → PUTs → complete) with the engine beside this file: sources
 * (`source.ts`), part plans (`plan.ts`), the concurrent part transfer (`transfer.ts`) and the
 * resumable state (`state.ts`). This file holds only types, so every module codes against one
 * contract.
 */
import type { ProviderId } from '../core/provider.js';
import type { CallOptions, PreparedRequest, TransportResponse } from '../core/transport.js';

/**
 * What can be uploaded: a file path (string or `file:` URL; a string is always a path, never
 * content), bytes, a Blob/File, or a web `ReadableStream` / async iterable of byte chunks with
 * its size given as `options.size` (a stream can be read once: no rapid-upload pre-check where the
 * provider needs the whole file's hash first, no resume of the bytes already consumed).
 */
export type UploadSource = string | URL | Uint8Array | Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

export type UploadPhase = 'hashing' | 'starting' | 'uploading' | 'completing';

export interface UploadProgress {
  /** What the upload is doing now. */
  phase: UploadPhase;
  /**
   * Bytes stored: parts the storage acknowledged (and, when resuming, parts stored earlier).
   * During `hashing`, bytes hashed so far.
   */
  bytes: number;
  /** The source's size. */
  total: number;
  /** Parts stored so far. */
  parts: number;
  /** Parts in the whole upload (0 until known; 0 for a rapid / instant upload). */
  totalParts: number;
}

export interface UploadOptions {
  /** Bytes per part; each provider has a default and limits (its README section says which). */
  partSize?: number;
  /** Parts in flight at once. Default 4. Memory stays near `concurrency × partSize`. */
  concurrency?: number;
  /** Called on every change of phase and after every stored part; must not throw. */
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting rejects with `AbortError` promptly and leaves the upload resumable. */
  signal?: AbortSignal;
  /** Try the provider's rapid / instant / flash upload first (no bytes sent when it matches). Default true. */
  rapidUpload?: boolean;
  /** The size of a stream source (required for `ReadableStream` / async iterable sources, checked). */
  size?: number;
  /** Continue an earlier upload of the same source: only the missing parts are sent. */
  resume?: UploadState;
  /**
   * Called whenever the resumable state changes (the upload was started, a part was stored):
   * persist it to resume after a crash. It holds no secret (no signed URL, no token).
   */
  onState?: (state: UploadState) => void;
  /** Retries per part PUT after the first attempt (re-signed / re-fetched URL where it expired). Default: the client's `maxRetries`. */
  maxRetries?: number;
  /** Per-attempt timeout of one part PUT in ms. Default: the client's `timeout`. */
  partTimeout?: number;
}

/**
 * Everything needed to continue an upload, JSON-serializable and free of secrets. Produced by
 * `upload()` (through `onState`, and on a rejection through `uploadStateOf(error)`); checked as
 * hostile input when given back as `options.resume` (it may come from a file).
 */
export interface UploadState {
  /** Format version. */
  version: 1;
  provider: ProviderId;
  /** The provider's upload identity, e.g. PDS `{ drive_id, file_id, upload_id }`, SMH `{ path, confirmKey }`. */
  upload: Readonly<Record<string, string | number | boolean>>;
  /** The source it belongs to: a resume of another file (other size, name or mtime) is refused. */
  source: SourceFingerprint;
  partSize: number;
  /** Parts known to be stored, ascending; `etag` when the storage answered one. */
  parts: readonly { partNumber: number; size: number; etag?: string }[];
  /** ISO 8601, by the client's clock. */
  startedAt: string;
}

export interface SourceFingerprint {
  size: number;
  kind: 'file' | 'bytes' | 'blob' | 'stream';
  /** File: the base name. Blob/File: its `name` when it has one. */
  name?: string;
  /** File / File: the modification time in ms. */
  mtimeMs?: number;
}

/** What `upload()` resolves to. */
export interface UploadResult<File> {
  /** The provider's final file information (the completion's answer, or its look-up). */
  file: File;
  /** The provider matched stored content: no byte was sent (PDS rapid, SMH instant, KooDrive flash). */
  rapidUpload: boolean;
  /** Body bytes this call sent to storage (retries included; parts stored earlier not). */
  bytesSent: number;
  /** Parts this call stored. */
  partsSent: number;
  /** The final state (all parts), e.g. for a log. */
  state: UploadState;
}

/**
 * What a client hands its provider's upload module: its own transport, so part PUTs use the
 * client's injectable `fetch`, clock, timeouts, answer-size limit and redaction.
 */
export interface UploadContext {
  provider: ProviderId;
  /**
   * Sends one storage request (no authorization added: the URL or its headers carry it) with the
   * client's fetch, timeout, retries on network errors and 5xx, and bounded answer reading;
   * resolves to any HTTP answer (the caller judges the status), rejects with TransportError /
   * TimeoutError / AbortError, scrubbed of `secrets` and of every secret query parameter.
   */
  storage(operationId: string, request: PreparedRequest, call?: CallOptions & { maxResponseBytes?: number }): Promise<TransportResponse>;
  now(): Date;
  random(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** The client's secrets (token, keys) to scrub from any text. */
  secrets: readonly string[];
  maxRetries: number;
  timeout: number | undefined;
}
