/**
 * The code samples of the reference pages (Redocly's `x-codeSamples`): for each operation, a
 * drivespec TypeScript call and a curl line, both built from the spec's own examples (the request
 * body's first example, each parameter's example, default or first enum value). Secrets are
 * never values: credentials are `<ACCESS_TOKEN>`-style placeholders, so a sample copied into a
 * terminal fails loudly instead of leaking or looking real. test/docs/code-samples.test.ts
 * type-checks every TypeScript sample against the package and checks the placeholders.
 */
import type { ProviderId } from '../../src/core/provider.js';
import { deref, type Json, type JsonObject, type OperationModel, type SpecModel } from '../generate/spec-model.js';

export interface CodeSample {
  lang: 'TypeScript' | 'Shell';
  label: string;
  source: string;
}

/**
 * How a reader authenticates, per provider: the `credentials` of `createClient` (the credential
 * field names of src/clients/<id>.ts) and, per security scheme a hand-written curl can use, the
 * header or query value. AK/SK signatures cannot be typed by hand, so curl uses the token
 * alternative; the TypeScript sample does too (README: "Credentials are client options").
 */
interface ProviderSampleFacts {
  /** `createClient` options besides `credentials` and the spec's client options. */
  options: Record<string, string>;
  credentials: Record<string, string>;
  /** Security scheme name → the value curl sends for it. */
  curl: Record<string, string>;
  /** A server URL to use instead of the spec's first one (variables filled with their defaults). */
  curlServer?: string;
}

export const providerSampleFacts: Record<ProviderId, ProviderSampleFacts> = {
  'aliyun-pds': {
    options: { domainId: 'bj1' },
    credentials: { accessToken: '<ACCESS_TOKEN>' },
    curl: { accessToken: 'Bearer <ACCESS_TOKEN>', shareToken: '<SHARE_TOKEN>' },
  },
  'huawei-koodrive': {
    options: { baseUrl: 'https://<ENDPOINT>' },
    credentials: { accessToken: '<ACCESS_TOKEN>', userId: '<USER_ID>' },
    curl: { bearer: 'Bearer <ACCESS_TOKEN>', userId: '<USER_ID>', date: '$(date -u +%Y%m%dT%H%M%SZ)' },
    curlServer: 'https://<ENDPOINT>',
  },
  'huawei-metastudio': {
    options: {},
    credentials: { token: '<IAM_TOKEN>' },
    curl: { token: '<IAM_TOKEN>' },
  },
  'tencent-smh': {
    options: {},
    credentials: { accessToken: '<ACCESS_TOKEN>' },
    curl: { accessToken: '<ACCESS_TOKEN>' },
  },
};

/** The placeholders the samples may carry where a secret goes. */
export const SECRET_PLACEHOLDERS = ['<ACCESS_TOKEN>', '<SHARE_TOKEN>', '<USER_ID>', '<IAM_TOKEN>'] as const;

export function codeSamples(spec: SpecModel, op: OperationModel): CodeSample[] {
  const facts = providerSampleFacts[spec.provider as ProviderId];
  if (!facts) throw new Error(`${spec.specPath}: no code-sample facts for provider ${spec.provider}`);
  return [
    { lang: 'TypeScript', label: 'drivespec', source: typescriptSample(spec, op, facts) },
    { lang: 'Shell', label: 'curl', source: curlSample(spec, op, facts) },
  ];
}

/** camelCase method name of an operation id, as the generated clients name it (CompleteFile → completeFile). */
export function methodName(operationId: string): string {
  return operationId.charAt(0).toLowerCase() + operationId.slice(1);
}

function typescriptSample(spec: SpecModel, op: OperationModel, facts: ProviderSampleFacts): string {
  const options: string[] = [];
  for (const [name, value] of Object.entries(facts.options)) options.push(`  ${name}: ${str(value)},`);
  const filledByClient = new Set<string>();
  for (const p of op.parameters) {
    if (!p.clientOption) continue;
    filledByClient.add(p.name);
    const value = parameterValue(p.schema, p.examples) ?? `<${upperSnake(p.clientOption.option)}>`;
    options.push(`  ${p.clientOption.option}: ${str(String(value))},`);
  }
  options.push(`  credentials: { ${Object.entries(facts.credentials).map(([k, v]) => `${k}: ${str(v)}`).join(', ')} },`);

  const params: Record<string, Record<string, Json>> = {};
  for (const p of op.parameters) {
    // The client fills the operation's own flag, and the parameters of its options.
    if (p.flag || filledByClient.has(p.name)) continue;
    const value = sampleParameter(p.required, p.schema, p.examples) ?? (p.required ? `<${p.name}>` : undefined);
    if (value === undefined) continue;
    (params[p.in] ??= {})[p.name] = value;
  }
  const init: string[] = [];
  if (Object.keys(params).length) init.push(`  params: ${indent(tsLiteral(params), '  ')},`);
  const body = requestBodyExample(op);
  if (body !== undefined) init.push(`  body: ${indent(tsLiteral(body), '  ')},`);

  const client = `${methodName(spec.info.typeName)}`;
  const call = init.length ? `await ${client}.${methodName(op.operationId)}({\n${init.join('\n')}\n})` : `await ${client}.${methodName(op.operationId)}()`;
  return [
    `import { createClient } from 'drivespec/${spec.provider}';`,
    '',
    `const ${client} = createClient({`,
    ...options,
    '});',
    '',
    `const result = ${call};`,
    'console.log(result);',
    '',
  ].join('\n');
}

function curlSample(spec: SpecModel, op: OperationModel, facts: ProviderSampleFacts): string {
  const alternative = op.security.find((alt) => alt.every((s) => s in facts.curl)) ?? [];
  const schemes = (spec.document.components as JsonObject | undefined)?.securitySchemes as JsonObject | undefined;
  const headers: string[] = [];
  const query: string[] = [];
  if (op.flag) query.push(op.flag);
  let path = op.path;
  for (const p of op.parameters) {
    if (p.flag) continue;
    const value = sampleParameter(p.required || p.clientOption !== null, p.schema, p.examples) ?? (p.required ? `<${p.name}>` : undefined);
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const encode = (t: string): string => (/^<[A-Za-z_]+>$/.test(t) ? t : encodeURIComponent(t));
    if (p.in === 'path') path = path.replace(`{${p.name}}`, p.multiSegment ? text.split('/').map(encode).join('/') : encode(text));
    else if (p.in === 'query') query.push(`${encodeURIComponent(p.name)}=${encode(text)}`);
    else if (p.in === 'header') headers.push(`${p.name}: ${text}`);
  }
  for (const name of alternative) {
    const scheme = (deref(spec.document, schemes?.[name]) ?? {}) as JsonObject;
    const value = facts.curl[name]!;
    if (scheme.type === 'http') headers.push(`Authorization: ${value}`);
    else if (scheme.in === 'query') query.push(`${String(scheme.name)}=${value}`);
    else headers.push(`${String(scheme.name)}: ${value}`);
  }
  const body = requestBodyExample(op);
  if (body !== undefined) headers.push(`Content-Type: ${op.requestBody?.contentType ?? 'application/json'}`);
  const url = `${facts.curlServer ?? serverUrl(spec.document)}${path}${query.length ? `?${query.join('&')}` : ''}`;
  const lines = [`curl -X ${op.method} ${shellQuote(url)}`, ...headers.map((h) => `-H ${h.includes('$(') ? `"${h}"` : shellQuote(h)}`)];
  if (body !== undefined) lines.push(`-d ${shellQuote(JSON.stringify(body))}`);
  return `${lines.join(' \\\n  ')}\n`;
}

/** The first server's URL with each variable at its default. */
function serverUrl(doc: JsonObject): string {
  const server = (Array.isArray(doc.servers) ? doc.servers[0] : undefined) as JsonObject | undefined;
  const url = typeof server?.url === 'string' ? server.url : 'https://<HOST>';
  const vars = (server?.variables ?? {}) as JsonObject;
  return url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = vars[name] as JsonObject | undefined;
    return typeof v?.default === 'string' ? v.default : `<${upperSnake(name)}>`;
  });
}

/** The body of the request's first example (the documented one by the specs' convention), if it has one. */
function requestBodyExample(op: OperationModel): Json | undefined {
  if (!op.requestBody) return undefined;
  const first = Object.values(op.requestBody.examples)[0];
  if (first === undefined) return op.requestBody.required ? {} : undefined;
  return first;
}

function sampleParameter(required: boolean, schema: JsonObject, examples: Record<string, Json>): Json | undefined {
  const value = parameterValue(schema, examples, required);
  return value === undefined && !required ? undefined : value;
}

/** An example (when documented), else the default or the first enum value (required parameters only). */
function parameterValue(schema: JsonObject, examples: Record<string, Json>, required = true): Json | undefined {
  const first = Object.values(examples)[0];
  if (first !== undefined) return first;
  if (Array.isArray(schema.examples) && schema.examples.length) return schema.examples[0];
  if (!required) return undefined;
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length) return schema.enum[0];
  return undefined;
}

function upperSnake(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}

function str(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A JSON value as a TypeScript literal: unquoted keys where they are identifiers, single quotes. */
function tsLiteral(value: Json, depth = 0): string {
  const pad = '  '.repeat(depth + 1);
  const end = '  '.repeat(depth);
  if (typeof value === 'string') return str(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((v) => tsLiteral(v, depth + 1));
    return items.join(', ').length < 60 && !items.some((i) => i.includes('\n')) ? `[${items.join(', ')}]` : `[\n${items.map((i) => `${pad}${i},`).join('\n')}\n${end}]`;
  }
  const entries = Object.entries(value);
  if (entries.length === 0) return '{}';
  const key = (k: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : str(k));
  return `{\n${entries.map(([k, v]) => `${pad}${key(k)}: ${tsLiteral(v, depth + 1)},`).join('\n')}\n${end}}`;
}

function indent(text: string, by: string): string {
  return text.split('\n').join(`\n${by}`);
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
