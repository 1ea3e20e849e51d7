/** The harness clients send exactly the credential variant asked for (issue 9, item 1 review D1). */
import { describe, expect, it } from 'vitest';
import { createHarnessClient, WRONG_CREDENTIAL, type CredentialVariant } from '../../src/conformance/provider-clients.js';

const credentials = { projectId: 'project-1', ak: 'HWAK0000000000000001', sk: 'HW-SECRET-KEY-0001' };

/** The headers of the one request a MetaStudio harness client with AK/SK only sends for `variant`. */
async function sentHeaders(variant: CredentialVariant): Promise<Headers> {
  const seen: Headers[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    seen.push(new Request(input, init).headers);
    return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const client = createHarnessClient({
    provider: 'huawei-metastudio',
    credentials,
    baseUrl: 'http://127.0.0.1:9',
    fetch,
    now: () => new Date('2026-01-01T00:00:00Z'),
    variant,
    responseValidation: 'off',
  });
  await client.call('ConfirmFileUpload', { path: { project_id: 'project-1', file_id: 'f1' }, query: {}, header: {}, body: { state: 'CREATED' } });
  expect(seen).toHaveLength(1);
  return seen[0]!;
}

describe('createHarnessClient huawei-metastudio with AK/SK only', () => {
  it('wrong-token sends a wrong X-Auth-Token and no signature made with the valid secret', async () => {
    const headers = await sentHeaders('wrong-token');
    expect(headers.get('x-auth-token')).toBe(WRONG_CREDENTIAL);
    expect(headers.get('authorization')).toBeNull();
  });

  it('valid signs with the given key; wrong-signature signs with a wrong secret', async () => {
    const valid = await sentHeaders('valid');
    const wrong = await sentHeaders('wrong-signature');
    for (const headers of [valid, wrong]) {
      expect(headers.get('x-auth-token')).toBeNull();
      expect(headers.get('authorization')).toMatch(/^SDK-HMAC-SHA256 Access=HWAK0000000000000001, /);
    }
    expect(valid.get('authorization')).not.toBe(wrong.get('authorization'));
  });
});
