/**
 * Each classification rule, both ways: a small spec, one edit, the diff from the base to the
 * edited spec and back. Direction is the point: the same edit read backwards is often the
 * opposite severity (a request field made required breaks; made optional does not).
 */
import { describe, expect, it } from 'vitest';
import { diffSpecs } from '../../src/spec-diff/diff-specs.js';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Expected = [rule: string, severity: 'breaking' | 'non-breaking'][];

function base(): Json {
  return {
    openapi: '3.1.0',
    info: { title: 'T', version: '1' },
    'x-drivespec-provider': { typeName: 'Things' },
    servers: [{ url: 'https://{host}/api', variables: { host: { default: 'a.example', enum: ['a.example', 'b.example'] } } }],
    security: [{ bearer: [] }],
    paths: {
      '/things': {
        post: {
          operationId: 'PutThing',
          description: 'Puts a thing.',
          parameters: [{ name: 'q', in: 'query', schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Req' } } } },
          responses: {
            '200': {
              description: 'ok',
              headers: { ETag: { required: true, schema: { type: 'string' } } },
              content: { 'application/json': { schema: { $ref: '#/components/schemas/Res' } } },
            },
            '400': { description: 'bad', content: { 'application/json': { schema: { type: 'object' } } } },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Id: { type: 'string', maxLength: 64 },
        Req: {
          type: 'object',
          additionalProperties: false,
          required: ['id'],
          properties: {
            id: { $ref: '#/components/schemas/Id' },
            kind: { type: 'string', enum: ['a', 'b'] },
            size: { type: 'integer', maximum: 10 },
            label: { anyOf: [{ type: 'string' }] },
          },
        },
        Res: {
          type: 'object',
          required: ['id', 'state'],
          properties: {
            id: { $ref: '#/components/schemas/Id' },
            state: { type: 'string', enum: ['x', 'y'] },
            note: { type: 'string' },
            label: { anyOf: [{ type: 'string' }] },
          },
        },
      },
    },
  };
}

const op = (d: Json): Json => d.paths['/things'].post;
const req = (d: Json): Json => d.components.schemas.Req;
const res = (d: Json): Json => d.components.schemas.Res;

const cases: { name: string; edit: (d: Json) => void; forward: Expected; backward: Expected }[] = [
  { name: 'response field removed', edit: (d) => delete res(d).properties.note, forward: [['field-removed', 'breaking']], backward: [['field-added', 'non-breaking']] },
  {
    name: 'response field made optional',
    edit: (d) => (res(d).required = ['id']),
    forward: [['field-made-optional', 'breaking']],
    backward: [['field-made-required', 'non-breaking']],
  },
  { name: 'response field retyped', edit: (d) => (res(d).properties.note.type = 'integer'), forward: [['retyped', 'breaking']], backward: [['retyped', 'breaking']] },
  {
    name: 'response type widened (nullable)',
    edit: (d) => (res(d).properties.note.type = ['string', 'null']),
    forward: [['type-widened', 'breaking']],
    backward: [['type-narrowed', 'non-breaking']],
  },
  {
    name: 'response enum widened',
    edit: (d) => res(d).properties.state.enum.push('z'),
    forward: [['enum-widened', 'breaking']],
    backward: [['enum-narrowed', 'non-breaking']],
  },
  {
    name: 'response union widened',
    edit: (d) => res(d).properties.label.anyOf.push({ type: 'integer' }),
    forward: [['type-widened', 'breaking'], ['union-widened', 'breaking']],
    backward: [['type-narrowed', 'non-breaking'], ['union-narrowed', 'non-breaking']],
  },
  {
    name: 'response bound tightened',
    edit: (d) => (res(d).properties.note.maxLength = 10),
    forward: [['constraint-tightened', 'non-breaking']],
    backward: [['constraint-loosened', 'non-breaking']],
  },
  {
    name: 'request field made required',
    edit: (d) => req(d).required.push('kind'),
    forward: [['field-made-required', 'breaking']],
    backward: [['field-made-optional', 'non-breaking']],
  },
  {
    name: 'optional request field added',
    edit: (d) => (req(d).properties.extra = { type: 'string' }),
    forward: [['field-added', 'non-breaking']],
    backward: [['field-removed', 'breaking']],
  },
  {
    name: 'required request field added',
    edit: (d) => {
      req(d).properties.extra = { type: 'string' };
      req(d).required.push('extra');
    },
    forward: [['field-added-required', 'breaking']],
    backward: [['field-removed', 'breaking']],
  },
  {
    name: 'request enum narrowed',
    edit: (d) => (req(d).properties.kind.enum = ['a']),
    forward: [['enum-narrowed', 'breaking']],
    backward: [['enum-widened', 'non-breaking']],
  },
  {
    name: 'request type widened',
    edit: (d) => (req(d).properties.size.type = ['integer', 'string']),
    forward: [['type-widened', 'non-breaking']],
    backward: [['type-narrowed', 'breaking']],
  },
  {
    name: 'request union widened',
    edit: (d) => req(d).properties.label.anyOf.push({ type: 'integer' }),
    forward: [['type-widened', 'non-breaking'], ['union-widened', 'non-breaking']],
    backward: [['type-narrowed', 'breaking'], ['union-narrowed', 'breaking']],
  },
  {
    name: 'request bound tightened',
    edit: (d) => (req(d).properties.size.maximum = 5),
    forward: [['constraint-tightened', 'breaking']],
    backward: [['constraint-loosened', 'non-breaking']],
  },
  {
    name: 'request pattern added',
    edit: (d) => (req(d).properties.kind.pattern = '^a$'),
    forward: [['constraint-changed', 'breaking']],
    backward: [['constraint-removed', 'non-breaking']],
  },
  {
    name: 'a request keyword the rules do not name (propertyNames)',
    edit: (d) => (req(d).propertyNames = { maxLength: 3 }),
    forward: [['constraint-changed', 'breaking']],
    backward: [['constraint-removed', 'non-breaking']],
  },
  {
    name: 'request object opened',
    edit: (d) => delete req(d).additionalProperties,
    forward: [['object-opened', 'non-breaking']],
    backward: [['object-closed', 'breaking']],
  },
  {
    name: 'request body made optional',
    edit: (d) => (op(d).requestBody.required = false),
    forward: [['request-body-made-optional', 'non-breaking']],
    backward: [['request-body-made-required', 'breaking']],
  },
  {
    name: 'parameter made required',
    edit: (d) => (op(d).parameters[0].required = true),
    forward: [['parameter-made-required', 'breaking']],
    backward: [['parameter-made-optional', 'non-breaking']],
  },
  {
    name: 'required parameter added',
    edit: (d) => op(d).parameters.push({ name: 'r', in: 'query', required: true, schema: { type: 'string' } }),
    forward: [['parameter-added-required', 'breaking']],
    backward: [['parameter-removed', 'breaking']],
  },
  {
    name: 'optional parameter added',
    edit: (d) => op(d).parameters.push({ name: 'r', in: 'header', schema: { type: 'string' } }),
    forward: [['parameter-added', 'non-breaking']],
    backward: [['parameter-removed', 'breaking']],
  },
  {
    name: 'request tuple closed (items: false)',
    edit: (d) => (req(d).properties.pair = { type: 'array', prefixItems: [{ type: 'string' }], items: false }),
    forward: [['field-added', 'non-breaking']],
    backward: [['field-removed', 'breaking']],
  },
  {
    name: 'request field schema set to false (refuses every value)',
    edit: (d) => (req(d).properties.size = false),
    // `false` in, `type` and `maximum` out: the schema change is what breaks.
    forward: [['constraint-changed', 'breaking'], ['constraint-loosened', 'non-breaking'], ['type-widened', 'non-breaking']],
    backward: [['constraint-removed', 'non-breaking'], ['constraint-tightened', 'breaking'], ['type-narrowed', 'breaking']],
  },
  {
    name: 'a header parameter renamed only in case is the same parameter',
    edit: (d) => op(d).parameters.push({ name: 'X-Trace', in: 'header', schema: { type: 'string' } }),
    forward: [['parameter-added', 'non-breaking']],
    backward: [['parameter-removed', 'breaking']],
  },
  {
    name: 'parameter type widened',
    edit: (d) => (op(d).parameters[0].schema.type = ['string', 'null']),
    forward: [['type-widened', 'non-breaking']],
    backward: [['type-narrowed', 'breaking']],
  },
  {
    name: 'parameter filled from a createClient option',
    edit: (d) => (op(d).parameters[0]['x-drivespec-client-option'] = { option: 'queue' }),
    forward: [['client-option-added', 'non-breaking']],
    backward: [['client-option-changed', 'breaking']],
  },
  {
    name: 'operation added',
    edit: (d) => (d.paths['/things/{id}'] = { get: { operationId: 'GetThing', responses: { '200': { description: 'ok' } } } }),
    forward: [['operation-added', 'non-breaking']],
    backward: [['operation-removed', 'breaking']],
  },
  {
    name: 'operation moved',
    edit: (d) => {
      d.paths['/v2/things'] = d.paths['/things'];
      delete d.paths['/things'];
    },
    forward: [['operation-moved', 'breaking']],
    backward: [['operation-moved', 'breaking']],
  },
  {
    name: 'success response added',
    edit: (d) => (op(d).responses['201'] = { description: 'created' }),
    forward: [['success-response-added', 'breaking']],
    backward: [['success-response-removed', 'breaking']],
  },
  {
    name: 'error response added',
    edit: (d) => (op(d).responses['404'] = { description: 'none' }),
    forward: [['error-response-added', 'non-breaking']],
    backward: [['error-response-removed', 'non-breaking']],
  },
  {
    name: 'response media type removed',
    edit: (d) => (op(d).responses['400'].content = { 'text/plain': { schema: { type: 'string' } } }),
    forward: [['media-type-added', 'non-breaking'], ['media-type-removed', 'breaking']],
    backward: [['media-type-added', 'non-breaking'], ['media-type-removed', 'breaking']],
  },
  {
    name: 'response header removed',
    edit: (d) => delete op(d).responses['200'].headers.ETag,
    forward: [['header-removed', 'breaking']],
    backward: [['header-added', 'non-breaking']],
  },
  {
    name: 'response header made optional',
    edit: (d) => (op(d).responses['200'].headers.ETag.required = false),
    forward: [['field-made-optional', 'breaking']],
    backward: [['field-made-required', 'non-breaking']],
  },
  {
    name: 'security scheme added',
    edit: (d) => (d.components.securitySchemes.key = { type: 'apiKey', in: 'header', name: 'X-Key' }),
    forward: [['security-scheme-added', 'non-breaking']],
    backward: [['security-scheme-removed', 'breaking']],
  },
  {
    name: 'security scheme changed',
    edit: (d) => (d.components.securitySchemes.bearer.scheme = 'basic'),
    forward: [['security-scheme-changed', 'breaking']],
    backward: [['security-scheme-changed', 'breaking']],
  },
  {
    name: 'an operation allows one more way in',
    edit: (d) => (op(d).security = [{ bearer: [] }, {}]),
    forward: [['security-widened', 'non-breaking']],
    backward: [['security-narrowed', 'breaking']],
  },
  {
    name: 'server added',
    edit: (d) => d.servers.push({ url: 'https://c.example' }),
    forward: [['server-added', 'non-breaking']],
    backward: [['server-removed', 'breaking']],
  },
  {
    name: 'server variable enum narrowed',
    edit: (d) => (d.servers[0].variables.host.enum = ['a.example']),
    forward: [['enum-narrowed', 'breaking']],
    backward: [['enum-widened', 'non-breaking']],
  },
  {
    name: 'server variable default changed',
    edit: (d) => (d.servers[0].variables.host.default = 'b.example'),
    forward: [['server-default-changed', 'breaking']],
    backward: [['server-default-changed', 'breaking']],
  },
  {
    name: 'erratum recorded',
    edit: (d) =>
      (op(d)['x-drivespec-errata'] = [{ field: 'response.200.note', documentedType: 'int', exampleValue: 'a', decision: 'accept string', reason: 'r', source: 's' }]),
    forward: [['erratum-added', 'non-breaking']],
    backward: [['erratum-removed', 'non-breaking']],
  },
  {
    name: 'provider typeName changed',
    edit: (d) => (d['x-drivespec-provider'].typeName = 'Stuff'),
    forward: [['type-name-changed', 'breaking']],
    backward: [['type-name-changed', 'breaking']],
  },
  {
    name: 'operation description changed',
    edit: (d) => (op(d).description = 'Puts a thing somewhere.'),
    forward: [['documentation', 'non-breaking']],
    backward: [['documentation', 'non-breaking']],
  },
  {
    name: 'a shared component narrowed: breaking where it is sent, not where it is read',
    edit: (d) => (d.components.schemas.Id.maxLength = 32),
    forward: [['constraint-tightened', 'breaking'], ['constraint-tightened', 'non-breaking']],
    backward: [['constraint-loosened', 'non-breaking'], ['constraint-loosened', 'non-breaking']],
  },
];

function rulesOf(before: Json, after: Json): Expected {
  return diffSpecs(before, after)
    .changes.map((c) => [c.rule, c.severity] as [string, 'breaking' | 'non-breaking'])
    .sort((a, b) => (a.join() < b.join() ? -1 : 1));
}

describe('classification rules, each both ways', () => {
  it('the base spec against itself: no change', () => {
    expect(diffSpecs(base(), base()).changes).toEqual([]);
  });

  for (const c of cases) {
    it(c.name, () => {
      const edited = base();
      c.edit(edited);
      expect(rulesOf(base(), edited), 'base → edited').toEqual(c.forward);
      expect(rulesOf(edited, base()), 'edited → base').toEqual(c.backward);
    });
  }

  it('names each change by operation, view path and the spec location that declares it', () => {
    const edited = base();
    req(edited).properties.kind.enum = ['a'];
    const [change] = diffSpecs(base(), edited).changes;
    expect(change).toEqual({
      severity: 'breaking',
      rule: 'enum-narrowed',
      side: 'request',
      operationId: 'PutThing',
      path: '/operations/PutThing/requestBody/content/application~1json/schema/kind',
      keyword: 'enum',
      source: '/components/schemas/Req/properties/kind',
      message: 'field kind (PutThing, request body application/json) enum {"a", "b"} → {"a"}',
      before: { '"a"': true, '"b"': true },
      after: { '"a"': true },
    });
  });

  it('an operation removed is one change, not one per field inside it', () => {
    const edited = base();
    delete edited.paths['/things'];
    expect(diffSpecs(base(), edited).changes.map((c) => [c.rule, c.path])).toEqual([['operation-removed', '/operations/PutThing']]);
  });

  it('an operationId changed is the old method removed (breaking) and a new one added, the removal naming its likely successor', () => {
    const edited = base();
    op(edited).operationId = 'PutThingV2';
    const changes = diffSpecs(base(), edited).changes;
    expect(changes.map((c) => [c.rule, c.severity, c.operationId])).toEqual([
      ['operation-removed', 'breaking', 'PutThing'],
      ['operation-added', 'non-breaking', 'PutThingV2'],
    ]);
    expect(changes[0]!.message).toBe('operation PutThing (POST /things) removed (renamed? PutThingV2 is now POST /things)');
  });

  it('breaking changes come first', () => {
    const edited = base();
    op(edited).description = 'changed';
    req(edited).required.push('kind');
    expect(diffSpecs(base(), edited).changes.map((c) => c.severity)).toEqual(['breaking', 'non-breaking']);
  });
});
