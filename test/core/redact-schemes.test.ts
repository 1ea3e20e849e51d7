/**
 * Every credential a spec's security schemes carry is redacted by name wherever drivespec prints
 * headers or URLs (reports, `drivespec sign`, log lines): the redaction lists in core/redact.ts are
 * checked against the generated registry, so a provider added to specs/ with a new credential
 * header or query parameter fails here until redact.ts knows it. The only scheme values that are
 * not secrets are listed below, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { providerTables } from '../../generated/provider-tables.js';
import { providerIds } from '../../src/core/provider.js';
import { REDACTED, redactHeaders, redactUrl } from '../../src/core/redact.js';

/** Scheme values that identify or stamp a request without opening anything. */
const notSecret: Record<string, string> = {
  'huawei-koodrive/userId': 'X-User-Id names the user; the bearer token is the credential',
  'huawei-koodrive/date': 'X-Date is the send time',
};

const schemes = providerIds.flatMap((provider) =>
  Object.entries(providerTables[provider].securitySchemes).map(([key, scheme]) => ({ id: `${provider}/${key}`, scheme })),
);

describe('security schemes and redaction', () => {
  it('the registry has header, bearer and query schemes to check', () => {
    expect(schemes.some((s) => s.scheme.type === 'http')).toBe(true);
    expect(schemes.some((s) => s.scheme.in === 'header')).toBe(true);
    expect(schemes.some((s) => s.scheme.in === 'query')).toBe(true);
  });

  it.each(schemes.filter((s) => !(s.id in notSecret)))('$id: its value is redacted by name', ({ scheme }) => {
    if (scheme.type === 'http' || scheme.in === 'header') {
      const header = scheme.type === 'http' ? 'Authorization' : scheme.name!;
      expect(redactHeaders({ [header]: 'not-a-known-secret' })).toEqual({ [header]: REDACTED });
    } else {
      expect(scheme.in).toBe('query');
      expect(redactUrl(`https://x.test/p?a=1&${scheme.name}=not-a-known-secret`)).toBe(`https://x.test/p?a=1&${scheme.name}=${REDACTED}`);
    }
  });

  it('the exceptions are schemes that exist', () => {
    for (const id of Object.keys(notSecret)) expect(schemes.map((s) => s.id)).toContain(id);
  });
});
