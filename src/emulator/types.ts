/**
 * The emulator's public types: what `startEmulator` takes and returns, and the seed API that
 * creates upload sessions and files (also reachable over HTTP at `POST /__drivespec/seed`).
 */
import type { ProviderId } from '../core/provider.js';
import type { StorageLimits } from './storage/storage-limits.js';

export type { StorageLimits };

/** The credentials the emulator accepts, per provider (local test values, printed at start). */
export interface EmulatorCredentials {
  'aliyun-pds': { accessToken: string; shareToken: string; accessKeyId: string; accessKeySecret: string; domainId: string };
  'huawei-metastudio': { token: string; ak: string; sk: string; projectId: string };
  'tencent-smh': { accessToken: string; libraryId: string };
  'huawei-koodrive': { accessToken: string; userId: string };
}

export type EmulatorCredentialOverrides = Partial<{
  [P in keyof EmulatorCredentials]: Partial<EmulatorCredentials[P]>;
}>;

/** What one request looked like once answered: for `onAnswer` (tests check every answer against the spec). */
export interface EmulatorAnswerInfo {
  /** `undefined` for the emulator's own routes and unknown routes. */
  provider: ProviderId | undefined;
  /** `undefined` when no operation was matched (unknown route, wrong method). */
  operationId: string | undefined;
  method: string;
  /** The request target, redacted (`redactUrl`). */
  url: string;
  status: number;
  headers: Readonly<Record<string, string>>;
  /** The JSON body sent (storage routes: the XML text), `undefined` for an empty body. */
  body: unknown;
}

export interface EmulatorOptions {
  /** 0 (default): a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * A JSON file; state survives a restart (atomic write: temp file + rename after every change).
   * It is written once before listening: `startEmulator` rejects with `EmulatorStateFileError` if
   * it cannot be.
   */
  stateFile?: string;
  /** Injected clock (signature and date windows, timestamps in answers). */
  now?: () => Date;
  /** Largest request body read, default 1 MiB; larger bodies get the provider's 413 in its error shape. */
  maxBodyBytes?: number;
  /**
   * Request-body bytes held at once across all requests (a declared Content-Length counts from
   * the start), default 64 MiB or `maxBodyBytes` if larger; must be at least `maxBodyBytes`. A
   * request the budget cannot hold gets the provider's 503 "service busy" answer (`Retry-After: 1`,
   * connection closed) instead of being buffered.
   */
  maxBodyBytesInFlight?: number;
  /**
   * Connections open at once, default 256. A connection beyond it gets the provider's 503 "service
   * busy" answer to its first request and is closed; beyond twice it a connection is dropped
   * unread (so at most `2 * maxConnections` sockets are ever open).
   */
  maxConnections?: number;
  /**
   * Time for a request's headers to arrive (from the connection's opening; for a later request on
   * a kept-alive connection, from its first byte), default 30,000 ms or `requestTimeoutMs` if less; then `408 { code: 'RequestTimeout' }` in the neutral shape and the
   * connection is closed. At most `requestTimeoutMs`.
   */
  headersTimeoutMs?: number;
  /**
   * Time for a whole request, body included, default 60,000 ms; then the same neutral 408. Storage
   * PUTs too: a part must arrive within it (raise it for large parts on slow links); the hashing
   * after the body arrived is not counted.
   */
  requestTimeoutMs?: number;
  /**
   * Where upload bytes are stored (created if missing, kept on close). Default: `<stateFile>.data`
   * with a state file (bytes survive a restart with the state), else a temp directory removed on
   * close. Its `uploads/` folder belongs to the emulator: what no upload record names is removed.
   */
  dataDir?: string;
  /** Bounds of the storage endpoints: part size, parts per upload, bytes stored (emulator README). */
  storageLimits?: StorageLimits;
  /**
   * Origins whose pages may call the emulator (CORS, src/emulator/cors.ts): exact origins
   * (`https://app.example`, as a browser writes them), `'loopback'` (any `localhost`,
   * `127.x.x.x` or `[::1]` origin, any port) and `'*'` (any). Default `['loopback']`; a list
   * replaces it. A request from another origin gets a 403 in the provider's error shape, without
   * `Access-Control-Allow-Origin`.
   */
  corsOrigins?: readonly string[];
  /** Overrides of the default credentials (`defaultEmulatorCredentials`), per provider and field. */
  credentials?: EmulatorCredentialOverrides;
  /** One line per request: method, redacted URL, status. Never a secret. */
  log?: (line: string) => void;
  /**
   * Problems the emulator keeps running through (a state file write that fails after start), one
   * line each, separate from the request log so a quiet log does not hide them. Default:
   * `process.emitWarning` (printed on stderr).
   */
  onWarning?: (line: string) => void;
  /** Called after every answer (tests use it to check each answer against the spec). */
  onAnswer?: (answer: EmulatorAnswerInfo) => void;
}

/** Bytes of a seeded file: a UTF-8 string or raw bytes. Default: the ASCII bytes `123456789`. */
export type SeedContent = Uint8Array | string;

export interface EmulatorSeed {
  /** A PDS file in the `uploading` state with the open upload session `uploadId`. */
  pdsUpload(input: {
    driveId: string;
    fileId: string;
    uploadId: string;
    name?: string;
    parentFileId?: string;
    content?: SeedContent;
  }): void;
  /** A MetaStudio asset file waiting for ConfirmFileUpload (project: the credentials' project by default). */
  metaStudioUpload(input: { projectId?: string; fileId: string }): void;
  /**
   * A MetaStudio asset with no files, as CreateDigitalAsset makes one (project: the credentials'
   * project by default; type `COMMON_FILE` by default, which takes files of any category; name:
   * the asset id by default). Files are then made with CreateFile.
   */
  metaStudioAsset(input: {
    projectId?: string;
    assetId: string;
    assetName?: string;
    assetType?: 'VOICE_MODEL' | 'VIDEO' | 'IMAGE' | 'PPT' | 'MUSIC' | 'AUDIO' | 'COMMON_FILE' | 'HUMAN_MODEL_2D' | 'BUSINESS_CARD_TEMPLET';
  }): void;
  /**
   * An SMH upload started with the upload-start API, waiting for ConfirmUpload at `path`
   * (library: the credentials' library by default; space `-`). `userId` marks the uploader
   * (`UploadNotBelongYou` for another `user_id`); `conflictResolutionStrategy` is the strategy
   * given at upload start, used when ConfirmUpload names none. `multipart: true` seeds an
   * upload as InitMultipartUpload starts it: no bytes yet (`content` is refused), its parts go to
   * the storage (GetUploadStatus answers its COS target), and ConfirmUpload verifies them.
   */
  smhUpload(input: {
    libraryId?: string;
    spaceId?: string;
    confirmKey: string;
    path: string[];
    content?: SeedContent;
    userId?: string;
    conflictResolutionStrategy?: 'ask' | 'rename' | 'overwrite';
    multipart?: boolean;
  }): void;
  /** An existing SMH file (for name conflicts); its parent directories exist implicitly. */
  smhFile(input: { libraryId?: string; spaceId?: string; path: string[]; content?: SeedContent }): void;
  /**
   * A KooDrive upload waiting for CompleteFile (user: the credentials' user by default): with
   * `content`, its data is uploaded already (no bytes are stored); with `length` instead, it is an
   * upload as CreateFile starts it, `length` bytes declared (and `sha256`, when given), whose parts
   * are asked for with UploadUrl and PUT to the storage.
   */
  koodriveUpload(input: { userId?: string; fileId: string; content?: SeedContent; length?: number; fileName?: string; sha256?: string }): void;
  /** A stored KooDrive file in folder `root` (complete; a flash upload of the same bytes hits it). */
  koodriveFile(input: { userId?: string; fileId: string; fileName?: string; content?: SeedContent }): void;
  /** The next `count` (default 1) calls of the operation answer the provider's internal error. */
  fault(input: { provider: ProviderId; operationId: string; status: 500 | 503; count?: number }): void;
  /** Forgets every upload, file and pending fault, and frees every stored byte (credentials stay). */
  reset(): void;
}

export interface RunningEmulator {
  /** `http://host:port`, no trailing slash: the `baseUrl` of every client. */
  url: string;
  port: number;
  credentials: EmulatorCredentials;
  seed: EmulatorSeed;
  /** Stops listening and closes open connections; removes the data directory if it is the default temp one. */
  close(): Promise<void>;
}
