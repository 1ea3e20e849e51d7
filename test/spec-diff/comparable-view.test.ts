/**
 * What the comparable view must ignore (order: of keys, of set-like lists) and what it must
 * survive (recursive schemas, names that are Object.prototype's, hostile documents).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { comparableView } from '../../src/spec-diff/comparable-view.js';
import { diffSpecs } from '../../src/spec-diff/diff-specs.js';
import { SpecDocumentError } from '../../src/spec-diff/spec-document.js';

const root = new URL('../..', import.meta.url).pathname;
const providers = ['aliyun-pds', 'huawei-koodrive', 'huawei-metastudio', 'tencent-smh'];
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function spec(id: string): Promise<Json> {
  return parse(await readFile(join(root, 'specs', `${id}.yaml`), 'utf8')) as Json;
}

/** A small seeded generator (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(list: T[], next: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Every object's keys in another order, and the lists that are sets (required, enum, type, an operation's tags) too. */
function reorder(value: unknown, next: () => number, key = ''): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => reorder(v, next));
    // An operation's tags are a set; the document's tag objects are in the order the docs show them.
    const set = ['required', 'enum', 'type'].includes(key) || (key === 'tags' && items.every((t) => typeof t === 'string'));
    return set ? shuffled(items, next) : items;
  }
  if (typeof value !== 'object' || value === null) return value;
  const entries = shuffled(Object.entries(value), next);
  return Object.fromEntries(entries.map(([k, v]) => [k, reorder(v, next, k)]));
}

describe('the comparable view', () => {
  it('finds no change between a spec and itself, for every real spec', async () => {
    for (const id of providers) {
      const doc = await spec(id);
      expect(diffSpecs(doc, await spec(id)).changes, id).toEqual([]);
      // And it is not empty: the specs really were laid out.
      expect(Object.keys(comparableView(doc).values).length, id).toBeGreaterThan(100);
    }
  });

  it('finds no change when keys and set-like lists are reordered', async () => {
    for (const id of providers) {
      const doc = await spec(id);
      const moved = reorder(doc, random(id.length)) as Json;
      expect(JSON.stringify(moved)).not.toBe(JSON.stringify(doc)); // the shuffle did something
      expect(diffSpecs(doc, moved).changes, id).toEqual([]);
    }
  });

  it('sees an edit deep inside an allOf and an anyOf of the real SMH spec', async () => {
    const doc = await spec('tencent-smh');
    const edited = structuredClone(doc);
    // MultipartUploadInfo is an allOf of UploadInfo and its own object: its uploadId made optional.
    const own = edited.components.schemas.MultipartUploadInfo.allOf[1];
    own.required = own.required.filter((n: string) => n !== 'uploadId');
    const changes = diffSpecs(doc, edited).changes;
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(c).toMatchObject({ rule: 'field-made-optional', severity: 'breaking', side: 'response', keyword: 'required' });
    expect(changes.every((c) => c.path.endsWith('/uploadId'))).toBe(true);
  });

  it('names recursion instead of following it', () => {
    const doc = (node: Json) => ({
      openapi: '3.1.0',
      paths: { '/t': { get: { operationId: 'Tree', responses: { '200': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } } } },
      components: { schemas: { Node: node } },
    });
    const a = doc({ type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, name: { type: 'string' } } });
    const b = doc({ type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, name: { type: 'integer' } } });
    const changes = diffSpecs(a, b).changes;
    expect(changes.map((c) => [c.rule, c.path])).toEqual([['retyped', '/operations/Tree/responses/200/content/application~1json/schema/name']]);
    expect(comparableView(a).values['operations/Tree/responses/200/content/application~1json/schema/children/[]']).toMatchObject({
      $ref: '#/components/schemas/Node',
    });
  });

  it('treats fields and enum values named like Object.prototype members as plain names', () => {
    const doc = (fields: string[], values: string[]) => ({
      openapi: '3.1.0',
      paths: {
        '/t': {
          post: {
            operationId: 'Proto',
            requestBody: {
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: Object.fromEntries(fields.map((f) => [f, { type: 'string', enum: values }])),
                  },
                },
              },
            },
            responses: {},
          },
        },
      },
    });
    const changes = diffSpecs(doc(['constructor', 'toString', 'a'], ['constructor']), doc(['a'], ['constructor', 'hasOwnProperty'])).changes;
    expect(changes.map((c) => [c.rule, c.path.split('/').pop()]).sort()).toEqual([
      ['enum-widened', 'a'],
      ['field-removed', 'constructor'],
      ['field-removed', 'toString'],
    ]);
  });

  it('refuses a $ref to nothing, nesting past the limit and an expansion past the limit, with SpecDocumentError', () => {
    const bad = { openapi: '3.1.0', paths: { '/t': { get: { responses: { '200': { $ref: '#/components/responses/Nope' } } } } } };
    expect(() => comparableView(bad)).toThrow(SpecDocumentError);
    expect(() => comparableView(bad)).toThrow(/points at nothing/);

    let deep: Json = { type: 'string' };
    for (let i = 0; i < 100; i++) deep = { type: 'object', properties: { x: deep } };
    const nested = { openapi: '3.1.0', paths: { '/t': { get: { responses: { '200': { description: '', content: { 'a/b': { schema: deep } } } } } } } };
    expect(() => comparableView(nested)).toThrow(/deeper than 64/);

    // A component used many times over: refs resolved per location, it multiplies (a "billion laughs" of $refs).
    const schemas: Json = { L0: { type: 'string' } };
    for (let i = 1; i <= 12; i++) schemas[`L${i}`] = { type: 'object', properties: { a: { $ref: `#/components/schemas/L${i - 1}` }, b: { $ref: `#/components/schemas/L${i - 1}` } } };
    const wide = { openapi: '3.1.0', paths: { '/t': { get: { responses: { '200': { description: '', content: { 'a/b': { schema: { $ref: '#/components/schemas/L12' } } } } } } } }, components: { schemas } };
    expect(() => comparableView(wide, { maxEntries: 1000, maxDepth: 64 })).toThrow(/more than 1000 locations/);
  });

  it.each(['anyOf', 'oneOf', 'allOf'])('stops an exponential %s of $refs at the default budget (SpecDocumentError, no hang)', (kind) => {
    // 40 levels of two references to the level below: 2^40 visits if nothing counted them.
    const schemas: Json = { L0: { type: 'string' } };
    for (let i = 1; i <= 40; i++) schemas[`L${i}`] = { [kind]: [{ $ref: `#/components/schemas/L${i - 1}` }, { $ref: `#/components/schemas/L${i - 1}` }] };
    const bomb = { openapi: '3.1.0', paths: { '/t': { get: { responses: { '200': { description: '', content: { 'a/b': { schema: { $ref: '#/components/schemas/L40' } } } } } } } }, components: { schemas } };
    let caught: unknown;
    try {
      comparableView(bomb);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SpecDocumentError);
    expect((caught as Error).message).toMatch(/more than 200000 locations/);
  });
});
