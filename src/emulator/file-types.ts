/**
 * What a file name says about its content, for realistic answers: PDS `mime_type` and
 * `category`, SMH `contentType`, `fileType` and the preview flags.
 */

/** The extension without the dot, lowercase; `''` when there is none (a leading dot does not count). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 && dot < name.length - 1 ? name.slice(dot + 1).toLowerCase() : '';
}

const mimeTypes: Record<string, string> = {
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  json: 'application/json',
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  heic: 'image/heic',
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  mkv: 'video/x-matroska',
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  m4a: 'audio/mp4',
  zip: 'application/zip',
  gz: 'application/gzip',
  apk: 'application/vnd.android.package-archive',
};

export function mimeTypeOf(extension: string): string {
  return mimeTypes[extension] ?? 'application/octet-stream';
}

const documentTypes: Record<string, string> = {
  doc: 'word',
  docx: 'word',
  xls: 'excel',
  xlsx: 'excel',
  csv: 'excel',
  ppt: 'powerpoint',
  pptx: 'powerpoint',
  pdf: 'pdf',
  txt: 'txt',
  md: 'txt',
};

/** SMH `fileType` (`word`, `excel`, `powerpoint`, ...) for documents, `undefined` otherwise. */
export function documentTypeOf(extension: string): string | undefined {
  return documentTypes[extension];
}

/** PDS `category`: image, video, audio, doc, zip, app or others. */
export function pdsCategoryOf(extension: string): string {
  const mime = mimeTypeOf(extension);
  if (mime.startsWith('image/')) return 'image';
  if (mime.startsWith('video/')) return 'video';
  if (mime.startsWith('audio/')) return 'audio';
  if (documentTypes[extension]) return 'doc';
  if (extension === 'zip' || extension === 'gz') return 'zip';
  if (extension === 'apk') return 'app';
  return 'others';
}
