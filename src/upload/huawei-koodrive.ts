/**
 * `client.upload()` for Huawei KooDrive (issue 12; specs/huawei-koodrive.yaml,
 * shared/docs/upload/huawei-koodrive-upload.md): CreateFile (flash upload first), the part PUTs to
 * the presigned links, UploadUrl for more links or fresh ones, CompleteFile with the file's sha256.
 *
 * What the docs leave to the client, and what this module chose:
 *
 * - **Hashes.** A part after the first must be asked for with `hashCtx`, the SHA-256 state of all
 *   the bytes before it, so a link can only be requested once those bytes were hashed. A file,
 *   Blob or bytes is read twice: first for its `sha256` (node:crypto), so flash upload can be
 *   tried, then for the parts' contexts while the parts are sent, each link asked for (in batches
 *   of the contexts known) once its context is (`ContextPass`). A stream is read once, in
 *   order: its parts' contexts are computed as it is read, each link is asked for when the part
 *   before it has been hashed, and there is no flash upload (the whole file's sha256 is known
 *   only at the end; CompleteFile still checks it).
 * - **Links** come in batches of `LINK_BATCH` (CreateFile gives the first batch); a link older
 *   than its 3600 s lifetime minus `LINK_MARGIN_MS` by the client's clock is replaced before use,
 *   and one the storage calls expired (403 AccessDenied) is replaced and the part sent again.
 * - **Resume.** KooDrive has no call that lists the parts stored. The state records a part only
 *   after the storage answered 200 with an ETag equal to the MD5 of the bytes sent; on resume those
 *   parts are trusted, the source is hashed again (its sha256 must be the one the upload was
 *   started with, so another content under the same name and size is refused before anything is
 *   sent), links are asked for the missing parts only, and CompleteFile judges the whole: a part
 *   the service lost is its 13000402, never a success.
 * - **Short or altered parts.** The storage takes a part shorter than declared with 200, and only
 *   CompleteFile finds it (issue 11). upload() sends every part whole (`Content-Length` is its
 *   size; a stream that ends early is an InputError before any completion) and compares each
 *   part's ETag with the MD5 of the bytes sent, so a part stored short or altered is sent again at
 *   once and, if it keeps failing, rejects the upload at the PUT; CompleteFile's sha256 check stays
 *   the last word.
 * - **Empty file.** One part of 0 bytes (the docs allow a last part of 0 bytes, and an S3-style
 *   storage completes no upload without a part), then CompleteFile with the empty string's sha256.
 */
import type { HuaweiKooDriveOperations } from '../../generated/huawei-koodrive/client.js';
import { operations } from '../../generated/huawei-koodrive/operations.js';
import type { components } from '../../generated/huawei-koodrive/types.js';
import { validateCreateFileRequestBody } from '../../generated/huawei-koodrive/validators.js';
import { ConfigurationError, DrivespecError, formatIssues, InputError, ResponseValidationError } from '../core/errors.js';
import type { CallOptions } from '../core/transport.js';
import { issuesOf } from '../core/validation.js';
import { hashSource } from '../hashing/hash-source.js';
import { toHuaweiKooDriveHashFields } from '../hashing/provider-hash-fields.js';
import { ShaState } from '../hashing/sha-state.js';
import { checkUploadOptions, DEFAULT_CONCURRENCY } from './options.js';
import { choosePartSize, planParts, type PartPlan, type PartSizeRule } from './plan.js';
import { ProgressTracker } from './progress.js';
import { openSource, recycleBody, type OpenedSource } from './source.js';
import { attachUploadState, checkResumeState, newUploadState, withPart } from './state.js';
import { sendParts, type PartTarget } from './transfer.js';
import type { UploadContext, UploadOptions, UploadResult, UploadSource, UploadState } from './types.js';

type Schemas = components['schemas'];
type MultiPartRequest = Schemas['MultiPartInfoRequest'];

/** The typed KooDrive client `upload()` drives (the bound operations, without `upload`). */
export type HuaweiKooDriveOperationsClient = HuaweiKooDriveOperations<CallOptions>;

export interface HuaweiKooDriveUploadTarget {
  /** The folder to upload into: its id, `root` for the root (sent as CreateFile's `parentFolder: [id]`). */
  parentFolder: string;
  /** The file's name; on a clash the service renames the new file (`result.file.fileName` is the final name). */
  fileName: string;
  /**
   * The carrier's category code as a string: `15` image, `20` video, `26` Word, `27` Excel, `28`
   * PPT, `30` audio, `35` archive, `40` app, `45` other. Default `45`.
   */
  fileType?: string;
}

/** The uploaded file: CreateFile's answer plus what CompleteFile confirmed (CompleteFile answers only a code). */
export interface HuaweiKooDriveUploadedFile {
  fileId: string;
  /** The final name (the service appends `_yyyyMMdd_HHmmss` when the folder has one of that name). */
  fileName: string;
  containerId?: string;
  parentFolder: string[];
  /** Bytes, as declared at CreateFile and confirmed by the service. */
  length: number;
  /** SHA-256 of the whole file (lowercase hex): CompleteFile checked the stored bytes against it, or flash upload matched it. */
  sha256: string;
  /** CreateFile's `exist`: the folder already held a file of that name. */
  exist?: boolean;
}

export type HuaweiKooDriveUploadResult = UploadResult<HuaweiKooDriveUploadedFile>;

const MiB = 1024 * 1024;
/**
 * MultiPartInfo: every part but the last 5 MiB to 5 GiB, at most 10,000 parts, offsets multiples
 * of 64 (a SHA-256 state exists only at block boundaries). Default 8 MiB, grown to fit 10,000 parts.
 */
export const HUAWEI_KOODRIVE_PART_SIZE: PartSizeRule = { default: 8 * MiB, min: 5 * MiB, max: 5 * 1024 * MiB, maxParts: 10_000, multipleOf: 64 };
/** Links asked for in one CreateFile / UploadUrl call. */
const LINK_BATCH = 100;
/** A link this close to the end of its lifetime is replaced before a part is sent to it. */
const LINK_MARGIN_MS = 5 * 60 * 1000;
/** Category `45`, "other": the carrier createFile page's catch-all. */
const DEFAULT_FILE_TYPE = '45';
/** The byte transfer CreateFile's and UploadUrl's links share (x-drivespec-transfer). */
const transfer = operations.UploadUrl.transfer;
const PROVIDER = 'huawei-koodrive';

export async function uploadHuaweiKooDrive(
  client: HuaweiKooDriveOperationsClient,
  ctx: UploadContext,
  source: UploadSource,
  target: HuaweiKooDriveUploadTarget,
  options?: UploadOptions,
): Promise<HuaweiKooDriveUploadResult> {
  const opts = checkUploadOptions(options);
  const request = checkTarget(target);
  const opened = await openSource(source, { ...(opts.size !== undefined ? { size: opts.size } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  let state: UploadState | undefined;
  try {
    return await run(client, ctx, opened, request, opts, (s) => {
      state = s;
      opts.onState?.(s);
    });
  } catch (error) {
    throw attachUploadState(error, state);
  } finally {
    await opened.close();
  }
}

interface TargetRequest {
  parentFolder: string;
  fileName: string;
  fileType: string;
}

function checkTarget(target: unknown): TargetRequest {
  if (target === null || typeof target !== 'object') throw new ConfigurationError('target', 'must be { parentFolder, fileName, fileType? }');
  const t = target as Record<string, unknown>;
  for (const name of Object.keys(t)) {
    if (!['parentFolder', 'fileName', 'fileType'].includes(name)) throw new ConfigurationError(`target.${name}`, 'is not a KooDrive upload target field (parentFolder, fileName, fileType)');
  }
  if (typeof t.parentFolder !== 'string') throw new ConfigurationError('target.parentFolder', "must be a folder id string ('root' for the root)");
  if (typeof t.fileName !== 'string') throw new ConfigurationError('target.fileName', 'must be a string');
  if (t.fileType !== undefined && typeof t.fileType !== 'string') throw new ConfigurationError('target.fileType', "must be a category code string such as '45'");
  const request = { parentFolder: t.parentFolder, fileName: t.fileName, fileType: t.fileType ?? DEFAULT_FILE_TYPE };
  // CreateFile's own rules (name characters and length, folder id), checked before a byte is read:
  // a name the service refuses should not cost a hashing pass over a large file first.
  const draft = { fileName: request.fileName, fileType: request.fileType, parentFolder: [request.parentFolder], length: 0, uploadMode: 'multipart' };
  if (!validateCreateFileRequestBody(draft)) {
    const issues = issuesOf(validateCreateFileRequestBody).map((i) => ({ ...i, path: i.path.replace(/^\/parentFolder\/0/, '/parentFolder') }));
    throw new ConfigurationError('target', formatIssues(issues));
  }
  return request;
}

/** The upload's identity in its state (no secret: ids and names only). */
interface KooDriveUploadIdentity {
  fileId: string;
  uploadId: string;
  parentFolder: string;
  /** The name asked for (a resume must target the same). */
  fileName: string;
  /** The name the service gave the file. */
  storedFileName: string;
  fileType: string;
  containerId: string;
  /** `''` while unknown (a stream's sha256 is known at its end). */
  sha256: string;
}

async function run(
  client: HuaweiKooDriveOperationsClient,
  ctx: UploadContext,
  source: OpenedSource,
  request: TargetRequest,
  opts: UploadOptions,
  setState: (state: UploadState) => void,
): Promise<HuaweiKooDriveUploadResult> {
  const signal = opts.signal;
  const size = source.size;
  const progress = new ProgressTracker(size, opts.onProgress);
  const resume = opts.resume === undefined ? undefined : resumeOf(opts.resume, source, request, opts);
  const partSize = resume?.state.partSize ?? choosePartSize(size, opts.partSize, HUAWEI_KOODRIVE_PART_SIZE);
  // An empty file is one part of 0 bytes (see the module comment).
  const plan: PartPlan[] = size === 0 ? [{ partNumber: 1, offset: 0, size: 0 }] : planParts(size, partSize);

  const hashes = source.randomAccess ? await prePass(source, plan, progress, signal) : new StreamHashes(source, plan);
  try {
    return await transferAndComplete(client, ctx, source, request, opts, setState, { progress, resume, partSize, plan, hashes });
  } finally {
    // The contexts' pass reads no more once the upload is over (flash upload, a failure): the
    // source closes after this.
    if (hashes instanceof ContextPass) await hashes.stop();
  }
}

async function transferAndComplete(
  client: HuaweiKooDriveOperationsClient,
  ctx: UploadContext,
  source: OpenedSource,
  request: TargetRequest,
  opts: UploadOptions,
  setState: (state: UploadState) => void,
  prepared: { progress: ProgressTracker; resume: ReturnType<typeof resumeOf> | undefined; partSize: number; plan: PartPlan[]; hashes: PartHashes },
): Promise<HuaweiKooDriveUploadResult> {
  const { progress, resume, partSize, plan, hashes } = prepared;
  const signal = opts.signal;
  const call: CallOptions = signal ? { signal } : {};
  const size = source.size;
  if (resume?.identity.sha256 && hashes.sha256 !== undefined && hashes.sha256 !== resume.identity.sha256) {
    throw new ConfigurationError('resume', `the source's SHA-256 (${hashes.sha256}) is not the one of the upload being resumed (${resume.identity.sha256}): it is another content`);
  }

  let state: UploadState;
  let identity: KooDriveUploadIdentity;
  let exist: boolean | undefined;
  let parentFolders: string[];
  // The first links asked for (CreateFile, or a resume's first UploadUrl) are those of the parts
  // whose contexts are known: a file of up to FIRST_LINKS_BYTES has them all (one call hands out
  // every link), a larger one those of its start, the rest asked for as its parts are hashed.
  if (hashes instanceof ContextPass) await hashes.ahead(FIRST_LINKS_BYTES);
  const links = new Links(client, ctx, plan, hashes, call);
  const stored = new Set<number>();
  if (resume) {
    state = resume.state;
    identity = resume.identity;
    parentFolders = [identity.parentFolder];
    for (const p of state.parts) {
      const planned = plan[p.partNumber - 1];
      if (!planned || planned.size !== p.size) throw new ConfigurationError('resume', `part ${p.partNumber} of ${p.size} bytes does not fit the source in parts of ${partSize} bytes`);
      stored.add(p.partNumber);
    }
    setState(state);
  } else {
    progress.phase('starting');
    const rapid = opts.rapidUpload !== false && hashes.sha256 !== undefined;
    const first = links.batchFrom(0, stored);
    const created = await client.createFile(
      {
        body: {
          fileName: request.fileName,
          fileType: request.fileType,
          parentFolder: [request.parentFolder],
          length: size,
          uploadMode: 'multipart',
          ...(rapid ? { sha256: hashes.sha256! } : {}),
          ...(first.length > 0 ? { multiParts: first } : {}),
        },
      },
      call,
    );
    parentFolders = created.parentFolder ?? [request.parentFolder];
    exist = created.exist;
    if (created.rapidUpload === true) {
      // Flash upload: the service holds a file of this sha256 and length; it exists now, no byte is sent.
      if (!rapid) throw invalidAnswer('CreateFile', '/rapidUpload', 'is true, but no sha256 was sent (flash upload was not asked for)');
      const done = newUploadState({ provider: PROVIDER, upload: { fileId: created.fileId, uploadId: '' }, source: source.fingerprint, partSize, now: ctx.now() });
      setState(done);
      const file = fileOf(created.fileId, created.fileName ?? request.fileName, created.containerId, parentFolders, size, hashes.sha256!, exist);
      return { file, rapidUpload: true, bytesSent: 0, partsSent: 0, state: done };
    }
    if (created.uploadId === undefined) throw invalidAnswer('CreateFile', '/uploadId', 'is missing: no flash upload and no upload task');
    identity = {
      fileId: created.fileId,
      uploadId: created.uploadId,
      parentFolder: request.parentFolder,
      fileName: request.fileName,
      storedFileName: created.fileName ?? request.fileName,
      fileType: request.fileType,
      containerId: created.containerId ?? '',
      sha256: hashes.sha256 ?? '',
    };
    links.fileId = identity.fileId;
    links.accept('CreateFile', first, created.multiParts ?? [], ctx.now().getTime());
    state = newUploadState({ provider: PROVIDER, upload: { ...identity }, source: source.fingerprint, partSize, now: ctx.now() });
    setState(state);
  }
  links.fileId = identity.fileId;

  const missing = plan.filter((p) => !stored.has(p.partNumber));
  hashes.want(missing);
  progress.phase('uploading', plan.length);
  for (const p of state.parts) progress.stored(p.size);
  const { bytesSent } = await sendParts({
    ctx,
    operationId: 'UploadPart',
    parts: missing,
    body: (part, partSignal) => hashes.body(part, partSignal),
    target: (part, refresh, partSignal) => links.target(part, refresh, stored, partSignal),
    successStatus: transfer.successStatus,
    verifyEtag: transfer.etag,
    concurrency: opts.concurrency ?? DEFAULT_CONCURRENCY,
    maxRetries: opts.maxRetries ?? ctx.maxRetries,
    partTimeout: opts.partTimeout ?? ctx.timeout,
    ...(signal ? { signal } : {}),
    onPartStored: (part, etag) => {
      stored.add(part.partNumber);
      hashes.release(part);
      state = withPart(state, { partNumber: part.partNumber, size: part.size, ...(etag !== undefined ? { etag } : {}) });
      setState(state);
      progress.stored(part.size);
    },
  });

  const sha256 = await hashes.finish(signal);
  await source.checkUnchanged();
  progress.phase('completing');
  // CompleteFile checks the stored bytes against this sha256 (13000402 otherwise): the success the
  // client reports (code 0, checked by the client) is the service agreeing with our hash.
  await client.completeFile({ body: { fileId: identity.fileId, sha256 } }, call);
  if (identity.sha256 !== sha256) {
    identity = { ...identity, sha256 };
    state = { ...state, upload: { ...identity } };
    setState(state);
  }
  const file = fileOf(identity.fileId, identity.storedFileName, identity.containerId || undefined, parentFolders, size, sha256, exist);
  return { file, rapidUpload: false, bytesSent, partsSent: missing.length, state };
}

function fileOf(fileId: string, fileName: string, containerId: string | undefined, parentFolder: string[], length: number, sha256: string, exist: boolean | undefined): HuaweiKooDriveUploadedFile {
  return { fileId, fileName, ...(containerId !== undefined ? { containerId } : {}), parentFolder, length, sha256, ...(exist !== undefined ? { exist } : {}) };
}

function invalidAnswer(operationId: string, path: string, message: string): ResponseValidationError {
  return new ResponseValidationError(operationId, 200, [{ path, message, keyword: 'x-drivespec-upload' }], undefined);
}

function resumeOf(value: unknown, source: OpenedSource, request: TargetRequest, opts: UploadOptions): { state: UploadState; identity: KooDriveUploadIdentity } {
  const state = checkResumeState(value, PROVIDER, source.fingerprint);
  const u = state.upload as Record<string, unknown>;
  const fields = ['fileId', 'uploadId', 'parentFolder', 'fileName', 'storedFileName', 'fileType', 'containerId', 'sha256'] as const;
  for (const f of fields) {
    if (typeof u[f] !== 'string') throw new ConfigurationError('resume', `upload.${f} must be a string (not a KooDrive upload state)`);
  }
  const identity = u as unknown as KooDriveUploadIdentity;
  if (identity.fileId === '' || identity.uploadId === '') throw new ConfigurationError('resume', 'the state names no upload task (a flash upload has nothing to resume)');
  if (identity.sha256 !== '' && !/^[0-9a-f]{64}$/.test(identity.sha256)) throw new ConfigurationError('resume', 'upload.sha256 must be 64 lowercase hex digits');
  if (identity.parentFolder !== request.parentFolder || identity.fileName !== request.fileName) {
    throw new ConfigurationError('resume', `the state is the upload of ${JSON.stringify(identity.fileName)} into ${JSON.stringify(identity.parentFolder)}, not of this target`);
  }
  if (opts.partSize !== undefined && opts.partSize !== state.partSize) {
    throw new ConfigurationError('resume', `the upload was started with parts of ${state.partSize} bytes, not options.partSize ${opts.partSize}`);
  }
  // checkResumeState judged partSize in general; KooDrive's own rule (a multiple of 64, 5 MiB to 5 GiB).
  try {
    choosePartSize(state.source.size, state.partSize, HUAWEI_KOODRIVE_PART_SIZE);
  } catch (error) {
    if (error instanceof ConfigurationError) throw new ConfigurationError('resume', `partSize ${state.partSize} is not a KooDrive part size (${error.message})`);
    throw error;
  }
  return { state, identity };
}

/** How the parts' bytes and hashes are obtained: a random-access source hashed first, or a stream hashed as it is read. */
interface PartHashes {
  /** The whole file's sha256 when known before the parts are sent. */
  readonly sha256: string | undefined;
  /** The part's `hashCtx` (undefined for part 1), once the bytes before it are hashed. */
  hashCtx(part: PartPlan): Promise<number[] | undefined>;
  /** The parts to be sent (a stream keeps only these in memory). */
  want(parts: readonly PartPlan[]): void;
  body(part: PartPlan, signal: AbortSignal): Promise<Uint8Array | Blob>;
  release(part: PartPlan): void;
  /** The whole file's sha256, after every byte was read. */
  finish(signal?: AbortSignal): Promise<string>;
  /** The part's context without waiting, or `null` while not yet known. */
  knownHashCtx(part: PartPlan): number[] | undefined | null;
}

/**
 * A random-access source: the whole file's `sha256` first, by node:crypto (OpenSSL, SHA-NI where
 * the CPU has it: 0.8 s of CPU for 1 GiB here), which flash upload and a resume's check need before
 * CreateFile; then the parts' contexts in a second read while the parts are sent (`ContextPass`).
 * The contexts need a SHA-256 whose state can be read (src/hashing/sha-state.ts, WebAssembly:
 * 5 s of CPU for 1 GiB here), and that one pass before any PUT was the 0.68x of KooDrive's
 * upload() against plain PUTs (bench/upload.ts), the others' pre-passes taking 1.7-2.5 s.
 */
async function prePass(source: OpenedSource, plan: readonly PartPlan[], progress: ProgressTracker, signal: AbortSignal | undefined): Promise<PartHashes> {
  progress.phase('hashing');
  const result = await hashSource(source.hashInput(), { algorithms: ['sha256'], ...(signal ? { signal } : {}) });
  progress.hashed(result.size);
  if (result.size !== source.size) throw new InputError(`the source gave ${result.size} bytes to hash, ${source.size} were expected`);
  return new ContextPass(source, plan, toHuaweiKooDriveHashFields(result).sha256);
}

/** The bytes whose parts' contexts CreateFile waits for (a smaller file: all of them). */
const FIRST_LINKS_BYTES = 64 * 1024 * 1024;

/** Bytes of SHA-256 state hashing between two turns of the event loop (the PUTs' I/O runs in between). */
const CONTEXT_SLICE = 1024 * 1024;

/**
 * The parts' `hashCtx` of a random-access source, computed in order in the background: each part
 * is read (a pooled buffer, handed back once hashed), hashed in slices between which the event loop
 * runs, and the state after it becomes the next part's context. A link is asked for once its
 * part's context is known (`Links.target` awaits `hashCtx`), so the first parts go out while later
 * ones are still being hashed. At the end the state's own digest must be the `sha256` of the first
 * pass: a source that changed between the two reads is refused before CompleteFile.
 */
class ContextPass implements PartHashes {
  readonly sha256: string;
  readonly #source: OpenedSource;
  readonly #plan: readonly PartPlan[];
  readonly #contexts = new Map<number, number[]>();
  readonly #waiters = new Map<number, (() => void)[]>();
  readonly #done: Promise<void>;
  #failure: { error: unknown } | undefined;
  #stopped = false;

  constructor(source: OpenedSource, plan: readonly PartPlan[], sha256: string) {
    this.sha256 = sha256;
    this.#source = source;
    this.#plan = plan;
    this.#done = this.#run().catch((error: unknown) => {
      this.#failure = { error };
      this.#wakeAll();
    });
  }

  async #run(): Promise<void> {
    const sha = new ShaState('sha256');
    for (let i = 0; i < this.#plan.length; i++) {
      const part = this.#plan[i]!;
      if (this.#stopped) throw new InputError('the upload ended before its parts were hashed');
      const bytes = (await this.#source.read(part.offset, part.offset + part.size)) as Uint8Array;
      for (let at = 0; at < bytes.byteLength; at += CONTEXT_SLICE) {
        sha.update(bytes.subarray(at, at + CONTEXT_SLICE));
        if (at + CONTEXT_SLICE < bytes.byteLength) await nextTurn();
      }
      recycleBody(bytes);
      const following = this.#plan[i + 1];
      if (following) {
        this.#contexts.set(following.partNumber, sha.state());
        for (const wake of this.#waiters.get(following.partNumber) ?? []) wake();
        this.#waiters.delete(following.partNumber);
      }
      await nextTurn();
    }
    const digest = sha.digest();
    if (digest !== this.sha256) {
      throw new InputError(`the source changed during the upload: its SHA-256 was ${this.sha256} when first read and ${digest} when read again for the parts' contexts`);
    }
  }

  #wakeAll(): void {
    for (const wakes of this.#waiters.values()) for (const wake of wakes) wake();
    this.#waiters.clear();
  }

  knownHashCtx(part: PartPlan): number[] | undefined | null {
    if (part.offset === 0) return undefined;
    return this.#contexts.get(part.partNumber) ?? null;
  }

  async hashCtx(part: PartPlan): Promise<number[] | undefined> {
    for (;;) {
      const known = this.knownHashCtx(part);
      if (known !== null) return known;
      if (this.#failure) throw this.#failure.error;
      await new Promise<void>((resolve) => {
        const list = this.#waiters.get(part.partNumber) ?? [];
        list.push(resolve);
        this.#waiters.set(part.partNumber, list);
      });
    }
  }

  want(): void {}

  body(part: PartPlan, signal: AbortSignal): Promise<Uint8Array | Blob> {
    return this.#source.read(part.offset, part.offset + part.size, { signal });
  }

  release(): void {}

  /** The pass's end (its digest checked against the first pass), then the sha256. */
  async finish(): Promise<string> {
    await this.#done;
    if (this.#failure) throw this.#failure.error;
    return this.sha256;
  }

  /**
   * Resolves once the contexts of the parts that start within the first `bytes` are known, or the
   * whole pass is done when the source is no longer (or the pass failed: hashCtx and finish throw).
   */
  async ahead(bytes: number): Promise<void> {
    const beyond = this.#plan.find((p) => p.offset >= bytes);
    if (beyond) await this.hashCtx(beyond).catch(() => undefined);
    else await this.#done;
  }

  /** Stops reading (the upload ended): called once the source is about to close. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#done;
  }
}

/** Lets the event loop run (I/O callbacks, timers) before the next slice of hashing. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * A stream read once, in order: each part is hashed as it is read (its context is the state
 * before it), kept while it is to be sent, dropped once stored; parts stored earlier (a resume)
 * are read, hashed and dropped.
 */
class StreamHashes implements PartHashes {
  readonly sha256 = undefined;
  readonly #source: OpenedSource;
  readonly #plan: readonly PartPlan[];
  readonly #sha = new ShaState('sha256');
  readonly #contexts = new Map<number, number[]>();
  readonly #bytes = new Map<number, Uint8Array>();
  #wanted = new Set<number>();
  /** Parts read so far (a prefix of the plan). */
  #read = 0;
  #reading: Promise<void> = Promise.resolve();
  #digest: string | undefined;

  constructor(source: OpenedSource, plan: readonly PartPlan[]) {
    this.#source = source;
    this.#plan = plan;
  }

  want(parts: readonly PartPlan[]): void {
    this.#wanted = new Set(parts.map((p) => p.partNumber));
  }

  /** Reads the plan up to and including index `last`, one part after another. */
  #readThrough(last: number, signal?: AbortSignal): Promise<void> {
    const step = async (): Promise<void> => {
      while (this.#read <= last) {
        const part = this.#plan[this.#read]!;
        const bytes = await this.#source.next(part.size, signal);
        this.#sha.update(bytes);
        if (this.#wanted.has(part.partNumber)) this.#bytes.set(part.partNumber, bytes);
        this.#read++;
        const following = this.#plan[this.#read];
        if (following) this.#contexts.set(following.partNumber, this.#sha.state());
      }
    };
    this.#reading = this.#reading.then(step);
    return this.#reading;
  }

  knownHashCtx(part: PartPlan): number[] | undefined | null {
    if (part.offset === 0) return undefined;
    return this.#contexts.get(part.partNumber) ?? null;
  }

  async hashCtx(part: PartPlan): Promise<number[] | undefined> {
    if (part.offset === 0) return undefined;
    // The state before a part exists once the part before it has been read.
    await this.#readThrough(part.partNumber - 2);
    return this.#contexts.get(part.partNumber)!;
  }

  async body(part: PartPlan, signal: AbortSignal): Promise<Uint8Array> {
    await this.#readThrough(part.partNumber - 1, signal);
    const bytes = this.#bytes.get(part.partNumber);
    if (!bytes) throw new ConfigurationError('resume', `part ${part.partNumber} was already released`);
    return bytes;
  }

  release(part: PartPlan): void {
    this.#bytes.delete(part.partNumber);
  }

  async finish(signal?: AbortSignal): Promise<string> {
    await this.#readThrough(this.#plan.length - 1, signal);
    this.#digest ??= this.#sha.digest();
    return this.#digest;
  }
}

/** The parts' links: asked for in batches, replaced when old or expired. */
class Links {
  fileId = '';
  readonly #links = new Map<number, { url: string; issuedAt: number }>();
  readonly #pending = new Map<number, Promise<void>>();
  constructor(
    readonly client: HuaweiKooDriveOperationsClient,
    readonly ctx: UploadContext,
    readonly plan: readonly PartPlan[],
    readonly hashes: PartHashes,
    readonly call: CallOptions,
  ) {}

  /**
   * Up to LINK_BATCH parts from plan index `from` that are neither stored nor linked (fresh) nor
   * asked for, and whose contexts are known now.
   */
  batchFrom(from: number, stored: ReadonlySet<number>): MultiPartRequest[] {
    const batch: MultiPartRequest[] = [];
    const now = this.ctx.now().getTime();
    for (let i = from; i < this.plan.length && batch.length < LINK_BATCH; i++) {
      const part = this.plan[i]!;
      if (stored.has(part.partNumber) || this.#pending.has(part.partNumber) || this.#fresh(part.partNumber, now)) continue;
      const hashCtx = this.hashes.knownHashCtx(part);
      if (hashCtx === null) break;
      batch.push({ partNumber: part.partNumber, partSize: part.size, partOffset: part.offset, ...(hashCtx ? { hashCtx } : {}) });
    }
    return batch;
  }

  #fresh(partNumber: number, now: number): boolean {
    const link = this.#links.get(partNumber);
    return link !== undefined && now - link.issuedAt < transfer.lifetimeSeconds * 1000 - LINK_MARGIN_MS;
  }

  /** Takes the links of an answer; every part asked for must be there, as asked. */
  accept(operationId: string, asked: readonly MultiPartRequest[], answered: readonly Schemas['MultiPartInfo'][], issuedAt: number): void {
    const byNumber = new Map(answered.map((p) => [p.partNumber, p]));
    for (const a of asked) {
      const link = byNumber.get(a.partNumber);
      if (!link) throw invalidAnswer(operationId, '/multiParts', `has no link for part ${a.partNumber}`);
      if ((link.partSize !== undefined && link.partSize !== a.partSize) || (link.partOffset !== undefined && link.partOffset !== a.partOffset)) {
        throw invalidAnswer(operationId, '/multiParts', `answers part ${a.partNumber} with another size or offset than asked`);
      }
      this.#links.set(a.partNumber, { url: link.uploadUrl, issuedAt });
    }
  }

  async target(part: PartPlan, refresh: boolean, stored: ReadonlySet<number>, signal: AbortSignal): Promise<PartTarget> {
    if (refresh) {
      // The storage said this link expired: so did every link issued with or before it.
      const expired = this.#links.get(part.partNumber);
      if (expired) for (const [n, l] of this.#links) if (l.issuedAt <= expired.issuedAt) this.#links.delete(n);
    }
    for (;;) {
      if (this.#fresh(part.partNumber, this.ctx.now().getTime())) {
        return { method: transfer.method, url: this.#links.get(part.partNumber)!.url, headers: { ...transfer.headers } };
      }
      const pending = this.#pending.get(part.partNumber);
      if (pending) {
        await pending;
        continue;
      }
      await this.hashes.hashCtx(part);
      if (this.#pending.has(part.partNumber) || this.#fresh(part.partNumber, this.ctx.now().getTime())) continue;
      await this.#request(this.batchFrom(part.partNumber - 1, stored), signal);
      if (!this.#links.has(part.partNumber)) throw invalidAnswer('UploadUrl', '/multiParts', `has no link for part ${part.partNumber}`);
    }
  }

  async #request(batch: MultiPartRequest[], signal: AbortSignal): Promise<void> {
    const issuedAt = this.ctx.now().getTime();
    // The transfer's signal: aborted with the caller's, and when another part failed.
    const asked = this.client
      .uploadUrl({ body: { fileId: this.fileId, multiParts: batch } }, { ...this.call, signal })
      .then((answer) => this.accept('UploadUrl', batch, answer.multiParts, issuedAt));
    const settled = asked.finally(() => {
      for (const p of batch) this.#pending.delete(p.partNumber);
    });
    for (const p of batch) this.#pending.set(p.partNumber, settled.catch(() => {}));
    await settled;
  }
}
