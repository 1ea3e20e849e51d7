/**
 * Header values cross `fetch` and Node's HTTP server as "byte strings" (WHATWG Fetch
 * §2.2.2, Node's latin1 view): one character per octet, U+0000–U+00FF. Non-ASCII text is sent
 * as its UTF-8 bytes (RFC 9110 §5.5 leaves field octets opaque; UTF-8 is what the providers'
 * Go SDKs put on the wire), so a value above U+00FF does not throw a raw
 * `TypeError: Cannot convert argument to a ByteString`, and é travels as C3 A9, not E9.
 */

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text -> its UTF-8 bytes as a byte string (what `Headers` sends octet for octet). */
export function toHeaderBytes(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  let out = '';
  for (const byte of utf8.encode(text)) out += String.fromCharCode(byte);
  return out;
}

/**
 * A byte string -> the text a signature covers: its bytes read as UTF-8 when they are valid
 * UTF-8, else the byte string as it is (each octet its latin1 character). The fallback is what the
 * official Huawei Node SDK needs: axios writes `usér-ü` as latin1 octets (E9, FC) while the SDK
 * signs the UTF-8 text, which is the latin1 reading of those octets. A value with characters
 * above U+00FF is text already and is returned unchanged.
 */
export function fromHeaderBytes(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[^\x00-\xff]/.test(value)) return value;
  const bytes = new Uint8Array(value.length);
  for (let i = 0; i < value.length; i++) bytes[i] = value.charCodeAt(i);
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return value;
  }
}

/** The string values of a parameter group's headers as UTF-8 byte strings (other values as they are). */
export function headerParamsAsBytes<T>(params: T): T {
  const header = (params as { header?: unknown } | undefined)?.header;
  if (header === null || typeof header !== 'object') return params;
  const encoded = Object.fromEntries(
    Object.entries(header as Record<string, unknown>).map(([name, value]) => [name, typeof value === 'string' ? toHeaderBytes(value) : value]),
  );
  return { ...params, header: encoded };
}
