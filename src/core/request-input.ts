/**
 * What a caller asks for, checked before anything is sent: the init's shape, the parameters (with
 * the client's defaults merged in) against the generated parameters validator, and the body
 * against the request-body validator. A refusal is a RequestValidationError naming the field.
 */
import { DrivespecError, RequestValidationError } from './errors.js';
import { isObject, requireString } from './client-options.js';
import type { ClientOptionInfo, OperationTable } from './operation-table.js';
import type { QueryValue } from './query.js';
import { issuesOf, type GeneratedValidator } from './validation.js';

export interface OperationRequestInit {
  params?: {
    path?: Record<string, unknown>;
    query?: Record<string, unknown>;
    header?: Record<string, unknown>;
  };
  body?: unknown;
}

export type Validators = Readonly<Record<string, GeneratedValidator>>;

/** Values filled in when the caller leaves them out (MetaStudio's project id, SMH's `confirm`). */
export interface ParameterDefaults {
  path?: Record<string, string>;
  query?: Record<string, QueryValue>;
}

/**
 * The defaults a client fills in, from the generated tables: each `x-drivespec-client-option`
 * parameter from its option (or the schema's default), and each flag with its only value, `''`
 * (SMH's bare `?confirm`). A required option left out, or one that is not a non-empty string, is
 * a ConfigurationError naming the option.
 */
export function parameterDefaults(
  operations: Readonly<Record<string, OperationTable>>,
  clientOptions: Readonly<Record<string, ClientOptionInfo>>,
  options: Readonly<Record<string, unknown>>,
): ParameterDefaults {
  const path: Record<string, string> = {};
  const query: Record<string, QueryValue> = {};
  for (const op of Object.values(operations)) {
    for (const p of op.parameters) if (p.flag && p.in === 'query') query[p.name] = '';
  }
  for (const [name, o] of Object.entries(clientOptions)) {
    const given = options[o.option];
    const value = given === undefined ? (o.required ? requireString(o.option, given) : o.default) : requireString(o.option, given);
    if (value === null) continue;
    if (o.in === 'path') path[name] = value;
    else query[name] = value;
  }
  return { path, query };
}

/** The parameters to send, once init, parameters and body have all passed their checks. */
export function checkRequest(
  validators: Validators,
  op: OperationTable,
  init: unknown,
  defaults: ParameterDefaults | undefined,
): { params: Record<string, Record<string, unknown>>; body: unknown } {
  const operationId = op.operationId;
  checkInit(operationId, init);
  const params = mergeParams(op, init.params, defaults);
  const paramsValidator = validatorFor(validators, op.parametersValidator);
  if (!paramsValidator(params)) {
    throw new RequestValidationError(operationId, 'parameters', issuesOf(paramsValidator));
  }
  if (op.requestBody) {
    if (init.body === undefined) {
      if (op.requestBody.required) {
        throw new RequestValidationError(operationId, 'body', [{ path: '', message: 'is required', keyword: 'required' }]);
      }
    } else {
      const bodyValidator = validatorFor(validators, op.requestBody.validator);
      if (!bodyValidator(init.body)) throw new RequestValidationError(operationId, 'body', issuesOf(bodyValidator));
    }
  } else if (init.body !== undefined) {
    throw new RequestValidationError(operationId, 'body', [
      { path: '', message: 'this operation takes no request body', keyword: 'false schema' },
    ]);
  }
  return { params, body: init.body };
}

/**
 * The request init comes from callers' code, often untyped: a non-object is a bad request,
 * reported like bad parameters, before anything is sent.
 */
function checkInit(operationId: string, init: unknown): asserts init is OperationRequestInit {
  if (!isObject(init)) {
    throw new RequestValidationError(operationId, 'parameters', [
      { path: '', message: 'the request must be an object ({ params, body })', keyword: 'type' },
    ]);
  }
  const params = (init as OperationRequestInit).params;
  if (params !== undefined && !isObject(params)) {
    throw new RequestValidationError(operationId, 'parameters', [{ path: '', message: 'params must be an object', keyword: 'type' }]);
  }
}

export function validatorFor(validators: Validators, name: string): GeneratedValidator {
  const v = validators[name];
  // A broken build, not something a caller can handle or fix: the root class, not a subclass.
  if (!v) throw new DrivespecError(`generated validator ${name} is missing; run npm run generate`);
  return v;
}

const LOCATIONS = ['path', 'query', 'header'] as const;

/** Per location: the client's defaults this operation declares, and whether it declares any parameter there. */
type MergePlan = Record<(typeof LOCATIONS)[number], { applicable: Readonly<Record<string, unknown>>; declared: boolean }>;

/**
 * The plan of the last defaults each operation was merged with: the same for every call of a
 * client, so it is worked out once rather than filtered again per call (issue 10, Speed).
 */
const plans = new WeakMap<OperationTable, { defaults: ParameterDefaults | undefined; plan: MergePlan }>();

function mergePlan(op: OperationTable, defaults: ParameterDefaults | undefined): MergePlan {
  const known = plans.get(op);
  if (known !== undefined && known.defaults === defaults) return known.plan;
  const plan = {} as MergePlan;
  for (const location of LOCATIONS) {
    const fromDefaults = location === 'header' ? undefined : defaults?.[location];
    const applicable = Object.fromEntries(
      Object.entries(fromDefaults ?? {}).filter(([name]) => op.parameters.some((p) => p.in === location && p.name === name)),
    );
    plan[location] = { applicable, declared: op.parameters.some((p) => p.in === location) };
  }
  plans.set(op, { defaults, plan });
  return plan;
}

function mergeParams(
  op: OperationTable,
  given: OperationRequestInit['params'],
  defaults: ParameterDefaults | undefined,
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const plan = mergePlan(op, defaults);
  for (const location of LOCATIONS) {
    const value = given?.[location];
    if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      out[location] = value as never; // let the validator name the bad group
      continue;
    }
    const { applicable, declared } = plan[location];
    const merged = { ...applicable, ...(value ?? {}) };
    if (declared || Object.keys(merged).length) out[location] = merged;
  }
  return out;
}

