/**
 * The spec conventions the generator enforces (ARCHITECTURE.md, "Spec conventions"), so a spec
 * that breaks them fails `npm run generate` and `generate --check` naming the schema:
 *
 * - **Request schemas are closed.** Every object a client sends (a request body and every object
 *   nested in it) refuses properties the spec does not declare: `additionalProperties: false`, or
 *   `unevaluatedProperties: false` when the object uses `allOf`/`anyOf`/`oneOf` (whose branches
 *   `additionalProperties` cannot see). An open request schema lets a typo through unchecked
 *   (PDS `crc64hash: '1'` was sent and the CRC check silently skipped, issue 9 item 3).
 * - **Response schemas are open.** No object a provider sends may refuse unknown properties, so a
 *   field the provider adds later does not turn every answer into a ResponseValidationError.
 * - **Flag query parameters** (`x-drivespec-flag: true`, SMH `confirm`) are optional-valued query
 *   parameters a standard OpenAPI serializer can write: `allowEmptyValue: true` and
 *   `schema: { type: string, enum: [''] }` (tools write `confirm=`, drivespec the bare `confirm`).
 */
import { resolvePointer, SpecError, type Json, type JsonObject } from './spec-model.js';

const COMPOSITION = ['allOf', 'anyOf', 'oneOf'] as const;

/** Keywords whose value is a schema for the same instance (a branch, not a nested value). */
const SAME_INSTANCE = ['allOf', 'anyOf', 'oneOf', 'not', 'if', 'then', 'else'] as const;

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describesObject(schema: JsonObject): boolean {
  const type = schema.type;
  return type === 'object' || (Array.isArray(type) && type.includes('object')) || (type === undefined && isObject(schema.properties));
}

/**
 * Calls `visit` on every schema that describes a value of the instance tree rooted at `schema`
 * (the root, property values, items, map values), following `$ref`s once each. Branches of
 * `allOf`/`anyOf`/... describe the same value as their parent: `visit` gets `branch = true`.
 */
function walk(
  doc: JsonObject,
  schema: Json | undefined,
  where: string,
  visit: (schema: JsonObject, where: string, branch: boolean) => void,
  branch = false,
  seen = new Set<string>(),
): void {
  if (!isObject(schema)) return;
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return;
    const next = new Set(seen).add(schema.$ref);
    walk(doc, resolvePointer(doc, schema.$ref), schema.$ref, visit, branch, next);
    return;
  }
  visit(schema, where, branch);
  if (isObject(schema.properties)) {
    for (const [name, child] of Object.entries(schema.properties)) walk(doc, child, `${where}.properties.${name}`, visit, false, seen);
  }
  if (isObject(schema.additionalProperties)) walk(doc, schema.additionalProperties, `${where}.additionalProperties`, visit, false, seen);
  if (isObject(schema.items)) walk(doc, schema.items, `${where}.items`, visit, false, seen);
  if (Array.isArray(schema.prefixItems)) schema.prefixItems.forEach((s, i) => walk(doc, s, `${where}.prefixItems.${i}`, visit, false, seen));
  for (const keyword of SAME_INSTANCE) {
    const value = schema[keyword];
    if (Array.isArray(value)) value.forEach((s, i) => walk(doc, s, `${where}.${keyword}.${i}`, visit, true, seen));
    else if (isObject(value)) walk(doc, value, `${where}.${keyword}`, visit, true, seen);
  }
}

/** Every object in a request body refuses undeclared properties. */
export function requestSchemaProblems(doc: JsonObject, schema: JsonObject, where: string): string[] {
  const problems: string[] = [];
  walk(doc, schema, where, (node, at, branch) => {
    // A branch constrains its parent's value; the parent (or the branch's own nested values) closes.
    if (branch || !describesObject(node)) return;
    const composed = COMPOSITION.some((k) => Array.isArray(node[k]));
    if (composed) {
      if (node.unevaluatedProperties !== false) {
        problems.push(`${at}: a request object that uses ${COMPOSITION.filter((k) => k in node).join('/')} must set unevaluatedProperties: false`);
      }
    } else if (node.additionalProperties !== false && node.unevaluatedProperties !== false) {
      problems.push(`${at}: a request object must set additionalProperties: false (unknown fields are refused, not ignored)`);
    }
  });
  return problems;
}

/** No object in a response refuses properties the provider may add. */
export function responseSchemaProblems(doc: JsonObject, schema: JsonObject, where: string): string[] {
  const problems: string[] = [];
  walk(doc, schema, where, (node, at) => {
    for (const keyword of ['additionalProperties', 'unevaluatedProperties']) {
      if (node[keyword] === false) {
        problems.push(`${at}: a response object must stay open to new fields (remove ${keyword}: false)`);
      }
    }
  });
  return problems;
}

/** A flag query parameter: what standard serializers write as `name=` and drivespec as `name`. */
export function flagParameterProblems(parameter: JsonObject, where: string): string[] {
  const problems: string[] = [];
  const schema = isObject(parameter.schema) ? parameter.schema : {};
  if (parameter.in !== 'query') problems.push(`${where}: x-drivespec-flag is for query parameters only`);
  if (parameter.allowEmptyValue !== true) problems.push(`${where}: a flag parameter must set allowEmptyValue: true`);
  const onlyEmpty = Array.isArray(schema.enum) && schema.enum.length === 1 && schema.enum[0] === '';
  if (schema.type !== 'string' || !onlyEmpty) problems.push(`${where}: a flag parameter's schema must be { type: string, enum: [''] }`);
  return problems;
}

/** Throws one SpecError listing every problem, or returns. */
export function assertNoProblems(where: string, problems: readonly string[]): void {
  if (problems.length) throw new SpecError(`${where}: spec conventions broken (ARCHITECTURE.md):\n  ${problems.join('\n  ')}`);
}
