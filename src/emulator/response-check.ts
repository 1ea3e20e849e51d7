/**
 * Checks an emulator answer against the spec: the generated `validate<Op>Response<Status>` when
 * the spec documents the status, otherwise the provider's error-body schemas (the registry's
 * `errorValidators`; for a status the spec leaves out: none the providers' error answers use,
 * test/emulator/statuses.test.ts). Used by the tests on every answer.
 */
import { providerTables } from '../../generated/provider-tables.js';
import type { ValidationIssue } from '../core/errors.js';
import type { OperationTable, ProviderInfo } from '../core/operation-table.js';
import type { ProviderId } from '../core/provider.js';
import { issuesOf, type GeneratedValidator } from '../core/validation.js';

/** One provider's tables, widened from the generated constants so any operation id can be looked up. */
interface ProviderTable {
  readonly info: ProviderInfo;
  readonly operations: Readonly<Record<string, OperationTable>>;
  readonly validators: Readonly<Record<string, GeneratedValidator>>;
}

export interface AnswerCheck {
  /** `spec` when the spec documents this status; `error-shape` when only the body shape could be checked. */
  against: 'spec' | 'error-shape' | 'empty-body';
  issues: ValidationIssue[];
}

export function checkAnswer(provider: ProviderId, operationId: string, status: number, body: unknown): AnswerCheck {
  const table: ProviderTable = providerTables[provider];
  const validators = table.validators;
  const op = Object.hasOwn(table.operations, operationId) ? table.operations[operationId] : undefined;
  if (!op) return { against: 'spec', issues: [{ path: '', message: `unknown operation ${operationId}`, keyword: 'operation' }] };
  const entry = Object.hasOwn(op.responses, String(status)) ? op.responses[String(status)] : undefined;
  if (entry && !entry.validator) {
    // Documented without a body (MetaStudio 200).
    const issues = body === undefined ? [] : [{ path: '', message: 'must be empty', keyword: 'empty' }];
    return { against: 'empty-body', issues };
  }
  if (entry?.validator) {
    const validator = validators[entry.validator]!;
    return { against: 'spec', issues: validator(body) ? [] : issuesOf(validator) };
  }
  // An undocumented status: the body must be one of the provider's error shapes (KooDrive has two:
  // its service's `{ code, msg }` and the gateway's `{ error_code, error_msg }`).
  const shapes = table.info.errorValidators.map((name) => validators[name]!);
  if (shapes.some((validator) => validator(body))) return { against: 'error-shape', issues: [] };
  return { against: 'error-shape', issues: issuesOf(shapes[0]!) };
}
