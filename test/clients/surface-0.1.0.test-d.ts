/**
 * The generated surface keeps 0.1.0's types (issue 10: "keep the 0.1.0 public API working"). Each
 * expectation is 0.1.0's handwritten definition (git show 70fff7e:src/clients/<provider>.ts),
 * written out here from the openapi-typescript `operations` and the 0.1.0 helpers, not taken
 * from the generated client.ts.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { OperationArgs, OperationInit, SuccessBody } from '../../src/core/operation-types.js';
import type { CallOptions } from '../../src/core/transport.js';
import * as pds from '../../src/clients/aliyun-pds.js';
import * as kd from '../../src/clients/huawei-koodrive.js';
import * as ms from '../../src/clients/huawei-metastudio.js';
import * as smh from '../../src/clients/tencent-smh.js';

describe('init types are 0.1.0\'s', () => {
  it('PDS, KooDrive, MetaStudio', () => {
    expectTypeOf<pds.CompleteFileInit>().toEqualTypeOf<OperationInit<pds.operations['CompleteFile']>>();
    expectTypeOf<pds.GetFileInit>().toEqualTypeOf<OperationInit<pds.operations['GetFile']>>();
    expectTypeOf<kd.KooDriveCompleteFileInit>().toEqualTypeOf<OperationInit<kd.operations['CompleteFile']>>();
    expectTypeOf<kd.CompleteFileInit>().toEqualTypeOf<OperationInit<kd.operations['CompleteFile']>>();
    expectTypeOf<ms.ConfirmFileUploadInit>().toEqualTypeOf<OperationInit<ms.operations['ConfirmFileUpload'], 'project_id'>>();
  });

  it('SMH, with and without a client libraryId', () => {
    type Old<HasLibraryId extends boolean> = OperationInit<
      smh.operations['ConfirmUpload'],
      (HasLibraryId extends true ? 'LibraryId' : never) | 'SpaceId',
      'confirm'
    >;
    expectTypeOf<smh.ConfirmUploadInit>().toEqualTypeOf<Old<true>>();
    expectTypeOf<smh.ConfirmUploadInit<true>>().toEqualTypeOf<Old<true>>();
    expectTypeOf<smh.ConfirmUploadInit<false>>().toEqualTypeOf<Old<false>>();
    expectTypeOf<smh.ConfirmUploadInit<boolean>>().toEqualTypeOf<Old<boolean>>();
  });
});

describe('methods take and return what 0.1.0\'s did', () => {
  const p = pds.createClient({ domainId: 'd', credentials: { accessToken: 't' } });
  const k = kd.createClient({ baseUrl: 'https://k.test', credentials: { accessToken: 't', userId: 'u' } });
  const m = ms.createClient({ projectId: 'p', credentials: { token: 't' } });
  const withLibrary = smh.createClient({ libraryId: 'l', credentials: { accessToken: 't' } });
  const withoutLibrary = smh.createClient({ credentials: { accessToken: 't' } });
  const options: smh.TencentSmhClientOptions = { credentials: { accessToken: 't' } };
  const fromVariable = smh.createClient(options);

  it('parameters', () => {
    expectTypeOf(p.completeFile).parameters.toEqualTypeOf<OperationArgs<pds.CompleteFileInit, CallOptions>>();
    expectTypeOf(p.getFile).parameters.toEqualTypeOf<OperationArgs<pds.GetFileInit, CallOptions>>();
    expectTypeOf(k.completeFile).parameters.toEqualTypeOf<OperationArgs<kd.CompleteFileInit, CallOptions>>();
    expectTypeOf(m.confirmFileUpload).parameters.toEqualTypeOf<OperationArgs<ms.ConfirmFileUploadInit, CallOptions>>();
    expectTypeOf(withLibrary.confirmUpload).parameters.toEqualTypeOf<OperationArgs<smh.ConfirmUploadInit<true>, CallOptions>>();
    expectTypeOf(withoutLibrary.confirmUpload).parameters.toEqualTypeOf<OperationArgs<smh.ConfirmUploadInit<false>, CallOptions>>();
    // 0.1.0: Options = TencentSmhClientOptions does not extend { libraryId: string } (it is optional).
    expectTypeOf(fromVariable.confirmUpload).parameters.toEqualTypeOf<OperationArgs<smh.ConfirmUploadInit<false>, CallOptions>>();
  });

  it('results', () => {
    expectTypeOf(p.completeFile).returns.toEqualTypeOf<Promise<SuccessBody<pds.operations['CompleteFile']>>>();
    expectTypeOf(p.getFile).returns.toEqualTypeOf<Promise<SuccessBody<pds.operations['GetFile']>>>();
    expectTypeOf(k.completeFile).returns.toEqualTypeOf<Promise<SuccessBody<kd.operations['CompleteFile']>>>();
    expectTypeOf(m.confirmFileUpload).returns.toEqualTypeOf<Promise<SuccessBody<ms.operations['ConfirmFileUpload']>>>();
    expectTypeOf(withLibrary.confirmUpload).returns.toEqualTypeOf<Promise<SuccessBody<smh.operations['ConfirmUpload']>>>();
  });

  it('client interfaces: the returned clients are the exported types, raw included', () => {
    expectTypeOf(p).toEqualTypeOf<pds.AliyunPdsClient>();
    expectTypeOf(k).toEqualTypeOf<kd.HuaweiKooDriveClient>();
    expectTypeOf(m).toEqualTypeOf<ms.HuaweiMetaStudioClient>();
    expectTypeOf(withLibrary).toEqualTypeOf<smh.TencentSmhClient<true>>();
    expectTypeOf(withLibrary).toEqualTypeOf<smh.TencentSmhClient>();
    expectTypeOf(withoutLibrary).toEqualTypeOf<smh.TencentSmhClient<false>>();
    // A client given libraryId can stand where a client without one is expected (it takes more calls).
    expectTypeOf(withLibrary).toExtend<smh.TencentSmhClient<false>>();
    expectTypeOf(p.raw.POST).toBeFunction();
  });

  it('0.1.0 option types still accepted', () => {
    expectTypeOf<{ credentials: { accessToken: 't' }; libraryId: string; spaceId: string }>().toExtend<smh.TencentSmhClientOptions>();
    expectTypeOf<{ credentials: { token: 't' }; projectId: string; region: 'cn-north-4' }>().toExtend<ms.HuaweiMetaStudioClientOptions>();
    expectTypeOf<{ credentials: { accessToken: 't'; userId: 'u' }; baseUrl: string; bearerSeparator: '+' }>().toExtend<kd.HuaweiKooDriveClientOptions>();
    expectTypeOf<{ credentials: { accessKeyId: 'a'; accessKeySecret: 's'; signatureVersion: 'v4' }; domainId: string; vpc: true }>().toExtend<pds.AliyunPdsClientOptions>();
    // projectId stays required
    expectTypeOf<{ credentials: { token: 't' } }>().not.toExtend<ms.HuaweiMetaStudioClientOptions>();
  });
});
