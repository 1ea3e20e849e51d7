/** The shape of the generated operation tables (`generated/<provider>/operations.ts`). */
import type { QueryParameterInfo } from './query.js';

/** One row of `generated/<provider>/operations.ts`. */
export interface OperationTable {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly (QueryParameterInfo & { readonly required: boolean })[];
  readonly queryOrder: readonly string[] | null;
  readonly requestBody: { readonly required: boolean; readonly contentType: string; readonly validator: string } | null;
  readonly parametersValidator: string;
  readonly responses: Readonly<Record<string, { readonly contentType: string | null; readonly validator: string | null }>>;
}

