/**
 * Decodes `%XY` escapes as UTF-8. A run of escapes that is not valid UTF-8 (or a stray `%`) is
 * kept literally instead of throwing, so hostile URLs canonicalize deterministically (and then
 * fail verification) rather than crash the verifier. `+` is left alone: RFC 3986 gives it no
 * special meaning, and the providers ask for spaces as `%20`.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}
