/**
 * The spec conventions the generator enforces (scripts/generate/schema-rules.ts, ARCHITECTURE.md):
 * request schemas closed, response schemas open, flag parameters that standard tools can write.
 * Each rule is shown failing on a copy of a real spec with the convention broken.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestSchemaProblems, responseSchemaProblems } from '../../scripts/generate/schema-rules.js';
import { loadSpec } from '../../scripts/generate/spec-model.js';

const root = new URL('../..', import.meta.url).pathname;
const providers = ['aliyun-pds', 'huawei-metastudio', 'tencent-smh', 'huawei-koodrive'];

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drivespec-conventions-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** Loads `provider`'s spec after `edit`, which must change the text. */
async function loadEdited(provider: string, edit: (text: string) => string) {
  const text = await readFile(join(root, 'specs', `${provider}.yaml`), 'utf8');
  const changed = edit(text);
  expect(changed).not.toBe(text);
  const file = join(dir, `${provider}.yaml`);
  await writeFile(file, changed);
  return loadSpec(provider, `specs/${provider}.yaml`, file);
}

describe('every committed spec follows the conventions', () => {
  it.each(providers)('%s', async (provider) => {
    await expect(loadSpec(provider, `specs/${provider}.yaml`, join(root, 'specs', `${provider}.yaml`))).resolves.toBeTruthy();
  });
});

describe('request schemas are closed', () => {
  it('an open request body fails generation, naming the schema (PDS CompleteFileRequest)', async () => {
    const load = loadEdited('aliyun-pds', (t) =>
      t.replace(/(    CompleteFileRequest:\n(?:.*\n)*?)      additionalProperties: false\n/, '$1'),
    );
    await expect(load).rejects.toThrow(/POST \/v2\/file\/complete: spec conventions broken[^]*#\/components\/schemas\/CompleteFileRequest: a request object must set additionalProperties: false/);
  });

  it('a composed request body needs unevaluatedProperties: false (PDS GetFileRequest)', async () => {
    const load = loadEdited('aliyun-pds', (t) => t.replace('      unevaluatedProperties: false\n', '      additionalProperties: false\n'));
    await expect(load).rejects.toThrow(/#\/components\/schemas\/GetFileRequest: a request object that uses allOf must set unevaluatedProperties: false/);
  });

  it('nested objects, items and refs are checked; composition branches are not required to close', () => {
    const doc = { components: { schemas: { Inner: { type: 'object', properties: { a: { type: 'string' } } } } } };
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        closed: { type: 'object', additionalProperties: false, properties: {} },
        open: { type: 'object', properties: {} },
        list: { type: 'array', items: { properties: { x: { type: 'string' } } } },
        viaRef: { $ref: '#/components/schemas/Inner' },
        composed: {
          type: 'object',
          unevaluatedProperties: false,
          anyOf: [{ type: 'object', required: ['a'] }, { type: 'object', required: ['b'] }],
        },
      },
    };
    expect(requestSchemaProblems(doc, schema, 'body')).toEqual([
      'body.properties.open: a request object must set additionalProperties: false (unknown fields are refused, not ignored)',
      'body.properties.list.items: a request object must set additionalProperties: false (unknown fields are refused, not ignored)',
      '#/components/schemas/Inner: a request object must set additionalProperties: false (unknown fields are refused, not ignored)',
    ]);
  });

  it('a recursive schema is walked once per reference path, not forever', () => {
    const doc = { components: { schemas: { Node: { type: 'object', additionalProperties: false, properties: { next: { $ref: '#/components/schemas/Node' } } } } } };
    expect(requestSchemaProblems(doc, { $ref: '#/components/schemas/Node' }, 'body')).toEqual([]);
  });
});

describe('response schemas are open', () => {
  it('a closed response object fails generation (SMH SmhError)', async () => {
    const load = loadEdited('tencent-smh', (t) =>
      t.replace('    SmhError:\n      type: object\n', '    SmhError:\n      type: object\n      additionalProperties: false\n'),
    );
    await expect(load).rejects.toThrow(/#\/components\/schemas\/SmhError: a response object must stay open to new fields \(remove additionalProperties: false\)/);
  });

  it('maps with a value schema stay allowed; unevaluatedProperties: false and closed branches are refused', () => {
    const doc = {};
    expect(responseSchemaProblems(doc, { type: 'object', additionalProperties: { type: 'string' } }, 'r')).toEqual([]);
    expect(
      responseSchemaProblems(doc, { type: 'object', unevaluatedProperties: false, allOf: [{ type: 'object', additionalProperties: false }] }, 'r'),
    ).toEqual([
      'r: a response object must stay open to new fields (remove unevaluatedProperties: false)',
      'r.allOf.0: a response object must stay open to new fields (remove additionalProperties: false)',
    ]);
  });
});

describe('flag query parameters', () => {
  it('the old boolean modelling of SMH confirm (const true, which tools send as confirm=true) fails generation', async () => {
    const load = loadEdited('tencent-smh', (t) =>
      t.replace("      schema:\n        type: string\n        enum:\n          - ''\n      x-drivespec-flag: true", '      schema:\n        type: boolean\n        const: true\n      x-drivespec-flag: true'),
    );
    await expect(load).rejects.toThrow(/parameter confirm: a flag parameter's schema must be \{ type: string, enum: \[''\] \}/);
  });

  it('a flag without allowEmptyValue fails generation', async () => {
    const load = loadEdited('tencent-smh', (t) => t.replace('      allowEmptyValue: true\n', ''));
    await expect(load).rejects.toThrow(/parameter confirm: a flag parameter must set allowEmptyValue: true/);
  });
});
