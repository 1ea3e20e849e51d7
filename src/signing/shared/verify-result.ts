/**
 * What a verifier answers: a value, never an exception, so hostile input cannot crash the
 * emulator and every rejection has a reason the emulator can map to the provider's error.
 */
export type VerifyFailureReason = 'missing' | 'malformed' | 'unknown-key' | 'expired' | 'mismatch';

export type VerifyResult = { ok: true; ak: string } | { ok: false; reason: VerifyFailureReason };

export function verifyFailure(reason: VerifyFailureReason): VerifyResult {
  return { ok: false, reason };
}
