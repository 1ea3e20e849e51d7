/**
 * Percent-encodes everything except the RFC 3986 §2.3 unreserved characters
 * (`A-Z a-z 0-9 - . _ ~`), as UTF-8 with uppercase hex. `encodeURIComponent` also keeps
 * `! ' ( ) *`, which the signing schemes require encoded. Lone surrogates (which cannot be
 * UTF-8 encoded) become U+FFFD, as the WHATWG URL parser does, instead of throwing.
 */
export function rfc3986Encode(text: string): string {
  return encodeURIComponent(toWellFormed(text)).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function toWellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
