/**
 * The wire check: the request the typed client built, compared with what the docs show on the
 * wire (`x-drivespec-conformance[].wire`): method, path and query string exactly (bare flags and
 * parameter order are part of the contract: SMH's `?confirm&...`), the headers the docs name, and
 * the JSON body. Every mismatch is described without a secret.
 */
import { isDeepStrictEqual } from 'node:util';
import type { RecordedRequest } from './replay-transport.js';
import { safeHeaderValue, safeUrl, type CredentialLabels } from './safe-text.js';
import type { WireExpectation } from './types.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Fills `{name}` placeholders from `values`; `encode` percent-encodes them (for URLs).
 * Returns the names it could not fill.
 */
export function substitutePlaceholders(
  template: string,
  values: Readonly<Record<string, string>>,
  encode = false,
): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = template.replace(PLACEHOLDER, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) {
      unknown.push(name);
      return whole;
    }
    return encode ? encodeURIComponent(value) : value;
  });
  return { text, unknown };
}

export interface WireComparisonOptions {
  /** Placeholder name → the value the client was given (or stamped, like KooDrive's `X-Date`). */
  placeholders: Readonly<Record<string, string>>;
  /** The documented request body; `undefined` when none is sent. */
  body: unknown;
  /** The client's base URL: what precedes the documented path in the recorded URL. */
  baseUrl: string;
}

/** Every difference between the documented wire and the recorded request; empty when they agree. */
export function compareWire(
  expected: WireExpectation,
  actual: RecordedRequest,
  options: WireComparisonOptions,
): string[] {
  const mismatches: string[] = [];
  const labels: CredentialLabels = options.placeholders;

  if (actual.method.toUpperCase() !== expected.method.toUpperCase()) {
    mismatches.push(`method: the docs show ${expected.method}, the client sent ${actual.method}`);
  }

  const url = substitutePlaceholders(expected.url, options.placeholders, true);
  for (const name of url.unknown) mismatches.push(`url: no value for the placeholder {${name}}`);
  const base = options.baseUrl.replace(/\/$/, '');
  const sent = actual.url.startsWith(base) ? actual.url.slice(base.length) : actual.url;
  if (url.unknown.length === 0 && sent !== url.text) {
    mismatches.push(`url: the docs show ${expected.url}, the client sent ${safeUrl(sent, labels)}`);
  }

  for (const [name, template] of Object.entries(expected.headers ?? {})) {
    const value = substitutePlaceholders(template, options.placeholders);
    for (const unknown of value.unknown) mismatches.push(`header ${name}: no value for the placeholder {${unknown}}`);
    if (value.unknown.length) continue;
    const got = actual.headers[name.toLowerCase()];
    if (got === undefined) {
      mismatches.push(`header ${name}: the docs show '${template}', the client sent none`);
    } else if (got !== value.text) {
      mismatches.push(`header ${name}: the docs show '${template}', the client sent '${safeHeaderValue(name, got, labels)}'`);
    }
  }

  mismatches.push(...compareBody(options.body, actual.body));
  return mismatches;
}

function compareBody(expected: unknown, text: string): string[] {
  if (expected === undefined) {
    return text === '' ? [] : ['body: the docs show no body, the client sent one'];
  }
  if (text === '') return ['body: the docs show a JSON body, the client sent none'];
  let sent: unknown;
  try {
    sent = JSON.parse(text);
  } catch {
    return ['body: the client sent a body that is not JSON'];
  }
  return jsonDifferences(expected, sent, '').map((d) => `body: ${d}`);
}

const MAX_DIFFERENCES = 5;

/** JSON pointers where two JSON values differ (at most a handful, deepest first found). */
export function jsonDifferences(expected: unknown, actual: unknown, pointer: string): string[] {
  const out: string[] = [];
  walk(expected, actual, pointer, out);
  if (out.length > MAX_DIFFERENCES) {
    return [...out.slice(0, MAX_DIFFERENCES), `and ${out.length - MAX_DIFFERENCES} more differences`];
  }
  return out;
}

function walk(expected: unknown, actual: unknown, pointer: string, out: string[]): void {
  if (isDeepStrictEqual(expected, actual)) return;
  const where = pointer || '/';
  if (isPlainObject(expected) && isPlainObject(actual)) {
    for (const key of new Set([...Object.keys(expected), ...Object.keys(actual)])) {
      const child = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (!(key in actual)) out.push(`${child} is documented but missing`);
      else if (!(key in expected)) out.push(`${child} is not in the documented value`);
      else walk(expected[key], actual[key], child, out);
    }
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((item, i) => walk(item, actual[i], `${pointer}/${i}`, out));
    return;
  }
  out.push(`${where} differs: documented ${preview(expected)}, got ${preview(actual)}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function preview(value: unknown): string {
  const text = value === undefined ? 'nothing' : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
