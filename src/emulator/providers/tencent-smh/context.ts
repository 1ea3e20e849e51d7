/** What every SMH handler works with: the store, the storage of upload bytes and the request. */
import { key, type EmulatorState, type SmhUploadRecord } from '../../state.js';
import type { Answer } from '../../answer.js';
import { smhFailure } from './answers.js';
import type { UploadStore } from '../../storage/upload-store.js';

export interface SmhEnv {
  state: EmulatorState;
  storage: UploadStore;
  commit(): void;
}

export interface SmhRequest {
  now: Date;
  requestId: string;
  /** `http://host:port` the client reached the emulator at: where COS targets point. */
  origin: string;
}

/** The upload a ConfirmKey names, as the user `user_id` may see it, or the answer refusing it. */
export function findUpload(
  env: SmhEnv,
  req: SmhRequest,
  path: { LibraryId: string; SpaceId: string; ConfirmKey: string },
  userId: string | undefined,
): { ok: true; upload: SmhUploadRecord } | { ok: false; answer: Answer } {
  const upload = env.state.smhUploads.get(key(path.LibraryId, path.SpaceId, path.ConfirmKey));
  if (!upload) return { ok: false, answer: smhFailure(404, 'UploadNotFound', req.requestId) };
  if (upload.userId !== undefined && userId !== undefined && userId !== upload.userId) {
    return { ok: false, answer: smhFailure(403, 'UploadNotBelongYou', req.requestId) };
  }
  return { ok: true, upload };
}
