/**
 * The types of the one-method-per-operation API live with the generated surfaces that use them
 * (generated/client-types.ts); re-exported here for the handwritten layer and the public API.
 */
export type {
  OperationArgs,
  OperationInit,
  ParamsInit,
  RequestBodyOf,
  RequiredKeys,
  SuccessBody,
} from '../../generated/client-types.js';
