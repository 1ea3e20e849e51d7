/**
 * The comparable view of an OpenAPI 3.1 document: what a consumer of the generated client sees,
 * laid out flat so that a generic deep diff (microdiff, in diff-specs.ts) finds every change and
 * each change lands on one entry and one keyword.
 *
 * - Operations are keyed by operationId (the generated method name), else `METHOD path`.
 * - Local `$ref`s are resolved and `allOf` merged, so a change inside a shared component shows at
 *   every request or response location that uses it (each location may classify differently: a
 *   narrower `ResourceId` breaks a request, not a response).
 * - Schemas are flattened per location: one entry per field (`.../schema/parentFolder/[]`), with
 *   `required` on the field itself, so "made optional" is one keyword change, not a list edit.
 * - Lists that are sets (`required`, `enum`, `type`, tags, security requirements) become
 *   `{ member: true }` objects, so reordering them is no change and a change names its members.
 * - Everything else a schema or operation says is kept (as JSON text when it is not a scalar), so
 *   every change is seen, even where the rules have nothing specific to say about it.
 */
import { SpecDocumentError } from './spec-document.js';

export type Side = 'request' | 'response' | 'document';
export type EntryKind =
  | 'document'
  | 'operation'
  | 'erratum'
  | 'parameter'
  | 'request-body'
  | 'media'
  | 'response'
  | 'header'
  | 'schema'
  | 'security-scheme'
  | 'server'
  | 'server-variable';

/** What an entry is, for the rules and the messages; never compared. */
export interface EntryMeta {
  kind: EntryKind;
  side: Side;
  operationId?: string;
  /** Human name of the entry: `field eTag`, `query parameter confirm`, `response 200`. */
  label: string;
  /** Where the entry is: `response 200 application/json`, `request body application/json`. */
  where: string;
  /** A schema entry that is an object's property (has `required` of its own). */
  property?: boolean;
  /** The status of the response an entry belongs to. */
  status?: string;
  /** JSON pointer into the document where the entry is defined (after `$ref`s). */
  source: string;
}

/** A keyword's value: a scalar, or a set as `{ member: true }`. */
export type ViewValue = string | number | boolean | null | Record<string, true>;

export interface ComparableView {
  values: Record<string, Record<string, ViewValue>>;
  meta: Record<string, EntryMeta>;
}

export interface ViewLimits {
  /** Most entries (and schema visits) a document may take: a hostile document must not eat the memory or the time. */
  maxEntries: number;
  /** Deepest schema nesting followed. */
  maxDepth: number;
}

export const defaultViewLimits: ViewLimits = { maxEntries: 200_000, maxDepth: 64 };

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** Schema keywords compared as they are (scalars); the rules know what each one means. */
const SCALAR_SCHEMA_KEYWORDS = new Set([
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'multipleOf',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minProperties',
  'maxProperties',
  'contentMediaType',
  'contentEncoding',
  'deprecated',
  'readOnly',
  'writeOnly',
  'title',
  'description',
  'nullable',
]);

/** Handled structurally, not copied as keywords. */
const STRUCTURAL = new Set([
  '$ref',
  'type',
  'enum',
  'required',
  'properties',
  'items',
  'additionalProperties',
  'unevaluatedProperties',
  'allOf',
  'anyOf',
  'oneOf',
]);

export function escapeSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

function pointerOf(base: string, ...segments: (string | number)[]): string {
  return base + segments.map((s) => `/${escapeSegment(String(s))}`).join('');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** JSON text with object keys sorted: a value compared as text must not change with key order. */
function json(value: unknown): string {
  return JSON.stringify(canonical(value)) ?? 'undefined';
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(value).sort()) out[k] = canonical(value[k]);
  return out;
}

function setOf(values: unknown[]): Record<string, true> {
  const out: Record<string, true> = Object.create(null);
  for (const v of values) out[typeof v === 'string' ? v : json(v)] = true;
  return out;
}

function enumSet(values: unknown[]): Record<string, true> {
  // JSON text, so that the string "1" and the number 1 are different members.
  const out: Record<string, true> = Object.create(null);
  for (const v of values) out[json(v)] = true;
  return out;
}

interface Effective {
  node: Record<string, unknown>;
  source: string;
  /** The `$ref` that closed a cycle, when the schema refers back to itself. */
  cycle?: string;
}

interface SchemaContext {
  side: 'request' | 'response';
  operationId: string;
  where: string;
}

class ViewBuilder {
  // Null-prototype records throughout: microdiff asks `key in obj`, and a field, keyword or enum
  // member named `constructor` or `__proto__` must be a plain key, not Object.prototype's.
  readonly values: Record<string, Record<string, ViewValue>> = Object.create(null);
  readonly meta: Record<string, EntryMeta> = Object.create(null);
  private count = 0;

  constructor(
    private readonly doc: Record<string, unknown>,
    private readonly limits: ViewLimits,
  ) {}

  /**
   * One unit of work: an entry, or a schema visited to merge an `allOf` or type a union. Entries
   * alone would not bound the work: `anyOf: [$ref L, $ref L]` nested 40 deep is 2^40 visits.
   */
  private spend(): void {
    if (++this.count > this.limits.maxEntries) {
      throw new SpecDocumentError(`the document expands to more than ${this.limits.maxEntries} locations (refs resolved)`);
    }
  }

  add(key: string, meta: EntryMeta, values: Record<string, ViewValue>): void {
    this.spend();
    // Two sources of one key (an operationId twice is renamed before this): the first wins.
    if (Object.hasOwn(this.values, key)) return;
    const clean: Record<string, ViewValue> = Object.create(null);
    for (const [k, v] of Object.entries(values)) clean[k] = isRecord(v) ? Object.assign(Object.create(null), v) : v;
    this.values[key] = clean;
    this.meta[key] = meta;
  }

  /** Follows a local `$ref` (siblings override, as in 2020-12 where both apply). */
  resolve(value: unknown, source: string, seen: readonly string[]): Effective {
    let node: Record<string, unknown> = isRecord(value) ? value : {};
    let at = source;
    const visited = [...seen];
    const siblings: Record<string, unknown>[] = [];
    for (let hops = 0; typeof node.$ref === 'string'; hops++) {
      const ref = node.$ref;
      if (!ref.startsWith('#')) break; // external: compared as the ref text (kept as a keyword)
      if (visited.includes(ref) || hops > this.limits.maxDepth) return { node: {}, source: at, cycle: ref };
      visited.push(ref);
      const { $ref: _ref, ...rest } = node;
      siblings.unshift(rest);
      const target = this.pointer(ref);
      if (target === undefined) throw new SpecDocumentError(`${at}: $ref ${json(ref).slice(0, 200)} points at nothing`);
      node = isRecord(target) ? target : {};
      at = ref.slice(1) || '';
    }
    for (const s of siblings) node = { ...node, ...s };
    return { node, source: at };
  }

  private pointer(ref: string): unknown {
    const body = ref.slice(1);
    if (body === '') return this.doc;
    if (!body.startsWith('/')) return undefined;
    let at: unknown = this.doc;
    for (const raw of body.slice(1).split('/')) {
      const segment = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~');
      if (Array.isArray(at) && /^(0|[1-9][0-9]*)$/.test(segment)) at = at[Number(segment)];
      else if (isRecord(at) && Object.hasOwn(at, segment)) at = at[segment];
      else return undefined;
    }
    return at;
  }

  /**
   * One schema at one location: its entry, then one entry per property, item, map value and
   * union branch below it.
   */
  schema(
    key: string,
    raw: unknown,
    source: string,
    ctx: SchemaContext,
    field: string,
    required: boolean | undefined,
    depth: number,
    seen: readonly string[],
  ): void {
    if (depth > this.limits.maxDepth) throw new SpecDocumentError(`${source}: schemas nest deeper than ${this.limits.maxDepth} levels`);
    if (typeof raw === 'boolean') {
      // `true` admits anything, `false` nothing (2020-12): compared as such, not as an empty schema.
      this.add(key, { kind: 'schema', side: ctx.side, operationId: ctx.operationId, label: field === '' ? 'schema' : required !== undefined ? `field ${field}` : `schema ${field}`, where: ctx.where, source, ...(required !== undefined ? { property: true } : {}) }, { ...(required !== undefined ? { required } : {}), schema: raw });
      return;
    }
    const resolved = this.resolve(raw, source, seen);
    const chain = resolved.cycle ? seen : [...seen, ...this.refsOf(raw, seen)];
    const meta: EntryMeta = {
      kind: 'schema',
      side: ctx.side,
      operationId: ctx.operationId,
      label: field === '' ? 'schema' : required !== undefined ? `field ${field}` : `schema ${field}`,
      where: ctx.where,
      source, // where this location declares it (a `$ref`'s target is shared by many)
      ...(required !== undefined ? { property: true } : {}),
    };
    if (resolved.cycle) {
      // A recursive schema: the recursion is named, not followed.
      this.add(key, meta, { ...(required !== undefined ? { required } : {}), $ref: resolved.cycle });
      return;
    }
    const merged = this.mergeAllOf(resolved, depth, chain);
    const node = merged.node;
    const values: Record<string, ViewValue> = {};
    if (required !== undefined) values.required = required;
    const types = typeSet(node.type) ?? this.unionTypes(merged.unions, depth, chain);
    if (types) values.type = types;
    if (Array.isArray(node.enum)) values.enum = enumSet(node.enum);
    if (Object.hasOwn(node, 'const')) values.enum = enumSet([node.const]);
    for (const [k, v] of Object.entries(node)) {
      if (STRUCTURAL.has(k) || k === 'const') continue;
      if (SCALAR_SCHEMA_KEYWORDS.has(k) && (v === null || typeof v !== 'object')) values[k] = v as ViewValue;
      else values[k] = json(v); // default, examples, not, x-*, and any keyword the rules do not know
    }
    if (typeof node.$ref === 'string') values.$ref = node.$ref; // an external ref, compared as text
    for (const word of ['additionalProperties', 'unevaluatedProperties'] as const) {
      const v = node[word];
      if (typeof v === 'boolean') values[word] = v;
      else if (v !== undefined) values[word] = 'schema';
    }
    if (typeof node.items === 'boolean') values.items = node.items; // `items: false` closes a tuple
    this.add(key, meta, values);

    const requiredNames = new Set(Array.isArray(node.required) ? node.required.filter((n) => typeof n === 'string') : []);
    for (const [name, prop] of merged.properties) {
      this.schema(`${key}/${escapeSegment(name)}`, prop.schema, prop.source, ctx, join(field, name), requiredNames.has(name), depth + 1, chain);
    }
    // A required name no property declares still constrains (request) or promises (response).
    for (const name of requiredNames) {
      if (merged.properties.has(name)) continue;
      this.schema(`${key}/${escapeSegment(name)}`, {}, pointerOf(merged.source, 'required'), ctx, join(field, name), true, depth + 1, chain);
    }
    if (node.items !== undefined && typeof node.items !== 'boolean') {
      this.schema(`${key}/[]`, node.items, pointerOf(merged.source, 'items'), ctx, `${field}[]`, undefined, depth + 1, chain);
    }
    if (isRecord(node.additionalProperties)) {
      this.schema(`${key}/{}`, node.additionalProperties, pointerOf(merged.source, 'additionalProperties'), ctx, `${field}{}`, undefined, depth + 1, chain);
    }
    merged.unions.forEach((union, u) => {
      const prefix = merged.unions.length > 1 ? `${u}.` : '';
      union.branches.forEach((branch, b) => {
        const name = `${prefix}${union.kind}[${b}]`;
        this.schema(`${key}/${escapeSegment(name)}`, branch.schema, branch.source, ctx, `${field}<${name}>`, undefined, depth + 1, chain);
      });
    });
  }

  /** The types a union admits, when every branch names its types (else any type: undefined). */
  private unionTypes(unions: Union[], depth: number, seen: readonly string[]): Record<string, true> | undefined {
    let out: Record<string, true> | undefined;
    for (const union of unions) {
      const here: Record<string, true> = {};
      for (const branch of union.branches) {
        const t = this.typesOf(branch.schema, branch.source, depth + 1, seen);
        if (!t) return undefined;
        Object.assign(here, t);
      }
      out = out === undefined ? here : intersect(out, here);
    }
    return out;
  }

  /** A schema's types after `$ref`, `allOf` and unions; undefined when it admits any type. */
  private typesOf(raw: unknown, source: string, depth: number, seen: readonly string[]): Record<string, true> | undefined {
    this.spend();
    if (depth > this.limits.maxDepth) throw new SpecDocumentError(`${source}: schemas nest deeper than ${this.limits.maxDepth} levels`);
    const resolved = this.resolve(raw, source, seen);
    if (resolved.cycle) return undefined;
    const merged = this.mergeAllOf(resolved, depth, [...seen, ...this.refsOf(raw, seen)]);
    const n = merged.node;
    return typeSet(n.type) ?? (Object.hasOwn(n, 'const') ? typeOfValue(n.const) : undefined) ?? this.unionTypes(merged.unions, depth, seen);
  }

  private refsOf(raw: unknown, seen: readonly string[]): string[] {
    const out: string[] = [];
    let node = raw;
    while (isRecord(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#') && !seen.includes(node.$ref) && !out.includes(node.$ref)) {
      out.push(node.$ref);
      node = this.pointer(node.$ref);
    }
    return out;
  }

  /**
   * `allOf` is an intersection: its branches' properties and required names join the schema's,
   * their other keywords fill what the schema leaves unsaid; `anyOf`/`oneOf` stay branches.
   */
  private mergeAllOf(start: Effective, depth: number, seen: readonly string[]): Merged {
    const properties = new Map<string, { schema: unknown; source: string }>();
    const unions: Union[] = [];
    const node: Record<string, unknown> = {};
    const required = new Set<string>();
    let types: Record<string, true> | undefined;
    const visit = (eff: Effective, level: number): void => {
      this.spend();
      if (level > this.limits.maxDepth) throw new SpecDocumentError(`${eff.source}: allOf nests deeper than ${this.limits.maxDepth} levels`);
      const n = eff.node;
      if (isRecord(n.properties)) {
        for (const [name, schema] of Object.entries(n.properties)) {
          if (!properties.has(name)) properties.set(name, { schema, source: pointerOf(eff.source, 'properties', name) });
        }
      }
      if (Array.isArray(n.required)) for (const r of n.required) if (typeof r === 'string') required.add(r);
      const t = typeSet(n.type);
      if (t) types = types === undefined ? t : intersect(types, t);
      for (const kind of ['anyOf', 'oneOf'] as const) {
        const list = n[kind];
        if (Array.isArray(list)) unions.push({ kind, branches: list.map((schema, i) => ({ schema, source: pointerOf(eff.source, kind, i) })) });
      }
      for (const [k, v] of Object.entries(n)) {
        if (['properties', 'required', 'type', 'allOf', 'anyOf', 'oneOf', '$ref'].includes(k)) continue;
        if (!Object.hasOwn(node, k)) node[k] = v;
      }
      if (Array.isArray(n.allOf)) {
        n.allOf.forEach((branch, i) => visit(this.resolve(branch, pointerOf(eff.source, 'allOf', i), seen), level + 1));
      }
    };
    visit(start, depth);
    if (types) node.type = Object.keys(types);
    if (required.size > 0) node.required = [...required];
    return { node, source: start.source, properties, unions };
  }
}

interface Union {
  kind: 'anyOf' | 'oneOf';
  branches: { schema: unknown; source: string }[];
}

interface Merged {
  node: Record<string, unknown>;
  source: string;
  properties: Map<string, { schema: unknown; source: string }>;
  unions: Union[];
}

function join(field: string, name: string): string {
  return field === '' ? name : `${field}.${name}`;
}

function typeSet(type: unknown): Record<string, true> | undefined {
  if (typeof type === 'string') return { [type]: true };
  if (Array.isArray(type)) return setOf(type);
  return undefined;
}

function intersect(a: Record<string, true>, b: Record<string, true>): Record<string, true> {
  return Object.fromEntries(Object.keys(a).filter((k) => b[k]).map((k) => [k, true] as const));
}

function typeOfValue(v: unknown): Record<string, true> | undefined {
  if (v === null) return { null: true };
  if (Array.isArray(v)) return { array: true };
  if (typeof v === 'number') return Number.isInteger(v) ? { integer: true } : { number: true };
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object') return { [typeof v]: true };
  return undefined;
}

/** Extensions (`x-*`) and other keywords of a non-schema object, as values; `skip` are handled apart. */
function restOf(obj: Record<string, unknown>, skip: readonly string[]): Record<string, ViewValue> {
  const out: Record<string, ViewValue> = Object.create(null);
  for (const [k, v] of Object.entries(obj)) {
    if (skip.includes(k)) continue;
    out[k] = v === null || typeof v !== 'object' ? (v as ViewValue) : json(v);
  }
  return out;
}

function securitySet(security: unknown): Record<string, true> | undefined {
  if (!Array.isArray(security)) return undefined;
  // One member per requirement (the schemes that must all be present), so alternatives are a set.
  return setOf(security.map((req) => (isRecord(req) ? Object.keys(req).sort().map((name) => {
    const scopes = Array.isArray(req[name]) ? (req[name] as unknown[]).map(String).sort() : [];
    return scopes.length ? `${name}(${scopes.join(' ')})` : name;
  }).join(' + ') || '(none)' : '(invalid)')));
}

/** Builds the comparable view of a parsed OpenAPI document (see the module comment). */
export function comparableView(doc: Record<string, unknown>, limits: ViewLimits = defaultViewLimits): ComparableView {
  const b = new ViewBuilder(doc, limits);
  const info = isRecord(doc.info) ? doc.info : {};
  const provider = isRecord(doc['x-drivespec-provider']) ? doc['x-drivespec-provider'] : undefined;
  const documentValues: Record<string, ViewValue> = {
    ...restOf(doc, ['paths', 'components', 'servers', 'security', 'info', 'x-drivespec-provider']),
    ...Object.fromEntries(Object.entries(restOf(info, [])).map(([k, v]) => [`info.${k}`, v])),
  };
  if (provider) {
    for (const [k, v] of Object.entries(restOf(provider, []))) documentValues[`x-drivespec-provider.${k}`] = v;
  }
  b.add('document', { kind: 'document', side: 'document', label: 'the document', where: 'the document', source: '' }, documentValues);

  const schemes = isRecord(doc.components) && isRecord(doc.components.securitySchemes) ? doc.components.securitySchemes : {};
  for (const [name, raw] of Object.entries(schemes)) {
    const source = pointerOf('/components/securitySchemes', name);
    const s = b.resolve(raw, source, []);
    b.add(`securitySchemes/${escapeSegment(name)}`, { kind: 'security-scheme', side: 'request', label: `security scheme ${name}`, where: 'components', source: s.source }, restOf(s.node, []));
  }

  const servers = Array.isArray(doc.servers) ? doc.servers : [];
  servers.forEach((raw, i) => {
    if (!isRecord(raw)) return;
    const url = typeof raw.url === 'string' ? raw.url : `#${i}`;
    const key = `servers/${escapeSegment(url)}`;
    const source = pointerOf('/servers', i);
    b.add(key, { kind: 'server', side: 'request', label: `server ${url}`, where: 'servers', source }, restOf(raw, ['url', 'variables']));
    if (isRecord(raw.variables)) {
      for (const [name, v] of Object.entries(raw.variables)) {
        if (!isRecord(v)) continue;
        const values = restOf(v, ['enum']);
        if (Array.isArray(v.enum)) values.enum = enumSet(v.enum);
        b.add(`${key}/variables/${escapeSegment(name)}`, { kind: 'server-variable', side: 'request', label: `server variable ${name} of ${url}`, where: 'servers', source: pointerOf(source, 'variables', name) }, values);
      }
    }
  });

  const paths = isRecord(doc.paths) ? doc.paths : {};
  const ids = new Set<string>();
  for (const [pathKey, rawItem] of Object.entries(paths)) {
    const itemSource = pointerOf('/paths', pathKey);
    const item = b.resolve(rawItem, itemSource, []).node;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      let id = typeof op.operationId === 'string' && op.operationId !== '' ? op.operationId : `${method.toUpperCase()} ${pathKey}`;
      if (ids.has(id)) id = `${id} (${method.toUpperCase()} ${pathKey})`;
      ids.add(id);
      operation(b, id, method, pathKey, op, item, pointerOf(itemSource, method), doc.security);
    }
  }
  return { values: b.values, meta: b.meta };
}

function operation(
  b: ViewBuilder,
  id: string,
  method: string,
  pathKey: string,
  op: Record<string, unknown>,
  item: Record<string, unknown>,
  source: string,
  rootSecurity: unknown,
): void {
  const key = `operations/${escapeSegment(id)}`;
  const values = restOf(op, ['operationId', 'parameters', 'requestBody', 'responses', 'security', 'tags', 'x-drivespec-errata']);
  values.method = method;
  values.path = pathKey;
  if (Array.isArray(op.tags)) values.tags = setOf(op.tags);
  const security = securitySet(op.security ?? rootSecurity);
  if (security) values.security = security;
  b.add(key, { kind: 'operation', side: 'request', operationId: id, label: `operation ${id}`, where: `${method.toUpperCase()} ${pathKey}`, source }, values);

  if (Array.isArray(op['x-drivespec-errata'])) {
    const counts = new Map<string, number>();
    op['x-drivespec-errata'].forEach((raw, i) => {
      if (!isRecord(raw)) return;
      const field = typeof raw.field === 'string' ? raw.field : `#${i}`;
      const n = (counts.get(field) ?? 0) + 1;
      counts.set(field, n);
      const name = n > 1 ? `${field} (${n})` : field;
      b.add(`${key}/errata/${escapeSegment(name)}`, { kind: 'erratum', side: 'document', operationId: id, label: `erratum on ${name}`, where: 'x-drivespec-errata', source: pointerOf(source, 'x-drivespec-errata', i) }, restOf(raw, ['field']));
    });
  }

  // Path-item parameters apply unless the operation redeclares the same name and location.
  const params = new Map<string, { raw: unknown; source: string }>();
  const collect = (list: unknown, at: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((raw, i) => {
      const p = b.resolve(raw, pointerOf(at, 'parameters', i), []);
      const name = typeof p.node.name === 'string' ? p.node.name : `#${i}`;
      const where = typeof p.node.in === 'string' ? p.node.in : '?';
      // Header names are case-insensitive: `X-Trace` and `x-trace` are one parameter.
      params.set(`${where}/${escapeSegment(where === 'header' ? name.toLowerCase() : name)}`, { raw, source: pointerOf(at, 'parameters', i) });
    });
  };
  collect(item.parameters, source.slice(0, source.lastIndexOf('/')));
  collect(op.parameters, source);
  for (const [pkey, { raw, source: psource }] of params) {
    const p = b.resolve(raw, psource, []);
    const name = typeof p.node.name === 'string' ? p.node.name : pkey;
    const where = typeof p.node.in === 'string' ? p.node.in : '?';
    const pvalues = restOf(p.node, ['name', 'in', 'schema', 'required', 'x-drivespec-client-option']);
    pvalues.required = p.node.required === true || where === 'path';
    const option = p.node['x-drivespec-client-option'];
    if (isRecord(option)) {
      for (const [k, v] of Object.entries(restOf(option, []))) pvalues[`x-drivespec-client-option.${k}`] = v;
    } else if (option !== undefined) pvalues['x-drivespec-client-option'] = json(option);
    const pk = `${key}/parameters/${pkey}`;
    const label = `${where} parameter ${name}`;
    b.add(pk, { kind: 'parameter', side: 'request', operationId: id, label, where: label, source: p.source }, pvalues);
    if (p.node.schema !== undefined) {
      b.schema(`${pk}/schema`, p.node.schema, pointerOf(p.source, 'schema'), { side: 'request', operationId: id, where: label }, '', undefined, 0, []);
    }
  }

  if (op.requestBody !== undefined) {
    const rb = b.resolve(op.requestBody, pointerOf(source, 'requestBody'), []);
    const rk = `${key}/requestBody`;
    const rvalues = restOf(rb.node, ['content', 'required']);
    rvalues.required = rb.node.required === true;
    b.add(rk, { kind: 'request-body', side: 'request', operationId: id, label: 'request body', where: 'request body', source: rb.source }, rvalues);
    content(b, rk, rb.node.content, pointerOf(rb.source, 'content'), 'request', id, 'request body');
  }

  const responses = isRecord(op.responses) ? op.responses : {};
  for (const [status, raw] of Object.entries(responses)) {
    const r = b.resolve(raw, pointerOf(source, 'responses', status), []);
    const rk = `${key}/responses/${escapeSegment(status)}`;
    const where = `response ${status}`;
    b.add(rk, { kind: 'response', side: 'response', operationId: id, label: where, where, status, source: r.source }, restOf(r.node, ['content', 'headers']));
    if (isRecord(r.node.headers)) {
      for (const [name, rawHeader] of Object.entries(r.node.headers)) {
        const h = b.resolve(rawHeader, pointerOf(r.source, 'headers', name), []);
        // Header names are case-insensitive: `ETag` and `etag` are one header.
        const hk = `${rk}/headers/${escapeSegment(name.toLowerCase())}`;
        const hvalues = restOf(h.node, ['schema', 'required']);
        hvalues.required = h.node.required === true;
        const label = `header ${name}`;
        b.add(hk, { kind: 'header', side: 'response', operationId: id, label, where: `${where} ${label}`, status, source: h.source }, hvalues);
        if (h.node.schema !== undefined) {
          b.schema(`${hk}/schema`, h.node.schema, pointerOf(h.source, 'schema'), { side: 'response', operationId: id, where: `${where} ${label}` }, '', undefined, 0, []);
        }
      }
    }
    content(b, rk, r.node.content, pointerOf(r.source, 'content'), 'response', id, where, status);
  }
}

function content(
  b: ViewBuilder,
  parent: string,
  raw: unknown,
  source: string,
  side: 'request' | 'response',
  id: string,
  where: string,
  status?: string,
): void {
  if (!isRecord(raw)) return;
  for (const [mediaType, media] of Object.entries(raw)) {
    if (!isRecord(media)) continue;
    const mk = `${parent}/content/${escapeSegment(mediaType)}`;
    const at = pointerOf(source, mediaType);
    const label = `${where} ${mediaType}`;
    b.add(mk, { kind: 'media', side, operationId: id, label: `media type ${mediaType}`, where, ...(status ? { status } : {}), source: at }, restOf(media, ['schema']));
    if (media.schema !== undefined) {
      b.schema(`${mk}/schema`, media.schema, pointerOf(at, 'schema'), { side, operationId: id, where: label }, '', undefined, 0, []);
    }
  }
}
