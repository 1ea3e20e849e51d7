/**
 * The helper types `drivespec` exports so a user can wrap a call without reaching into the
 * package's internals: `OperationArgs` (a method's parameter list) and `SuccessBody` (what it
 * resolves to). Imported the way a user imports them, through the package name.
 */
import type { CallOptions, OperationArgs, SuccessBody } from 'drivespec';
import type { operations as PdsOperations } from 'drivespec/aliyun-pds';
import type { operations as MetaStudioOperations } from 'drivespec/huawei-metastudio';
import { createClient, type components, type ConfirmUploadInit, type operations } from 'drivespec/tencent-smh';
import { describe, expectTypeOf, it } from 'vitest';

const smh = createClient({ libraryId: 'l', credentials: { accessToken: 't' } });

/** A user's wrapper: same parameters and result as the method it wraps. */
async function confirmLogged(
  ...args: OperationArgs<ConfirmUploadInit, CallOptions>
): Promise<SuccessBody<operations['ConfirmUpload']>> {
  const file = await smh.confirmUpload(...args);
  return file;
}

describe('helper types from drivespec', () => {
  it('SuccessBody is the documented success schema, undefined for a bodiless success', () => {
    expectTypeOf<SuccessBody<operations['ConfirmUpload']>>().toEqualTypeOf<components['schemas']['ConfirmUploadResponse']>();
    expectTypeOf<SuccessBody<PdsOperations['GetFile']>>().not.toBeUndefined();
    expectTypeOf<SuccessBody<MetaStudioOperations['ConfirmFileUpload']>>().toEqualTypeOf<undefined>();
  });

  it('OperationArgs makes a wrapper take exactly what the method takes', () => {
    expectTypeOf(confirmLogged).parameters.toEqualTypeOf<Parameters<typeof smh.confirmUpload>>();
    expectTypeOf(confirmLogged({ params: { path: { ConfirmKey: 'k' } } })).resolves.toEqualTypeOf<
      components['schemas']['ConfirmUploadResponse']
    >();
    // @ts-expect-error ConfirmKey is required, so init is too
    void confirmLogged();
    // init may be left out when nothing in it is required
    expectTypeOf<OperationArgs<{ params?: { query?: { a?: string } } }, CallOptions>>().toEqualTypeOf<
      [init?: { params?: { query?: { a?: string } } }, options?: CallOptions]
    >();
  });
});
