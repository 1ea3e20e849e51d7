/**
 * Query strings the way the providers' docs show them. openapi-fetch has no bare flag
 * (`{ confirm: '' }` becomes `confirm=`, TOOLCHAIN.md) and no way to put a credential in the
 * middle of the documented order, so each operation serializes its own query from the generated
 * table: flags bare, values encoded with encodeURIComponent, documented order first.
 *
 * A flag (`x-drivespec-flag`, ARCHITECTURE.md) is a query parameter whose only value is `''`
 * (SMH `confirm`): `''` is written as the bare name (`?confirm`, the documented form), absent as
 * nothing. Any other value is written `name=value` like every parameter, so the server (or the
 * validator before it) judges it instead of it being dropped or turned into a flag.
 */

export interface QueryParameterInfo {
  readonly name: string;
  readonly in: string;
  readonly flag: boolean;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

export function serializeQuery(
  parameters: readonly QueryParameterInfo[],
  order: readonly string[] | null,
  query: Record<string, QueryValue>,
  credentialQuery: Record<string, string> = {},
): string {
  // Nothing to write (PDS, KooDrive): every name below would be skipped as undefined.
  if (isEmpty(query) && isEmpty(credentialQuery)) return '';
  const flags = new Set(parameters.filter((p) => p.in === 'query' && p.flag).map((p) => p.name));
  const declared = parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const values: Record<string, QueryValue> = { ...query, ...credentialQuery };
  const names = [...(order ?? []), ...declared, ...Object.keys(credentialQuery), ...Object.keys(query)];
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const name of names) {
    if (seen.has(name)) continue;
    seen.add(name);
    const value = values[name];
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(name);
    if (flags.has(name) && value === '') {
      parts.push(key);
      continue;
    }
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${key}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}

function isEmpty(record: object): boolean {
  for (const _ in record) return false;
  return true;
}

/**
 * The parameter names of a raw query string (`confirm&a=1` or `?confirm&a=1` → confirm, a),
 * decoded where they are valid percent-encoding (`+` as a space), kept raw where not: which
 * bare flags a request carries (the client naming a raw call, the emulator's router).
 */
export function queryParameterNames(rawQuery: string): Set<string> {
  const names = new Set<string>();
  for (const part of rawQuery.replace(/^\?/, '').split('&')) {
    if (part === '') continue;
    const name = part.split('=', 1)[0]!;
    try {
      names.add(decodeURIComponent(name.replace(/\+/g, ' ')));
    } catch {
      names.add(name);
    }
  }
  return names;
}
