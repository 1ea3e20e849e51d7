/**
 * Type-level tests: calls the spec forbids do not compile (each `@ts-expect-error` fails the
 * type check if the line below it becomes valid), and results carry the spec's types.
 */
import { describe, expectTypeOf, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import type { components } from '../../generated/aliyun-pds/types.js';

const pds = createPds({ domainId: 'd', credentials: { accessToken: 't' } });
const ms = createMetaStudio({ projectId: 'p', credentials: { token: 't' } });
const smh = createSmh({ libraryId: 'l', credentials: { accessToken: 't' } });
const kd = createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: 't', userId: 'u' } });

describe('typed calls', () => {
  it('PDS CompleteFile requires drive_id, upload_id and file_id', () => {
    // @ts-expect-error upload_id is missing
    void pds.completeFile({ body: { drive_id: '1', file_id: 'f' } });
    // @ts-expect-error the body is required
    void pds.completeFile({});
    // @ts-expect-error crc64_hash is a decimal string, never a number
    void pds.completeFile({ body: { drive_id: '1', upload_id: 'u', file_id: 'f', crc64_hash: 123 } });
    expectTypeOf(pds.completeFile({ body: { drive_id: '1', upload_id: 'u', file_id: 'f' } })).resolves.toEqualTypeOf<
      components['schemas']['File']
    >();
  });

  it('PDS GetFile url_expire_sec is a number', () => {
    // @ts-expect-error url_expire_sec must be a number
    void pds.getFile({ body: { drive_id: '1', file_id: 'f', url_expire_sec: '100' } });
  });

  it('MetaStudio state is an enum; the project id comes from the client', () => {
    // @ts-expect-error 'DONE' is not a documented state
    void ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'DONE' } });
    // @ts-expect-error file_id is required
    void ms.confirmFileUpload({ params: { path: {} }, body: { state: 'CREATED' } });
    expectTypeOf(ms.confirmFileUpload({ params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } })).resolves.toEqualTypeOf<undefined>();
  });

  it('SMH conflict strategy is an enum; confirm and SpaceId are filled by the client', () => {
    // @ts-expect-error 'replace' is not a documented strategy
    void smh.confirmUpload({ params: { path: { ConfirmKey: 'k' }, query: { conflict_resolution_strategy: 'replace' } } });
    // @ts-expect-error ConfirmKey is required
    void smh.confirmUpload({ params: { path: {} } });
    void smh.confirmUpload({ params: { path: { ConfirmKey: 'k' }, query: { conflict_resolution_strategy: 'ask', with_inode: '1' } } });
    const noLibrary = createSmh({ credentials: { accessToken: 't' } });
    // @ts-expect-error without a client libraryId, each call names its LibraryId
    void noLibrary.confirmUpload({ params: { path: { ConfirmKey: 'k' } } });
    void noLibrary.confirmUpload({ params: { path: { LibraryId: 'l', ConfirmKey: 'k' } } });
  });

  it('KooDrive fileId is required; credentials are not per-call parameters', () => {
    // @ts-expect-error fileId is missing
    void kd.completeFile({ body: { sha256: 'ab' } });
    // @ts-expect-error X-User-Id comes from the credentials, not the call
    void kd.completeFile({ body: { fileId: 'f' }, params: { header: { 'X-User-Id': 'u' } } });
  });

  it('credentials are typed per provider, and the kinds do not mix', () => {
    // @ts-expect-error a token and an AccessKey pair together
    createPds({ domainId: 'd', credentials: { accessToken: 't', accessKeyId: 'a', accessKeySecret: 's' } });
    // @ts-expect-error a token and AK/SK together
    createMetaStudio({ projectId: 'p', credentials: { token: 't', ak: 'a', sk: 's' } });
    // @ts-expect-error MetaStudio takes { token } or { ak, sk }
    createMetaStudio({ projectId: 'p', credentials: { accessToken: 't' } });
    // @ts-expect-error KooDrive needs the user id with the token
    createKooDrive({ baseUrl: 'https://k.test', credentials: { accessToken: 't' } });
  });
});

describe('invoke<K extends OperationId> (issue 10 item 1)', () => {
  it('types any operation by its id exactly as its method', () => {
    expectTypeOf(pds.invoke('CompleteFile', { body: { drive_id: '1', upload_id: 'u', file_id: 'f' } })).resolves.toEqualTypeOf<
      components['schemas']['File']
    >();
    expectTypeOf(ms.invoke('ConfirmFileUpload', { params: { path: { file_id: 'f' } }, body: { state: 'CREATED' } })).resolves.toEqualTypeOf<undefined>();
    expectTypeOf(smh.invoke<'ConfirmUpload'>).parameters.toEqualTypeOf<Parameters<typeof smh.confirmUpload> extends [infer I, ...infer R] ? ['ConfirmUpload', I, ...R] : never>();
    // @ts-expect-error upload_id is missing, as for completeFile
    void pds.invoke('CompleteFile', { body: { drive_id: '1', file_id: 'f' } });
    // @ts-expect-error no such operation in the PDS spec
    void pds.invoke('ConfirmUpload', {});
    // @ts-expect-error an operation of another provider
    void kd.invoke('GetFile', { body: { drive_id: '1', file_id: 'f' } });
  });
});
