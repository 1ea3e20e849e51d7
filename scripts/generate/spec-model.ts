/**
 * Reading a provider spec into the plain model the emitters share: operations with dereferenced
 * parameters, bodies and responses. Only non-schema `$ref`s (parameters, responses, request
 * bodies, headers, examples) are followed here; schema `$ref`s stay refs for ajv and
 * openapi-typescript to resolve.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { byCodeUnits } from './order.js';
import { assertNoProblems, flagParameterProblems, requestSchemaProblems, responseSchemaProblems } from './schema-rules.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export interface ParameterModel {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  flag: boolean;
  schema: JsonObject;
  description?: string;
  examples: Record<string, Json>;
  /** `x-drivespec-client-option`: the `createClient` option that fills this parameter. */
  clientOption: ClientOptionModel | null;
  /**
   * `x-drivespec-multi-segment`: a path parameter (the path's last segment) whose value is a
   * `/`-separated path, sent with each segment percent-encoded (SMH `FilePath`).
   */
  multiSegment: boolean;
}

/**
 * A parameter the client fills from one of its options (MetaStudio's `project_id` from
 * `projectId`): the option's name, whether every client must give it, and the schema's `default`
 * used when it is left out. A call may leave the parameter out when the client always fills it
 * (a required option or a default), or, for an optional option, when that client was given it.
 */
export interface ClientOptionModel {
  option: string;
  required: boolean;
  default: string | null;
}

/** `x-drivespec-provider` at the spec's root: the facts about the provider OpenAPI has no word for. */
export interface ProviderModel {
  /** The PascalCase name of the provider's types: `AliyunPds` → `AliyunPdsClient`, `AliyunPdsApiError`. */
  typeName: string;
  /** The response header carrying the request id of a successful answer. */
  requestIdHeader: string;
  /** Component schemas the provider's error bodies follow (any of them). */
  errorSchemas: string[];
}

export interface ResponseModel {
  status: string; // '200', '400', 'default'
  description: string;
  contentType: string | null;
  schema: JsonObject | null;
  headers: string[];
  /** The documented headers with what the spec says of each (`Content-Type` left out, as OpenAPI says to ignore it). */
  headerSpecs: ResponseHeaderModel[];
  examples: Record<string, Json>;
}

/** One response header object, resolved. */
export interface ResponseHeaderModel {
  /** As the spec spells it. */
  name: string;
  required: boolean;
  /** `null`: documented without a schema (any value). */
  schema: JsonObject | null;
}

export interface OperationModel {
  operationId: string;
  method: string; // uppercase
  /** The request path template, without the path key's `?flag` (transport, router). */
  path: string;
  /** The spec's path key: `path`, or `path?flag` for an operation selected by a bare query flag. */
  pathKey: string;
  /** The bare query flag that selects this operation among others on its path and method (SMH `renew`). */
  flag: string | null;
  summary: string;
  parameters: ParameterModel[];
  queryOrder: string[] | null;
  security: string[][];
  requestBody: {
    required: boolean;
    contentType: string;
    schema: JsonObject;
    examples: Record<string, Json>;
  } | null;
  responses: ResponseModel[];
  errata: JsonObject[];
  conformance: JsonObject[];
  /** `x-drivespec-transfer`: how bytes go to the upload URLs this operation hands out. */
  transfer: TransferModel | null;
}

/**
 * `x-drivespec-transfer` on an operation that hands out upload URLs: the byte transfer OpenAPI
 * cannot describe (the URLs point at a storage service, not at the API). Fields: CONTRACTS in
 * ARCHITECTURE.md, "Spec conventions".
 */
export interface TransferModel {
  description: string;
  method: 'PUT' | 'POST';
  /** A template: `{/json/pointer}` into the 200 body (`*` = each array item), `{partNumber}`. */
  url: string;
  headers: Record<string, string>;
  headersFrom: string | null;
  /** Headers whose value is a field of the operation's request body, or what a table maps it to. */
  requestHeaders: Record<string, RequestHeaderModel>;
  contentMd5: 'required' | 'optional' | 'ignored';
  successStatus: number;
  etag: boolean;
  lifetimeSeconds: number | null;
  expiresAtField: string | null;
  errors: { status: number; code: string; description: string }[];
  sources: string[];
}

/**
 * A transfer header taken from the request that handed out the URL (MetaStudio: `Content-MD5` is
 * CreateFile's `file_md5`, `Content-Type` follows `file_type`): the value at `field`, a pointer
 * into the request body, sent as is, or looked up in `values` (keys lower-case, the request's
 * value compared lower-cased) with `otherwise` for a value the table does not list.
 */
export interface RequestHeaderModel {
  field: string;
  values: Record<string, string> | null;
  otherwise: string | null;
}

export interface SpecModel {
  provider: string;
  specPath: string; // relative, forward slashes
  document: JsonObject;
  info: ProviderModel;
  operations: OperationModel[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export class SpecError extends Error {
  override name = 'SpecError';
}

export async function loadSpec(provider: string, specPath: string, absolutePath: string): Promise<SpecModel> {
  const text = await readFile(absolutePath, 'utf8');
  const document = parse(text) as JsonObject;
  if (!document || typeof document !== 'object' || typeof document.openapi !== 'string' || !document.openapi.startsWith('3.1')) {
    throw new SpecError(`${specPath}: not an OpenAPI 3.1 document`);
  }
  const operations: OperationModel[] = [];
  const paths = asObject(document.paths, `${specPath}: paths`);
  for (const path of Object.keys(paths)) {
    const item = asObject(deref(document, paths[path]), `${specPath}: paths.${path}`);
    const shared = asArray(item.parameters ?? []);
    for (const method of METHODS) {
      if (!(method in item)) continue;
      const op = asObject(item[method], `${specPath}: ${method} ${path}`);
      operations.push(readOperation(document, specPath, path, method, op, shared));
    }
  }
  // One operation per method, path and flag: a path key's `?flag` is what tells apart operations
  // OpenAPI would otherwise see on one path (SMH `?confirm`, `?renew`, `?upload`).
  const routes = new Map<string, string>();
  for (const op of operations) {
    const route = `${op.method} ${op.path.replace(/\{[^}]*\}/g, '{}')}${op.flag === null ? '' : `?${op.flag}`}`;
    const other = routes.get(route);
    if (other) throw new SpecError(`${specPath}: ${other} and ${op.operationId} share the route ${route}`);
    routes.set(route, op.operationId);
  }
  operations.sort((a, b) => byCodeUnits(a.operationId, b.operationId));
  return { provider, specPath, document, info: readProvider(document, specPath), operations };
}

function readProvider(doc: JsonObject, specPath: string): ProviderModel {
  const where = `${specPath}: x-drivespec-provider`;
  const raw = asObject(doc['x-drivespec-provider'], where);
  const typeName = raw.typeName;
  if (typeof typeName !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(typeName)) {
    throw new SpecError(`${where}.typeName: must be a PascalCase identifier`);
  }
  const requestIdHeader = raw.requestIdHeader;
  if (typeof requestIdHeader !== 'string' || !/^[A-Za-z0-9-]+$/.test(requestIdHeader)) {
    throw new SpecError(`${where}.requestIdHeader: must be a header name`);
  }
  const schemas = asObject(asObject(doc.components ?? {}, `${specPath}: components`).schemas ?? {}, `${specPath}: components.schemas`);
  if (!Array.isArray(raw.errorSchemas) || raw.errorSchemas.some((n) => typeof n !== 'string')) {
    throw new SpecError(`${where}.errorSchemas: must be a list of component schema names`);
  }
  const errorSchemas = raw.errorSchemas as string[];
  if (errorSchemas.length === 0) throw new SpecError(`${where}.errorSchemas: name at least one component schema`);
  for (const name of errorSchemas) {
    if (!(name in schemas)) throw new SpecError(`${where}.errorSchemas: no component schema ${name}`);
  }
  const unknown = Object.keys(raw).filter((k) => !['typeName', 'requestIdHeader', 'errorSchemas'].includes(k));
  if (unknown.length) throw new SpecError(`${where}: unknown field ${unknown.join(', ')}`);
  return { typeName, requestIdHeader: requestIdHeader.toLowerCase(), errorSchemas };
}

/**
 * `createClient` options every provider's client already has (CommonClientOptions, the test
 * hooks, `credentials`): a parameter option of that name would clash with them. Kept equal to
 * `keyof CommonClientOptions` by test/generator/reserved-options.test-d.ts.
 */
export const RESERVED_OPTIONS = [
  'baseUrl',
  'credentials',
  'fetch',
  'maxResponseBytes',
  'maxRetries',
  'nonce',
  'now',
  'random',
  'responseValidation',
  'sleep',
  'timeout',
  'totalTimeout',
] as const;

function readClientOption(p: JsonObject, where: string): ClientOptionModel | null {
  const raw = p['x-drivespec-client-option'];
  if (raw === undefined) return null;
  const o = asObject(raw, `${where}: x-drivespec-client-option`);
  // A misspelt field would be dropped silently (`requried: true` makes a required option optional).
  const unknown = Object.keys(o).filter((k) => !['option', 'required'].includes(k));
  if (unknown.length) throw new SpecError(`${where}: x-drivespec-client-option: unknown field ${unknown.join(', ')}`);
  if (typeof o.option !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(o.option)) {
    throw new SpecError(`${where}: x-drivespec-client-option.option must be a camelCase option name`);
  }
  if ((RESERVED_OPTIONS as readonly string[]).includes(o.option)) {
    throw new SpecError(`${where}: x-drivespec-client-option.option ${o.option} is taken by a common client option`);
  }
  if (o.required !== undefined && typeof o.required !== 'boolean') {
    throw new SpecError(`${where}: x-drivespec-client-option.required must be true or false`);
  }
  if (p.in !== 'path' && p.in !== 'query') throw new SpecError(`${where}: x-drivespec-client-option applies to path and query parameters`);
  const schema = (p.schema ?? {}) as JsonObject;
  const fallback = schema.default;
  if (fallback !== undefined && typeof fallback !== 'string') throw new SpecError(`${where}: a client-filled default must be a string`);
  return { option: o.option, required: o.required === true, default: fallback ?? null };
}

/**
 * A path key `path` or `path?flag` (CONTRACTS: operations told apart by a bare query flag). The
 * flag is a plain name: anything else after `?` is not a convention of ours.
 */
function splitPathKey(pathKey: string, where: string): { path: string; flag: string | null } {
  const at = pathKey.indexOf('?');
  if (at < 0) return { path: pathKey, flag: null };
  const flag = pathKey.slice(at + 1);
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(flag)) {
    throw new SpecError(`${where}: a path key may end only in ?<flag name> (one bare flag), not ?${flag}`);
  }
  return { path: pathKey.slice(0, at), flag };
}

function readOperation(
  doc: JsonObject,
  specPath: string,
  pathKey: string,
  method: string,
  op: JsonObject,
  shared: Json[],
): OperationModel {
  const where = `${specPath}: ${method.toUpperCase()} ${pathKey}`;
  if (typeof op.operationId !== 'string') throw new SpecError(`${where}: operationId is missing`);
  const { path, flag } = splitPathKey(pathKey, where);
  const byKey = new Map<string, ParameterModel>();
  // Spec conventions (schema-rules.ts): closed requests, open responses, flags tools can write.
  const problems: string[] = [];
  for (const raw of [...shared, ...asArray(op.parameters ?? [])]) {
    const p = asObject(deref(doc, raw), `${where}: parameter`);
    if (p['x-drivespec-flag'] === true) problems.push(...flagParameterProblems(p, `parameter ${String(p.name)}`));
    const param: ParameterModel = {
      name: String(p.name),
      in: p.in as ParameterModel['in'],
      required: p.required === true,
      flag: p['x-drivespec-flag'] === true,
      schema: asObject(p.schema ?? {}, `${where}: parameter ${String(p.name)} schema`),
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      examples: readExamples(doc, p),
      clientOption: readClientOption(p, `${where}: parameter ${String(p.name)}`),
      multiSegment: p['x-drivespec-multi-segment'] === true,
    };
    if (p['x-drivespec-multi-segment'] !== undefined && typeof p['x-drivespec-multi-segment'] !== 'boolean') {
      problems.push(`parameter ${param.name}: x-drivespec-multi-segment must be true or false`);
    }
    if (param.multiSegment && (param.in !== 'path' || !path.endsWith(`/{${param.name}}`))) {
      problems.push(`parameter ${param.name}: x-drivespec-multi-segment is for the path parameter in the path's last segment`);
    }
    byKey.set(`${param.in}:${param.name}`, param);
  }
  if (flag !== null) {
    const selector = byKey.get(`query:${flag}`);
    if (!selector || !selector.flag || !selector.required) {
      problems.push(`the path key's ?${flag} needs a required query parameter ${flag} with x-drivespec-flag: true`);
    }
  }
  let requestBody: OperationModel['requestBody'] = null;
  if (op.requestBody !== undefined) {
    const body = asObject(deref(doc, op.requestBody), `${where}: requestBody`);
    const content = asObject(body.content, `${where}: requestBody.content`);
    const contentType = Object.keys(content).sort()[0];
    if (!contentType) throw new SpecError(`${where}: requestBody has no content`);
    const media = asObject(content[contentType], `${where}: requestBody media`);
    requestBody = {
      required: body.required === true,
      contentType,
      schema: asObject(media.schema ?? {}, `${where}: requestBody schema`),
      examples: readExamples(doc, media),
    };
    problems.push(...requestSchemaProblems(doc, requestBody.schema, 'requestBody'));
  }
  const responses: ResponseModel[] = [];
  const rawResponses = asObject(op.responses, `${where}: responses`);
  for (const status of Object.keys(rawResponses).sort()) {
    const r = asObject(deref(doc, rawResponses[status]), `${where}: responses.${status}`);
    const content = r.content ? asObject(r.content, `${where}: responses.${status}.content`) : {};
    const contentType = Object.keys(content).sort()[0] ?? null;
    const media = contentType ? asObject(content[contentType], `${where}: response media`) : null;
    if (media?.schema) problems.push(...responseSchemaProblems(doc, asObject(media.schema, `${where}: response schema`), `responses.${status}`));
    responses.push({
      status,
      description: typeof r.description === 'string' ? r.description : '',
      contentType,
      schema: media?.schema ? asObject(media.schema, `${where}: response schema`) : null,
      headers: r.headers ? Object.keys(asObject(r.headers, `${where}: headers`)).sort() : [],
      headerSpecs: readResponseHeaders(doc, r.headers, `${where}: responses.${status}.headers`),
      examples: media ? readExamples(doc, media) : {},
    });
  }
  const security = asArray(op.security ?? doc.security ?? []).map((req) =>
    Object.keys(asObject(req, `${where}: security`)).sort(),
  );
  const transfer = op['x-drivespec-transfer'] === undefined ? null : readTransfer(op['x-drivespec-transfer'], `${where}: x-drivespec-transfer`);
  if (transfer) problems.push(...transferPointerProblems(doc, transfer, responses), ...requestHeaderProblems(doc, transfer, requestBody));
  assertNoProblems(where, problems);
  const queryOrder = op['x-drivespec-query-order'];
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    path,
    pathKey,
    flag,
    summary: typeof op.summary === 'string' ? op.summary : '',
    parameters: [...byKey.values()],
    queryOrder: Array.isArray(queryOrder) ? queryOrder.map(String) : null,
    security,
    requestBody,
    responses,
    errata: asArray(op['x-drivespec-errata'] ?? []).map((e) => asObject(e, `${where}: x-drivespec-errata`)),
    conformance: asArray(op['x-drivespec-conformance'] ?? []).map((e) =>
      asObject(e, `${where}: x-drivespec-conformance`),
    ),
    transfer,
  };
}

/**
 * Every pointer of an `x-drivespec-transfer` names a field of the operation's 200 answer (a typo
 * would give `upload()` nothing to send to): followed through `properties`, `items` for `*`,
 * `$ref`s and the branches of `allOf`/`anyOf`/`oneOf`.
 */
function transferPointerProblems(doc: JsonObject, transfer: TransferModel, responses: readonly ResponseModel[]): string[] {
  const ok = responses.find((r) => /^2\d\d$/.test(r.status) && r.schema);
  if (!ok?.schema) return ['x-drivespec-transfer needs a 2xx answer with a JSON schema to point into'];
  const pointers = [
    ...[...transfer.url.matchAll(/\{(\/[^}]*)\}/g)].map((m) => m[1]!),
    ...(transfer.headersFrom ? [transfer.headersFrom] : []),
    ...(transfer.expiresAtField ? [transfer.expiresAtField] : []),
  ];
  return pointers
    .filter((pointer) => !pointsIntoSchema(doc, ok.schema!, pointer.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'))))
    .map((pointer) => `x-drivespec-transfer: ${pointer} is not a field of the ${ok.status} answer`);
}

/** Every `requestHeaders[...].field` names a field of the operation's request body. */
function requestHeaderProblems(doc: JsonObject, transfer: TransferModel, requestBody: OperationModel['requestBody']): string[] {
  const problems: string[] = [];
  for (const [name, header] of Object.entries(transfer.requestHeaders)) {
    const tokens = header.field.split('/').slice(1).map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (!requestBody || !pointsIntoSchema(doc, requestBody.schema, tokens)) {
      problems.push(`x-drivespec-transfer: requestHeaders.${name}.field ${header.field} is not a field of the request body`);
    }
  }
  return problems;
}

function pointsIntoSchema(doc: JsonObject, schema: Json, tokens: readonly string[], depth = 0): boolean {
  if (depth > 64 || !schema || typeof schema !== 'object' || Array.isArray(schema)) return false;
  if (typeof schema.$ref === 'string') return pointsIntoSchema(doc, resolvePointer(doc, schema.$ref), tokens, depth + 1);
  if (tokens.length === 0) return true;
  const [head, ...rest] = tokens as [string, ...string[]];
  for (const keyword of ['allOf', 'anyOf', 'oneOf']) {
    const branches = schema[keyword];
    if (Array.isArray(branches) && branches.some((b) => pointsIntoSchema(doc, b, tokens, depth + 1))) return true;
  }
  if (head === '*') return schema.items !== undefined && pointsIntoSchema(doc, schema.items, rest, depth + 1);
  const properties = schema.properties;
  if (properties && typeof properties === 'object' && !Array.isArray(properties) && head in properties) {
    return pointsIntoSchema(doc, (properties as JsonObject)[head] as Json, rest, depth + 1);
  }
  return false;
}

const TRANSFER_FIELDS = [
  'description',
  'method',
  'url',
  'headers',
  'headersFrom',
  'requestHeaders',
  'contentMd5',
  'successStatus',
  'etag',
  'lifetimeSeconds',
  'expiresAtField',
  'errors',
  'sources',
];

/** A JSON pointer into the answer, `*` standing for every item of an array. */
const POINTER = /^(?:\/(?:[^/~{}]|~[01])*)+$/;

function readTransfer(value: Json, where: string): TransferModel {
  const t = asObject(value, where);
  const unknown = Object.keys(t).filter((k) => !TRANSFER_FIELDS.includes(k));
  if (unknown.length) throw new SpecError(`${where}: unknown field ${unknown.join(', ')}`);
  const text = (name: string, ok: (v: string) => boolean, rule: string): string => {
    const v = t[name];
    if (typeof v !== 'string' || !ok(v)) throw new SpecError(`${where}.${name} must be ${rule}`);
    return v;
  };
  const optionalPointer = (name: string): string | null =>
    t[name] === undefined ? null : text(name, (v) => POINTER.test(v), 'a JSON pointer such as /expiration');
  const description = text('description', (v) => v.trim() !== '', 'prose saying what to send and what comes back');
  const method = text('method', (v) => v === 'PUT' || v === 'POST', 'PUT or POST') as TransferModel['method'];
  const url = text('url', (v) => /\{(?:\/[^}]*|partNumber)\}/.test(v), 'a template with at least one {/pointer} into the answer');
  for (const m of url.matchAll(/\{([^}]*)\}/g)) {
    if (m[1] !== 'partNumber' && !POINTER.test(m[1]!)) throw new SpecError(`${where}.url: {${m[1]}} is neither {partNumber} nor a JSON pointer`);
  }
  const headers: Record<string, string> = {};
  if (t.headers !== undefined) {
    for (const [name, v] of Object.entries(asObject(t.headers, `${where}.headers`))) {
      if (!HEADER_NAME.test(name) || typeof v !== 'string') {
        throw new SpecError(`${where}.headers: ${name} must be a header name with a string value`);
      }
      headers[name] = v;
    }
  }
  const requestHeaders: Record<string, RequestHeaderModel> = {};
  if (t.requestHeaders !== undefined) {
    for (const [name, v] of Object.entries(asObject(t.requestHeaders, `${where}.requestHeaders`))) {
      requestHeaders[name] = readRequestHeader(name, v, headers, `${where}.requestHeaders.${name}`);
    }
  }
  const contentMd5 = t.contentMd5 === undefined ? 'ignored' : text('contentMd5', (v) => ['required', 'optional', 'ignored'].includes(v), 'required, optional or ignored');
  const successStatus = t.successStatus;
  if (typeof successStatus !== 'number' || !Number.isInteger(successStatus) || successStatus < 200 || successStatus > 299) {
    throw new SpecError(`${where}.successStatus must be a 2xx status`);
  }
  if (t.etag !== undefined && typeof t.etag !== 'boolean') throw new SpecError(`${where}.etag must be true or false`);
  const lifetime = t.lifetimeSeconds;
  if (lifetime !== undefined && (typeof lifetime !== 'number' || !Number.isInteger(lifetime) || lifetime < 1)) {
    throw new SpecError(`${where}.lifetimeSeconds must be a whole number of seconds`);
  }
  const errors = asArray(t.errors ?? []).map((e, i) => {
    const o = asObject(e, `${where}.errors[${i}]`);
    if (typeof o.status !== 'number' || typeof o.code !== 'string' || typeof o.description !== 'string') {
      throw new SpecError(`${where}.errors[${i}] must be { status, code, description }`);
    }
    return { status: o.status, code: o.code, description: o.description };
  });
  const sources = asArray(t.sources ?? []).map((s, i) => {
    if (typeof s !== 'string') throw new SpecError(`${where}.sources[${i}] must be a string`);
    return s;
  });
  return {
    description: description.trim(),
    method,
    url,
    headers,
    headersFrom: optionalPointer('headersFrom'),
    requestHeaders,
    contentMd5: contentMd5 as TransferModel['contentMd5'],
    successStatus,
    etag: t.etag === true,
    lifetimeSeconds: typeof lifetime === 'number' ? lifetime : null,
    expiresAtField: optionalPointer('expiresAtField'),
    errors,
    sources,
  };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function readRequestHeader(name: string, value: Json, fixed: Readonly<Record<string, string>>, where: string): RequestHeaderModel {
  if (!HEADER_NAME.test(name)) throw new SpecError(`${where}: ${name} is not a header name`);
  if (Object.keys(fixed).some((f) => f.toLowerCase() === name.toLowerCase())) {
    throw new SpecError(`${where}: ${name} is also a fixed header (headers)`);
  }
  const h = asObject(value, where);
  const unknown = Object.keys(h).filter((k) => !['field', 'values', 'otherwise'].includes(k));
  if (unknown.length) throw new SpecError(`${where}: unknown field ${unknown.join(', ')}`);
  if (typeof h.field !== 'string' || !POINTER.test(h.field) || h.field.includes('*')) {
    throw new SpecError(`${where}.field must be a JSON pointer into the request body, such as /file_md5`);
  }
  if ((h.values === undefined) !== (h.otherwise === undefined)) {
    throw new SpecError(`${where}: values and otherwise go together (a value the table does not list needs a header too)`);
  }
  if (h.values === undefined) return { field: h.field, values: null, otherwise: null };
  const values: Record<string, string> = {};
  for (const [key, mapped] of Object.entries(asObject(h.values, `${where}.values`))) {
    if (key !== key.toLowerCase() || typeof mapped !== 'string') {
      throw new SpecError(`${where}.values: ${key} must be lower-case with a string value (request values are compared lower-cased)`);
    }
    values[key] = mapped;
  }
  if (typeof h.otherwise !== 'string') throw new SpecError(`${where}.otherwise must be a string`);
  return { field: h.field, values, otherwise: h.otherwise };
}

function readExamples(doc: JsonObject, holder: JsonObject): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (holder.examples && typeof holder.examples === 'object' && !Array.isArray(holder.examples)) {
    for (const [key, raw] of Object.entries(holder.examples)) {
      const ex = asObject(deref(doc, raw), `example ${key}`);
      if ('value' in ex) out[key] = ex.value as Json;
    }
  }
  if ('example' in holder) out.default ??= holder.example as Json;
  return out;
}

/** Follows a local `$ref` (recursively) in a non-schema position. */
/**
 * A response's header objects (OpenAPI 3.1 §4.8.21): `required` and `schema`; a header described
 * with `content` instead is refused, as no tool here reads it. `Content-Type` is skipped: "If a
 * response header is defined with the name "Content-Type", it SHALL be ignored" (§4.8.17.1).
 */
function readResponseHeaders(doc: JsonObject, raw: Json | undefined, where: string): ResponseHeaderModel[] {
  if (raw === undefined) return [];
  const out: ResponseHeaderModel[] = [];
  for (const name of Object.keys(asObject(raw, where)).sort()) {
    if (name.toLowerCase() === 'content-type') continue;
    const h = asObject(deref(doc, (raw as JsonObject)[name]), `${where}.${name}`);
    if (h.content !== undefined) throw new SpecError(`${where}.${name}: describe the header with schema, not content`);
    if (h.required !== undefined && typeof h.required !== 'boolean') throw new SpecError(`${where}.${name}: required must be a boolean`);
    out.push({ name, required: h.required === true, schema: h.schema === undefined ? null : asObject(h.schema, `${where}.${name}.schema`) });
  }
  return out;
}

export function deref(doc: JsonObject, value: Json | undefined): Json {
  let current = value ?? null;
  for (let hops = 0; current && typeof current === 'object' && !Array.isArray(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new SpecError(`$ref cycle at ${current.$ref}`);
    current = resolvePointer(doc, current.$ref);
  }
  return current;
}

export function resolvePointer(doc: JsonObject, ref: string): Json {
  if (!ref.startsWith('#/')) throw new SpecError(`only local $refs are supported: ${ref}`);
  let node: Json = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (!node || typeof node !== 'object' || Array.isArray(node) || !(key in node)) {
      throw new SpecError(`unresolved $ref ${ref}`);
    }
    node = (node as JsonObject)[key] as Json;
  }
  return node;
}

function asObject(value: Json | undefined, where: string): JsonObject {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SpecError(`${where}: expected an object`);
  return value;
}

function asArray(value: Json | undefined): Json[] {
  return Array.isArray(value) ? value : [];
}
