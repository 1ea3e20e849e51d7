/**
 * `client.upload(source, target, options)` for Huawei Cloud MetaStudio (issue 12): the whole
 * asset-file upload of docs/upload/huawei-metastudio-upload.md in one call.
 *
 * 1. Target and options checked (the CreateFile / CreateDigitalAsset bodies against the spec's own
 *    validators) before anything is created, so a typo leaves no asset behind.
 * 2. The pre-pass: the file's MD5 (`file_md5`, Base64), read once.
 * 3. CreateDigitalAsset (target `{ asset }`), CreateFile → `file_id`, `upload_url` (24 h).
 * 4. One OBS PUT of the whole file (≤ 5 GB; no parts exist for CreateFile) as a file-backed Blob,
 *    so memory stays bounded, with the headers CreateFile's `x-drivespec-transfer.requestHeaders`
 *    names (`Content-MD5` = `file_md5`, `Content-Type` by `file_type`); OBS refuses other bytes
 *    (400 BadDigest). The answer's ETag must be the MD5 computed in the pre-pass.
 * 5. ConfirmFileUpload `CREATED`, then ShowAsset (MetaStudio's only look-up): the file must be
 *    listed uploaded, with the computed MD5 and size. Anything else is an error, never success.
 *
 * MetaStudio has no instant ("rapid") upload (`rapidUpload` has no effect) and no part or resume
 * API; what a resume can do is decided in `resumeSession` below.
 */
import type { HuaweiMetaStudioClient as Surface } from '../../generated/huawei-metastudio/client.js';
import { operations } from '../../generated/huawei-metastudio/operations.js';
import type { components } from '../../generated/huawei-metastudio/types.js';
import { validateCreateDigitalAssetRequestBody, validateCreateFileRequestBody } from '../../generated/huawei-metastudio/validators.js';
import { AbortError, ConfigurationError, formatIssues, HuaweiMetaStudioApiError, InputError, TimeoutError, TransportError } from '../core/errors.js';
import type { CallOptions } from '../core/transport.js';
import { transferRequestHeaders } from '../core/transfer-headers.js';
import { issuesOf, type GeneratedValidator } from '../core/validation.js';
import { hashSource } from '../hashing/hash-source.js';
import { base64ToBytes, bytesToHex } from '../hashing/hex-base64.js';
import { toHuaweiMetaStudioHashFields } from '../hashing/provider-hash-fields.js';
import { checkUploadOptions } from './options.js';
import type { PartPlan } from './plan.js';
import { ProgressTracker } from './progress.js';
import { openSource, type OpenedSource } from './source.js';
import { attachUploadState, checkResumeState, newUploadState, withPart } from './state.js';
import { sendParts } from './transfer.js';
import type { UploadContext, UploadOptions, UploadResult, UploadSource, UploadState } from './types.js';

type CreateFileRequest = components['schemas']['CreateFileRequest'];
type AssetFileInfo = components['schemas']['AssetFileInfo'];

/**
 * Where the file goes: an existing asset (`asset_id`) or a new one (`asset`, CreateDigitalAsset's
 * body: at least `asset_name` and `asset_type`), the file's name and its role in the asset.
 */
export type HuaweiMetaStudioUploadTarget = (
  | { asset_id: string; asset?: never }
  | { asset: components['schemas']['CreateDigitalAssetRequest']; asset_id?: never }
) & {
  file_name: string;
  asset_file_category: CreateFileRequest['asset_file_category'];
  /**
   * CreateFile's `file_type`, which also picks the PUT's Content-Type. Default: `file_name`'s
   * extension (CreateFile: "defaults to the file-name extension"); required when it has none.
   */
  file_type?: string;
};

/** What `upload()` resolves to: ShowAsset's entry for the file, and the asset it belongs to. */
export type HuaweiMetaStudioUploadedFile = AssetFileInfo & { asset_id: string };

export type HuaweiMetaStudioUploadResult = UploadResult<HuaweiMetaStudioUploadedFile>;

const PROVIDER = 'huawei-metastudio';
const transfer = operations.CreateFile.transfer;
/** CreateFile's `file_size`: 1 to 5,368,709,120 bytes (larger files need CreateLargeFile, not covered). */
const MAX_FILE_SIZE = 5 * 1024 ** 3;
/** The PUT of a whole file is one part. */
const WHOLE_FILE = 1;
/**
 * ShowAsset's file states that mean "the bytes were uploaded" (PY asset_file_info.py): CREATED
 * (automatic review passed), UPLOADED (not reviewed yet), REVIEW (in manual review). Any other
 * state after ConfirmFileUpload (CREATING, FAILED, CANCELLED, BLOCK, …) is not a finished upload.
 */
const UPLOADED_STATES: ReadonlySet<string> = new Set(['CREATED', 'UPLOADED', 'REVIEW']);
/** A file in these states can neither be uploaded nor confirmed again: a resume creates a new one. */
const GONE_STATES: ReadonlySet<string> = new Set(['FAILED', 'CANCELLED', 'DELETING', 'DELETED']);
/**
 * The single PUT's default per-attempt timeout, beyond the client's `timeout`: one second per
 * 256 KiB, so a 5 GB file may take up to ~6 h at that floor speed before it counts as hung (the
 * client's 60 s default, meant for API calls, would end any large upload on a slow link).
 * `options.partTimeout` overrides it (0: none).
 */
const FLOOR_BYTES_PER_SECOND = 256 * 1024;

interface Wanted {
  assetId: string | undefined;
  asset: components['schemas']['CreateDigitalAssetRequest'] | undefined;
  fileName: string;
  fileType: string;
  category: CreateFileRequest['asset_file_category'];
}

/** The upload in progress: its identity (kept in the state) and the URL (never kept: it is signed). */
interface Session {
  assetId: string;
  fileId: string;
  uploadUrl: string;
  state: UploadState;
}

export async function uploadHuaweiMetaStudio(
  client: Surface<CallOptions>,
  ctx: UploadContext,
  source: UploadSource,
  target: HuaweiMetaStudioUploadTarget,
  options?: UploadOptions,
): Promise<HuaweiMetaStudioUploadResult> {
  const opts = checkUploadOptions(options);
  const wanted = checkTarget(target);
  const opened = await openSource(source, { ...(opts.size !== undefined ? { size: opts.size } : {}), ...(opts.signal ? { signal: opts.signal } : {}) });
  try {
    return await new MetaStudioUpload(client, ctx, opened, wanted, opts).run();
  } finally {
    await opened.close();
  }
}

class MetaStudioUpload {
  readonly #call: CallOptions;
  readonly #progress: ProgressTracker;
  readonly #size: number;
  /** The latest state, attached to any rejection once the upload has started. */
  #state: UploadState | undefined;
  #bytesSent = 0;
  #partsSent = 0;

  constructor(
    private readonly client: Surface<CallOptions>,
    private readonly ctx: UploadContext,
    private readonly source: OpenedSource,
    private readonly wanted: Wanted,
    private readonly opts: UploadOptions,
  ) {
    this.#call = opts.signal ? { signal: opts.signal } : {};
    this.#size = source.size;
    this.#progress = new ProgressTracker(source.size, opts.onProgress);
  }

  async run(): Promise<HuaweiMetaStudioUploadResult> {
    this.#checkSource();
    // Checked before the pre-pass: a resume state that does not fit is refused at once.
    const resume = this.opts.resume ? this.#checkResume(this.opts.resume) : undefined;
    const fileMd5 = await this.#hash();
    try {
      if (resume) return await this.#resume(resume, fileMd5);
      const assetId = this.wanted.assetId ?? (await this.#createAsset());
      const session = await this.#createFile(assetId, fileMd5);
      return await this.#putConfirmAndLookUp(session, fileMd5);
    } catch (error) {
      throw attachUploadState(error, this.#state);
    }
  }

  /** A stream cannot be hashed before it is sent, and CreateFile needs its MD5 first. */
  #checkSource(): void {
    if (!this.source.randomAccess) {
      throw new ConfigurationError(
        'source',
        'MetaStudio needs the whole file’s MD5 before its bytes are sent (CreateFile file_md5, the PUT’s Content-MD5), and a stream can be read only once: give a file path, bytes or a Blob',
      );
    }
    if (this.#size === 0) {
      throw new InputError('the source is empty: MetaStudio’s CreateFile takes files of 1 to 5368709120 bytes (file_size)');
    }
    if (this.#size > MAX_FILE_SIZE) {
      throw new InputError(`the source has ${this.#size} bytes: MetaStudio’s CreateFile takes at most 5368709120 (5 GB; larger files need CreateLargeFile)`);
    }
    // Every target field CreateFile will carry, checked now with the spec's validator (a
    // placeholder MD5 and asset id stand in for what is not known yet).
    checkBody('target', validateCreateFileRequestBody, this.#fileBody(this.wanted.assetId ?? 'asset', 'AAAAAAAAAAAAAAAAAAAAAA=='));
  }

  async #hash(): Promise<string> {
    this.#progress.phase('hashing');
    const result = await hashSource(this.source.hashInput(), { algorithms: ['md5'], ...(this.opts.signal ? { signal: this.opts.signal } : {}) });
    if (result.size !== this.#size) {
      throw new InputError(`the source changed while it was hashed: ${result.size} bytes read, ${this.#size} when it was opened`);
    }
    this.#progress.hashed(result.size);
    return toHuaweiMetaStudioHashFields(result).file_md5;
  }

  #fileBody(assetId: string, fileMd5: string): CreateFileRequest {
    const w = this.wanted;
    return { file_name: w.fileName, file_md5: fileMd5, file_size: this.#size, file_type: w.fileType, asset_id: assetId, asset_file_category: w.category };
  }

  async #createAsset(): Promise<string> {
    this.#progress.phase('starting');
    const { asset_id: assetId } = await this.client.createDigitalAsset({ body: this.wanted.asset! }, this.#call);
    // From here on a rejection carries a state: a resume uploads into this asset, not a new one.
    this.#keep(this.#newState({ asset_id: assetId }));
    return assetId;
  }

  async #createFile(assetId: string, fileMd5: string): Promise<Session> {
    this.#progress.phase('starting');
    const created = await this.client.createFile({ body: this.#fileBody(assetId, fileMd5) }, this.#call);
    const state = this.#newState({ asset_id: assetId, file_id: created.file_id });
    this.#keep(state);
    return { assetId, fileId: created.file_id, uploadUrl: created.upload_url, state };
  }

  #newState(ids: { asset_id: string; file_id?: string }): UploadState {
    const w = this.wanted;
    return newUploadState({
      provider: PROVIDER,
      // No upload_url: it is a signed URL (a secret), and a resume gets a new one.
      upload: { ...ids, file_name: w.fileName, file_type: w.fileType, asset_file_category: w.category },
      source: this.source.fingerprint,
      partSize: this.#size,
      now: this.ctx.now(),
    });
  }

  #keep(state: UploadState): void {
    this.#state = state;
    this.opts.onState?.(state);
  }

  /** The OBS PUT, ConfirmFileUpload CREATED, ShowAsset: the whole file or an error. */
  async #putConfirmAndLookUp(session: Session, fileMd5: string): Promise<HuaweiMetaStudioUploadResult> {
    await this.#put(session, fileMd5);
    return this.#confirmAndLookUp(session, fileMd5);
  }

  async #put(session: Session, fileMd5: string): Promise<void> {
    const part: PartPlan = { partNumber: WHOLE_FILE, offset: 0, size: this.#size };
    const expectedEtag = bytesToHex(base64ToBytes(fileMd5));
    const clientTimeout = this.ctx.timeout;
    const partTimeout =
      this.opts.partTimeout ?? (clientTimeout ? clientTimeout + Math.ceil((this.#size / FLOOR_BYTES_PER_SECOND) * 1000) : clientTimeout);
    this.#progress.phase('uploading', 1);
    const { bytesSent } = await sendParts({
      ctx: this.ctx,
      operationId: 'PutObject',
      parts: [part],
      // A file-backed Blob for a file (fs.openAsBlob), read again for every attempt: drivespec
      // holds no copy. (Measured on Node 20.20: its fetch's RSS still grows by about the body's
      // size for one Blob or stream PUT, 520-537 MiB for 512 MiB, where node:http piping the same
      // file grows 35 MiB; see the issue-12 report.)
      body: (p, signal) => this.source.read(p.offset, p.offset + p.size, { signal, asBlob: true }),
      target: async (_p, refresh, signal) => {
        // The URL expired (403 AccessDenied after 24 h): CreateFile has no way to renew it, so the
        // file is made again (the stale one cancelled, which frees its category's slot).
        if (refresh) Object.assign(session, await this.#recreate(session, fileMd5, signal));
        const headers = transferRequestHeaders(transfer, this.#fileBody(session.assetId, fileMd5));
        // transfer.url is `{/upload_url}`: CreateFile's answer, as is.
        return { method: transfer.method, url: session.uploadUrl, headers };
      },
      successStatus: transfer.successStatus,
      verifyEtag: transfer.etag,
      concurrency: 1,
      maxRetries: this.opts.maxRetries ?? this.ctx.maxRetries,
      partTimeout,
      ...(this.opts.signal ? { signal: this.opts.signal } : {}),
      onPartStored: (stored, etag) => {
        // The engine checks a Blob body's ETag only for its form; the MD5 is known here, so the
        // value is checked too: an ETag of other bytes is no stored file.
        const given = etag?.trim().replace(/^"(.*)"$/, '$1').toLowerCase();
        if (given !== expectedEtag) {
          throw new HuaweiMetaStudioApiError({
            provider: PROVIDER,
            operationId: 'PutObject',
            status: transfer.successStatus,
            code: 'ETagMismatch',
            message: `the object was not stored as sent: its ETag is not the file's MD5 (${expectedEtag})`,
          });
        }
        session.state = withPart(session.state, { partNumber: stored.partNumber, size: stored.size, etag: etag! });
        this.#keep(session.state);
        this.#partsSent++;
        this.#progress.stored(stored.size);
      },
    }).catch(async (error: unknown) => {
      // Node's file-backed Blob fails fetch's read ("The blob could not be read", a network
      // error) when the file changed: say that, not a network failure.
      if (error instanceof TransportError && !(error instanceof AbortError) && !(error instanceof TimeoutError)) await this.source.checkUnchanged();
      throw error;
    });
    this.#bytesSent += bytesSent;
  }

  /** A new file in the same asset for an upload whose file can no longer take the bytes. */
  async #recreate(session: Session, fileMd5: string, signal: AbortSignal): Promise<Session> {
    await this.client.confirmFileUpload({ params: { path: { file_id: session.fileId } }, body: { state: 'CANCELLED' } }, { signal });
    const created = await this.client.createFile({ body: this.#fileBody(session.assetId, fileMd5) }, { signal });
    const state = this.#newState({ asset_id: session.assetId, file_id: created.file_id });
    this.#keep(state);
    return { assetId: session.assetId, fileId: created.file_id, uploadUrl: created.upload_url, state };
  }

  async #confirmAndLookUp(session: Pick<Session, 'assetId' | 'fileId' | 'state'>, fileMd5: string): Promise<HuaweiMetaStudioUploadResult> {
    await this.source.checkUnchanged();
    this.#progress.phase('completing');
    await this.client.confirmFileUpload({ params: { path: { file_id: session.fileId } }, body: { state: 'CREATED' } }, this.#call);
    const file = await this.#lookUp(session.assetId, session.fileId);
    return this.#finished(session, file, fileMd5);
  }

  async #lookUp(assetId: string, fileId: string): Promise<AssetFileInfo | undefined> {
    const asset = await this.client.showAsset({ params: { path: { asset_id: assetId } } }, this.#call);
    return asset.files?.find((f) => f.file_id === fileId);
  }

  /** ShowAsset's entry must say uploaded, with the MD5 and size computed here; else an error. */
  #finished(session: Pick<Session, 'assetId' | 'fileId' | 'state'>, file: AssetFileInfo | undefined, fileMd5: string): HuaweiMetaStudioUploadResult {
    const refuse = (code: string, message: string): never => {
      throw new HuaweiMetaStudioApiError({ provider: PROVIDER, operationId: 'ShowAsset', status: 200, code, message });
    };
    if (!file) refuse('FileNotListed', `asset ${session.assetId} does not list file ${session.fileId} after its upload was confirmed`);
    if (!UPLOADED_STATES.has(String(file!.state))) refuse('FileNotUploaded', `file ${session.fileId} is ${String(file!.state)} after its upload was confirmed`);
    if (file!.file_md5 !== fileMd5 || file!.file_size !== this.#size) {
      refuse('FileMismatch', `file ${session.fileId} is listed with file_md5 ${String(file!.file_md5)} and ${String(file!.file_size)} bytes, not ${fileMd5} and ${this.#size}`);
    }
    const state = session.state.parts.length ? session.state : withPart(session.state, { partNumber: WHOLE_FILE, size: this.#size });
    return { file: { ...file!, asset_id: session.assetId }, rapidUpload: false, bytesSent: this.#bytesSent, partsSent: this.#partsSent, state };
  }

  // ---- resume ----------------------------------------------------------------------------------

  /** options.resume checked as hostile input, and against this target: it must be this upload's. */
  #checkResume(value: UploadState): ResumeIds {
    const state = checkResumeState(value, PROVIDER, this.source.fingerprint);
    const u = state.upload;
    const text = (name: string, optional = false): string | undefined => {
      const v = u[name];
      if (v === undefined && optional) return undefined;
      if (typeof v !== 'string' || v === '') throw new ConfigurationError('resume', `upload.${name}: must be a non-empty string`);
      return v;
    };
    const ids = { state, assetId: text('asset_id')!, fileId: text('file_id', true) };
    const w = this.wanted;
    if (w.assetId !== undefined && w.assetId !== ids.assetId) {
      throw new ConfigurationError('resume', `the state is of an upload to asset ${ids.assetId}, not ${w.assetId}`);
    }
    for (const [name, mine] of [['file_name', w.fileName], ['file_type', w.fileType], ['asset_file_category', w.category]] as const) {
      if (u[name] !== mine) throw new ConfigurationError('resume', `the state is of an upload with another ${name} (${String(u[name])}, not ${mine})`);
    }
    if (state.partSize !== this.#size || state.parts.some((p) => p.partNumber !== WHOLE_FILE)) {
      throw new ConfigurationError('resume', 'MetaStudio uploads a file in one PUT: the state must have partSize = the file size and at most part 1');
    }
    return ids;
  }

  /**
   * MetaStudio has no part or resume API, and the state holds no upload URL (it is signed), so a
   * resume does what the docs allow (docs/upload/huawei-metastudio-upload.md, "The flow"):
   * - the file is already uploaded (the earlier call lost only its answer): its entry is checked
   *   and returned, no byte sent;
   * - its PUT was acknowledged (part 1 in the state) but not confirmed: ConfirmFileUpload CREATED,
   *   no byte sent (refused: as below);
   * - otherwise the stale file is cancelled (ConfirmFileUpload CANCELLED, which frees a MAIN or
   *   COVER slot) and a new one is created in the same asset and sent whole.
   * The MD5 is computed again: a source of the same size and name with other bytes is another
   * upload, refused, never confirmed as the earlier one.
   */
  async #resume(ids: ResumeIds, fileMd5: string): Promise<HuaweiMetaStudioUploadResult> {
    this.#state = ids.state;
    this.#progress.phase('starting');
    const { assetId, fileId } = ids;
    if (fileId === undefined) {
      return this.#putConfirmAndLookUp(await this.#createFile(assetId, fileMd5), fileMd5);
    }
    const listed = await this.#lookUp(assetId, fileId);
    if (listed && listed.file_md5 !== fileMd5) {
      throw new ConfigurationError('resume', `the source's MD5 (${fileMd5}) is not that of the earlier upload (${String(listed.file_md5)}): it is another content`);
    }
    const session = { assetId, fileId, state: ids.state };
    if (listed && UPLOADED_STATES.has(String(listed.state))) return this.#finished(session, listed, fileMd5);
    if (listed?.state === 'CREATING') {
      if (ids.state.parts.length > 0) {
        try {
          return await this.#confirmAndLookUp(session, fileMd5);
        } catch (error) {
          // 400: the service does not hold the bytes after all; they are sent again below.
          if (!(error instanceof HuaweiMetaStudioApiError && error.status === 400 && error.operationId === 'ConfirmFileUpload')) throw error;
        }
      }
      await this.client.confirmFileUpload({ params: { path: { file_id: fileId } }, body: { state: 'CANCELLED' } }, this.#call);
    } else if (listed && !GONE_STATES.has(String(listed.state))) {
      throw new ConfigurationError('resume', `file ${fileId} is ${String(listed.state)}: it can be neither uploaded nor replaced by a resume`);
    }
    return this.#putConfirmAndLookUp(await this.#createFile(assetId, fileMd5), fileMd5);
  }
}

interface ResumeIds {
  state: UploadState;
  assetId: string;
  fileId: string | undefined;
}

function checkTarget(target: unknown): Wanted {
  if (typeof target !== 'object' || target === null || Array.isArray(target)) {
    throw new ConfigurationError('target', 'must be { asset_id } or { asset: { asset_name, asset_type } }, with file_name and asset_file_category');
  }
  const t = target as Record<string, unknown>;
  const known = ['asset_id', 'asset', 'file_name', 'asset_file_category', 'file_type'];
  const unknown = Object.keys(t).filter((k) => !known.includes(k));
  if (unknown.length) throw new ConfigurationError(`target.${unknown[0]}`, `is not a MetaStudio upload target field (${known.join(', ')})`);
  const hasId = t.asset_id !== undefined;
  const hasAsset = t.asset !== undefined;
  if (hasId === hasAsset) throw new ConfigurationError('target', 'give either asset_id (an existing asset) or asset (CreateDigitalAsset’s body), not both or neither');
  if (hasId && typeof t.asset_id !== 'string') throw new ConfigurationError('target.asset_id', 'must be a string');
  if (hasAsset) checkBody('target.asset', validateCreateDigitalAssetRequestBody, t.asset);
  if (typeof t.file_name !== 'string') throw new ConfigurationError('target.file_name', 'must be a string');
  let fileType = t.file_type;
  if (fileType === undefined) {
    // CreateFile: file_type "defaults to the file-name extension".
    const dot = t.file_name.lastIndexOf('.');
    fileType = dot > 0 && dot < t.file_name.length - 1 ? t.file_name.slice(dot + 1) : undefined;
    if (fileType === undefined) throw new ConfigurationError('target.file_type', `file_name ${JSON.stringify(t.file_name.slice(0, 64))} has no extension: give file_type (CreateFile requires one)`);
  } else if (typeof fileType !== 'string') {
    throw new ConfigurationError('target.file_type', 'must be a string');
  }
  return {
    assetId: hasId ? (t.asset_id as string) : undefined,
    asset: hasAsset ? (t.asset as Wanted['asset']) : undefined,
    fileName: t.file_name,
    fileType: fileType as string,
    category: t.asset_file_category as Wanted['category'],
  };
}

function checkBody(option: string, validator: GeneratedValidator, body: unknown): void {
  if (!validator(body)) throw new ConfigurationError(option, formatIssues(issuesOf(validator)));
}
