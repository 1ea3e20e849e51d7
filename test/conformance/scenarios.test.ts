/** How the server side provokes each scenario: broken bodies, ids aimed at the target, live skips. */
import { describe, expect, it } from 'vitest';
import { providerSpecs } from '../../src/conformance/provider-specs.js';
import { breakBody, planServerCheck, targetRequest } from '../../src/conformance/scenarios.js';

const pds = providerSpecs['aliyun-pds'];
const smh = providerSpecs['tencent-smh'];

describe('breakBody', () => {
  it('gives the first field a wrong type the schema rejects', () => {
    const validator = pds.validators.validateCompleteFileRequestBody!;
    const broken = breakBody({ drive_id: '1', upload_id: 'u', file_id: 'f' }, validator);
    expect(broken).toEqual({ body: { drive_id: 12345, upload_id: 'u', file_id: 'f' }, description: 'drive_id as a number' });
    expect(validator(broken!.body)).toBe(false);
  });

  it('falls back to an array when no field can be broken', () => {
    const validator = smh.validators.validateConfirmUploadRequestBody!;
    expect(breakBody(undefined, validator)).toEqual({ body: ['drivespec-conformance'], description: 'an array instead of the documented object' });
  });
});

describe('targetRequest', () => {
  it("aims SMH and MetaStudio requests at the target's library and project", () => {
    const request = { path: { LibraryId: 'smhdocs', SpaceId: '-', ConfirmKey: 'k' }, query: {}, header: {} };
    expect(targetRequest('tencent-smh', request, { accessToken: 't', libraryId: 'mine' }).path).toEqual({
      LibraryId: 'mine',
      SpaceId: '-',
      ConfirmKey: 'k',
    });
    const ms = { path: { project_id: 'p', file_id: 'f' }, query: {}, header: {}, body: { state: 'CREATED' } };
    expect(targetRequest('huawei-metastudio', ms, { token: 't', projectId: 'mine' }).path).toEqual({ project_id: 'mine', file_id: 'f' });
  });
});

describe('planServerCheck against a live endpoint', () => {
  const credentials = { accessToken: 't', libraryId: 'lib' };
  for (const pair of smh.pairs) {
    const stateless = ['invalid-parameter', 'unauthorized', 'not-found'].includes(pair.scenario);
    it(`${stateless ? 'runs' : 'skips'} ${pair.name} (${pair.scenario})`, () => {
      const planned = planServerCheck({ spec: smh, pair, request: pair.request!, credentials, target: 'live' });
      if (stateless) {
        expect(planned).toHaveProperty('plan');
        expect('plan' in planned && planned.plan.seed).toBeFalsy();
      } else {
        expect(planned).toEqual({ skip: expect.stringContaining('emulator only') });
      }
    });
  }
});
