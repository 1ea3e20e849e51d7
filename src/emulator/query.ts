/**
 * Query strings as the providers send them. SMH's `confirm` is a bare flag (`?confirm&...`,
 * specs/tencent-smh.yaml `x-drivespec-flag`), which URLSearchParams would turn into `''`: flags
 * declared by the operation table become `true` when bare (or `confirm=`), anything else stays
 * the string sent and fails validation.
 */
import { tryDecode } from './request-target.js';

export type QueryValue = string | boolean | (string | boolean)[];

export type ParsedQuery = { ok: true; values: Map<string, QueryValue> } | { ok: false; reason: string };

export function parseQuery(raw: string, flags: ReadonlySet<string>): ParsedQuery {
  const values = new Map<string, QueryValue>();
  if (raw === '') return { ok: true, values };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // application/x-www-form-urlencoded: `+` is a space (WHATWG URL, "application/x-www-form-urlencoded parsing").
    const name = tryDecode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const text = eq < 0 ? undefined : tryDecode(pair.slice(eq + 1).replace(/\+/g, ' '));
    if (name === undefined || (eq >= 0 && text === undefined)) {
      return { ok: false, reason: 'the query string is not valid percent-encoding' };
    }
    const value: string | boolean = flags.has(name) && (text === undefined || text === '') ? true : (text ?? '');
    const previous = values.get(name);
    if (previous === undefined) values.set(name, value);
    else values.set(name, Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return { ok: true, values };
}
