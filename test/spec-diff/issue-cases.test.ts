/**
 * The two cases issue 14 names, on copies of the real specs: SMH's `eTag` response field made
 * optional (a consumer's type becomes `string | undefined`) and KooDrive's `sha256` request
 * field made required. openapi-typescript, which writes the consumer's types, is the independent
 * witness that the type really changes the way the classification says.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { diffSpecs } from '../../src/spec-diff/diff-specs.js';

const root = new URL('../..', import.meta.url).pathname;

async function spec(id: string): Promise<Record<string, unknown>> {
  return parse(await readFile(join(root, 'specs', `${id}.yaml`), 'utf8')) as Record<string, unknown>;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function typesOf(doc: Record<string, unknown>): Promise<string> {
  return astToString(await openapiTS(structuredClone(doc) as never, { silent: true }));
}

/** The declaration of `field` inside the component schema `schema` in openapi-typescript's output. */
function declaration(types: string, schema: string, field: string): string {
  const start = types.indexOf(`        ${schema}: {`);
  expect(start, schema).toBeGreaterThan(0);
  const end = types.indexOf('\n        };', start);
  const body = types.slice(start, end);
  const line = body.split('\n').find((l) => new RegExp(`^\\s+${field}\\??:`).test(l));
  expect(line, `${schema}.${field}`).toBeDefined();
  return line!.trim();
}

describe('the issue 14 cases on copies of the real specs', () => {
  it("SMH: eTag made optional in ConfirmUpload's answer is one breaking response change", async () => {
    const before = await spec('tencent-smh');
    const after = structuredClone(before) as Json;
    const schema = after.components.schemas.ConfirmUploadResponse;
    expect(schema.required).toContain('eTag');
    schema.required = schema.required.filter((n: string) => n !== 'eTag');

    const d = diffSpecs(before, after);
    expect(d.changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        rule: 'field-made-optional',
        side: 'response',
        operationId: 'ConfirmUpload',
        path: '/operations/ConfirmUpload/responses/200/content/application~1json/schema/eTag',
        keyword: 'required',
        source: '/components/schemas/ConfirmUploadResponse/properties/eTag',
        before: true,
        after: false,
      }),
    ]);
    expect(d.breaking).toBe(1);
    expect(d.changes[0]!.message).toContain('| undefined');

    // What the consumer's generated type says, before and after.
    expect(declaration(await typesOf(before), 'ConfirmUploadResponse', 'eTag')).toBe('eTag: string;');
    expect(declaration(await typesOf(after), 'ConfirmUploadResponse', 'eTag')).toBe('eTag?: string;');
  }, 30_000);

  it("KooDrive: sha256 made required in CompleteFile's request body is one breaking request change", async () => {
    const before = await spec('huawei-koodrive');
    const after = structuredClone(before) as Json;
    const schema = after.components.schemas.CompleteFileRequest;
    expect(schema.required).not.toContain('sha256');
    schema.required = [...schema.required, 'sha256'];

    const d = diffSpecs(before, after);
    expect(d.changes).toEqual([
      expect.objectContaining({
        severity: 'breaking',
        rule: 'field-made-required',
        side: 'request',
        operationId: 'CompleteFile',
        path: '/operations/CompleteFile/requestBody/content/application~1json/schema/sha256',
        keyword: 'required',
        before: false,
        after: true,
      }),
    ]);
    expect(declaration(await typesOf(before), 'CompleteFileRequest', 'sha256')).toMatch(/^sha256\?:/);
    expect(declaration(await typesOf(after), 'CompleteFileRequest', 'sha256')).toMatch(/^sha256:/);
  }, 30_000);

  it('the reverse of each is non-breaking (a response field made required, a request field made optional)', async () => {
    const smh = await spec('tencent-smh');
    const optional = structuredClone(smh) as Json;
    const r = optional.components.schemas.ConfirmUploadResponse;
    r.required = r.required.filter((n: string) => n !== 'eTag');
    expect(diffSpecs(optional, smh).changes).toEqual([
      expect.objectContaining({ severity: 'non-breaking', rule: 'field-made-required', operationId: 'ConfirmUpload' }),
    ]);

    const kd = await spec('huawei-koodrive');
    const required = structuredClone(kd) as Json;
    required.components.schemas.CompleteFileRequest.required.push('sha256');
    expect(diffSpecs(required, kd).changes).toEqual([
      expect.objectContaining({ severity: 'non-breaking', rule: 'field-made-optional', operationId: 'CompleteFile' }),
    ]);
  });
});
