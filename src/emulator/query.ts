/**
 * Query strings as the providers send them, parsed the way common servers parse them (WHATWG
 * URLSearchParams, Go net/url): a bare name (SMH's documented `?confirm&...`) and `name=` are the
 * same empty value `''`, which is the only value the spec admits for SMH's `confirm` flag
 * (specs/tencent-smh.yaml, `Confirm`). Any other value stays the string sent and is judged by the
 * generated parameters validator, so the emulator accepts exactly the forms the spec allows.
 */
import { tryDecode } from './request-target.js';

export type QueryValue = string | string[];

export type ParsedQuery = { ok: true; values: Map<string, QueryValue> } | { ok: false; reason: string };

export function parseQuery(raw: string): ParsedQuery {
  const values = new Map<string, QueryValue>();
  if (raw === '') return { ok: true, values };
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    // application/x-www-form-urlencoded: `+` is a space (WHATWG URL, "application/x-www-form-urlencoded parsing").
    const name = tryDecode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : tryDecode(pair.slice(eq + 1).replace(/\+/g, ' '));
    if (name === undefined || value === undefined) {
      return { ok: false, reason: 'the query string is not valid percent-encoding' };
    }
    const previous = values.get(name);
    if (previous === undefined) values.set(name, value);
    else values.set(name, Array.isArray(previous) ? [...previous, value] : [previous, value]);
  }
  return { ok: true, values };
}
