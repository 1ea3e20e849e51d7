/**
 * Everything the harness reads from `generated/<provider>/`: the operation table, security
 * schemes, validators, conformance pairs and errata, one record per provider.
 */
import { errata as pdsErrata } from '../../generated/aliyun-pds/errata.js';
import { examples as pdsExamples } from '../../generated/aliyun-pds/examples.js';
import {
  operations as pdsOperations,
  securitySchemes as pdsSchemes,
} from '../../generated/aliyun-pds/operations.js';
import * as pdsValidators from '../../generated/aliyun-pds/validators.js';
import { errata as kdErrata } from '../../generated/huawei-koodrive/errata.js';
import { examples as kdExamples } from '../../generated/huawei-koodrive/examples.js';
import {
  operations as kdOperations,
  securitySchemes as kdSchemes,
} from '../../generated/huawei-koodrive/operations.js';
import * as kdValidators from '../../generated/huawei-koodrive/validators.js';
import { errata as msErrata } from '../../generated/huawei-metastudio/errata.js';
import { examples as msExamples } from '../../generated/huawei-metastudio/examples.js';
import {
  operations as msOperations,
  securitySchemes as msSchemes,
} from '../../generated/huawei-metastudio/operations.js';
import * as msValidators from '../../generated/huawei-metastudio/validators.js';
import { errata as smhErrata } from '../../generated/tencent-smh/errata.js';
import { examples as smhExamples } from '../../generated/tencent-smh/examples.js';
import {
  operations as smhOperations,
  securitySchemes as smhSchemes,
} from '../../generated/tencent-smh/operations.js';
import * as smhValidators from '../../generated/tencent-smh/validators.js';
import type { OperationTable } from '../core/operation-client.js';
import type { ProviderId } from '../core/provider.js';
import type { GeneratedValidator } from '../core/validation.js';
import type { ConformancePair, Erratum } from './types.js';

export interface SecurityScheme {
  readonly type: string;
  readonly in: string | null;
  readonly name: string | null;
  readonly scheme: string | null;
}

export interface ProviderSpec {
  readonly provider: ProviderId;
  readonly operations: Readonly<Record<string, OperationTable>>;
  readonly securitySchemes: Readonly<Record<string, SecurityScheme>>;
  readonly validators: Readonly<Record<string, GeneratedValidator>>;
  readonly pairs: readonly ConformancePair[];
  readonly errata: readonly Erratum[];
}

export const providerSpecs: Readonly<Record<ProviderId, ProviderSpec>> = {
  'aliyun-pds': {
    provider: 'aliyun-pds',
    operations: pdsOperations,
    securitySchemes: pdsSchemes,
    validators: pdsValidators as unknown as Record<string, GeneratedValidator>,
    pairs: pdsExamples,
    errata: pdsErrata,
  },
  'huawei-metastudio': {
    provider: 'huawei-metastudio',
    operations: msOperations,
    securitySchemes: msSchemes,
    validators: msValidators as unknown as Record<string, GeneratedValidator>,
    pairs: msExamples,
    errata: msErrata,
  },
  'tencent-smh': {
    provider: 'tencent-smh',
    operations: smhOperations,
    securitySchemes: smhSchemes,
    validators: smhValidators as unknown as Record<string, GeneratedValidator>,
    pairs: smhExamples,
    errata: smhErrata,
  },
  'huawei-koodrive': {
    provider: 'huawei-koodrive',
    operations: kdOperations,
    securitySchemes: kdSchemes,
    validators: kdValidators as unknown as Record<string, GeneratedValidator>,
    pairs: kdExamples,
    errata: kdErrata,
  },
};
