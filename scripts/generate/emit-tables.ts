/**
 * The data the handwritten layer is driven by (octokit's habit: generated code is data,
 * interpreted by a small handwritten layer): the operation table, the resolved conformance
 * pairs and the docs' errata.
 */
import { headerValidatorNames, responsePart, schemaValidatorName, validatorName } from './emit-validators.js';
import { SpecError, type Json, type JsonObject, type SpecModel } from './spec-model.js';

/** Stable JSON with object keys sorted (for tables; examples keep the documented order). */
export function sortedJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
  return out;
}

export function emitOperations(spec: SpecModel): string {
  const doc = spec.document;
  const components = (doc.components ?? {}) as JsonObject;
  const operations: Record<string, unknown> = {};
  const headerValidators = headerValidatorNames(spec);
  const responseHeaders: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const op of spec.operations) {
    const byStatus: Record<string, Record<string, unknown>> = {};
    for (const r of op.responses) {
      if (!r.headerSpecs.length) continue;
      byStatus[r.status] = Object.fromEntries(
        r.headerSpecs.map((h) => [h.name, { required: h.required, validator: headerValidators.get(`${op.operationId} ${r.status} ${h.name}`)?.name ?? null }]),
      );
    }
    responseHeaders[op.operationId] = byStatus;
  }
  for (const op of spec.operations) {
    const responses: Record<string, unknown> = {};
    for (const r of op.responses) {
      responses[r.status] = {
        contentType: r.contentType,
        headers: r.headers,
        validator: r.schema && r.contentType ? validatorName(op.operationId, responsePart(r.status)) : null,
      };
    }
    operations[op.operationId] = {
      operationId: op.operationId,
      method: op.method,
      path: op.path,
      pathKey: op.pathKey,
      flag: op.flag,
      summary: op.summary,
      parameters: op.parameters.map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required,
        flag: p.flag,
        ...(p.multiSegment ? { multiSegment: true } : {}),
      })),
      queryOrder: op.queryOrder,
      security: op.security,
      requestBody: op.requestBody
        ? {
            required: op.requestBody.required,
            contentType: op.requestBody.contentType,
            validator: validatorName(op.operationId, 'RequestBody'),
          }
        : null,
      parametersValidator: validatorName(op.operationId, 'Parameters'),
      responses,
      transfer: op.transfer,
    };
  }
  const servers = ((doc.servers ?? []) as JsonObject[]).map((s) => ({
    url: s.url,
    description: s.description ?? null,
    variables: Object.fromEntries(
      Object.entries((s.variables ?? {}) as Record<string, JsonObject>).map(([k, v]) => [
        k,
        { default: v.default ?? null, enum: v.enum ?? null },
      ]),
    ),
  }));
  const securitySchemes = Object.fromEntries(
    Object.entries((components.securitySchemes ?? {}) as Record<string, JsonObject>).map(([k, v]) => [
      k,
      { type: v.type, scheme: v.scheme ?? null, in: v.in ?? null, name: v.name ?? null },
    ]),
  );
  return [
    "import type { OperationTable, ProviderInfo, ResponseHeaderInfo, SecuritySchemeInfo, ServerInfo } from '../operation-table.js';",
    '',
    `export const provider = ${JSON.stringify(spec.provider)};`,
    '',
    `export const providerInfo = ${sortedJson(providerInfo(spec))} as const satisfies ProviderInfo;`,
    '',
    `export const operations = ${sortedJson(operations)} as const satisfies Readonly<Record<string, OperationTable>>;`,
    '',
    '/**',
    ' * The documented response headers per operation and status (for the conformance harness; no',
    " * client imports it, so it stays out of the clients' bundles).",
    ' */',
    `export const responseHeaders = ${sortedJson(responseHeaders)} as const satisfies Readonly<Record<keyof typeof operations, Readonly<Record<string, Readonly<Record<string, ResponseHeaderInfo>>>>>>;`,
    '',
    `export const servers = ${sortedJson(servers)} as const satisfies readonly ServerInfo[];`,
    '',
    `export const securitySchemes = ${sortedJson(securitySchemes)} as const satisfies Readonly<Record<string, SecuritySchemeInfo>>;`,
    '',
    'export type OperationId = keyof typeof operations;',
    '',
  ].join('\n');
}

/** The registry row of one provider (generated/providers.ts holds all of them). */
export function providerInfo(spec: SpecModel): Record<string, unknown> {
  const doc = spec.document;
  const components = (doc.components ?? {}) as JsonObject;
  const info = (doc.info ?? {}) as JsonObject;
  return {
    id: spec.provider,
    typeName: spec.info.typeName,
    title: String(info.title ?? spec.provider),
    spec: spec.specPath,
    entryPoint: `drivespec/${spec.provider}`,
    operationIds: spec.operations.map((op) => op.operationId),
    securitySchemes: Object.keys((components.securitySchemes ?? {}) as JsonObject).sort(),
    requestIdHeader: spec.info.requestIdHeader,
    errorValidators: spec.info.errorSchemas.map(schemaValidatorName),
  };
}

export function emitExamples(spec: SpecModel): string {
  const pairs: unknown[] = [];
  for (const op of spec.operations) {
    for (const pair of op.conformance) {
      const where = `${spec.specPath}: ${op.operationId} x-drivespec-conformance ${String(pair.name)}`;
      if (typeof pair.name !== 'string' || typeof pair.scenario !== 'string') {
        throw new SpecError(`${where}: name and scenario are required`);
      }
      const req = (pair.request ?? null) as JsonObject | null;
      let request: JsonObject | null = null;
      if (req) {
        request = {
          path: (req.path ?? {}) as Json,
          query: (req.query ?? {}) as Json,
          header: (req.header ?? {}) as Json,
        };
        if (typeof req.bodyExample === 'string') {
          const examples = op.requestBody?.examples ?? {};
          if (!(req.bodyExample in examples)) throw new SpecError(`${where}: no request body example ${req.bodyExample}`);
          request.body = examples[req.bodyExample] as Json;
        }
      }
      const res = (pair.response ?? {}) as JsonObject;
      const status = String(res.status ?? '');
      const responseModel = op.responses.find((r) => r.status === status);
      if (!responseModel) throw new SpecError(`${where}: the operation declares no response ${status}`);
      const response: JsonObject = { status: Number(status) };
      if (typeof res.example === 'string') {
        if (!(res.example in responseModel.examples)) {
          throw new SpecError(`${where}: no ${status} response example ${res.example}`);
        }
        response.body = responseModel.examples[res.example] as Json;
      }
      if (res.headers) response.headers = res.headers as Json;
      pairs.push({
        operationId: op.operationId,
        name: pair.name,
        scenario: pair.scenario,
        source: pair.source ?? null,
        request,
        response,
        wire: pair.wire ?? null,
      });
    }
  }
  return [
    '/** The documented example pairs the conformance harness replays, resolved to concrete values. */',
    `export const examples = ${JSON.stringify(pairs, null, 2)} as const;`,
    '',
  ].join('\n');
}

export function emitErrata(spec: SpecModel): string {
  const errata: unknown[] = [];
  for (const op of spec.operations) {
    for (const e of op.errata) errata.push({ operationId: op.operationId, ...e });
  }
  return [
    "/** Contradictions between the provider's type tables and its own examples (x-drivespec-errata). */",
    `export const errata = ${JSON.stringify(errata, null, 2)} as const;`,
    '',
  ].join('\n');
}
