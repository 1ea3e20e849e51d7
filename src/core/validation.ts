import { ResponseValidationError, type ValidationIssue } from './errors.js';

/** The shape of a generated validator (see generated/<provider>/validators.d.ts). */
export interface GeneratedValidator {
  (data: unknown): boolean;
  errors?: Array<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }> | null;
}

/** Every failing JSON path of the last run of `validator`, with the detail ajv knows. */
export function issuesOf(validator: GeneratedValidator): ValidationIssue[] {
  return (validator.errors ?? []).map((e) => {
    let path = e.instancePath;
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required' && typeof e.params.missingProperty === 'string') {
      path = `${path}/${escapePointer(e.params.missingProperty)}`;
      message = 'is required';
    } else if (e.keyword === 'additionalProperties' && typeof e.params.additionalProperty === 'string') {
      path = `${path}/${escapePointer(e.params.additionalProperty)}`;
      message = 'is not a documented property';
    } else if (e.keyword === 'unevaluatedProperties' && typeof e.params.unevaluatedProperty === 'string') {
      // A closed composed schema (PDS GetFileRequest, ARCHITECTURE.md): the same finding as above.
      path = `${path}/${escapePointer(e.params.unevaluatedProperty)}`;
      message = 'is not a documented property';
    } else if (e.keyword === 'enum' && Array.isArray(e.params.allowedValues)) {
      message = `must be one of ${e.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    return { path, message, keyword: e.keyword };
  });
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * What to do when a response does not match the spec: throw (the default), hand the error to a
 * callback and go on with the unvalidated body, or skip validation altogether.
 */
export type ResponseValidation = 'throw' | 'off' | ((error: ResponseValidationError) => void);
