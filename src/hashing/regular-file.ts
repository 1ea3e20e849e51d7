/**
 * The file system as hashSource and upload() see it (src/platform/files.ts on Node; files.web.ts
 * refuses every path with an InputError, FILE_PATHS_NEED_NODE).
 */

/** What is kept of a file's stat: enough to notice that it changed during an upload. */
export interface FileStats {
  size: number;
  mtimeMs: number;
}

/** An open regular file (a Node FileHandle, read-only). */
export interface RegularFile {
  /** Reads into `buffer` at `offset`, from `position` (null: the current position). */
  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  stat(): Promise<FileStats>;
  close(): Promise<void>;
}
