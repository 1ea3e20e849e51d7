/**
 * Checks an emulator answer against the spec: the generated `validate<Op>Response<Status>` when
 * the spec documents the status, otherwise the provider's error-body schema (for a status the
 * spec leaves out: none the providers' error answers use, test/emulator/statuses.test.ts). Used
 * by the tests on every answer.
 */
import * as pdsValidators from '../../generated/aliyun-pds/validators.js';
import { operations as pdsOperations } from '../../generated/aliyun-pds/operations.js';
import * as kooValidators from '../../generated/huawei-koodrive/validators.js';
import { operations as kooOperations } from '../../generated/huawei-koodrive/operations.js';
import * as msValidators from '../../generated/huawei-metastudio/validators.js';
import { operations as msOperations } from '../../generated/huawei-metastudio/operations.js';
import * as smhValidators from '../../generated/tencent-smh/validators.js';
import { operations as smhOperations } from '../../generated/tencent-smh/operations.js';
import type { ValidationIssue } from '../core/errors.js';
import type { OperationTable } from '../core/operation-table.js';
import type { ProviderId } from '../core/provider.js';
import { issuesOf, type GeneratedValidator } from '../core/validation.js';

const tables: Record<ProviderId, { operations: Record<string, OperationTable>; validators: Record<string, GeneratedValidator> }> = {
  'aliyun-pds': { operations: pdsOperations, validators: pdsValidators },
  'huawei-metastudio': { operations: msOperations, validators: msValidators },
  'tencent-smh': { operations: smhOperations, validators: smhValidators },
  'huawei-koodrive': { operations: kooOperations, validators: kooValidators },
};

/** The provider's error-body schema, by a documented status that uses it. */
function errorShapeValidator(provider: ProviderId, operationId: string, body: unknown): GeneratedValidator {
  const v = tables[provider].validators;
  switch (provider) {
    case 'aliyun-pds':
      return v[`validate${operationId}Response400`]!;
    case 'huawei-metastudio':
      return v.validateConfirmFileUploadResponse400!;
    case 'tencent-smh':
      return v.validateConfirmUploadResponse400!;
    case 'huawei-koodrive':
      // Gateway errors are Huawei's error_code shape (the 401 schema), service errors `{ code, msg }`.
      return body && typeof body === 'object' && 'error_code' in body
        ? v.validateCompleteFileResponse401!
        : v.validateCompleteFileResponse400!;
  }
}

export interface AnswerCheck {
  /** `spec` when the spec documents this status; `error-shape` when only the body shape could be checked. */
  against: 'spec' | 'error-shape' | 'empty-body';
  issues: ValidationIssue[];
}

export function checkAnswer(provider: ProviderId, operationId: string, status: number, body: unknown): AnswerCheck {
  const table = tables[provider];
  const op = table.operations[operationId];
  if (!op) return { against: 'spec', issues: [{ path: '', message: `unknown operation ${operationId}`, keyword: 'operation' }] };
  const entry = op.responses[String(status)];
  if (entry && !entry.validator) {
    // Documented without a body (MetaStudio 200).
    const issues = body === undefined ? [] : [{ path: '', message: 'must be empty', keyword: 'empty' }];
    return { against: 'empty-body', issues };
  }
  const validator = entry?.validator ? table.validators[entry.validator]! : errorShapeValidator(provider, operationId, body);
  return { against: entry ? 'spec' : 'error-shape', issues: validator(body) ? [] : issuesOf(validator) };
}
