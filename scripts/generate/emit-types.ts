import openapiTS, { astToString } from 'openapi-typescript';
import type { SpecModel } from './spec-model.js';

/** openapi-typescript's `paths` / `components` / `operations` for one provider. */
export async function emitTypes(spec: SpecModel): Promise<string> {
  // structuredClone: openapi-typescript annotates the document it is given.
  const ast = await openapiTS(structuredClone(spec.document) as never, { silent: true });
  return astToString(ast);
}
