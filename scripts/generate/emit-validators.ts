/**
 * Standalone ajv validators (JSON Schema 2020-12, strict mode) for every request and response
 * body and for each operation's parameters, bundled with esbuild into one dependency-free ESM
 * module: ajv's standalone output still `require`s its runtime helpers and formats
 * (TOOLCHAIN.md), so the bundle inlines them and nothing compiles a schema at run time.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Ajv2020, _ } from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import addFormats from 'ajv-formats';
import { build, type Plugin } from 'esbuild';
import { byCodeUnits } from './order.js';
import type { Json, JsonObject, OperationModel, SpecModel } from './spec-model.js';

const projectRoot = new URL('../..', import.meta.url).pathname;

/**
 * Each component schema is registered under its own absolute id (never fetched: `.invalid`), so
 * ajv compiles it once and every validator that uses it calls the same function. A `$ref` into a
 * fragment of one big schema would be compiled again for every root that reaches it.
 */
const componentId = (name: string) => `https://drivespec.invalid/components/${name}.json`;

/** OpenAPI-only keywords ajv's strict mode would reject; declared rather than turning strict off. */
const OPENAPI_KEYWORDS = ['example', 'xml', 'externalDocs', 'discriminator'];

export interface ValidatorEntry {
  name: string;
  /** TypeScript type the validator narrows to, written against `./types.js`. */
  type: string;
}

/**
 * esbuild names every bundled file by its path relative to the working directory, in a comment
 * and as the key of its `__commonJS` wrapper, so the bundle would depend on where it was run from
 * and on where node_modules really is (a symlinked node_modules resolves to its target). Every
 * import is resolved here the way Node resolves it and loaded under a name that depends on neither:
 * `package:<package>/<file in it>` (the part after the last `node_modules/`).
 */
export const stablePackagePaths: Plugin = {
  name: 'drivespec-stable-package-paths',
  setup(esbuild) {
    const files = new Map<string, string>(); // stable name → real path
    esbuild.onResolve({ filter: /.*/ }, (args) => {
      const real = createRequire(join(args.resolveDir, 'importer.js')).resolve(args.path);
      const at = real.lastIndexOf('/node_modules/');
      if (at < 0) throw new Error(`validators may bundle only packages from node_modules, not ${args.path} (${real})`);
      const name = real.slice(at + '/node_modules/'.length);
      const other = files.get(name);
      if (other !== undefined && other !== real) throw new Error(`two bundled files would both be named ${name}: ${other} and ${real}`);
      files.set(name, real);
      return { path: name, namespace: 'package' };
    });
    esbuild.onLoad({ filter: /.*/, namespace: 'package' }, async (args) => {
      const real = files.get(args.path)!;
      return { contents: await readFile(real, 'utf8'), loader: 'js', resolveDir: dirname(real) };
    });
  },
};

export function validatorName(operationId: string, part: string): string {
  return `validate${operationId}${part}`;
}

/** The validator of a component schema the spec names as an error body (`x-drivespec-provider.errorSchemas`). */
export function schemaValidatorName(schema: string): string {
  return `validateSchema${schema}`;
}

export function responsePart(status: string): string {
  return status === 'default' ? 'ResponseDefault' : `Response${status}`;
}

/** `x-ca-request-id` → `XCaRequestId`. */
function pascalHeader(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The validator of each documented response header with a schema, keyed `operationId status
 * name`: one per header name and schema (`validateHeaderXCaRequestId`), shared by every response
 * documenting the same header the same way, so fifty error answers with a request-id header cost
 * one function; a header documented differently elsewhere gets one named after its response.
 */
export function headerValidatorNames(spec: SpecModel): Map<string, { name: string; schema: JsonObject }> {
  const byShape = new Map<string, string>();
  const taken = new Set<string>();
  const out = new Map<string, { name: string; schema: JsonObject }>();
  for (const op of spec.operations) {
    for (const r of op.responses) {
      for (const h of r.headerSpecs) {
        if (!h.schema) continue;
        const shape = `${h.name.toLowerCase()} ${JSON.stringify(h.schema)}`;
        let name = byShape.get(shape);
        if (name === undefined) {
          name = `validateHeader${pascalHeader(h.name)}`;
          if (taken.has(name)) name = `${validatorName(op.operationId, responsePart(r.status))}Header${pascalHeader(h.name)}`;
          taken.add(name);
          byShape.set(shape, name);
        }
        out.set(`${op.operationId} ${r.status} ${h.name}`, { name, schema: h.schema });
      }
    }
  }
  return out;
}

/** Rewrites `#/components/schemas/X` to the shared components schema. */
function rewriteRefs(value: Json): Json {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (!value || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string') {
      const m = /^#\/components\/schemas\/(.+)$/.exec(child);
      if (!m) throw new Error(`unsupported schema $ref ${child}`);
      out[key] = componentId(m[1]!);
    } else {
      out[key] = rewriteRefs(child);
    }
  }
  return out;
}

function collectExtensionKeywords(value: Json, into: Set<string>): void {
  if (Array.isArray(value)) return value.forEach((v) => collectExtensionKeywords(v, into));
  if (!value || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('x-')) into.add(key);
    collectExtensionKeywords(child, into);
  }
}

function parametersSchema(op: OperationModel): JsonObject {
  const groups: Record<string, { properties: JsonObject; required: string[] }> = {};
  for (const p of op.parameters) {
    if (p.in === 'cookie') continue;
    const g = (groups[p.in] ??= { properties: {}, required: [] });
    // Left as written: `add` rewrites the whole parameters schema's refs once.
    g.properties[p.name] = p.schema;
    if (p.required) g.required.push(p.name);
  }
  const properties: JsonObject = {};
  const required: string[] = [];
  for (const location of ['path', 'query', 'header']) {
    const g = groups[location];
    if (!g) continue;
    properties[location] = {
      type: 'object',
      properties: g.properties,
      ...(g.required.length ? { required: g.required } : {}),
      // Unknown path and query names are typos; extra headers are the caller's business.
      additionalProperties: location === 'header',
    };
    if (g.required.length) required.push(location);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties: false };
}

export async function emitValidators(spec: SpecModel): Promise<{ js: string; dts: string; entries: ValidatorEntry[] }> {
  const extensions = new Set<string>();
  collectExtensionKeywords(spec.document, extensions);
  const ajv = new Ajv2020({
    strict: true,
    allErrors: true,
    allowUnionTypes: true,
    // Every $ref becomes a call to one shared function instead of a copy inlined into each
    // validator that uses it (the PDS File object was emitted once per operation and status).
    inlineRefs: false,
    code: {
      source: true,
      esm: true,
      lines: true,
      formats: _`require("ajv-formats/dist/formats").fullFormats`,
    },
    logger: {
      log: () => {},
      warn: (...args: unknown[]) => {
        throw new Error(`${spec.specPath}: ajv strict mode: ${args.join(' ')}`);
      },
      error: (...args: unknown[]) => {
        throw new Error(`${spec.specPath}: ajv: ${args.join(' ')}`);
      },
    },
  });
  addFormats.default(ajv);
  ajv.addVocabulary([...OPENAPI_KEYWORDS, ...[...extensions].sort()]);

  const components = ((spec.document.components as JsonObject | undefined)?.schemas ?? {}) as JsonObject;
  for (const [name, schema] of Object.entries(components)) {
    ajv.addSchema({ ...(rewriteRefs(schema) as JsonObject), $id: componentId(name) });
  }

  const entries: ValidatorEntry[] = [];
  const exportsMap: Record<string, string> = {};
  const add = (name: string, schema: JsonObject, type: string) => {
    ajv.addSchema({ ...(rewriteRefs(schema) as JsonObject), $id: `${name}.json` });
    exportsMap[name] = `${name}.json`;
    entries.push({ name, type });
  };
  for (const op of spec.operations) {
    const opType = `operations[${JSON.stringify(op.operationId)}]`;
    add(validatorName(op.operationId, 'Parameters'), parametersSchema(op), `${opType}['parameters']`);
    if (op.requestBody) {
      const bodyType = `NonNullable<${opType}['requestBody']>['content'][${JSON.stringify(op.requestBody.contentType)}]`;
      add(validatorName(op.operationId, 'RequestBody'), op.requestBody.schema, bodyType);
    }
    for (const r of op.responses) {
      if (!r.schema || !r.contentType) continue;
      const key = r.status === 'default' ? "'default'" : r.status;
      add(
        validatorName(op.operationId, responsePart(r.status)),
        r.schema,
        `${opType}['responses'][${key}]['content'][${JSON.stringify(r.contentType)}]`,
      );
    }
  }
  for (const { name, schema } of headerValidatorNames(spec).values()) {
    if (!Object.hasOwn(exportsMap, name)) add(name, schema, 'unknown');
  }
  for (const schema of spec.info.errorSchemas) {
    add(schemaValidatorName(schema), { $ref: `#/components/schemas/${schema}` }, `components['schemas'][${JSON.stringify(schema)}]`);
  }
  // Compile explicitly so strict-mode problems surface with the spec's name before bundling.
  for (const name of Object.keys(exportsMap)) ajv.getSchema(exportsMap[name]!);
  const source = standaloneCode.default(ajv, exportsMap);

  const bundled = await build({
    stdin: { contents: source, resolveDir: projectRoot, loader: 'js', sourcefile: `${spec.provider}-validators.js` },
    // Relative to the project, not to process.cwd(); with stablePackagePaths no path in the
    // output depends on either, and no comment carries a path (legalComments: none).
    absWorkingDir: projectRoot,
    plugins: [stablePackagePaths],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    legalComments: 'none',
    charset: 'utf8',
  });
  const js = bundled.outputFiles[0]!.text;
  entries.sort((a, b) => byCodeUnits(a.name, b.name));
  const dts = [
    `import type { components, operations } from './types.js';`,
    '',
    '/** One failing check, as ajv reports it (`instancePath` is a JSON pointer). */',
    'export interface ValidatorError {',
    '  instancePath: string;',
    '  schemaPath: string;',
    '  keyword: string;',
    '  params: Record<string, unknown>;',
    '  message?: string;',
    '}',
    '',
    '/** A compiled validator: a type guard whose failures are left in `errors`. */',
    'export interface Validator<T> {',
    '  (data: unknown): data is T;',
    '  errors?: ValidatorError[] | null;',
    '}',
    '',
    ...entries.map((e) => `export declare const ${e.name}: Validator<${e.type}>;`),
    '',
  ].join('\n');
  return { js, dts, entries };
}
