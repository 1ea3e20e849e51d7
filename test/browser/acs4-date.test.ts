/**
 * The browser Date trap for PDS AccessKey signatures (issue 13), under Node so it runs in the
 * default suite: a page cannot set `Date` (a forbidden request header in the Fetch standard; the
 * Chromium suite shows it is dropped, clients.slow.test.ts). ACS4 puts the Date line in its
 * canonical headers "empty when absent" (shared/docs/aliyun-pds-acs4.md) and takes its time from
 * x-acs-date, so a request that signs an empty Date and sends none verifies, and the emulator
 * accepts it, while a request signed with a Date it then did not send (what a browser does to
 * today's signer) is refused. Nothing here loosens the verifier: both are its ordinary rules.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signAliyunAcs4Request } from '../../src/signing/aliyun-acs4/index.js';
import { computeAcs4Signature } from '../../src/signing/aliyun-acs4/compute-signature.js';
import { formatAcs4Authorization, parseAcs4Authorization } from '../../src/signing/aliyun-acs4/authorization.js';
import { clients, startHarness, type Harness } from '../emulator/support/fixture.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ now: () => new Date() });
  h.emulator.seed.pdsUpload({ driveId: '1', fileId: 'f-date', uploadId: 'u', name: 'a.bin' });
  await clients(h).pds.completeFile({ body: { drive_id: '1', file_id: 'f-date', upload_id: 'u' } });
});
afterAll(() => h?.close());

async function signed(withoutDate: 'resign' | 'drop') {
  const url = `${h.emulator.url}/v2/file/get`;
  const body = JSON.stringify({ drive_id: '1', file_id: 'f-date' });
  const base = { 'content-type': 'application/json; charset=utf-8', accept: 'application/json', host: new URL(url).host };
  const c = h.emulator.credentials['aliyun-pds'];
  const keys = { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret };
  let nonce = 0;
  const s = await signAliyunAcs4Request({ method: 'POST', url, headers: base, body }, keys, {
    action: 'GetFile',
    now: () => new Date(),
    nonce: () => `date-test-${withoutDate}-${++nonce}`,
  });
  const headers: Record<string, string> = { ...base, ...s.headers };
  expect(headers.date).toMatch(/GMT$/); // today's signer sends (and signs) Date
  delete headers.date; // what the browser does with it
  if (withoutDate === 'resign') {
    const auth = parseAcs4Authorization(headers.authorization!)!;
    const steps = await computeAcs4Signature({
      method: 'POST',
      target: { pathname: '/v2/file/get', search: '' },
      headers: new Map(Object.entries(headers).filter(([k]) => k !== 'authorization')),
      payloadHash: headers['x-acs-content-sha256']!,
      date: auth.date,
      region: auth.region,
      accessKeySecret: c.accessKeySecret,
    });
    headers.authorization = formatAcs4Authorization({ ...auth, accessKeyId: c.accessKeyId, signedHeaders: steps.signedHeaders, signature: steps.signature });
  }
  delete headers.host;
  return fetch(url, { method: 'POST', headers, body });
}

it('ACS4 signed with an empty Date and sent without one: accepted (the time is x-acs-date)', async () => {
  const r = await signed('resign');
  expect(r.status, await r.clone().text()).toBe(200);
  expect(await r.json()).toMatchObject({ file_id: 'f-date' });
});

it('ACS4 signed with a Date that is then not sent (a browser and today\'s signer): 403, the signature does not match', async () => {
  const r = await signed('drop');
  expect(r.status).toBe(403);
  expect(await r.json()).toMatchObject({ code: 'Forbidden' });
});
