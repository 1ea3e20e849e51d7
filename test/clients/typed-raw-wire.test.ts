/**
 * A typed call writes its request with openapi-fetch's serializers but without openapi-fetch's
 * `Request` (issue 10, Speed: operation-client.ts). `client.raw` still has openapi-fetch build
 * that Request, so it is the reference: for every operation's documented request, with every
 * credential kind and a fixed clock and nonce, the typed method and the raw call must put the
 * same method, URL, headers and body bytes on the wire. The one difference allowed is the order
 * of query parameters: the raw client does not know which operation it calls, so it cannot use
 * the documented order (SMH's, asserted in wire.test.ts); the same pairs must be there.
 */
import { describe, expect, it } from 'vitest';
import { createClient as createPds } from '../../src/clients/aliyun-pds.js';
import { createClient as createKooDrive } from '../../src/clients/huawei-koodrive.js';
import { createClient as createMetaStudio } from '../../src/clients/huawei-metastudio.js';
import { createClient as createSmh } from '../../src/clients/tencent-smh.js';
import { examples as pdsExamples } from '../../generated/aliyun-pds/examples.js';
import { examples as kooExamples } from '../../generated/huawei-koodrive/examples.js';
import { examples as metaExamples } from '../../generated/huawei-metastudio/examples.js';
import { examples as smhExamples } from '../../generated/tencent-smh/examples.js';
import { operations as pdsOperations } from '../../generated/aliyun-pds/operations.js';
import { operations as kooOperations } from '../../generated/huawei-koodrive/operations.js';
import { operations as metaOperations } from '../../generated/huawei-metastudio/operations.js';
import { operations as smhOperations } from '../../generated/tencent-smh/operations.js';
import { fixedClock } from '../helpers/recording-fetch.js';

interface Sent {
  method: string;
  url: string;
  /** The query's `name=value` pieces, sorted. */
  query: string[];
  headers: [string, string][];
  body: string;
}

/** Records each request as the wire sees it (a Request built from what the client handed fetch) and answers 500, which no check reads. */
function recorder() {
  const sent: Sent[] = [];
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const [url, query = ''] = request.url.split('?');
    sent.push({ method: request.method, url: url!, query: query.split('&').sort(), headers: [...request.headers], body: Buffer.from(bytes).toString('hex') });
    return new Response('{}', { status: 400, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

interface Example {
  operationId: string;
  request: { path?: object; query?: object; header?: object; body?: unknown } | null;
}

interface Table {
  method: string;
  pathKey: string;
}

/** The first documented request of each operation. */
function requestsOf(examples: readonly Example[]): Example[] {
  const seen = new Set<string>();
  return examples.filter((e) => e.request !== null && !seen.has(e.operationId) && seen.add(e.operationId));
}

const methodName = (operationId: string) => operationId[0]!.toLowerCase() + operationId.slice(1);

type AnyClient = Record<string, unknown> & { raw: { request(method: string, path: string, init: unknown): Promise<unknown> } };

const common = { now: fixedClock('2026-01-01T00:00:00Z'), nonce: () => 'nonce-0001', maxRetries: 0 };
const accessKey = { accessKeyId: 'LTAI5tTestKey', accessKeySecret: 'test-secret-value' };

const providers: { name: string; examples: readonly Example[]; operations: Readonly<Record<string, Table>>; make: (fetch: typeof globalThis.fetch) => AnyClient }[] = [
  { name: 'aliyun-pds, token', examples: pdsExamples, operations: pdsOperations, make: (fetch) => createPds({ domainId: 'd', credentials: { accessToken: 'tok' }, fetch, ...common }) as never },
  { name: 'aliyun-pds, acs v1', examples: pdsExamples, operations: pdsOperations, make: (fetch) => createPds({ domainId: 'd', credentials: accessKey, fetch, ...common }) as never },
  {
    name: 'aliyun-pds, ACS4',
    examples: pdsExamples,
    operations: pdsOperations,
    make: (fetch) => createPds({ baseUrl: 'https://cn-hangzhou.admin.aliyunpds.com', credentials: { ...accessKey, signatureVersion: 'v4' }, fetch, ...common }) as never,
  },
  {
    name: 'huawei-koodrive',
    examples: kooExamples,
    operations: kooOperations,
    make: (fetch) => createKooDrive({ baseUrl: 'https://drive.example.test/base/', credentials: { accessToken: 'tok', userId: 'user-1' }, fetch, ...common }) as never,
  },
  {
    name: 'huawei-metastudio, AK/SK',
    examples: metaExamples,
    operations: metaOperations,
    make: (fetch) =>
      createMetaStudio({ projectId: '6a6a1f8354f64dd9b9a614def7b59d83', credentials: { ak: 'AK', sk: 'SK' }, fetch, ...common }) as never,
  },
  {
    name: 'tencent-smh',
    examples: smhExamples,
    operations: smhOperations,
    make: (fetch) => createSmh({ libraryId: 'smhdocs', credentials: { accessToken: 'acc-tok' }, fetch, ...common }) as never,
  },
];

describe('typed calls and client.raw send the same bytes', () => {
  for (const provider of providers) {
    it(provider.name, async () => {
      const calls = requestsOf(provider.examples);
      expect(calls.length).toBeGreaterThan(1);
      for (const example of calls) {
        const { body, ...params } = example.request!;
        const init = { params, ...(body === undefined ? {} : { body }) };
        const typed = recorder();
        const raw = recorder();
        const method = provider.make(typed.fetch)[methodName(example.operationId)] as (init: unknown) => Promise<unknown>;
        await method(init).catch(() => {});
        const op = provider.operations[example.operationId]!;
        await provider.make(raw.fetch).raw.request(op.method.toLowerCase(), op.pathKey, init);
        expect(typed.sent, example.operationId).toHaveLength(1);
        expect(typed.sent, example.operationId).toEqual(raw.sent);
      }
    });
  }
});
