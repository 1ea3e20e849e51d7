/**
 * `client.upload(source, target, options)` for Alibaba Cloud PDS (API 2022-03-01): the whole
 * upload of shared/docs/upload/aliyun-pds-upload.md in one call.
 *
 * 1. One read of the source computes `crc64_hash`, `content_hash` (SHA-1), `pre_hash` and, in
 *    parallel mode, every part's `parallel_sha1_ctx` (`hashSource`, §6 of the fact sheet).
 * 2. Rapid upload (default on): `CreateFile` with `pre_hash`; 409 `PreHashMatched` → `CreateFile`
 *    with `content_hash` → `rapid_upload: true` means done, no byte sent. A `pre_hash` that does
 *    not match answers an ordinary upload, which is used (as the JS SDK does).
 * 3. The parts are PUT concurrently (`parallel_upload: true`) with an empty `Content-Type` to
 *    their `upload_url`s; an expired URL (403 `AccessDenied`) is replaced through `GetUploadUrl`.
 * 4. `CompleteFile` with `crc64_hash`, then the answer's (or `GetFile`'s) `content_hash`, `size`
 *    and `crc64_hash` must be the ones computed: anything else is an `AliyunPdsApiError`.
 *
 * Choices where the sources are silent (README "Uploads", aliyun-pds):
 * - part size: 8 MiB by default (the C++ SDK's `DefaultPartSize`), doubled until the file fits in
 *   10,000 parts; a given `partSize` must be a multiple of 64 (a SHA-1 state exists only at block
 *   boundaries) from 100 KiB to 5 GiB (the OSS limits both SDKs quote);
 * - `CreateFile` declares at most the first 100 parts; later parts are declared (with their
 *   `parallel_sha1_ctx`) through `GetUploadUrl` in batches of 100 as the transfer reaches them
 *   ("to fetch URLs for more parts", §1 of the fact sheet): 10,000 declared parts would make a
 *   request body of over 1 MB, and URLs fetched late do not expire (15 minutes) while waiting;
 * - a domain that refuses parallel mode (400 `InvalidParameterNotSupported.ParallelUpload`, which
 *   the JS SDK meets the same way) gets the upload in serial mode;
 * - stream sources are uploaded in serial mode (no `parallel_upload`, no `parallel_sha1_ctx`):
 *   parts in order, one at a time, as the JS SDK's `StandardSerialUploader` does (a stream cannot
 *   be hashed before it is sent, and serial mode needs no SHA-1 state). The hashes are computed
 *   while sending; `crc64_hash` at completion and the final check are the same. No rapid upload
 *   (it needs the whole file's SHA-1 first). Memory: one part, kept for its retries;
 * - resume: `ListUploadedParts` (all pages) says what is stored; a listed part whose size or ETag
 *   (the quoted MD5) differs from the source's bytes is sent again rather than trusted, so a
 *   corrupt stored part heals instead of failing every completion. An upload already completed
 *   (`AlreadyExist.File`) resolves when `GetFile` reports exactly the source's hashes;
 * - an empty file is one empty part (the service "returns one part" when none is given);
 * - `check_name_mode: 'refuse'` with a file of that name: CreateFile answers `exist: true` and
 *   creates nothing, which rejects with `AliyunPdsApiError` code `AlreadyExist` (never success).
 */
import type { AliyunPdsOperations } from '../../generated/aliyun-pds/client.js';
import { operations } from '../../generated/aliyun-pds/operations.js';
import type { components } from '../../generated/aliyun-pds/types.js';
import { AliyunPdsApiError, ApiError, ConfigurationError, InputError } from '../core/errors.js';
import type { CallOptions } from '../core/transport.js';
import { MultiHash, hashSource, toAliyunPdsHashFields, type AliyunPdsHashFields } from '../hashing/index.js';
import { digestHex } from '../platform/digest.js';
import { DEFAULT_CONCURRENCY, checkUploadOptions } from './options.js';
import { choosePartSize, planParts, type PartPlan, type PartSizeRule } from './plan.js';
import { ProgressTracker } from './progress.js';
import { openSource, type OpenedSource } from './source.js';
import { attachUploadState, checkResumeState, newUploadState, withPart } from './state.js';
import { sendParts, type PartTarget } from './transfer.js';
import type { UploadContext, UploadOptions, UploadResult, UploadSource, UploadState } from './types.js';

type Schemas = components['schemas'];

/** Where the file goes: the drive, the parent folder (`root` for the drive's root), the name. */
export interface AliyunPdsUploadTarget {
  drive_id: string;
  parent_file_id: string;
  name: string;
  /** Same-name policy (default `ignore`); `refuse` rejects when a file of that name exists. */
  check_name_mode?: 'ignore' | 'auto_rename' | 'refuse';
}

/** The PDS `File` the upload resolves to (CompleteFile's answer, or GetFile's). */
export type AliyunPdsFile = Schemas['File'];
export type AliyunPdsUploadResult = UploadResult<AliyunPdsFile>;

/** What the upload needs of the client: its typed operations (the client without `upload`). */
export type AliyunPdsOperationsClient = AliyunPdsOperations<CallOptions>;

const MIB = 1024 * 1024;
/** 100 KiB to 5 GiB per part, at most 10,000 parts (aliyun-pds-upload.md §3, "Part sizing"). */
export const ALIYUN_PDS_PART_SIZE: PartSizeRule = {
  default: 8 * MIB,
  min: 100 * 1024,
  max: 5 * 1024 * MIB,
  maxParts: 10_000,
  multipleOf: 64,
};
/** Parts declared per CreateFile / GetUploadUrl call (see the module comment). */
const URL_BATCH = 100;
/** ListUploadedParts page size (documented 1 to 100). */
const LIST_LIMIT = 100;
/** The byte transfer the spec describes for CreateFile's and GetUploadUrl's part URLs. */
const TRANSFER = operations.CreateFile.transfer;

type Created = Schemas['CreateFileResponse'];
type PartInfo = Schemas['UploadPartInfo'];
type Sha1Context = { h: number[]; part_offset: number };

export async function uploadAliyunPds(
  client: AliyunPdsOperationsClient,
  ctx: UploadContext,
  source: UploadSource,
  target: AliyunPdsUploadTarget,
  options?: UploadOptions,
): Promise<AliyunPdsUploadResult> {
  const opts = checkUploadOptions(options);
  const checked = checkTarget(target);
  const opened = await openSource(source, { ...(opts.size !== undefined ? { size: opts.size } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  try {
    return await new PdsUpload(client, ctx, opened, checked, opts).run();
  } finally {
    await opened.close();
  }
}

function checkTarget(target: unknown): AliyunPdsUploadTarget {
  if (typeof target !== 'object' || target === null) {
    throw new ConfigurationError('target', 'must be { drive_id, parent_file_id, name, check_name_mode? }');
  }
  const t = target as Record<string, unknown>;
  for (const name of ['drive_id', 'parent_file_id', 'name'] as const) {
    if (typeof t[name] !== 'string' || t[name] === '') throw new ConfigurationError(`target.${name}`, 'must be a non-empty string');
  }
  const mode = t.check_name_mode;
  if (mode !== undefined && mode !== 'ignore' && mode !== 'auto_rename' && mode !== 'refuse') {
    throw new ConfigurationError('target.check_name_mode', "must be 'ignore', 'auto_rename' or 'refuse'");
  }
  const known = new Set(['drive_id', 'parent_file_id', 'name', 'check_name_mode']);
  const extra = Object.keys(t).find((k) => !known.has(k));
  if (extra !== undefined) throw new ConfigurationError(`target.${extra}`, 'is not a PDS upload target field');
  return t as unknown as AliyunPdsUploadTarget;
}

/** A client-side finding about the service's answer (a hash that is not the source's): never a success. */
function mismatch(operationId: string, message: string, body: unknown): AliyunPdsApiError {
  return new AliyunPdsApiError({ provider: 'aliyun-pds', operationId, status: 200, code: 'HashMismatch', message, body });
}

const md5Hex = (bytes: Uint8Array) => digestHex('md5', bytes);
const unquoted = (etag: string) => etag.replace(/^"|"$/g, '').toLowerCase();

interface UrlEntry {
  url: string;
  contentType: string;
  /** Which fetch of URLs it came from: a refresh skips fetching when another part's refresh already did. */
  generation: number;
}

class PdsUpload {
  readonly #client: AliyunPdsOperationsClient;
  readonly #ctx: UploadContext;
  readonly #source: OpenedSource;
  readonly #target: AliyunPdsUploadTarget;
  readonly #options: UploadOptions;
  readonly #call: CallOptions;
  readonly #progress: ProgressTracker;
  /** A stream source: hashed while it is sent, in serial mode. */
  readonly #stream: boolean;
  /**
   * Parallel mode (`parallel_upload`, each part's `parallel_sha1_ctx`, parts in any order):
   * random-access sources, unless the domain refuses it; otherwise serial mode.
   */
  #parallel: boolean;
  #partSize = 0;
  #plan: PartPlan[] = [];
  #state: UploadState | undefined;
  #hashes: AliyunPdsHashFields | undefined;
  #contexts = new Map<number, Sha1Context>();
  #upload: { drive_id: string; file_id: string; upload_id: string } | undefined;
  readonly #urls = new Map<number, UrlEntry>();
  readonly #used = new Map<number, number>();
  readonly #fetching = new Map<number, Promise<void>>();
  #generation = 0;
  /** Stream sources: the hash computed while reading, and how far the stream has been read. */
  #streamHash: MultiHash<'crc64' | 'sha1'> | undefined;
  #streamRead = 0;
  #streamPart: { partNumber: number; bytes: Uint8Array } | undefined;

  constructor(
    client: AliyunPdsOperationsClient,
    ctx: UploadContext,
    source: OpenedSource,
    target: AliyunPdsUploadTarget,
    options: UploadOptions,
  ) {
    this.#client = client;
    this.#ctx = ctx;
    this.#source = source;
    this.#target = target;
    this.#options = options;
    this.#call = options.signal ? { signal: options.signal } : {};
    this.#progress = new ProgressTracker(source.size, options.onProgress);
    this.#stream = !source.randomAccess;
    this.#parallel = source.randomAccess;
  }

  async run(): Promise<AliyunPdsUploadResult> {
    const resume = this.#options.resume;
    if (resume !== undefined) return this.#resume(checkResumeState(resume, 'aliyun-pds', this.#source.fingerprint));
    this.#partSize = choosePartSize(this.#source.size, this.#options.partSize, ALIYUN_PDS_PART_SIZE);
    this.#planParts();
    await this.#hash();
    this.#progress.phase('starting');
    const created = await this.#create();
    if (created.rapid_upload === true) return this.#rapid(created);
    if (!created.upload_id) throw new AliyunPdsApiError({ provider: 'aliyun-pds', operationId: 'CreateFile', status: 200, code: 'NoUploadId', message: 'CreateFile answered no upload_id and no rapid_upload', body: created });
    this.#upload = { drive_id: this.#target.drive_id, file_id: created.file_id, upload_id: created.upload_id };
    this.#state = newUploadState({
      provider: 'aliyun-pds',
      upload: { ...this.#upload, parallel: this.#parallel, ...(this.#hashes ? { content_hash: this.#hashes.content_hash } : {}) },
      source: this.#source.fingerprint,
      partSize: this.#partSize,
      now: this.#ctx.now(),
    });
    this.#remember(created.part_info_list);
    this.#emitState();
    return this.#guarded(() => this.#transferAndComplete());
  }

  /** Any rejection once the upload exists carries its state, to resume from. */
  async #guarded<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw attachUploadState(error, this.#state);
    }
  }

  #planParts(): void {
    const plan = planParts(this.#source.size, this.#partSize);
    // An empty file is one empty part: CreateFile without parts "returns one part" (§1).
    this.#plan = plan.length === 0 ? [{ partNumber: 1, offset: 0, size: 0 }] : plan;
  }

  /** The pre-pass: one read for every hash (random-access sources; a stream is hashed while sent). */
  async #hash(): Promise<void> {
    if (this.#stream) return;
    this.#progress.phase('hashing');
    const result = await hashSource(this.#source.hashInput(), {
      algorithms: ['crc64', 'sha1'],
      extras: ['sha1First1KiB'],
      partSize: this.#partSize,
      onProgress: (bytesHashed) => this.#progress.hashed(bytesHashed),
      ...(this.#options.signal ? { signal: this.#options.signal } : {}),
    });
    if (result.size !== this.#source.size) {
      throw new InputError(`the source changed while it was read: ${result.size} bytes hashed, ${this.#source.size} expected`);
    }
    this.#hashes = toAliyunPdsHashFields(result);
    for (const part of this.#hashes.part_info_list ?? []) this.#contexts.set(part.part_number, part.parallel_sha1_ctx);
  }

  /** A part as CreateFile / GetUploadUrl declare it: its number and, in parallel mode, the SHA-1 state before it. */
  #declared(partNumber: number): { part_number: number; parallel_sha1_ctx?: Sha1Context } {
    const context = this.#parallel ? this.#contexts.get(partNumber) : undefined;
    return { part_number: partNumber, ...(context ? { parallel_sha1_ctx: context } : {}) };
  }

  async #create(): Promise<Created> {
    try {
      return await this.#createOnce();
    } catch (error) {
      // aliyun-pds-js-sdk: a domain without parallel upload refuses it with this code; the JS SDK
      // then uploads in serial mode, and so does this.
      if (!(this.#parallel && error instanceof ApiError && error.code === 'InvalidParameterNotSupported.ParallelUpload')) throw error;
      this.#parallel = false;
      return this.#createOnce();
    }
  }

  async #createOnce(): Promise<Created> {
    const t = this.#target;
    const base = {
      drive_id: t.drive_id,
      parent_file_id: t.parent_file_id,
      name: t.name,
      type: 'file' as const,
      size: this.#source.size,
      ...(t.check_name_mode ? { check_name_mode: t.check_name_mode } : {}),
      ...(this.#parallel ? { parallel_upload: true } : {}),
      part_info_list: this.#plan.slice(0, URL_BATCH).map((p) => this.#declared(p.partNumber)),
    };
    const hashes = this.#hashes;
    let created: Created;
    if (this.#options.rapidUpload !== false && hashes?.pre_hash !== undefined) {
      try {
        created = await this.#client.createFile({ body: { ...base, pre_hash: hashes.pre_hash } }, this.#call);
      } catch (error) {
        if (!(error instanceof ApiError && error.status === 409 && error.code === 'PreHashMatched')) throw error;
        // The service may hold this content: the whole file's SHA-1 decides (§6, pre_hash).
        created = await this.#client.createFile(
          { body: { ...base, content_hash: hashes.content_hash, content_hash_name: hashes.content_hash_name } },
          this.#call,
        );
      }
    } else {
      // No hash at all: a content_hash would make the service answer a rapid upload.
      created = await this.#client.createFile({ body: base }, this.#call);
    }
    if (created.exist === true) {
      throw new AliyunPdsApiError({
        provider: 'aliyun-pds',
        operationId: 'CreateFile',
        status: 200,
        code: 'AlreadyExist',
        message: `a file named ${JSON.stringify(t.name)} exists (file_id ${created.file_id}) and check_name_mode is refuse: nothing was uploaded`,
        body: created,
      });
    }
    return created;
  }

  async #rapid(created: Created): Promise<AliyunPdsUploadResult> {
    this.#state = newUploadState({
      provider: 'aliyun-pds',
      upload: { drive_id: this.#target.drive_id, file_id: created.file_id, upload_id: created.upload_id ?? '', parallel: this.#parallel },
      source: this.#source.fingerprint,
      partSize: this.#partSize,
      now: this.#ctx.now(),
    });
    return this.#guarded(async () => {
      this.#progress.phase('completing', 0);
      const file = await this.#client.getFile({ body: { drive_id: this.#target.drive_id, file_id: created.file_id } }, this.#call);
      this.#verify('GetFile', file);
      return { file, rapidUpload: true, bytesSent: 0, partsSent: 0, state: this.#state! };
    });
  }

  async #resume(state: UploadState): Promise<AliyunPdsUploadResult> {
    const upload = state.upload;
    const ids = ['drive_id', 'file_id', 'upload_id'].map((k) => upload[k]);
    if (!ids.every((v): v is string => typeof v === 'string' && v !== '')) {
      throw new ConfigurationError('resume', 'upload must hold the PDS drive_id, file_id and upload_id');
    }
    const [driveId, fileId, uploadId] = ids as [string, string, string];
    if (driveId !== this.#target.drive_id) {
      throw new ConfigurationError('resume', `belongs to drive ${driveId}, not to target.drive_id ${this.#target.drive_id}`);
    }
    // A stream has no SHA-1 state for the parts a parallel upload still needs declared.
    if (upload.parallel === true && this.#stream) {
      throw new ConfigurationError('resume', 'was a parallel upload of a file, Blob or bytes: a stream cannot continue it');
    }
    this.#parallel = upload.parallel === true;
    if (this.#options.partSize !== undefined && this.#options.partSize !== state.partSize) {
      throw new ConfigurationError('partSize', `must be the resumed upload's (${state.partSize}) or left out`);
    }
    // The resumed part size was chosen against the same rule; a state file edited by hand is checked again.
    this.#partSize = choosePartSize(this.#source.size, state.partSize, ALIYUN_PDS_PART_SIZE);
    this.#planParts();
    this.#upload = { drive_id: driveId, file_id: fileId, upload_id: uploadId };
    // Until the service says what it holds, a rejection hands back the state as it was given.
    this.#state = state;
    return this.#guarded(async () => {
      await this.#hash();
      const declaredHash = upload.content_hash;
      if (this.#hashes && typeof declaredHash === 'string' && declaredHash !== this.#hashes.content_hash) {
        throw new InputError(`the source changed since the upload started: its SHA-1 is ${this.#hashes.content_hash}, the upload's ${declaredHash}`);
      }
      this.#progress.phase('starting');
      const listed = await this.#listUploaded();
      if (listed === 'complete') return this.#alreadyComplete();
      this.#state = { ...state, parts: [] };
      const trusted = await this.#trusted(listed);
      for (const part of trusted) this.#state = withPart(this.#state!, part);
      this.#progress.resumed(trusted.reduce((n, p) => n + p.size, 0), trusted.length);
      this.#emitState();
      return this.#transferAndComplete();
    });
  }

  /** Every part the service holds (all pages), or 'complete' when the upload already completed. */
  async #listUploaded(): Promise<PartInfo[] | 'complete'> {
    const upload = this.#upload!;
    const parts: PartInfo[] = [];
    let marker: string | undefined;
    // A marker that does not advance would loop forever: at most one page per possible part.
    for (let page = 0; page <= ALIYUN_PDS_PART_SIZE.maxParts / LIST_LIMIT + 1; page++) {
      let answer: Schemas['ListUploadedPartsResponse'];
      try {
        answer = await this.#client.listUploadedParts(
          { body: { ...upload, limit: LIST_LIMIT, ...(marker !== undefined ? { part_number_marker: marker } : {}) } },
          this.#call,
        );
      } catch (error) {
        // aliyun-pds-js-sdk treats AlreadyExist.File as "the file is done" (a completion whose answer was lost).
        if (error instanceof ApiError && error.code === 'AlreadyExist.File') return 'complete';
        throw error;
      }
      parts.push(...answer.uploaded_parts);
      const next = answer.next_part_number_marker;
      if (next === undefined || next === '') return parts;
      if (next === marker) break;
      marker = next;
    }
    throw new AliyunPdsApiError({ provider: 'aliyun-pds', operationId: 'ListUploadedParts', status: 200, code: 'EndlessListing', message: 'the part listing did not end' });
  }

  /**
   * The listed parts that hold exactly the source's bytes (size and, where listed, the ETag's
   * MD5); the others are sent again. Streams are trusted by size: their bytes are not at hand yet.
   */
  async #trusted(listed: readonly PartInfo[]): Promise<{ partNumber: number; size: number; etag?: string }[]> {
    const byNumber = new Map(this.#plan.map((p) => [p.partNumber, p]));
    const out: { partNumber: number; size: number; etag?: string }[] = [];
    for (const info of listed) {
      const part = byNumber.get(info.part_number);
      if (!part || (info.part_size !== undefined && info.part_size !== part.size)) continue;
      if (info.etag !== undefined && this.#source.randomAccess) {
        const bytes = await this.#source.read(part.offset, part.offset + part.size, this.#options.signal ? { signal: this.#options.signal } : {});
        const data = bytes instanceof Blob ? new Uint8Array(await bytes.arrayBuffer()) : bytes;
        if (unquoted(info.etag) !== md5Hex(data)) continue;
      }
      out.push({ partNumber: part.partNumber, size: part.size, ...(info.etag !== undefined ? { etag: info.etag } : {}) });
    }
    return out;
  }

  async #alreadyComplete(): Promise<AliyunPdsUploadResult> {
    const upload = this.#upload!;
    this.#progress.phase('completing');
    // A stream is read to its end (nothing sent) for the hashes the file must report.
    if (this.#stream) await this.#finishStream();
    const file = await this.#client.getFile({ body: { drive_id: upload.drive_id, file_id: upload.file_id } }, this.#call);
    this.#verify('GetFile', file);
    for (const part of this.#plan) this.#state = withPart(this.#state!, { partNumber: part.partNumber, size: part.size });
    return { file, rapidUpload: false, bytesSent: 0, partsSent: 0, state: this.#state! };
  }

  #emitState(): void {
    const onState = this.#options.onState;
    if (!onState || !this.#state) return;
    try {
      onState(this.#state);
    } catch {
      // A throwing callback must not break the upload (types.ts: callbacks "must not throw").
    }
  }

  /** Part URLs from an answer (CreateFile, GetUploadUrl), under a new generation. */
  #remember(parts: readonly PartInfo[] | undefined): void {
    const generation = ++this.#generation;
    for (const part of parts ?? []) {
      if (part.upload_url) this.#urls.set(part.part_number, { url: part.upload_url, contentType: part.content_type ?? '', generation });
    }
  }

  async #transferAndComplete(): Promise<AliyunPdsUploadResult> {
    const stored = new Set(this.#state!.parts.map((p) => p.partNumber));
    const missing = this.#plan.filter((p) => !stored.has(p.partNumber));
    this.#progress.phase('uploading', this.#plan.length);
    let bytesSent = 0;
    if (missing.length > 0) {
      const sent = await sendParts({
        ctx: this.#ctx,
        operationId: 'UploadPart',
        parts: missing,
        body: (part, signal) => this.#body(part, signal),
        target: (part, refresh, signal) => this.#partTarget(part, refresh, signal, missing),
        successStatus: TRANSFER.successStatus,
        verifyEtag: TRANSFER.etag,
        // Serial mode: parts in order, one at a time (aliyun-pds-upload.md §3).
        concurrency: this.#parallel ? (this.#options.concurrency ?? DEFAULT_CONCURRENCY) : 1,
        maxRetries: this.#options.maxRetries ?? this.#ctx.maxRetries,
        partTimeout: this.#options.partTimeout ?? this.#ctx.timeout,
        ...(this.#options.signal ? { signal: this.#options.signal } : {}),
        onPartStored: (part, etag) => {
          this.#state = withPart(this.#state!, { partNumber: part.partNumber, size: part.size, ...(etag !== undefined ? { etag } : {}) });
          this.#progress.stored(part.size);
          this.#emitState();
        },
      });
      bytesSent = sent.bytesSent;
    }
    if (this.#stream) await this.#finishStream();
    return this.#complete(bytesSent, missing.length);
  }

  async #body(part: PartPlan, signal: AbortSignal): Promise<Uint8Array | Blob> {
    if (!this.#stream) return this.#source.read(part.offset, part.offset + part.size, { signal });
    const cached = this.#streamPart;
    if (cached?.partNumber === part.partNumber) return cached.bytes; // a retry
    await this.#streamTo(part.offset, signal);
    const bytes = await this.#readStream(part.size, signal);
    this.#streamPart = { partNumber: part.partNumber, bytes };
    return bytes;
  }

  /** Stream sources: reads (and hashes) the next `length` bytes. */
  async #readStream(length: number, signal?: AbortSignal): Promise<Uint8Array> {
    this.#streamHash ??= new MultiHash(['crc64', 'sha1']);
    const bytes = length === 0 ? new Uint8Array(0) : await this.#source.next(length, signal);
    if (bytes.length !== length) throw new InputError(`the stream ended at byte ${this.#streamRead + bytes.length} of ${this.#source.size}`);
    this.#streamHash.update(bytes);
    this.#streamRead += length;
    return bytes;
  }

  /** Stream sources: reads up to `offset`, hashing the parts stored earlier without sending them. */
  async #streamTo(offset: number, signal?: AbortSignal): Promise<void> {
    while (this.#streamRead < offset) {
      this.#streamPart = undefined;
      await this.#readStream(Math.min(this.#partSize, offset - this.#streamRead), signal);
    }
  }

  async #finishStream(): Promise<void> {
    this.#streamPart = undefined;
    await this.#streamTo(this.#source.size, this.#options.signal);
    const result = (this.#streamHash ?? new MultiHash(['crc64', 'sha1'])).digest();
    this.#hashes = toAliyunPdsHashFields(result);
  }

  async #partTarget(part: PartPlan, refresh: boolean, signal: AbortSignal, missing: readonly PartPlan[]): Promise<PartTarget> {
    let entry = this.#urls.get(part.partNumber);
    const used = this.#used.get(part.partNumber) ?? 0;
    // A refresh another part's refresh already did needs no second GetUploadUrl.
    if (!entry || (refresh && entry.generation <= used)) {
      await this.#fetchUrls(part, missing, signal);
      entry = this.#urls.get(part.partNumber);
      if (!entry) {
        throw new AliyunPdsApiError({ provider: 'aliyun-pds', operationId: 'GetUploadUrl', status: 200, code: 'NoUploadUrl', message: `GetUploadUrl answered no upload_url for part ${part.partNumber}` });
      }
    }
    this.#used.set(part.partNumber, entry.generation);
    return { method: 'PUT', url: entry.url, headers: { ...TRANSFER.headers, 'Content-Type': entry.contentType } };
  }

  /** GetUploadUrl for `part` and the next parts not yet stored (one call per batch, shared by concurrent refreshes). */
  async #fetchUrls(part: PartPlan, missing: readonly PartPlan[], signal: AbortSignal): Promise<void> {
    const pending = this.#fetching.get(part.partNumber);
    if (pending) return pending;
    const stored = new Set(this.#state!.parts.map((p) => p.partNumber));
    const start = missing.findIndex((p) => p.partNumber === part.partNumber);
    const batch = [part.partNumber];
    for (const p of missing.slice(start + 1)) {
      if (batch.length >= URL_BATCH) break;
      if (!stored.has(p.partNumber) && !this.#fetching.has(p.partNumber)) batch.push(p.partNumber);
    }
    const call = (async () => {
      const answer = await this.#client.getUploadUrl(
        { body: { ...this.#upload!, part_info_list: batch.map((n) => this.#declared(n)) } },
        { signal },
      );
      this.#remember(answer.part_info_list);
    })();
    for (const n of batch) this.#fetching.set(n, call);
    try {
      await call;
    } finally {
      for (const n of batch) if (this.#fetching.get(n) === call) this.#fetching.delete(n);
    }
  }

  async #complete(bytesSent: number, partsSent: number): Promise<AliyunPdsUploadResult> {
    this.#progress.phase('completing');
    await this.#source.checkUnchanged();
    const upload = this.#upload!;
    let done: AliyunPdsFile | undefined;
    let lost: ApiError | undefined;
    try {
      done = await this.#client.completeFile({ body: { ...upload, crc64_hash: this.#hashes!.crc64_hash } }, this.#call);
    } catch (error) {
      // A completion retried after its answer was lost meets its own success: the upload is gone
      // (404). The file's record decides, checked like any answer (core/errors.ts ApiError.attempts).
      if (!(error instanceof ApiError && error.attempts > 1 && error.status === 404)) throw error;
      lost = error;
    }
    let file: AliyunPdsFile;
    let operationId = 'CompleteFile';
    if (done?.content_hash && done.size !== undefined) file = done;
    else {
      // Where the completion's answer leaves a hash or the size out, the file's own record decides.
      try {
        file = await this.#client.getFile({ body: { drive_id: upload.drive_id, file_id: upload.file_id } }, this.#call);
      } catch (error) {
        throw lost ?? error;
      }
      operationId = 'GetFile';
    }
    this.#verify(operationId, file);
    return { file, rapidUpload: false, bytesSent, partsSent, state: this.#state! };
  }

  /** The file must report exactly the computed hashes and size: anything else is an error, never success. */
  #verify(operationId: string, file: AliyunPdsFile): void {
    const hashes = this.#hashes!;
    const contentHash = file.content_hash;
    if (typeof contentHash !== 'string' || contentHash === '') {
      throw mismatch(operationId, `${operationId} reports no content_hash: the upload cannot be checked`, file);
    }
    if (contentHash.toUpperCase() !== hashes.content_hash) {
      throw mismatch(operationId, `${operationId} reports content_hash ${contentHash}; the SHA-1 of the source is ${hashes.content_hash}`, file);
    }
    if (file.size !== hashes.size) {
      throw mismatch(operationId, `${operationId} reports size ${String(file.size)}; the source has ${hashes.size} bytes`, file);
    }
    const crc = file.crc64_hash;
    if (crc !== undefined && crc !== '' && crc !== hashes.crc64_hash) {
      throw mismatch(operationId, `${operationId} reports crc64_hash ${crc}; the CRC-64 of the source is ${hashes.crc64_hash}`, file);
    }
  }
}
