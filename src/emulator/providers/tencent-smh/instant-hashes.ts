/**
 * SMH's instant-upload hashes of bytes the emulator was given whole (a seeded file):
 * `beginningHash` = SHA-256 of the first MiB, `fullHash` = the chain per MiB
 * (docs/upload/tencent-smh-upload.md §7), by drivespec/hashing. Uploaded files get theirs from the
 * storage's digests of the bytes received.
 */
import { MultiHash } from '../../../hashing/index.js';
import type { SmhInstantHashes } from '../../state.js';

export function smhInstantHashes(bytes: Uint8Array): SmhInstantHashes {
  const hash = new MultiHash(['sha256'], { extras: ['sha256First1MiB', 'sha256MiBChain'] });
  hash.update(bytes);
  const d = hash.digest();
  return { beginningHash: d.sha256First1MiB, fullHash: d.sha256MiBChain };
}
