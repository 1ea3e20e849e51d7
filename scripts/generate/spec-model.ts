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
}

export interface ResponseModel {
  status: string; // '200', '400', 'default'
  description: string;
  contentType: string | null;
  schema: JsonObject | null;
  headers: string[];
  examples: Record<string, Json>;
}

export interface OperationModel {
  operationId: string;
  method: string; // uppercase
  path: string;
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
}

export interface SpecModel {
  provider: string;
  specPath: string; // relative, forward slashes
  document: JsonObject;
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
  operations.sort((a, b) => byCodeUnits(a.operationId, b.operationId));
  return { provider, specPath, document, operations };
}

function readOperation(
  doc: JsonObject,
  specPath: string,
  path: string,
  method: string,
  op: JsonObject,
  shared: Json[],
): OperationModel {
  const where = `${specPath}: ${method.toUpperCase()} ${path}`;
  if (typeof op.operationId !== 'string') throw new SpecError(`${where}: operationId is missing`);
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
    };
    byKey.set(`${param.in}:${param.name}`, param);
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
      examples: media ? readExamples(doc, media) : {},
    });
  }
  const security = asArray(op.security ?? doc.security ?? []).map((req) =>
    Object.keys(asObject(req, `${where}: security`)).sort(),
  );
  assertNoProblems(where, problems);
  const queryOrder = op['x-drivespec-query-order'];
  return {
    operationId: op.operationId,
    method: method.toUpperCase(),
    path,
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
  };
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
