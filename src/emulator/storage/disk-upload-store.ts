/**
 * `UploadStore` on disk: the records of each upload (in memory, persisted through the state
 * file's `storage` section), their parts' bytes in `PartFiles`, one `OrderedPass` per upload, the
 * signing secret and the byte accounting against `storageLimits`. The PUT route (put-route.ts)
 * uses the internal methods below; handlers see only the `UploadStore` interface.
 */
import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { DrivespecError } from '../../core/errors.js';
import { isProviderId, type ProviderId } from '../../core/provider.js';
import { OrderedPass, type PassPart } from './ordered-pass.js';
import { PartFiles, removeQuietly } from './part-files.js';
import { readPersistedStorage, type PersistedStorage, type PersistedStorageUpload } from './storage-persistence.js';
import type { StorageLimits } from './storage-limits.js';
import { cosAuthorization, reservedQueryNames, signedQuery, storagePath } from './url-signing.js';
import {
  storageFlavors,
  type Completion,
  type NewStorageUpload,
  type StorageFlavor,
  type StoredPart,
  type UploadStore,
} from './upload-store.js';

interface PartRecord extends PassPart {
  readonly stored: StoredPart;
}

/** One upload as the store keeps it. */
export interface StorageUpload {
  readonly key: string;
  readonly provider: ProviderId;
  readonly flavor: StorageFlavor;
  readonly mode: 'single' | 'multipart';
  expiresAt: Date;
  readonly requiredHeaders: Readonly<Record<string, string>>;
  readonly requireContentMd5: boolean;
  readonly partStates: readonly ('sha1' | 'sha256')[];
  readonly declaredSize: number | undefined;
  sealed: boolean;
  gone: boolean;
  readonly parts: Map<number, PartRecord>;
  readonly pass: OrderedPass;
}

export interface DiskUploadStoreOptions {
  /** The data directory; undefined: a temp directory removed by `close()`. */
  dataDir: string | undefined;
  /** Create the data directory at once (one the user named), not on first use. */
  eager?: boolean;
  limits: Required<StorageLimits>;
  now: () => Date;
  /** Persists the state file (a no-op without one). */
  commit: () => void;
}

/**
 * Stored parts are committed to the state file at most this often (and on close): each write holds
 * every record, so a write per PUT makes a storm of small parts quadratic (10,000 one-byte parts
 * would rewrite gigabytes). A part stored within this window before a crash is not recorded: on
 * restart its bytes are swept and the client sees it missing (ListUploadedParts) and sends it again.
 */
export const PART_COMMIT_INTERVAL_MS = 200;

const fail = (message: string): never => {
  throw new DrivespecError(`storage: ${message}`);
};

export class DiskUploadStore implements UploadStore {
  readonly files: PartFiles;
  readonly limits: Required<StorageLimits>;
  readonly now: () => Date;
  #secret: Buffer = randomBytes(32);
  readonly #uploads = new Map<string, StorageUpload>();
  readonly #commit: () => void;
  /** Bytes of stored parts, all uploads. */
  #stored = 0;
  /** Bytes reserved by PUTs in progress (their Content-Length). */
  #reserved = 0;

  constructor(options: DiskUploadStoreOptions) {
    this.files = new PartFiles(options.dataDir, { eager: options.eager === true });
    this.limits = options.limits;
    this.now = options.now;
    this.#commit = () => {
      if (this.#pendingCommit !== undefined) clearTimeout(this.#pendingCommit);
      this.#pendingCommit = undefined;
      options.commit();
    };
  }

  #pendingCommit: ReturnType<typeof setTimeout> | undefined;
  #lastPartCommit = Number.NEGATIVE_INFINITY;

  /** A stored part's record: committed now if none was this interval, else once when it ends. */
  #commitPart(): void {
    if (this.#pendingCommit !== undefined) return;
    const wait = this.#lastPartCommit + PART_COMMIT_INTERVAL_MS - Date.now();
    if (wait <= 0) {
      this.#lastPartCommit = Date.now();
      this.#commit();
      return;
    }
    this.#pendingCommit = setTimeout(() => {
      this.#lastPartCommit = Date.now();
      this.#commit();
    }, wait);
    this.#pendingCommit.unref?.();
  }

  get secret(): Uint8Array {
    return this.#secret;
  }

  /** Bytes on disk in stored parts (not counting PUTs in progress). */
  get storedBytes(): number {
    return this.#stored;
  }

  // ---- UploadStore ----

  create(input: NewStorageUpload): string {
    if (input === null || typeof input !== 'object') fail('create() needs an upload description');
    if (!isProviderId(input.provider)) fail(`unknown provider ${String(input.provider)}`);
    if (!storageFlavors.includes(input.flavor)) fail(`unknown flavor ${String(input.flavor)}`);
    if (input.mode !== 'single' && input.mode !== 'multipart') fail(`unknown mode ${String(input.mode)}`);
    if (!(input.expiresAt instanceof Date) || Number.isNaN(input.expiresAt.getTime())) fail('expiresAt must be a valid Date');
    const headers = input.requiredHeaders ?? {};
    for (const [name, value] of Object.entries(headers)) {
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || typeof value !== 'string' || /[^\t\x20-\x7e]/.test(value)) {
        fail(`requiredHeaders.${name} is not a header name with a visible-ASCII value`);
      }
    }
    const partStates = [...new Set(input.partStates ?? [])];
    if (!partStates.every((s) => s === 'sha1' || s === 'sha256')) fail('partStates must list sha1 and/or sha256');
    if (input.declaredSize !== undefined && (!Number.isSafeInteger(input.declaredSize) || input.declaredSize < 0)) {
      fail('declaredSize must be a whole number of bytes');
    }
    const key = randomBytes(16).toString('base64url');
    this.files.createUpload(key);
    this.#add({
      key,
      provider: input.provider,
      flavor: input.flavor,
      mode: input.mode,
      expiresAt: new Date(input.expiresAt.getTime()),
      requiredHeaders: { ...headers },
      requireContentMd5: input.requireContentMd5 === true,
      partStates,
      declaredSize: input.declaredSize,
      sealed: false,
    });
    this.#commit();
    return key;
  }

  putUrl(key: string, origin: string, partNumber?: number, options: { expiresAt?: Date; extraQuery?: Record<string, string> } = {}): string {
    const upload = this.#get(key);
    if (upload.flavor === 'cos') fail('cos uploads are reached through cosTarget(), not a signed URL');
    if (upload.mode === 'single' && partNumber !== undefined) fail('a single upload takes no part number');
    if (upload.mode === 'multipart' && (partNumber === undefined || !Number.isSafeInteger(partNumber) || partNumber < 1)) {
      fail('a multipart upload needs a part number of 1 or more');
    }
    const expiresAt = options.expiresAt ?? upload.expiresAt;
    if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) fail('expiresAt must be a valid Date');
    const params: [string, string][] = partNumber === undefined ? [] : [['partNumber', String(partNumber)]];
    const reserved = reservedQueryNames(upload.flavor);
    for (const [name, value] of Object.entries(options.extraQuery ?? {})) {
      if (reserved.includes(name) || typeof value !== 'string') fail(`extraQuery.${name} is reserved or not a string`);
      params.push([name, value]);
    }
    const path = storagePath(upload.flavor, key);
    return `${origin}${path}?${signedQuery(this.#secret, upload.flavor as Exclude<StorageFlavor, 'cos'>, path, params, expiresAt, this.now())}`;
  }

  cosTarget(key: string, origin: string): { domain: string; path: string; headers: Record<string, string> } {
    const upload = this.#get(key);
    if (upload.flavor !== 'cos') fail('cosTarget() is for cos uploads');
    const path = storagePath('cos', key);
    return {
      domain: origin.replace(/^[a-z]+:\/\//i, ''),
      path,
      headers: { ...upload.requiredHeaders, Authorization: cosAuthorization(this.#secret, path, upload.expiresAt, this.now()) },
    };
  }

  renew(key: string, expiresAt: Date): void {
    const upload = this.#get(key);
    if (!(expiresAt instanceof Date) || Number.isNaN(expiresAt.getTime())) fail('expiresAt must be a valid Date');
    upload.expiresAt = new Date(expiresAt.getTime());
    this.#commit();
  }

  parts(key: string): StoredPart[] {
    const upload = this.#get(key);
    return [...upload.parts.values()].map((p) => copyPart(p.stored)).sort((a, b) => a.partNumber - b.partNumber);
  }

  complete(key: string): Completion {
    const upload = this.#get(key);
    if (upload.parts.size === 0) return { ok: false, reason: 'no-parts', missing: [] };
    const highest = Math.max(...upload.parts.keys());
    if (upload.parts.size !== highest) {
      const missing: number[] = [];
      for (let n = 1; n <= highest; n++) if (!upload.parts.has(n)) missing.push(n);
      return { ok: false, reason: 'missing-parts', missing };
    }
    return { ok: true, parts: this.parts(key), digests: upload.pass.digests(highest) };
  }

  seal(key: string): void {
    this.#get(key).sealed = true;
    this.#commit();
  }

  discard(key: string): void {
    const upload = this.#uploads.get(key);
    if (!upload) return;
    this.#drop(upload);
    this.#commit();
  }

  has(key: string): boolean {
    return this.#uploads.has(key);
  }

  // ---- for the PUT route ----

  lookup(key: string): StorageUpload | undefined {
    return this.#uploads.get(key);
  }

  /** Takes `bytes` from the total limit for a PUT in progress; false when it would go over. */
  reserve(bytes: number): boolean {
    if (this.#stored + this.#reserved + bytes > this.limits.maxTotalBytes) return false;
    this.#reserved += bytes;
    return true;
  }

  unreserve(bytes: number): void {
    this.#reserved -= bytes;
  }

  /** Bytes of the upload's parts other than `partNumber`. */
  otherPartsBytes(upload: StorageUpload, partNumber: number): number {
    let total = 0;
    for (const [n, p] of upload.parts) if (n !== partNumber) total += p.size;
    return total;
  }

  /** The highest n such that parts 1..n are all stored. */
  contiguousEnd(upload: StorageUpload): number {
    let n = 0;
    while (upload.parts.has(n + 1)) n += 1;
    return n;
  }

  /**
   * Moves a received part into place (replacing an earlier version) and records it, all
   * synchronously: no other request sees the upload between the rename and the record.
   */
  storePart(upload: StorageUpload, temp: string, part: StoredPart): void {
    const file = this.files.partFile(upload.key, part.partNumber);
    renameSync(temp, file);
    const previous = upload.parts.get(part.partNumber);
    this.#stored += part.size - (previous?.size ?? 0);
    this.#version += 1;
    upload.parts.set(part.partNumber, { stored: part, version: this.#version, file, size: part.size });
    upload.pass.invalidate(part.partNumber);
    this.#commitPart();
  }

  #version = 0;

  // ---- lifecycle ----

  toJSON(): PersistedStorage {
    return {
      secret: this.#secret.toString('base64url'),
      uploads: [...this.#uploads.values()].map(
        (u): PersistedStorageUpload => ({
          key: u.key,
          provider: u.provider,
          flavor: u.flavor,
          mode: u.mode,
          expiresAt: u.expiresAt.toISOString(),
          ...(Object.keys(u.requiredHeaders).length ? { requiredHeaders: { ...u.requiredHeaders } } : {}),
          ...(u.requireContentMd5 ? { requireContentMd5: true } : {}),
          ...(u.partStates.length ? { partStates: [...u.partStates] } : {}),
          ...(u.declaredSize !== undefined ? { declaredSize: u.declaredSize } : {}),
          sealed: u.sealed,
          parts: [...u.parts.values()].map((p) => copyPart(p.stored)).sort((a, b) => a.partNumber - b.partNumber),
        }),
      ),
    };
  }

  /**
   * Replaces the records with a state file's `storage` section (throws a `DrivespecError` on a
   * malformed one); drops parts whose file is missing or has another size, reporting each through
   * `warn`; removes bytes no record names.
   */
  load(section: unknown, warn: (line: string) => void): void {
    const doc = readPersistedStorage(section);
    for (const upload of this.#uploads.values()) upload.gone = true;
    this.#uploads.clear();
    this.#stored = 0;
    if (doc) {
      this.#secret = Buffer.from(doc.secret, 'base64url');
      for (const u of doc.uploads) {
        const upload = this.#add({ ...u, expiresAt: new Date(u.expiresAt), requiredHeaders: u.requiredHeaders ?? {}, requireContentMd5: u.requireContentMd5 === true, partStates: u.partStates ?? [] });
        this.files.createUpload(u.key);
        for (const part of u.parts) {
          const file = this.files.partFile(u.key, part.partNumber);
          const size = this.files.sizeOf(file);
          if (size !== part.size) {
            warn(`storage: dropped part ${part.partNumber} of upload ${u.key}: its file is ${size === undefined ? 'missing' : `${size} bytes, not ${part.size}`}`);
            continue;
          }
          this.#version += 1;
          upload.parts.set(part.partNumber, { stored: copyPart(part), version: this.#version, file, size });
          this.#stored += size;
        }
      }
    }
    this.files.sweep(new Map([...this.#uploads.values()].map((u) => [u.key, new Set([...u.parts.keys()].map((n) => `${n}.part`))])));
    // Digests are not persisted: recompute them now, so a completion after a restart is synchronous too.
    for (const upload of this.#uploads.values()) {
      const end = this.contiguousEnd(upload);
      if (end > 0) upload.pass.waitFor(end).catch(() => undefined);
    }
  }

  /** Forgets every upload and frees its bytes (`seed.reset()`). */
  reset(): void {
    for (const upload of this.#uploads.values()) upload.gone = true;
    this.#uploads.clear();
    this.#stored = 0;
    this.files.removeAll();
  }

  /** Commits a pending part record, stops the passes, removes the data directory if it is the default temp one. */
  close(): void {
    if (this.#pendingCommit !== undefined) this.#commit();
    for (const upload of this.#uploads.values()) upload.gone = true;
    this.files.close();
  }

  #add(fields: Omit<StorageUpload, 'parts' | 'pass' | 'gone' | 'declaredSize'> & { declaredSize?: number | undefined }): StorageUpload {
    const parts = new Map<number, PartRecord>();
    const upload: StorageUpload = {
      key: fields.key,
      provider: fields.provider,
      flavor: fields.flavor,
      mode: fields.mode,
      expiresAt: fields.expiresAt,
      requiredHeaders: fields.requiredHeaders,
      requireContentMd5: fields.requireContentMd5,
      partStates: fields.partStates,
      declaredSize: fields.declaredSize,
      sealed: fields.sealed,
      gone: false,
      parts,
      pass: new OrderedPass({
        part: (n) => parts.get(n),
        partStates: fields.partStates,
        get gone() {
          return upload.gone;
        },
      }),
    };
    this.#uploads.set(upload.key, upload);
    return upload;
  }

  #get(key: string): StorageUpload {
    const upload = typeof key === 'string' ? this.#uploads.get(key) : undefined;
    if (!upload) return fail(`no upload with key ${JSON.stringify(String(key).slice(0, 64))}`);
    return upload;
  }

  #drop(upload: StorageUpload): void {
    upload.gone = true;
    for (const part of upload.parts.values()) this.#stored -= part.size;
    this.#uploads.delete(upload.key);
    this.files.removeUpload(upload.key);
  }
}

function copyPart(part: StoredPart): StoredPart {
  return { ...part, query: { ...part.query } };
}

export { removeQuietly };
