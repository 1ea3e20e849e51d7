/**
 * The issue-11 spec conventions, read by the generator: a path key ending in `?flag`, a
 * multi-segment path parameter and `x-drivespec-transfer`. A mistake in them is a SpecError
 * naming the spec and the field, never a table that routes or transfers differently. Each case
 * edits a copy of the real SMH spec.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitOperations } from '../../scripts/generate/emit-tables.js';
import { loadSpec, SpecError, type SpecModel } from '../../scripts/generate/spec-model.js';

const root = new URL('../..', import.meta.url).pathname;
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a YAML document edited in place

const CONFIRM = '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm';

async function load(edit: (doc: Doc) => void): Promise<SpecModel> {
  const doc = parse(await readFile(join(root, 'specs', 'tencent-smh.yaml'), 'utf8')) as Doc;
  edit(doc);
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-paths-'));
  temps.push(dir);
  const file = join(dir, 'tencent-smh.yaml');
  await writeFile(file, stringify(doc));
  return loadSpec('tencent-smh', 'specs/tencent-smh.yaml', file);
}

async function specError(edit: (doc: Doc) => void): Promise<string> {
  try {
    await load(edit);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError');
}

/** A copy of ConfirmUpload as another operation selected by `flag` on `pathKey`. */
function addFlagged(doc: Doc, pathKey: string, operationId: string, flag: string, method = 'post'): Doc {
  const op = structuredClone(doc.paths[CONFIRM].post);
  op.operationId = operationId;
  delete op['x-drivespec-conformance'];
  delete op['x-drivespec-query-order'];
  op.parameters = op.parameters.map((p: Doc) =>
    p.$ref === undefined && p.name === 'confirm' ? { ...p, name: flag } : p,
  );
  const confirmRef = op.parameters.find((p: Doc) => typeof p.$ref === 'string' && /Confirm(Flag)?$/.test(p.$ref));
  if (confirmRef) {
    op.parameters = op.parameters.filter((p: Doc) => p !== confirmRef);
    op.parameters.push({ name: flag, in: 'query', required: true, allowEmptyValue: true, 'x-drivespec-flag': true, schema: { type: 'string', enum: [''] } });
  }
  doc.paths[pathKey] = { ...(doc.paths[pathKey] ?? {}), [method]: op };
  return op;
}

describe('path keys ending in ?flag', () => {
  it('split into the request path and the flag in the table; the raw path key is kept', async () => {
    const spec = await load((doc) => void addFlagged(doc, '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?renew', 'RenewUpload', 'renew'));
    const renew = spec.operations.find((o) => o.operationId === 'RenewUpload')!;
    expect([renew.path, renew.pathKey, renew.flag]).toEqual([
      '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}',
      '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?renew',
      'renew',
    ]);
    const table = emitOperations(spec);
    expect(table).toContain('"pathKey": "/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?renew"');
    expect(table).toContain('"flag": "renew"');
  });

  it('refuse a flag the operation does not declare as a required x-drivespec-flag parameter', async () => {
    expect(
      await specError((doc) => {
        const op = addFlagged(doc, '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?renew', 'RenewUpload', 'renew');
        op.parameters = op.parameters.filter((p: Doc) => p.name !== 'renew');
      }),
    ).toMatch(/\?renew needs a required query parameter renew with x-drivespec-flag: true/);
    expect(
      await specError((doc) => {
        const op = addFlagged(doc, '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?renew', 'RenewUpload', 'renew');
        op.parameters.find((p: Doc) => p.name === 'renew').required = false;
      }),
    ).toMatch(/needs a required query parameter renew/);
  });

  it('refuse anything but one bare flag name after the ?', async () => {
    expect(await specError((doc) => void addFlagged(doc, '/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?renew=1', 'R', 'renew'))).toMatch(
      /may end only in \?<flag name>.*not \?renew=1/,
    );
  });

  it('refuse two operations on one method, path and flag, whatever the parameters are called', async () => {
    expect(
      await specError((doc) => void addFlagged(doc, '/api/v1/file/{LibraryId}/{SpaceId}/{Other}?confirm', 'Twice', 'confirm')),
    ).toMatch(/ConfirmUpload and Twice share the route POST \/api\/v1\/file\/\{\}\/\{\}\/\{\}\?confirm|Twice and ConfirmUpload share/);
  });
});

describe('x-drivespec-multi-segment', () => {
  it('is carried into the table for the last path parameter', async () => {
    const spec = await load((doc) => {
      const op = addFlagged(doc, '/api/v1/file/{LibraryId}/{SpaceId}/{FilePath}?multipart', 'Start', 'multipart');
      op.parameters = op.parameters.filter((p: Doc) => !(typeof p.$ref === 'string' && p.$ref.endsWith('ConfirmKey')) && p.name !== 'ConfirmKey');
      op.parameters.push({ name: 'FilePath', in: 'path', required: true, 'x-drivespec-multi-segment': true, schema: { type: 'string' } });
    });
    const start = spec.operations.find((o) => o.operationId === 'Start')!;
    expect(start.parameters.find((p) => p.name === 'FilePath')!.multiSegment).toBe(true);
    expect(emitOperations(spec)).toMatch(/"name": "FilePath",\s*"required": true,\s*"multiSegment": true|"multiSegment": true/);
  });

  it('is refused on a parameter that is not the last path segment, and when not a boolean', async () => {
    expect(
      await specError((doc) => {
        doc.paths[CONFIRM].post.parameters.push({ name: 'SpaceId', in: 'query', 'x-drivespec-multi-segment': true, schema: { type: 'string' } });
      }),
    ).toMatch(/x-drivespec-multi-segment is for the path parameter in the path's last segment/);
    expect(
      await specError((doc) => {
        const p = doc.components.parameters;
        const name = Object.keys(p).find((k) => p[k].name === 'ConfirmKey');
        p[name!]['x-drivespec-multi-segment'] = 'yes';
      }),
    ).toMatch(/x-drivespec-multi-segment must be true or false/);
  });
});

describe('x-drivespec-transfer', () => {
  const transfer = {
    description: 'PUT each part to its URL.',
    method: 'PUT',
    url: 'https://{/domain}{/path}?uploadId={/uploadId}&partNumber={partNumber}',
    headersFrom: '/headers',
    successStatus: 200,
    etag: true,
    expiresAtField: '/expiration',
    errors: [{ status: 403, code: 'AccessDenied', description: 'expired' }],
  };

  /** ConfirmUpload's 200 answer, given the fields the transfer points at (as a start call's answer has). */
  const withStartAnswer = (doc: Doc): void => {
    const ok = doc.paths[CONFIRM].post.responses['200'];
    ok.content['application/json'].schema = {
      type: 'object',
      properties: {
        domain: { type: 'string' },
        path: { type: 'string' },
        uploadId: { type: 'string' },
        headers: { type: 'object', additionalProperties: { type: 'string' } },
        expiration: { type: 'string' },
      },
    };
    delete ok.content['application/json'].examples;
    delete ok.content['application/json'].example;
  };

  it('points only at fields of the 200 answer', async () => {
    expect(
      await specError((doc) => {
        doc.paths[CONFIRM].post['x-drivespec-transfer'] = transfer;
      }),
    ).toMatch(/x-drivespec-transfer: \/domain is not a field of the 200 answer/);
    expect(
      await specError((doc) => {
        withStartAnswer(doc);
        doc.paths[CONFIRM].post['x-drivespec-transfer'] = { ...transfer, expiresAtField: '/expires' };
      }),
    ).toMatch(/\/expires is not a field/);
  });

  it('is validated and emitted into the operation table, with defaults', async () => {
    const spec = await load((doc) => {
      withStartAnswer(doc);
      doc.paths[CONFIRM].post['x-drivespec-transfer'] = transfer;
    });
    expect(spec.operations.find((o) => o.operationId === 'ConfirmUpload')!.transfer).toEqual({
      ...transfer,
      headers: {},
      requestHeaders: {},
      contentMd5: 'ignored',
      lifetimeSeconds: null,
      sources: [],
    });
    expect(emitOperations(spec)).toContain('"headersFrom": "/headers"');
  });

  it.each([
    [{ ...transfer, method: 'PATCH' }, /method must be PUT or POST/],
    [{ ...transfer, url: 'https://example.com/fixed' }, /url must be a template/],
    [{ ...transfer, url: '{/a}{size}' }, /\{size\} is neither \{partNumber\} nor a JSON pointer/],
    [{ ...transfer, successStatus: 404 }, /successStatus must be a 2xx status/],
    [{ ...transfer, lifetimeSecond: 900 }, /unknown field lifetimeSecond/],
    [{ ...transfer, expiresAtField: 'expiration' }, /expiresAtField must be a JSON pointer/],
    [{ ...transfer, contentMd5: 'yes' }, /contentMd5 must be required, optional or ignored/],
    [{ ...transfer, description: ' ' }, /description must be prose/],
    [{ ...transfer, headers: { 'Bad Name': 'x' } }, /headers: Bad Name must be a header name/],
  ])('refuses %j', async (value, message) => {
    expect(
      await specError((doc) => {
        doc.paths[CONFIRM].post['x-drivespec-transfer'] = value;
      }),
    ).toMatch(message);
  });
});
