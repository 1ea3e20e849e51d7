export interface Acs4CanonicalRequestParts {
  method: string;
  /** From `canonicalResource` (shared with `acs`). */
  canonicalResource: string;
  /** From `canonicalAcs4Headers`: ends with `\n`, hence the empty line before the signed-header list. */
  canonicalHeaders: string;
  signedHeaders: string;
  payloadHash: string;
}

/** `METHOD\nresource\n` + headers block + `\n` + signed headers + `\n` + payload hash. */
export function acs4CanonicalRequest(parts: Acs4CanonicalRequestParts): string {
  return `${parts.method}\n${parts.canonicalResource}\n${parts.canonicalHeaders}\n${parts.signedHeaders}\n${parts.payloadHash}`;
}
