/** The shape of the generated operation tables lives with them (generated/operation-table.ts). */
export type {
  ClientOptionInfo,
  OperationTable,
  ParameterInfo,
  ProviderInfo,
  ResponseInfo,
  SecuritySchemeInfo,
  ServerInfo,
  TransferInfo,
} from '../../generated/operation-table.js';
