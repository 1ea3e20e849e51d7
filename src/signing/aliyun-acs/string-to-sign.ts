export interface AcsStringToSignParts {
  method: string;
  accept: string;
  /** The SDKs leave Content-MD5 out, so this is usually empty. */
  contentMd5: string;
  contentType: string;
  date: string;
  /** From `canonicalAcsHeaders`: ends with `\n` when not empty. */
  canonicalHeaders: string;
  /** From `canonicalResource`. */
  canonicalResource: string;
}

/** `METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n` + canonical x-acs headers + resource. */
export function acsStringToSign(parts: AcsStringToSignParts): string {
  return `${parts.method}\n${parts.accept}\n${parts.contentMd5}\n${parts.contentType}\n${parts.date}\n${parts.canonicalHeaders}${parts.canonicalResource}`;
}
