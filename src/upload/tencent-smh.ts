/**
 * `client.upload(source, target, options)` for Tencent SMH (issue 12): instant upload first, else
 * a simple upload (one PUT) below 2 MiB or a multipart upload, the bytes PUT to COS with exactly
 * the headers the start answered, expired credentials renewed, then ConfirmUpload with the whole
 * file's CRC-64 and the answer checked against it. docs/upload/tencent-smh-upload.md; the choices
 * where the pages are silent are named where they are made (and in the README's tencent-smh
 * section).
 *
 * Hashes, in as few reads as the answers allow:
 * - instant upload needs `beginningHash` (SHA-256 of the first MiB: one small read) before the
 *   start; only a 202 (the beginning matched a stored file) makes the whole-file pass for
 *   `fullHash` worth it. A miss costs no whole-file pre-pass.
 * - `crc64` is computed from the bytes as they are sent, one CRC per part combined in order
 *   (`combineCrc64`), so streams need no pre-pass either; parts stored by an earlier call are read
 *   again on resume (their ETag checked against their MD5 on the way), nothing else is read twice.
 *   When the whole-file pass ran, its CRC must equal the combined one: the source did not change.
 */
import type { components } from '../../generated/tencent-smh/types.js';
import type { TencentSmhClient as Surface } from '../../generated/tencent-smh/client.js';
import { ConfigurationError, InputError, ResponseValidationError, TencentSmhApiError } from '../core/errors.js';
import type { CallOptions } from '../core/transport.js';
import { Crc64 } from '../hashing/crc64.js';
import { combineCrc64 } from '../hashing/crc64-combine.js';
import { hashSource } from '../hashing/hash-source.js';
import { digestHex } from '../platform/digest.js';
import { checkUploadOptions } from './options.js';
import { choosePartSize, planParts, type PartPlan, type PartSizeRule } from './plan.js';
import { ProgressTracker } from './progress.js';
import { openSource, type OpenedSource } from './source.js';
import { attachUploadState, checkResumeState, newUploadState, withPart } from './state.js';
import { sendParts, type PartTarget } from './transfer.js';
import type { UploadContext, UploadOptions, UploadResult, UploadSource, UploadState } from './types.js';

type UploadInfo = components['schemas']['UploadInfo'];
type ConfirmedFile = components['schemas']['ConfirmUploadResponse'];
type InstantFile = components['schemas']['InstantUploadFileInfo'];
type Strategy = 'ask' | 'rename' | 'overwrite';

/**
 * Where an upload goes: `path` inside the space (`docs/2024/report.mp4`; parents must exist). A
 * client created without `libraryId` (`HasLibraryId` false) names the library here.
 */
export type TencentSmhUploadTarget<HasLibraryId extends boolean = true> = {
  path: string;
  /** `ask` (409 when the name is taken), `rename` (SMH's default) or `overwrite`. */
  conflict_resolution_strategy?: Strategy;
} & (HasLibraryId extends true ? { /** Another library than the client's. */ libraryId?: string } : { libraryId: string });

/** What the upload resolves to: ConfirmUpload's answer, or the file an instant upload created. */
export type TencentSmhUploadedFile = ConfirmedFile | InstantFile;
export type TencentSmhUploadResult = UploadResult<TencentSmhUploadedFile>;

/** What the client knows that the upload needs: where the API is, and the library / space it fills. */
export interface TencentSmhUploadApi {
  baseUrl: string;
  libraryId?: string | undefined;
  spaceId: string;
}

/** The bound typed client; every call passes `LibraryId` itself. */
export type TencentSmhUploadClient = Surface<CallOptions, never>;

const MiB = 1 << 20;
/**
 * smh-sdk-android's policy (docs/upload/tencent-smh-upload.md §2, "Part sizing"): multipart from
 * 2 MiB (`multipartUploadThreshold`), a single PUT below.
 */
export const TENCENT_SMH_MULTIPART_THRESHOLD = 2 * MiB;
/**
 * Parts: smh-sdk-android's 1 MiB default, grown to fit 10,000 parts (§2). Limits: COS's multipart
 * rules (1 MiB to 5 GiB a part, the last smaller, at most 10,000 parts); the SMH pages state none.
 */
export const tencentSmhPartSizeRule: PartSizeRule = { default: MiB, min: MiB, max: 5 * 1024 * MiB, maxParts: 10_000 };

const PROVIDER = 'tencent-smh' as const;

export async function uploadTencentSmh(
  client: TencentSmhUploadClient,
  ctx: UploadContext,
  source: UploadSource,
  target: TencentSmhUploadTarget<boolean>,
  options: UploadOptions | undefined,
  api: TencentSmhUploadApi,
): Promise<TencentSmhUploadResult> {
  const opts = checkUploadOptions(options ?? {});
  const where = checkTarget(target, api);
  const opened = await openSource(source, { ...(opts.size !== undefined ? { size: opts.size } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  try {
    return await new SmhUpload(client, ctx, opened, where, opts, api).run();
  } finally {
    await opened.close();
  }
}

interface Where {
  path: string;
  libraryId: string;
  spaceId: string;
  strategy: Strategy | undefined;
}

function checkTarget(target: unknown, api: TencentSmhUploadApi): Where {
  if (target === null || typeof target !== 'object' || Array.isArray(target)) {
    throw new ConfigurationError('target', 'must be an object { path, conflict_resolution_strategy?, libraryId? }');
  }
  const t = target as Record<string, unknown>;
  for (const name of Object.keys(t)) {
    if (!['path', 'conflict_resolution_strategy', 'libraryId'].includes(name)) {
      throw new ConfigurationError(`target.${name}`, 'is not a tencent-smh target field (path, conflict_resolution_strategy, libraryId)');
    }
  }
  // The full rules (segments, length) are the spec's FilePath: the first call validates them.
  if (typeof t.path !== 'string' || t.path === '') throw new ConfigurationError('target.path', 'must be a non-empty string such as docs/report.docx');
  const strategy = t.conflict_resolution_strategy;
  if (strategy !== undefined && strategy !== 'ask' && strategy !== 'rename' && strategy !== 'overwrite') {
    throw new ConfigurationError('target.conflict_resolution_strategy', 'must be ask, rename or overwrite');
  }
  const libraryId = t.libraryId ?? api.libraryId;
  if (typeof libraryId !== 'string' || libraryId === '') {
    throw new ConfigurationError('target.libraryId', 'is required when the client was created without libraryId');
  }
  return { path: t.path, libraryId, spaceId: api.spaceId, strategy: strategy as Strategy | undefined };
}

/** One part's CRC-64 and size, from the bytes read for it. */
interface PartCrc {
  crc: string;
  size: number;
}

/** An answer of InitUpload: the file an instant upload created (a `path` array), or upload information. */
function isFileInfo(answer: unknown): answer is InstantFile {
  return typeof answer === 'object' && answer !== null && Array.isArray((answer as { path?: unknown }).path);
}

const md5Hex = (bytes: Uint8Array) => digestHex('md5', bytes);
const crcOf = (bytes: Uint8Array) => new Crc64().update(bytes).digest();

class SmhUpload {
  readonly #client: TencentSmhUploadClient;
  readonly #ctx: UploadContext;
  readonly #source: OpenedSource;
  readonly #where: Where;
  readonly #opts: UploadOptions;
  readonly #api: TencentSmhUploadApi;
  readonly #progress: ProgressTracker;
  readonly #call: CallOptions;
  readonly #crcs = new Map<number, PartCrc>();
  #state: UploadState | undefined;
  /** The current COS target: the start's, the status's (resume) or the latest renewal's. */
  #info: UploadInfo | undefined;
  #uploadId: string | undefined;
  #confirmKey = '';
  #multipart = false;
  #renewing: Promise<UploadInfo> | undefined;

  constructor(client: TencentSmhUploadClient, ctx: UploadContext, source: OpenedSource, where: Where, opts: UploadOptions, api: TencentSmhUploadApi) {
    this.#client = client;
    this.#ctx = ctx;
    this.#source = source;
    this.#where = where;
    this.#opts = opts;
    this.#api = api;
    this.#progress = new ProgressTracker(source.size, opts.onProgress);
    this.#call = opts.signal ? { signal: opts.signal } : {};
  }

  get #path() {
    return { LibraryId: this.#where.libraryId, FilePath: this.#where.path };
  }

  async run(): Promise<TencentSmhUploadResult> {
    const size = this.#source.size;
    if (this.#opts.resume !== undefined) {
      const resumed = checkResumeState(this.#opts.resume, PROVIDER, this.#source.fingerprint);
      // A simple upload (below 2 MiB) has no parts to ask for: it starts again below.
      if (this.#resumable(resumed)) return this.#guard(() => this.#resume(resumed));
    }
    this.#multipart = size >= TENCENT_SMH_MULTIPART_THRESHOLD;
    const partSize = this.#multipart ? choosePartSize(size, this.#opts.partSize, tencentSmhPartSizeRule) : Math.max(size, 1);
    if (!this.#multipart && this.#opts.partSize !== undefined) choosePartSize(size, this.#opts.partSize, tencentSmhPartSizeRule);

    let wholeCrc: string | undefined;
    if (this.#opts.rapidUpload !== false && this.#source.randomAccess) {
      const instant = await this.#instant();
      if (instant.file) return instant.file;
      wholeCrc = instant.crc64;
      if (instant.info && !this.#multipart) this.#began(instant.info, partSize);
      else if (instant.info) await this.#dropSimple(instant.info);
    }
    if (!this.#state) await this.#start(partSize);
    return this.#guard(async () => {
      const parts = this.#plan(partSize);
      return this.#finish(parts, parts, wholeCrc);
    });
  }

  /** Runs `step`; any rejection carries the state (after the start there always is one). */
  async #guard<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw attachUploadState(error, this.#state);
    }
  }

  #plan(partSize: number): PartPlan[] {
    const size = this.#source.size;
    // A simple upload is one PUT of the whole file, also of an empty one.
    return this.#multipart ? planParts(size, partSize) : [{ partNumber: 1, offset: 0, size }];
  }

  /**
   * Instant upload (§1, §7): `size` + `beginningHash`; on 202 the whole-file pass, then `fullHash`.
   * Resolves to the created file (checked), or to the upload information a miss answered.
   */
  async #instant(): Promise<{ file?: TencentSmhUploadResult; info?: UploadInfo & { confirmKey: string }; crc64?: string }> {
    const size = this.#source.size;
    const first = await this.#source.read(0, Math.min(MiB, size), this.#call.signal ? { signal: this.#call.signal } : {});
    const beginningHash = digestHex('sha256', first instanceof Uint8Array ? first : new Uint8Array(await first.arrayBuffer()));
    this.#progress.phase('starting');
    const query = this.#startQuery();
    let answer = await this.#client.initUpload({ params: { path: this.#path, query }, body: { size, beginningHash } }, this.#call);
    let whole: { crc64: string; fullHash: string } | undefined;
    // A file for the beginning alone is off the documented protocol (202 first): its crc64 must vouch.
    const offProtocol = isFileInfo(answer);
    if (answer === undefined || isFileInfo(answer)) {
      // 202, or (off the documented protocol) a file for the beginning alone: only the whole file tells.
      this.#progress.phase('hashing');
      const hashed = await hashSource(this.#source.hashInput(), {
        algorithms: ['crc64'],
        extras: ['sha256First1MiB', 'sha256MiBChain'],
        // Bytes hashed so far: a large file's hashing phase shows progress.
        onProgress: (bytes) => this.#progress.hashed(bytes),
        ...(this.#call.signal ? { signal: this.#call.signal } : {}),
      });
      this.#progress.hashed(hashed.size);
      if (hashed.size !== size || hashed.sha256First1MiB !== beginningHash) throw new InputError('the source changed while it was hashed');
      whole = { crc64: hashed.crc64, fullHash: hashed.sha256MiBChain };
      if (answer === undefined) {
        this.#progress.phase('starting');
        answer = await this.#client.initUpload({ params: { path: this.#path, query }, body: { size, beginningHash, fullHash: whole.fullHash } }, this.#call);
      }
    }
    if (answer === undefined) {
      // A second 202 after fullHash: the service neither created the file nor gave a target.
      throw new TencentSmhApiError({ provider: PROVIDER, operationId: 'InitUpload', status: 202, code: 'InstantUploadUnanswered', message: 'InitUpload with fullHash answered 202 again: no file and no upload target' });
    }
    if (isFileInfo(answer)) {
      checkReported('InitUpload', answer, size, whole!.crc64, offProtocol);
      return { file: { file: answer, rapidUpload: true, bytesSent: 0, partsSent: 0, state: this.#instantState(answer) } };
    }
    return { info: answer, ...(whole ? { crc64: whole.crc64 } : {}) };
  }

  #startQuery() {
    return {
      ...(this.#where.strategy !== undefined ? { conflict_resolution_strategy: this.#where.strategy } : {}),
      // The declared size makes the service refuse a confirm of fewer bytes (a lost last part).
      filesize: String(this.#source.size),
    };
  }

  /** An instant-upload miss of a file to send in parts: its simple upload is not used. */
  async #dropSimple(info: { confirmKey: string }): Promise<void> {
    try {
      await this.#client.cancelUpload({ params: { path: { LibraryId: this.#where.libraryId, ConfirmKey: info.confirmKey } } }, this.#call);
    } catch (error) {
      // Nothing was sent to it; a task left behind expires. Only the caller's abort stops here.
      if (this.#call.signal?.aborted) throw error;
    }
  }

  async #start(partSize: number): Promise<void> {
    this.#progress.phase('starting');
    const query = this.#startQuery();
    const info = this.#multipart
      ? await this.#client.initMultipartUpload({ params: { path: this.#path, query } }, this.#call)
      : await this.#client.initUpload({ params: { path: this.#path, query } }, this.#call);
    if (info === undefined || isFileInfo(info)) {
      throw new TencentSmhApiError({ provider: PROVIDER, operationId: 'InitUpload', status: info === undefined ? 202 : 200, code: 'UnexpectedAnswer', message: 'an upload start without instant-upload hashes answered no upload target' });
    }
    this.#began(info, partSize);
  }

  #began(info: UploadInfo & { confirmKey: string }, partSize: number): void {
    this.#info = info;
    this.#confirmKey = info.confirmKey;
    this.#uploadId = typeof info.uploadId === 'string' ? info.uploadId : undefined;
    this.#state = newUploadState({
      provider: PROVIDER,
      upload: this.#identity(),
      source: this.#source.fingerprint,
      partSize,
      now: this.#ctx.now(),
    });
    this.#emitState();
  }

  #identity(): Record<string, string | boolean> {
    return {
      libraryId: this.#where.libraryId,
      spaceId: this.#where.spaceId,
      path: this.#where.path,
      confirmKey: this.#confirmKey,
      multipart: this.#multipart,
    };
  }

  #emitState(): void {
    if (this.#state) this.#opts.onState?.(this.#state);
  }

  #resumable(state: UploadState): boolean {
    const u = state.upload;
    if (u.instant === true) throw new ConfigurationError('resume', 'is the state of an instant upload, which completed at once: nothing to resume');
    if (typeof u.confirmKey !== 'string' || u.confirmKey === '' || typeof u.multipart !== 'boolean' || typeof u.path !== 'string') {
      throw new ConfigurationError('resume', 'is not a tencent-smh upload state (upload.confirmKey, upload.path, upload.multipart)');
    }
    if (u.path !== this.#where.path) throw new ConfigurationError('resume', `is the upload of ${JSON.stringify(u.path)}, not of target.path ${JSON.stringify(this.#where.path)}`);
    if (u.libraryId !== this.#where.libraryId || u.spaceId !== this.#where.spaceId) {
      throw new ConfigurationError('resume', `is an upload in library ${String(u.libraryId)} space ${String(u.spaceId)}, not ${this.#where.libraryId} ${this.#where.spaceId}`);
    }
    return u.multipart;
  }

  /** GetUploadStatus (§5): the parts stored, checked against the source, then only the others are sent. */
  async #resume(resumed: UploadState): Promise<TencentSmhUploadResult> {
    const size = this.#source.size;
    if (size < TENCENT_SMH_MULTIPART_THRESHOLD) throw new ConfigurationError('resume', 'is a multipart upload, but the source is below 2 MiB');
    const partSize = choosePartSize(size, resumed.partSize, tencentSmhPartSizeRule);
    if (this.#opts.partSize !== undefined && this.#opts.partSize !== partSize) {
      throw new ConfigurationError('partSize', `must be the resumed upload's ${partSize} (or left out)`);
    }
    this.#multipart = true;
    this.#confirmKey = String(resumed.upload.confirmKey);
    // Until the status is read, a failure hands back the state as it was given.
    this.#state = resumed;
    this.#progress.phase('starting');
    const status = await this.#client.getUploadStatus({ params: { path: { LibraryId: this.#where.libraryId, ConfirmKey: this.#confirmKey } } }, this.#call);
    if (status.confirmed) {
      throw new ConfigurationError('resume', `the upload was already confirmed (the file is at ${JSON.stringify((status.path ?? []).join('/'))})`);
    }
    if (!status.uploadPartInfo) {
      throw new TencentSmhApiError({ provider: PROVIDER, operationId: 'GetUploadStatus', status: 200, code: 'NoUploadPartInfo', message: 'the status of an unconfirmed upload carries no uploadPartInfo to send the parts with' });
    }
    this.#info = status.uploadPartInfo;
    // The parts are what the service holds and the source matches, not what the state said.
    this.#state = { ...resumed, parts: [] };
    this.#uploadId = typeof status.uploadPartInfo.uploadId === 'string' ? status.uploadPartInfo.uploadId : status.uploadId;

    const plan = this.#plan(partSize);
    const byNumber = new Map(plan.map((p) => [p.partNumber, p]));
    // Parts that fit the plan; each is read again and kept only if its ETag is its bytes' MD5.
    const stored = (status.parts ?? []).filter((p) => byNumber.get(p.PartNumber)?.size === p.Size);
    const kept = new Set<number>();
    if (this.#source.randomAccess) {
      for (const p of stored) {
        const part = byNumber.get(p.PartNumber)!;
        const bytes = await this.#bytes(part);
        if (p.ETag.replace(/"/g, '').toLowerCase() !== md5Hex(bytes)) continue; // stored otherwise: sent again
        this.#keep(part, bytes, p.ETag);
        kept.add(part.partNumber);
      }
      this.#emitState();
      return this.#finish(plan, plan.filter((p) => !kept.has(p.partNumber)), undefined);
    }
    // A stream is read once, in order: the stored parts are checked as the cursor passes them.
    this.#streamStored = new Map(stored.map((p) => [p.PartNumber, p.ETag]));
    this.#emitState();
    return this.#finish(plan, plan.filter((p) => !this.#streamStored!.has(p.partNumber)), undefined);
  }

  /** Stream resume: stored parts' ETags by number, consumed (checked, not sent) as the stream passes them. */
  #streamStored: Map<number, string> | undefined;
  /** Stream sources: the parts `next()` has read, and those read ahead of their PUT. */
  readonly #consumed = new Set<number>();
  readonly #readAhead = new Map<number, Uint8Array>();
  #reading: Promise<unknown> = Promise.resolve();

  #keep(part: PartPlan, bytes: Uint8Array, etag: string | undefined): void {
    this.#crcs.set(part.partNumber, { crc: crcOf(bytes), size: bytes.length });
    this.#state = withPart(this.#state!, { partNumber: part.partNumber, size: part.size, ...(etag !== undefined ? { etag } : {}) });
    this.#progress.stored(part.size);
  }

  async #bytes(part: PartPlan, signal?: AbortSignal): Promise<Uint8Array> {
    const body = await this.#source.read(part.offset, part.offset + part.size, signal ? { signal } : this.#call.signal ? { signal: this.#call.signal } : {});
    return body instanceof Uint8Array ? body : new Uint8Array(await body.arrayBuffer());
  }

  /**
   * A stream's bytes for `part` (or, `part` undefined, the rest of the stream), read in order:
   * parts before it are read ahead and kept until their PUT asks; the stored parts of a resume
   * are checked against their ETag and dropped.
   */
  #streamBytes(plan: readonly PartPlan[], part: PartPlan | undefined, signal: AbortSignal | undefined): Promise<Uint8Array | undefined> {
    const result = this.#reading.then(async () => {
      const ahead = part && this.#readAhead.get(part.partNumber);
      if (ahead) return ahead;
      for (const p of plan) {
        if (this.#consumed.has(p.partNumber)) continue;
        const bytes = await this.#source.next(p.size, signal);
        if (bytes.length !== p.size) throw new InputError(`the stream ended ${p.size - bytes.length} bytes before its size`);
        this.#consumed.add(p.partNumber);
        const etag = this.#streamStored?.get(p.partNumber);
        if (etag !== undefined) {
          if (etag.replace(/"/g, '').toLowerCase() !== md5Hex(bytes)) {
            throw new InputError(`part ${p.partNumber} of the stream differs from the part stored by the upload being resumed`);
          }
          this.#keep(p, bytes, etag);
          this.#emitState();
          continue;
        }
        if (!part) throw new InputError(`part ${p.partNumber} of the stream was not sent`);
        // Kept until the part is stored: its retries send the same bytes.
        this.#readAhead.set(p.partNumber, bytes);
        if (p.partNumber === part.partNumber) return bytes;
      }
      return undefined;
    });
    this.#reading = result.catch(() => undefined);
    return result;
  }

  /** Sends `missing`, confirms with the CRC of all of `plan`, checks the answer. */
  async #finish(plan: readonly PartPlan[], missing: readonly PartPlan[], wholeCrc: string | undefined): Promise<TencentSmhUploadResult> {
    const size = this.#source.size;
    this.#progress.phase('uploading', plan.length);
    const transfer = this.#multipart ? 'UploadPart' : 'PutObject';
    const sent = missing.length
      ? await sendParts({
          ctx: this.#ctx,
          operationId: transfer,
          parts: missing,
          body: async (part, signal) => {
            const bytes = this.#source.randomAccess ? await this.#bytes(part, signal) : await this.#streamBytes(plan, part, signal);
            if (!bytes) throw new InputError(`part ${part.partNumber} is not in the upload's plan`);
            // The CRC of what this attempt sends; the attempt that is stored was the last one.
            this.#crcs.set(part.partNumber, { crc: crcOf(bytes), size: bytes.length });
            return bytes;
          },
          target: (part, refresh, signal) => this.#target(part, refresh, signal),
          successStatus: 200,
          verifyEtag: true,
          // COS: expired credentials, or a clock too far off the signature's (§1, §2).
          isExpired: (status, code) => status === 403 && (code === 'AccessDenied' || code === 'RequestTimeTooSkewed'),
          concurrency: this.#opts.concurrency ?? 4,
          maxRetries: this.#opts.maxRetries ?? this.#ctx.maxRetries,
          partTimeout: this.#opts.partTimeout ?? this.#ctx.timeout,
          ...(this.#opts.signal ? { signal: this.#opts.signal } : {}),
          onPartStored: (part, etag) => {
            this.#readAhead.delete(part.partNumber);
            this.#state = withPart(this.#state!, { partNumber: part.partNumber, size: part.size, ...(etag !== undefined ? { etag } : {}) });
            this.#progress.stored(part.size);
            this.#emitState();
          },
        })
      : { bytesSent: 0 };
    // A stream resumed with stored parts after the last missing one: they are read and checked too.
    if (!this.#source.randomAccess && plan.some((p) => !this.#consumed.has(p.partNumber))) await this.#streamBytes(plan, undefined, this.#opts.signal);
    await this.#source.checkUnchanged();

    const crc64 = this.#combined(plan);
    if (wholeCrc !== undefined && wholeCrc !== crc64) throw new InputError('the source changed between hashing and sending (CRC-64 differs)');
    this.#progress.phase('completing');
    const file = await this.#client.confirmUpload(
      {
        params: {
          path: { LibraryId: this.#where.libraryId, ConfirmKey: this.#confirmKey },
          query: this.#where.strategy !== undefined ? { conflict_resolution_strategy: this.#where.strategy } : {},
        },
        body: { crc64 },
      },
      this.#call,
    );
    checkReported('ConfirmUpload', file, size, crc64, true);
    return { file, rapidUpload: false, bytesSent: sent.bytesSent, partsSent: missing.length, state: this.#state! };
  }

  /** The CRC-64/XZ of the whole file from its parts' CRCs, in order. */
  #combined(plan: readonly PartPlan[]): string {
    let crc = '0';
    for (const part of plan) {
      const got = this.#crcs.get(part.partNumber);
      if (!got || got.size !== part.size) throw new InputError(`part ${part.partNumber} was not read in full`);
      crc = combineCrc64(crc, got.crc, got.size);
    }
    return crc;
  }

  /** The COS target of a part: the current credentials, renewed (or, simple upload, started again) when they expired. */
  async #target(part: PartPlan, refresh: boolean, signal: AbortSignal): Promise<PartTarget> {
    if (refresh) await this.#refresh(signal);
    return cosTarget(this.#info!, this.#api.baseUrl, this.#multipart ? { uploadId: this.#uploadId ?? '', partNumber: part.partNumber } : undefined);
  }

  async #refresh(signal: AbortSignal): Promise<void> {
    const before = this.#info;
    // Parts failing together share one renewal.
    this.#renewing ??= (async () => {
      if (this.#multipart) {
        return this.#client.renewMultipartUpload({ params: { path: { LibraryId: this.#where.libraryId, ConfirmKey: this.#confirmKey } } }, { signal });
      }
      // A simple upload has no renew (§1): start it again; the earlier task had no byte stored.
      const info = await this.#client.initUpload({ params: { path: this.#path, query: this.#startQuery() } }, { signal });
      if (info === undefined || isFileInfo(info)) {
        throw new TencentSmhApiError({ provider: PROVIDER, operationId: 'InitUpload', status: 200, code: 'UnexpectedAnswer', message: 'a restarted simple upload answered no upload target' });
      }
      return info;
    })().finally(() => {
      this.#renewing = undefined;
    });
    const info = await this.#renewing;
    if (this.#info !== before) return;
    this.#info = info;
    if (typeof info.uploadId === 'string') this.#uploadId = info.uploadId;
    if (!this.#multipart && info.confirmKey && info.confirmKey !== this.#confirmKey) {
      this.#confirmKey = info.confirmKey;
      this.#state = { ...this.#state!, upload: this.#identity() };
      this.#emitState();
    }
  }

  /** An instant upload's final state: nothing to resume, the file's final path. */
  #instantState(file: InstantFile): UploadState {
    return newUploadState({
      provider: PROVIDER,
      upload: { libraryId: this.#where.libraryId, spaceId: this.#where.spaceId, path: file.path.join('/'), confirmKey: '', multipart: false, instant: true },
      source: this.#source.fingerprint,
      partSize: Math.max(this.#source.size, 1),
      now: this.#ctx.now(),
    });
  }
}

/** The header names and values a COS PUT can carry; anything else in an answer is off the protocol. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?$/;

/**
 * `https://{domain}{path}` (+ `?uploadId=…&partNumber=n`) with exactly the answer's headers
 * (x-drivespec-transfer). The scheme: COS is HTTPS; a `domain` that is the API's own host (the
 * emulator serves its COS on its own origin) gets the API base URL's scheme, so a plain-HTTP
 * emulator works and a real COS host is never reached over HTTP.
 */
export function cosTarget(info: UploadInfo, baseUrl: string, part?: { uploadId: string; partNumber: number }): PartTarget {
  const invalid = (field: string, message: string) =>
    new ResponseValidationError('InitUpload', 200, [{ path: `/${field}`, message, keyword: 'format' }], undefined);
  if (!HOST.test(info.domain)) throw invalid('domain', 'must be a host name (with an optional port) to send the bytes to');
  const path = info.path.startsWith('/') ? info.path : `/${info.path}`;
  if (/[?#\s\u0000-\u001f\u007f]/.test(path)) throw invalid('path', 'must be an object path without a query, fragment, spaces or control characters');
  const api = new URL(baseUrl);
  const scheme = info.domain.toLowerCase() === api.host.toLowerCase() ? api.protocol : 'https:';
  const query = part ? `?uploadId=${encodeURIComponent(part.uploadId)}&partNumber=${part.partNumber}` : '';
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(info.headers)) {
    const text = String(value);
    if (!TOKEN.test(name) || /[\r\n\u0000]/.test(text)) throw invalid('headers', 'must be HTTP header names and single-line values');
    // Host is the domain; fetch sets it (and Content-Length) from the URL and the body.
    if (/^(?:host|content-length)$/i.test(name)) continue;
    headers[name] = text;
  }
  return { method: 'PUT', url: `${scheme}//${info.domain}${path}${query}`, headers };
}

/**
 * The service's report of the file must be the bytes sent: its size, and its `crc64` equal to the
 * one computed (ConfirmUpload always reports it; an instant upload's answer may leave it out,
 * then the service's own fullHash + size match vouches). Else an error, never success.
 */
function checkReported(operationId: string, file: { size?: string | undefined; crc64?: string | undefined }, size: number, crc64: string | undefined, requireCrc: boolean): void {
  const problems: string[] = [];
  if (file.size !== undefined && file.size !== String(size)) problems.push(`size ${file.size}, not the ${size} bytes of the source`);
  if (file.crc64 === undefined ? requireCrc : crc64 !== undefined && file.crc64 !== crc64) {
    problems.push(`crc64 ${String(file.crc64)}, not the source's ${String(crc64)}`);
  }
  if (problems.length) {
    throw new TencentSmhApiError({ provider: PROVIDER, operationId, status: 200, code: 'UploadMismatch', message: `the service reports ${problems.join(' and ')}` });
  }
}

