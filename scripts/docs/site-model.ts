/**
 * What the docs index shows, read from specs/<provider>.yaml and nothing else: providers,
 * operations (with their route in the Redoc reference page), security schemes, hash fields and
 * errata. The generator's spec reader does the `$ref` following, so docs and generated code read
 * the specs the same way.
 */
import { join } from 'node:path';
import { deref, loadSpec, resolvePointer, type Json, type JsonObject } from '../generate/spec-model.js';
import { providerIds, type ProviderId } from '../../src/core/provider.js';
import { referenceRoute } from './redoc-route.js';

export interface DocsSecurityScheme {
  name: string;
  /** How the credential travels, e.g. "header `X-Auth-Token`" or "HTTP bearer". */
  carrier: string;
  description: string;
}

export interface DocsHashField {
  operationId: string;
  /** `request body` or `response 200`. */
  where: string;
  field: string;
  /** Type, pattern and enum as the schema states them. */
  format: string;
  description: string;
}

export interface DocsErratum {
  operationId: string;
  field: string;
  documentedType: string;
  exampleValue: string;
  decision: string;
  reason: string;
  source: string;
}

export interface DocsOperation {
  operationId: string;
  method: string;
  path: string;
  summary: string;
  /** Hash route inside the provider's reference page, e.g. `#/file-operations/confirmupload`. */
  route: string;
  /** Alternatives (outer) of schemes that go together (inner). */
  security: string[][];
}

export interface DocsProviderModel {
  id: ProviderId;
  title: string;
  summary: string;
  version: string;
  specPath: string;
  /** Site-relative file name of the reference page. */
  page: string;
  sources: string[];
  servers: { url: string; description: string }[];
  operations: DocsOperation[];
  securitySchemes: DocsSecurityScheme[];
  hashFields: DocsHashField[];
  errata: DocsErratum[];
}

/** Property names that carry a content hash or its algorithm name (crc64, crc64_hash, sha256, content_hash, ...). */
const HASH_FIELD = /crc|sha\d|md5|hash/i;

export async function loadDocsModel(root: string): Promise<DocsProviderModel[]> {
  const out: DocsProviderModel[] = [];
  for (const id of providerIds) {
    const specPath = `specs/${id}.yaml`;
    const spec = await loadSpec(id, specPath, join(root, specPath));
    const doc = spec.document;
    const info = object(doc.info);
    const components = object(doc.components);
    const operations: DocsOperation[] = [];
    const hashFields: DocsHashField[] = [];
    const errata: DocsErratum[] = [];
    for (const op of spec.operations) {
      const raw = object(object(object(doc.paths)[op.pathKey])[op.method.toLowerCase()]);
      const tags = Array.isArray(raw.tags) ? raw.tags.map(String) : [];
      operations.push({
        operationId: op.operationId,
        method: op.method,
        path: op.pathKey,
        summary: op.summary,
        route: referenceRoute(tags[0], op.operationId),
        security: op.security,
      });
      if (op.requestBody) {
        hashFields.push(...hashFieldsOf(doc, op.operationId, 'request body', op.requestBody.schema));
      }
      for (const response of op.responses) {
        if (/^2\d\d$/.test(response.status) && response.schema) {
          hashFields.push(...hashFieldsOf(doc, op.operationId, `response ${response.status}`, response.schema));
        }
      }
      for (const e of op.errata) {
        errata.push({
          operationId: op.operationId,
          field: text(e.field),
          documentedType: text(e.documentedType),
          exampleValue: typeof e.exampleValue === 'string' ? e.exampleValue : JSON.stringify(e.exampleValue),
          decision: text(e.decision),
          reason: text(e.reason),
          source: text(e.source),
        });
      }
    }
    const schemes = object(components.securitySchemes);
    out.push({
      id,
      title: text(info.title),
      summary: text(info.summary),
      version: text(info.version),
      specPath,
      page: `${id}.html`,
      sources: Array.isArray(info['x-drivespec-sources']) ? info['x-drivespec-sources'].map(String) : [],
      servers: (Array.isArray(doc.servers) ? doc.servers : []).map((s) => ({
        url: text(object(s).url),
        description: text(object(s).description),
      })),
      operations,
      securitySchemes: Object.keys(schemes).map((name) => {
        const scheme = object(deref(doc, schemes[name]));
        return { name, carrier: carrier(scheme), description: text(scheme.description) };
      }),
      hashFields,
      errata,
    });
  }
  return out;
}

function carrier(scheme: JsonObject): string {
  if (scheme.type === 'apiKey') return `${text(scheme.in)} \`${text(scheme.name)}\``;
  if (scheme.type === 'http') return `HTTP ${text(scheme.scheme)}${scheme.bearerFormat ? ` (${text(scheme.bearerFormat)})` : ''}`;
  return text(scheme.type);
}

/** The top-level properties of `schema` whose names say they carry a hash. */
function hashFieldsOf(doc: JsonObject, operationId: string, where: string, schema: JsonObject): DocsHashField[] {
  const rows: DocsHashField[] = [];
  for (const [field, property] of Object.entries(propertiesOf(doc, schema))) {
    if (!HASH_FIELD.test(field)) continue;
    const own = object(property);
    const target = resolveSchema(doc, own);
    rows.push({
      operationId,
      where,
      field,
      format: describeSchema(doc, target),
      description: text(own.description ?? target.description),
    });
  }
  return rows;
}

/** Properties of an object schema, following `$ref` and merging `allOf` / `anyOf` / `oneOf` branches. */
function propertiesOf(doc: JsonObject, schema: JsonObject, depth = 0): Record<string, Json> {
  if (depth > 8) return {};
  const s = resolveSchema(doc, schema);
  const props: Record<string, Json> = { ...object(s.properties) };
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const branch of Array.isArray(s[key]) ? s[key] : []) Object.assign(props, propertiesOf(doc, object(branch), depth + 1));
  }
  return props;
}

function resolveSchema(doc: JsonObject, schema: JsonObject): JsonObject {
  let s = schema;
  for (let hops = 0; typeof s.$ref === 'string' && hops < 16; hops++) s = object(resolvePointer(doc, s.$ref));
  return s;
}

function describeSchema(doc: JsonObject, schema: JsonObject): string {
  const parts: string[] = [];
  const type = Array.isArray(schema.type) ? schema.type.join(' | ') : schema.type;
  if (type) parts.push(String(type));
  if (typeof schema.pattern === 'string') parts.push(`pattern \`${schema.pattern}\``);
  if (Array.isArray(schema.enum)) parts.push(`one of ${schema.enum.map((v) => `\`${JSON.stringify(v)}\``).join(', ')}`);
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) {
      parts.push(schema[key].map((branch) => describeSchema(doc, resolveSchema(doc, object(branch)))).join(' or '));
    }
  }
  return parts.join(', ') || 'any';
}

function object(value: Json | undefined): JsonObject {
  return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
}

function text(value: Json | undefined): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}
