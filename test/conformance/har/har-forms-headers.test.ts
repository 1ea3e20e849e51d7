/**
 * The three gaps the HAR harness had: form bodies (HAR `postData.params` or raw form text),
 * every documented response header (required ones present, values against their schemas), and
 * the flows line a HAR run printed. Where a real spec has nothing to exercise a rule (no spec
 * declares a form body; every documented header is an optional string), the operation is a copy
 * of a real one with its request body or headers replaced, and the validators are compiled here by
 * ajv from the schemas (not the generator's code), so the checks run against validators we did not
 * write by hand.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { checkExchange } from '../../../src/conformance/har/check-exchange.js';
import { matchExchange } from '../../../src/conformance/har/match-exchange.js';
import { parseHar, type HarExchange } from '../../../src/conformance/har/parse-har.js';
import { harSecrets } from '../../../src/conformance/har/run-har-conformance.js';
import { formatGithubSummary } from '../../../src/conformance/github-reporter.js';
import { formatJsonReport, formatJunitReport, runHarConformance } from '../../../src/conformance/index.js';
import { formatPrettyReport, formatPrettySummary } from '../../../src/conformance/pretty-reporter.js';
import { providerSpecs, type ProviderSpec } from '../../../src/conformance/provider-specs.js';
import type { CheckResult, ConformanceReport, PairReport } from '../../../src/conformance/types.js';
import { summarize } from '../../../src/conformance/summary.js';
import type { GeneratedValidator } from '../../../src/core/validation.js';

const PDS_CREATE = 'https://bj1.api.aliyunpds.com/v2/file/create';
const CREATED = JSON.stringify({ domain_id: 'bj1', drive_id: '1', file_id: 'f1', parent_file_id: 'root', type: 'file', file_name: 'a.bin', upload_id: 'u1' });

interface EntryInit {
  url?: string;
  requestHeaders?: { name: string; value: string }[];
  postData?: Record<string, unknown>;
  bodySize?: number;
  status?: number;
  responseHeaders?: { name: string; value: string }[];
  responseText?: string;
}

function harEntry(init: EntryInit = {}) {
  const text = init.responseText ?? CREATED;
  return {
    request: {
      method: 'POST',
      url: init.url ?? PDS_CREATE,
      headers: init.requestHeaders ?? [{ name: 'authorization', value: 'Bearer tok-form-test-0001' }],
      ...(init.postData ? { postData: init.postData } : {}),
      bodySize: init.bodySize ?? (typeof init.postData?.text === 'string' ? Buffer.byteLength(init.postData.text) : 10),
    },
    response: {
      status: init.status ?? 200,
      headers: init.responseHeaders ?? [
        { name: 'content-type', value: 'application/json' },
        { name: 'x-ca-request-id', value: 'req-1' },
      ],
      content: { size: Buffer.byteLength(text), mimeType: 'application/json', text },
    },
  };
}

function exchangesOf(...entries: unknown[]): HarExchange[] {
  return parseHar(JSON.stringify({ log: { version: '1.2', entries } }));
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const compile = (schema: object) => ajv.compile(schema) as unknown as GeneratedValidator;

/** PDS CreateFile with its request body and/or its 200 headers replaced (validators by ajv). */
function variantSpec(change: {
  requestBody?: { contentType: string; schema: object };
  headers200?: Record<string, { required: boolean; schema: object | null }>;
  dropValidators?: string[];
}): { spec: ProviderSpec; op: ProviderSpec['operations'][string] } {
  const base = providerSpecs['aliyun-pds'];
  const real = base.operations.CreateFile!;
  const validators: Record<string, GeneratedValidator> = { ...base.validators };
  let op = real;
  if (change.requestBody) {
    validators.validateVariantRequestBody = compile(change.requestBody.schema);
    op = { ...op, requestBody: { required: true, contentType: change.requestBody.contentType, validator: 'validateVariantRequestBody' } };
  }
  let responseHeaders = base.responseHeaders;
  if (change.headers200) {
    const documented: Record<string, { required: boolean; validator: string | null }> = {};
    for (const [name, h] of Object.entries(change.headers200)) {
      const validator = h.schema ? `validateVariantHeader${name.replace(/[^A-Za-z0-9]/g, '')}` : null;
      if (validator) validators[validator] = compile(h.schema!);
      documented[name] = { required: h.required, validator };
    }
    responseHeaders = { ...responseHeaders, CreateFile: { ...responseHeaders.CreateFile, 200: documented } };
  }
  for (const name of change.dropValidators ?? []) delete validators[name];
  return { spec: { ...base, operations: { ...base.operations, CreateFile: op }, validators, responseHeaders }, op };
}

async function checked(exchange: HarExchange, variant?: ReturnType<typeof variantSpec>): Promise<PairReport> {
  const match = matchExchange(exchange.method, exchange.url)!;
  expect(match.op.operationId).toBe('CreateFile');
  return checkExchange({
    spec: variant?.spec ?? providerSpecs[match.provider],
    match: variant ? { ...match, op: variant.op } : match,
    exchange,
    file: 'forms.har',
    replayCredentials: { accessToken: 'replay-access-token' },
    now: () => new Date('2026-12-01T10:00:00Z'),
    clock: () => 0,
  });
}

const FORM_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', minLength: 1 },
    size: { type: 'integer', minimum: 0 },
    rapid: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    file: { type: 'string' },
  },
  required: ['name', 'size'],
  additionalProperties: false,
};
const urlencodedSpec = () => variantSpec({ requestBody: { contentType: 'application/x-www-form-urlencoded', schema: FORM_SCHEMA } });
const multipartSpec = () => variantSpec({ requestBody: { contentType: 'multipart/form-data', schema: FORM_SCHEMA } });

const urlencoded = (text: string) => ({ mimeType: 'application/x-www-form-urlencoded', text });
const params = (mimeType: string, list: unknown[]) => ({ mimeType, params: list });
const MULTIPART = [
  '--XyZ',
  'Content-Disposition: form-data; name="name"',
  '',
  'a.bin',
  '--XyZ',
  'Content-Disposition: form-data; name="size"',
  '',
  '5',
  '--XyZ',
  'Content-Disposition: form-data; name="file"; filename="a.bin"',
  'Content-Type: application/octet-stream',
  '',
  'hello',
  '--XyZ--',
  '',
].join('\r\n');

describe('form request bodies', () => {
  it('against a spec that declares JSON: errored, "the spec declares no form body", never passed (params and raw text alike)', async () => {
    for (const postData of [params('application/x-www-form-urlencoded', [{ name: 'drive_id', value: '1' }]), urlencoded('drive_id=1&name=a'), { mimeType: 'multipart/form-data; boundary=XyZ', text: MULTIPART }]) {
      const pair = await checked(exchangesOf(harEntry({ postData }))[0]!);
      const sent = postData.mimeType.split(';')[0];
      expect(pair.checks.wire).toEqual({
        status: 'errored',
        reason: `not checked: the spec declares no form body for CreateFile (it declares application/json; the recording sends ${sent})`,
      });
      expect(pair.checks.client).toEqual({ status: 'skipped', reason: 'the recorded request could not be checked against the spec (see wire)' });
      expect(pair.checks.server.status).toBe('passed');
    }
  });

  it('fails the run (errored counts), in every reporter', async () => {
    const report = await runHarConformance({ exchanges: exchangesOf(harEntry({ postData: urlencoded('drive_id=1') })), file: 'forms.har', now: () => new Date(0) });
    expect(report.ok).toBe(false);
    expect(report.summary.errored).toBe(1);
    expect(formatPrettyReport(report)).toContain('! entry 0: POST /v2/file/create (recorded, HTTP 200) wire: not checked: the spec declares no form body for CreateFile');
    expect(formatJunitReport(report)).toContain('<error message="not checked: the spec declares no form body for CreateFile');
  });

  it('a form where the spec declares one: fields checked against its schema, text read as the types it asks for', async () => {
    const spec = urlencodedSpec();
    // Raw text, HAR params, a repeated name as a list, `size` and `rapid` read from text.
    const good = [
      urlencoded('name=a.bin&size=12&rapid=true&tags=x&tags=y'),
      params('application/x-www-form-urlencoded', [{ name: 'name', value: 'a.bin' }, { name: 'size', value: '0' }, { name: 'tags', value: 'only' }]),
    ];
    for (const postData of good) {
      const pair = await checked(exchangesOf(harEntry({ postData }))[0]!, spec);
      expect(pair.checks.wire).toEqual({ status: 'passed' });
      // The typed client sends JSON only: it cannot replay a form, and says so.
      expect(pair.checks.client).toEqual({ status: 'errored', reason: 'not replayed: the typed client sends JSON request bodies only, not application/x-www-form-urlencoded' });
    }
    const bad: [string, string][] = [
      ['size=12', '/name is required'],
      ['name=a&size=12&nmae=b', '/nmae is not a documented property'],
      ['name=a&size=twelve', '/size must be integer'],
      ['name=a&size=-3', '/size must be >= 0'],
      ['name=a&size=1.5', '/size must be integer'],
      ['name=a&size=1&rapid=yes', '/rapid must be boolean'],
      ['name=&size=1', '/name must NOT have fewer than 1 characters'],
    ];
    for (const [text, issue] of bad) {
      const pair = await checked(exchangesOf(harEntry({ postData: urlencoded(text) }))[0]!, spec);
      expect(pair.checks.wire.status, text).toBe('failed');
      expect(pair.checks.wire.reason, text).toContain(`request body (application/x-www-form-urlencoded) does not match the spec: ${issue}`);
      expect(pair.checks.client.status).toBe('skipped');
    }
  });

  it('multipart: the raw body read by the platform\'s parser; a file part without its content is skipped, not passed', async () => {
    const spec = multipartSpec();
    const raw = await checked(exchangesOf(harEntry({ postData: { mimeType: 'multipart/form-data; boundary=XyZ', text: MULTIPART } }))[0]!, spec);
    expect(raw.checks.wire).toEqual({ status: 'passed' });
    const noFile = await checked(
      exchangesOf(harEntry({ postData: params('multipart/form-data; boundary=XyZ', [{ name: 'name', value: 'a' }, { name: 'size', value: '5' }, { name: 'file', fileName: 'a.bin', contentType: 'application/octet-stream' }]) }))[0]!,
      spec,
    );
    expect(noFile.checks.wire).toEqual({ status: 'skipped', reason: 'not checked: the HAR holds no content of the file part file' });
    const noBoundary = await checked(exchangesOf(harEntry({ postData: { mimeType: 'multipart/form-data', text: MULTIPART } }))[0]!, spec);
    expect(noBoundary.checks.wire).toMatchObject({ status: 'failed', reason: 'the request body is not valid multipart/form-data (or its boundary is missing)' });
    // A multipart form where the spec declares the urlencoded one: not judged, and said so.
    const other = await checked(exchangesOf(harEntry({ postData: { mimeType: 'multipart/form-data; boundary=XyZ', text: MULTIPART } }))[0]!, urlencodedSpec());
    expect(other.checks.wire).toEqual({
      status: 'errored',
      reason: 'not checked: the spec declares no multipart/form-data body for CreateFile (it declares application/x-www-form-urlencoded; the recording sends multipart/form-data)',
    });
  });

  it('a JSON body where the spec declares a form fails; the media type comes from the Content-Type header when postData has none', async () => {
    const json = await checked(exchangesOf(harEntry({ postData: { mimeType: 'application/json', text: '{"name":"a","size":1}' } }))[0]!, urlencodedSpec());
    expect(json.checks.wire).toMatchObject({ status: 'failed', reason: 'request body is not a form; the spec declares application/x-www-form-urlencoded' });
    const byHeader = await checked(
      exchangesOf(
        harEntry({
          postData: { text: 'name=a&size=1' },
          requestHeaders: [
            { name: 'authorization', value: 'Bearer tok-form-test-0001' },
            { name: 'Content-Type', value: 'application/x-www-form-urlencoded;charset=UTF-8' },
          ],
        }),
      )[0]!,
      urlencodedSpec(),
    );
    expect(byHeader.checks.wire).toEqual({ status: 'passed' });
  });

  it('a form field holding a token is a secret of the recording, removed from the report wherever it turns up', async () => {
    const fieldToken = 'form-field-secret-7Qm2Lx9';
    const textToken = 'form-text-secret-Jv4Pw1';
    const partToken = 'form-part-secret-Rk8Zt3';
    const exchanges = exchangesOf(
      harEntry({ postData: params('application/x-www-form-urlencoded', [{ name: 'access_token', value: fieldToken }]) }),
      harEntry({ postData: urlencoded(`access_token=${textToken}&drive_id=1`) }),
      harEntry({ postData: { mimeType: 'multipart/form-data; boundary=XyZ', text: `--XyZ\r\nContent-Disposition: form-data; name="x-share-token"\r\n\r\n${partToken}\r\n--XyZ--\r\n` } }),
    );
    const secrets = harSecrets(exchanges);
    for (const token of [fieldToken, textToken, partToken]) expect(secrets).toContain(token);
    // The same tokens in a path (an echoing proxy, a mistaken client): named in the report, removed.
    const leaky = exchangesOf(
      harEntry({ postData: urlencoded(`access_token=${textToken}`) }),
      harEntry({ url: `https://bj1.api.aliyunpds.com/v2/file/${textToken}`, postData: urlencoded('a=1') }),
      harEntry({ postData: params('application/x-www-form-urlencoded', [{ name: 'access_token', value: fieldToken }]), status: 499 }),
    );
    const report = await runHarConformance({ exchanges: leaky, file: 'forms.har', now: () => new Date(0) });
    expect(report.summary.failed + report.summary.errored).toBeGreaterThan(0);
    for (const text of [formatPrettyReport(report), formatJsonReport(report), formatJunitReport(report), formatGithubSummary(report)]) {
      expect(text).not.toContain(textToken);
      expect(text).not.toContain(fieldToken);
    }
  });
});

describe('documented response headers', () => {
  const ETAG = { type: 'string', pattern: '^"[0-9a-f]{32}"$' };
  const withHeaders = (headers: [string, string][]) =>
    exchangesOf(harEntry({ postData: { mimeType: 'application/json', text: '{"drive_id":"1","parent_file_id":"root","name":"a.bin","type":"file"}' }, responseHeaders: headers.map(([name, value]) => ({ name, value })) }))[0]!;
  const spec = () =>
    variantSpec({
      headers200: {
        'x-ca-request-id': { required: false, schema: { type: 'string', minLength: 3 } },
        ETag: { required: true, schema: ETAG },
        'Content-Length': { required: false, schema: { type: 'integer', minimum: 0 } },
        'X-Anything': { required: true, schema: null },
      },
    });
  const ok: [string, string][] = [
    ['x-ca-request-id', 'req-1'],
    ['etag', '"0cc175b9c0f1b6a831c399e269772661"'],
    ['content-length', '12'],
    ['x-anything', ''],
  ];

  it('every documented header present and valid passes (names case-insensitive, integer text read as a number)', async () => {
    const pair = await checked(withHeaders(ok), spec());
    expect(pair.checks.server).toEqual({ status: 'passed' });
  });

  it('a required header missing, and values against their schemas, each a failure naming the header', async () => {
    const cases: [[string, string][], string][] = [
      [ok.filter(([n]) => n !== 'etag'), 'no ETag header (the spec requires it on HTTP 200)'],
      [ok.filter(([n]) => n !== 'x-anything'), 'no X-Anything header (the spec requires it on HTTP 200)'],
      [ok.map(([n, v]) => [n, n === 'etag' ? 'W/"abc"' : v]), 'header ETag does not match the spec: / must match pattern "^"[0-9a-f]{32}"$"'],
      [ok.map(([n, v]) => [n, n === 'content-length' ? '-1' : v]), 'header Content-Length does not match the spec: / must be >= 0'],
      [ok.map(([n, v]) => [n, n === 'content-length' ? 'twelve' : v]), 'header Content-Length does not match the spec: / must be integer'],
      [ok.map(([n, v]) => [n, n === 'x-ca-request-id' ? 'r' : v]), 'header x-ca-request-id does not match the spec: / must NOT have fewer than 3 characters'],
    ];
    for (const [headers, reason] of cases) {
      const pair = await checked(withHeaders(headers), spec());
      expect(pair.checks.server).toEqual({ status: 'failed', reason });
    }
    // The request-id header of a success stays required by the provider's facts, once.
    const noId = await checked(withHeaders(ok.filter(([n]) => n !== 'x-ca-request-id')), spec());
    expect(noId.checks.server).toEqual({ status: 'failed', reason: "no x-ca-request-id header (the provider's request id of a successful answer)" });
  });

  it('a header the harness has no validator for is errored, not passed', async () => {
    const pair = await checked(withHeaders(ok), variantSpec({ headers200: { ETag: { required: true, schema: ETAG } }, dropValidators: ['validateVariantHeaderETag'] }));
    expect(pair.checks.server).toEqual({ status: 'errored', reason: 'the harness has no validateVariantHeaderETag for header ETag' });
  });

  it('the real specs: generated header validators run on each documented header of the answer\'s status', async () => {
    // PDS documents x-ca-request-id, x-ca-error-code and x-ca-error-message on its 400 (components/headers).
    const pds = providerSpecs['aliyun-pds'];
    expect(pds.responseHeaders.CreateFile!['400']).toEqual({
      'x-ca-error-code': { required: false, validator: 'validateHeaderXCaErrorCode' },
      'x-ca-error-message': { required: false, validator: 'validateHeaderXCaErrorMessage' },
      'x-ca-request-id': { required: false, validator: 'validateHeaderXCaRequestId' },
    });
    // One validator per header name and schema, shared by every response documenting it so.
    expect(pds.responseHeaders.GetFile!['500']!['x-ca-request-id']!.validator).toBe('validateHeaderXCaRequestId');
    const validator = pds.validators.validateHeaderXCaRequestId!;
    expect(validator('req-1')).toBe(true);
    expect(validator(12)).toBe(false);
    expect(providerSpecs['huawei-metastudio'].responseHeaders.CreateFile!['200']).toEqual({ 'X-Request-Id': { required: false, validator: 'validateHeaderXRequestId' } });
  });
});

describe('a HAR run says nothing of upload flows', () => {
  function harReport(): ConformanceReport {
    const passed: CheckResult = { status: 'passed' };
    const providers: ConformanceReport['providers'] = [
      {
        provider: 'aliyun-pds',
        operations: [{ operationId: 'CreateFile', method: 'POST', path: '/v2/file/create', durationMs: 1, pairs: [{ name: 'entry 0', scenario: 'recorded', source: 's', status: 200, durationMs: 1, checks: { client: passed, wire: passed, server: passed } }] }],
        flows: [],
        errata: [],
      },
    ];
    return {
      ok: true,
      tool: { name: 'drivespec', version: '0' },
      target: { kind: 'har', url: 'session.har' },
      startedAt: new Date(0).toISOString(),
      durationMs: 1,
      providers,
      summary: summarize(providers),
      har: { entries: 1, checked: 1, notOperations: 0, filteredOut: 0 },
    };
  }

  it('no flows line in the pretty summary nor row in the GitHub summary; a replay run keeps both', () => {
    const har = harReport();
    expect(formatPrettySummary(har)).not.toMatch(/flow/i);
    expect(formatPrettySummary(har)).toContain('  total   3 passed, 0 failed, 0 skipped');
    expect(formatGithubSummary(har)).not.toMatch(/flow/i);
    expect(formatGithubSummary(har)).toContain('1 recorded exchanges');
    const { har: _, ...rest } = har;
    const replay: ConformanceReport = { ...rest, target: { kind: 'emulator', url: 'http://127.0.0.1:1' } };
    expect(formatPrettySummary(replay)).toContain('  flows   0 passed, 0 failed, 0 skipped');
    expect(formatGithubSummary(replay)).toContain('| flows | 0 | 0 | 0 | 0 |');
    // The JSON report keeps its shape (summary.flows stays, zero) and JUnit has no flows suite.
    expect(JSON.parse(formatJsonReport(har)).summary.flows).toEqual({ passed: 0, failed: 0, errored: 0, skipped: 0 });
    expect(formatJunitReport(har)).not.toContain('upload flows');
  });
});
