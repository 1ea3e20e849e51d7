/**
 * Exhaustive dispatch at the type level (issue 10 items 3 and 7): a handlers record is
 * `OperationHandlers<OperationId, …>`, so a spec operation without a handler does not compile
 * (each `@ts-expect-error` fails the type check if the line below it becomes valid), nor does a
 * handler for an operation the spec lacks; each handler sees its own operation's body type.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { OperationId as PdsOperationId } from '../../generated/aliyun-pds/operations.js';
import type { components as PdsComponents, operations as PdsTypes } from '../../generated/aliyun-pds/types.js';
import type { OperationId as KooOperationId } from '../../generated/huawei-koodrive/operations.js';
import type { components as KooComponents, operations as KooTypes } from '../../generated/huawei-koodrive/types.js';
import type { OperationId as MsOperationId } from '../../generated/huawei-metastudio/operations.js';
import type { OperationId as SmhOperationId } from '../../generated/tencent-smh/operations.js';
import type { operations as SmhTypes } from '../../generated/tencent-smh/types.js';
import type { Answer } from '../../src/emulator/answer.js';
import { createAliyunPdsEmulator } from '../../src/emulator/providers/aliyun-pds.js';
import { createHuaweiKooDriveEmulator } from '../../src/emulator/providers/huawei-koodrive.js';
import { createHuaweiMetaStudioEmulator } from '../../src/emulator/providers/huawei-metastudio.js';
import type { Handler, OperationHandlers, RequestBodyOf } from '../../src/emulator/providers/provider.js';
import { createTencentSmhEmulator } from '../../src/emulator/providers/tencent-smh.js';

const ok: Answer = { status: 200 };

/** KooDrive's spec with one more operation, as `npm run generate` would type it. */
type KooWithDelete = KooOperationId | 'DeleteFile';
type KooTypesWithDelete = KooTypes & { DeleteFile: KooTypes['CompleteFile'] };

describe('OperationHandlers', () => {
  it('a record missing an operation does not type-check; a complete one does', () => {
    // @ts-expect-error Property 'DeleteFile' is missing: the spec gained an operation, the emulator has no handler
    const missing: OperationHandlers<KooWithDelete, { userId: string }, KooTypesWithDelete> = {
      CompleteFile: () => ok,
      CreateFile: () => ok,
      UploadUrl: () => ok,
    };
    const complete: OperationHandlers<KooWithDelete, { userId: string }, KooTypesWithDelete> = {
      CompleteFile: () => ok,
      CreateFile: () => ok,
      UploadUrl: () => ok,
      DeleteFile: () => ok,
    };
    void missing;
    void complete;
  });

  it('a handler for an operation the spec does not have does not type-check', () => {
    const extra: OperationHandlers<KooOperationId, unknown, KooTypes> = {
      CompleteFile: () => ok,
      CreateFile: () => ok,
      UploadUrl: () => ok,
      // @ts-expect-error 'DeleteFile' does not exist in the spec's operations
      DeleteFile: () => ok,
    };
    void extra;
  });

  it('a PDS record with CompleteFile only (no GetFile) does not type-check', () => {
    // @ts-expect-error Property 'GetFile' is missing
    const onlyComplete: OperationHandlers<PdsOperationId, unknown, PdsTypes> = { CompleteFile: () => ok };
    void onlyComplete;
  });

  it("each handler receives its own operation's request body type", () => {
    expectTypeOf<Parameters<OperationHandlers<KooOperationId, unknown, KooTypes>['CompleteFile']>[1]['body']>().toEqualTypeOf<
      KooComponents['schemas']['CompleteFileRequest']
    >();
    expectTypeOf<RequestBodyOf<PdsTypes['GetFile']>>().toEqualTypeOf<PdsComponents['schemas']['GetFileRequest']>();
    // SMH ConfirmUpload's body is optional in the spec.
    expectTypeOf<RequestBodyOf<SmhTypes['ConfirmUpload']>>().toEqualTypeOf<
      NonNullable<SmhTypes['ConfirmUpload']['requestBody']>['content']['application/json'] | undefined
    >();
    const wrongBody: OperationHandlers<KooOperationId, unknown, KooTypes> = {
      CreateFile: () => ok,
      UploadUrl: () => ok,
      // @ts-expect-error fileId is a string: a handler cannot treat it as a number
      CompleteFile: (_ctx, { body }) => ({ status: 200, body: body.fileId.toFixed() }),
    };
    void wrongBody;
  });

  it("each handler receives its own operation's parameters type (the parameters validator's guard)", () => {
    expectTypeOf<Parameters<OperationHandlers<SmhOperationId, unknown, SmhTypes>['ConfirmUpload']>[1]['params']>().toEqualTypeOf<
      SmhTypes['ConfirmUpload']['parameters']
    >();
    const wrongStrategy: Pick<OperationHandlers<SmhOperationId, unknown, SmhTypes>, 'ConfirmUpload'> = {
      // @ts-expect-error conflict_resolution_strategy is 'ask' | 'rename' | 'overwrite', never 'replace'
      ConfirmUpload: (_ctx, { params }) => ({ status: params.query.conflict_resolution_strategy === 'replace' ? 409 : 200 }),
    };
    void wrongStrategy;
  });

  it('a handler is called with the principal its provider authenticates', () => {
    expectTypeOf<Parameters<Handler<{ userId: string }>>[2]>().toEqualTypeOf<{ userId: string }>();
  });
});

describe("every provider emulator's handlers are keyed by exactly its spec's OperationId", () => {
  type HandlerKeys<F extends (...args: never[]) => { handlers: object }> = keyof ReturnType<F>['handlers'];
  it('the keys are the generated OperationId unions', () => {
    expectTypeOf<HandlerKeys<typeof createAliyunPdsEmulator>>().toEqualTypeOf<PdsOperationId>();
    expectTypeOf<HandlerKeys<typeof createHuaweiMetaStudioEmulator>>().toEqualTypeOf<MsOperationId>();
    expectTypeOf<HandlerKeys<typeof createTencentSmhEmulator>>().toEqualTypeOf<SmhOperationId>();
    expectTypeOf<HandlerKeys<typeof createHuaweiKooDriveEmulator>>().toEqualTypeOf<KooOperationId>();
    expectTypeOf<PdsOperationId>().toEqualTypeOf<'CreateFile' | 'GetUploadUrl' | 'ListUploadedParts' | 'CompleteFile' | 'GetFile'>();
  });
});
