/**
 * Storage uploads in a recording: the PUTs to the URLs an operation's answer handed out, as its
 * `x-drivespec-transfer` describes them (ARCHITECTURE.md, "Byte transfers"). The URL template
 * (`{/json/pointer}` into the 200 body, `*` for each item of an array, `{partNumber}`) is filled
 * from the recorded answer, and a later request is that upload when its method is the transfer's
 * and its host, path and the template's query parameters are the filled ones (`partNumber` any
 * number). The scheme is not compared: the emulator serves its storage over plain HTTP on a
 * loopback host (src/upload/tencent-smh.ts `cosTarget`), and a path without its leading `/` (the
 * SMH status page's example) is the same object.
 */
import type { TransferInfo } from '../../../generated/operation-table.js';
import type { ProviderId } from '../../core/provider.js';
import type { ExchangeMatch } from './match-exchange.js';
import { valueAtPointer } from '../../core/json-pointer.js';

/** One upload URL an answer handed out. */
export interface HandedOutUrl {
  readonly provider: ProviderId;
  readonly match: ExchangeMatch;
  readonly transfer: TransferInfo;
  /** The entry whose answer handed it out. */
  readonly sourceIndex: number;
  /** Its parsed JSON answer (for `headersFrom`) and request body (for `requestHeaders`). */
  readonly answer: unknown;
  readonly requestBody: unknown;
  /** The item of the answer's array the URL came from (`*`), for `headersFrom` under it. */
  readonly item: number | undefined;
  readonly host: string;
  readonly path: string;
  /** Query parameters the template names: a value, or `null` for `{partNumber}`. */
  readonly query: ReadonlyMap<string, string | null>;
}

/** A bound on the URLs one answer may hand out (PDS and KooDrive: at most 10,000 parts). */
const MAX_URLS = 10_000;
/** `{partNumber}` while the URL is parsed (no control characters: the URL parser strips them at the ends). */
const PART = 'drivespec-part-number-placeholder';

/** The upload URLs a recorded answer hands out, per its operation's transfer (none if it has none). */
export function handedOutUrls(input: { provider: ProviderId; match: ExchangeMatch; sourceIndex: number; answer: unknown; requestBody: unknown }): HandedOutUrl[] {
  const transfer = input.match.op.transfer;
  if (!transfer) return [];
  const parts = transfer.url.split(/(\{[^}]*\})/).filter((p) => p !== '');
  const stars = parts.filter((p) => p.startsWith('{/') && p.includes('/*'));
  // Every `*` of a template refers to the same array (the generator checks the pointers).
  const arrayPointer = stars.length ? stars[0]!.slice(1, stars[0]!.indexOf('/*')) : undefined;
  const array = arrayPointer === undefined ? undefined : valueAtPointer(input.answer, arrayPointer);
  if (arrayPointer !== undefined && !Array.isArray(array)) return [];
  const items = array === undefined ? [undefined] : (array as unknown[]).slice(0, MAX_URLS).map((_, i) => i);
  const out: HandedOutUrl[] = [];
  for (const item of items) {
    let text = '';
    let complete = true;
    let previousWasValue = false;
    for (const part of parts) {
      if (part === '{partNumber}') text += PART;
      else if (part.startsWith('{/')) {
        const pointer = part.slice(1, -1).replace('/*', item === undefined ? '/*' : `/${item}`);
        const value = valueAtPointer(input.answer, pointer);
        if (typeof value !== 'string' && typeof value !== 'number') complete = false;
        else {
          const v = String(value);
          // `{/domain}{/path}` with a path written without its `/`: the same object.
          const afterHost = previousWasValue && /^https?:\/\/[^/?#]+$/i.test(text) && v !== '' && !/^[/?#:.]/.test(v);
          text += afterHost ? `/${v}` : v;
        }
        previousWasValue = true;
        continue;
      } else text += part;
      previousWasValue = false;
    }
    if (!complete) continue;
    const url = parseLoosely(text);
    if (!url) continue;
    const query = new Map<string, string | null>();
    for (const [name, value] of url.searchParams) query.set(name, value === PART ? null : value);
    out.push({ ...input, transfer, item, host: url.host.toLowerCase(), path: normalPath(url.pathname), query });
  }
  return out;
}

/** The handed-out URL `method url` is an upload to, or `undefined`. */
export function matchTransfer(method: string, url: URL, handedOut: readonly HandedOutUrl[]): HandedOutUrl | undefined {
  const host = url.host.toLowerCase();
  const path = normalPath(url.pathname);
  return handedOut.find(
    (h) =>
      h.transfer.method === method &&
      h.host === host &&
      h.path === path &&
      [...h.query].every(([name, value]) => {
        const sent = url.searchParams.get(name);
        return sent !== null && (value === null ? /^[1-9][0-9]{0,4}$/.test(sent) : sent === value);
      }),
  );
}

function parseLoosely(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** Percent-decoded where that is valid (the recorder and the template may encode differently), without a trailing `/`. */
function normalPath(path: string): string {
  let decoded = path;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    // Kept as is.
  }
  return decoded.replace(/\/+$/, '') || '/';
}
