/**
 * The typed client surface of one provider (octokit's habit: the method surface itself is
 * generated): one method per operation, named after its operation id, with its init and success
 * types, the `<Provider>Client` interface, the options that fill parameters
 * (`x-drivespec-client-option`) and `bindOperations`, which maps every method onto one
 * `invoke(operationId, …)`. What a spec cannot say (how to authorize) stays in src/clients/.
 */
import { byCodeUnits } from './order.js';
import { sortedJson } from './emit-tables.js';
import { SpecError, type ClientOptionModel, type OperationModel, type ParameterModel, type SpecModel } from './spec-model.js';

/** `CompleteFile` → `completeFile`, as octokit names endpoint methods after operation ids. */
export function methodName(operationId: string): string {
  return operationId.charAt(0).toLowerCase() + operationId.slice(1);
}

const q = (s: string) => JSON.stringify(s);

/** A JSDoc block from spec text: `*\/` cannot end it early, each line is prefixed. */
function doc(lines: string[], indent = ''): string[] {
  const text = lines.join('\n').replace(/\*\//g, '*\\/').trim().split('\n');
  return [`${indent}/**`, ...text.map((l) => `${indent} *${l ? ` ${l}` : ''}`), `${indent} */`];
}

function unionOf(names: readonly string[]): string {
  return names.length ? names.map(q).join(' | ') : 'never';
}

interface Filled {
  /** Parameters every client fills (a required option, a default, a flag's only value), by location. */
  always: { path: string[]; query: string[] };
  /** Parameters a client fills only when it was given their option. */
  optional: string[];
}

function filledParameters(op: OperationModel): Filled {
  const always = { path: [] as string[], query: [] as string[] };
  const optional: string[] = [];
  for (const p of op.parameters) {
    if (p.flag && p.in === 'query') always.query.push(p.name);
    const o = p.clientOption;
    if (!o || (p.in !== 'path' && p.in !== 'query')) continue;
    if (o.required || o.default !== null) always[p.in].push(p.name);
    else if (p.in === 'path') optional.push(p.name);
    else always.query.push(p.name); // an optional query parameter stays optional either way
  }
  return { always, optional };
}

function optionDescription(p: ParameterModel): string[] {
  const o = p.clientOption!;
  const head = `Fills the \`${p.name}\` ${p.in} parameter of every call${o.default !== null ? ` (default \`${o.default}\`)` : ''}.`;
  const tail = o.required || o.default !== null ? [] : ['Calls may leave the parameter out only when the client was given this option.'];
  return [head, ...(p.description ? ['', ...p.description.trim().split('\n')] : []), ...(tail.length ? ['', ...tail] : [])];
}

export function emitClient(spec: SpecModel): string {
  const name = spec.info.typeName;
  const ops = spec.operations;
  const names = new Map<string, string>();
  for (const op of ops) {
    const method = methodName(op.operationId);
    if (!/^[a-z][A-Za-z0-9_]*$/.test(method)) throw new SpecError(`${spec.specPath}: operationId ${op.operationId} does not make a method name`);
    if (method === 'raw' || method === 'invoke' || names.has(method)) throw new SpecError(`${spec.specPath}: method name ${method} is taken`);
    names.set(method, op.operationId);
  }

  // Options that fill parameters: one per option name, whichever operations use it.
  const options = new Map<string, { param: ParameterModel; in: 'path' | 'query' }>();
  const filledBy = new Map<string, ClientOptionModel>();
  for (const op of ops) {
    for (const p of op.parameters) {
      if (!p.clientOption || (p.in !== 'path' && p.in !== 'query')) continue;
      const seen = options.get(p.clientOption.option);
      if (seen && (seen.param.name !== p.name || seen.in !== p.in)) {
        throw new SpecError(`${spec.specPath}: option ${p.clientOption.option} fills both ${seen.param.name} and ${p.name}`);
      }
      options.set(p.clientOption.option, { param: p, in: p.in });
      // The generated table is keyed by parameter name: one parameter, one option and one meaning.
      const byParam = filledBy.get(p.name);
      if (byParam && byParam.option !== p.clientOption.option) {
        const both = [byParam.option, p.clientOption.option].sort(byCodeUnits).join(' and ');
        throw new SpecError(`${spec.specPath}: parameter ${p.name} is filled by both ${both}`);
      }
      if (byParam && (byParam.required !== p.clientOption.required || byParam.default !== p.clientOption.default)) {
        throw new SpecError(`${spec.specPath}: parameter ${p.name} is filled by ${byParam.option} with a different required or default in another operation`);
      }
      filledBy.set(p.name, p.clientOption);
    }
  }
  const optionNames = [...options.keys()].sort(byCodeUnits);
  const optionalFilled = [...new Set(ops.flatMap((op) => filledParameters(op).optional))].sort(byCodeUnits);
  const generic = optionalFilled.length > 0;
  const filledType = `${name}OptionalFilled`;
  const filledParam = generic ? `, Filled extends ${filledType} = ${filledType}` : '';
  const filledArg = generic ? ', Filled' : '';

  const out: string[] = [
    "import type { Client } from 'openapi-fetch';",
    "import type { ClientOptionInfo } from '../operation-table.js';",
    "import type { OperationArgs, OperationInit, SuccessBody } from '../client-types.js';",
    "import type { OperationId } from './operations.js';",
    "import type { operations, paths } from './types.js';",
    '',
  ];
  if (generic) {
    out.push(
      ...doc([`Path parameters a ${name} client fills only when it was given their option; the \`Filled\``, 'type parameter below says which a client was given.']),
      `export type ${filledType} = ${unionOf(optionalFilled)};`,
      '',
    );
  }
  for (const op of ops) {
    const f = filledParameters(op);
    const path = [...(generic ? ['Filled'] : []), ...(f.always.path.length ? [unionOf(f.always.path)] : [])];
    const args = [`operations[${q(op.operationId)}]`];
    if (path.length || f.always.query.length) args.push(path.length ? path.join(' | ') : 'never');
    if (f.always.query.length) args.push(unionOf(f.always.query));
    out.push(
      ...doc([`The request of \`${op.operationId}\` (\`${op.method} ${op.pathKey}\`): \`{ params, body }\`, as openapi-fetch takes it.`]),
      `export type ${op.operationId}Init${generic ? `<Filled extends ${filledType} = ${filledType}>` : ''} = OperationInit<${args.join(', ')}>;`,
      '',
    );
  }

  const initOf = (op: OperationModel) => `${op.operationId}Init${generic ? '<Filled>' : ''}`;
  out.push(
    ...doc([`Operation id → its init type, for \`invoke\`.`]),
    `export interface ${name}Inits${generic ? `<Filled extends ${filledType} = ${filledType}>` : ''} {`,
    ...ops.map((op) => `  ${q(op.operationId)}: ${initOf(op)};`),
    '}',
    '',
  );
  out.push(...doc([`One method per operation of the ${name} spec, and \`invoke\` for any of them by id.`]), `export interface ${name}Operations<Call${filledParam}> {`);
  for (const op of ops) {
    out.push(
      ...doc([`${op.summary || op.operationId}: \`${op.method} ${op.pathKey}\` (\`${op.operationId}\`).`], '  '),
      `  ${methodName(op.operationId)}(...args: OperationArgs<${op.operationId}Init${generic ? '<Filled>' : ''}, Call>): Promise<SuccessBody<operations[${q(op.operationId)}]>>;`,
    );
  }
  out.push(
    ...doc(['Any operation by its id, typed as its method (`invoke("GetFile", init)` is `getFile(init)`).'], '  '),
    `  invoke<K extends OperationId>(operationId: K, ...args: OperationArgs<${name}Inits${generic ? '<Filled>' : ''}[K], Call>): Promise<SuccessBody<operations[K]>>;`,
  );
  out.push('}', '');
  out.push(
    `export interface ${name}Client<Call${filledParam}> extends ${name}Operations<Call${filledArg}> {`,
    '  /** The path-based openapi-fetch client, with the same credentials, retries and timeouts. */',
    '  raw: Client<paths>;',
    '}',
    '',
  );

  out.push(...doc(['The `createClient` options that fill parameters (`x-drivespec-client-option`).']), `export interface ${name}ParameterOptions {`);
  for (const option of optionNames) {
    const { param } = options.get(option)!;
    out.push(...doc(optionDescription(param), '  '), `  ${option}${param.clientOption!.required ? '' : '?'}: string;`);
  }
  out.push('}', '');

  const optionTable = Object.fromEntries(
    optionNames.map((option) => {
      const { param } = options.get(option)!;
      const o = param.clientOption!;
      return [param.name, { option: o.option, in: param.in, required: o.required, default: o.default }];
    }),
  );
  out.push(
    '/** Parameter name → the option that fills it. */',
    `export const clientOptions = ${sortedJson(optionTable)} as const satisfies Readonly<Record<string, ClientOptionInfo>>;`,
    '',
    '/** Operation id → method name; a `Record<OperationId, …>`, so it names every operation. */',
    `export const methodNames = ${sortedJson(Object.fromEntries(ops.map((op) => [op.operationId, methodName(op.operationId)])))} as const satisfies Record<OperationId, string>;`,
    '',
    '/** What the handwritten layer gives `bindOperations`: one call path for every operation. */',
    'export type Invoke<Call> = (operationId: OperationId, init: unknown, call: Call | undefined) => Promise<unknown>;',
    '',
    ...doc([
      'Every method of the surface, each calling `invoke` with its operation id. The result is typed',
      'from the spec here, once: `invoke` has validated the body against the same spec.',
    ]),
    `export function bindOperations<Call${filledParam}>(invoke: Invoke<Call>): ${name}Operations<Call${filledArg}> {`,
    '  return {',
  );
  for (const op of ops) {
    out.push(
      `    ${methodName(op.operationId)}: (...args) => invoke(${q(op.operationId)}, args[0], args[1]) as Promise<SuccessBody<operations[${q(op.operationId)}]>>,`,
    );
  }
  out.push(
    `    invoke: (operationId, ...args) => invoke(operationId, args[0], args[1]) as Promise<SuccessBody<operations[typeof operationId]>>,`,
    '  };',
    '}',
    '',
  );
  return out.join('\n');
}
