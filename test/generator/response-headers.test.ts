/**
 * The documented response headers the generator reads (spec-model.ts readResponseHeaders) and
 * emits (`responseHeaders` in operations.ts, `validateHeader<Name>` validators): each case edits a
 * copy of a real spec (MetaStudio: four 200s document X-Request-Id inline) and runs the reader,
 * the table emitter and the validator emitter on it; the emitted validator is imported and run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { emitOperations } from '../../scripts/generate/emit-tables.js';
import { emitValidators } from '../../scripts/generate/emit-validators.js';
import { loadSpec, SpecError, type SpecModel } from '../../scripts/generate/spec-model.js';

const root = new URL('../..', import.meta.url).pathname;
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a YAML document edited in place

async function edited(edit: (doc: Doc) => void): Promise<{ spec: SpecModel; dir: string }> {
  const doc = parse(await readFile(join(root, 'specs', 'huawei-metastudio.yaml'), 'utf8')) as Doc;
  edit(doc);
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-headers-'));
  temps.push(dir);
  const file = join(dir, 'huawei-metastudio.yaml');
  await writeFile(file, stringify(doc));
  return { spec: await loadSpec('huawei-metastudio', 'specs/huawei-metastudio.yaml', file), dir };
}

const createFile200 = (doc: Doc): Doc => doc.paths['/v1/{project_id}/files'].post.responses['200'];

/** The `responseHeaders` table of an emitted operations.ts. */
function responseHeadersOf(source: string): Record<string, Record<string, Record<string, { required: boolean; validator: string | null }>>> {
  const m = /export const responseHeaders = (\{[\s\S]*?\n\}) as const/.exec(source);
  if (!m) throw new Error('no responseHeaders in the emitted table');
  return JSON.parse(m[1]!);
}

describe('documented response headers', () => {
  it('required and schema per header; one validator per name and schema; another schema gets its own; Content-Type ignored', async () => {
    const { spec, dir } = await edited((doc) => {
      createFile200(doc).headers = {
        'X-Request-Id': { description: 'Request ID.', required: true, schema: { type: 'string' } },
        ETag: { description: 'The quoted MD5.', schema: { type: 'string', pattern: '^"[0-9a-f]{32}"$' } },
        'Content-Type': { description: 'OpenAPI says to ignore it.', schema: { type: 'string', enum: ['x'] } },
        'X-Any': { description: 'Any value.' },
      };
      doc.paths['/v1/{project_id}/digital-assets'].post.responses['200'].headers['X-Request-Id'].schema = { type: 'string', minLength: 8 };
    });
    const table = responseHeadersOf(emitOperations(spec));
    expect(table.CreateFile!['200']).toEqual({
      ETag: { required: false, validator: 'validateHeaderETag' },
      'X-Any': { required: false, validator: null },
      'X-Request-Id': { required: true, validator: 'validateHeaderXRequestId' },
    });
    // ShowAsset documents X-Request-Id as CreateFile does: the same validator.
    expect(table.ShowAsset!['200']!['X-Request-Id']!.validator).toBe('validateHeaderXRequestId');
    // CreateDigitalAsset documents it with another schema: a validator of its own.
    const own = table.CreateDigitalAsset!['200']!['X-Request-Id']!.validator!;
    expect(own).toBe('validateCreateDigitalAssetResponse200HeaderXRequestId');

    const { js, entries } = await emitValidators(spec);
    expect(entries.map((e) => e.name)).toEqual(expect.arrayContaining(['validateHeaderETag', 'validateHeaderXRequestId', own]));
    const file = join(dir, 'validators.js');
    await writeFile(file, js);
    const validators = (await import(pathToFileURL(file).href)) as Record<string, (v: unknown) => boolean>;
    expect(validators.validateHeaderETag!('"0cc175b9c0f1b6a831c399e269772661"')).toBe(true);
    expect(validators.validateHeaderETag!('W/"x"')).toBe(false);
    expect(validators[own]!('short')).toBe(false);
    expect(validators[own]!('long-enough-id')).toBe(true);
  });

  it('a header described with content, or a required that is no boolean, is refused naming it', async () => {
    for (const [header, message] of [
      [{ content: { 'text/plain': { schema: { type: 'string' } } } }, /responses\.200\.headers\.X-Request-Id: describe the header with schema, not content/],
      [{ required: 'yes', schema: { type: 'string' } }, /responses\.200\.headers\.X-Request-Id: required must be a boolean/],
    ] as const) {
      const error = await edited((doc) => {
        createFile200(doc).headers = { 'X-Request-Id': { description: 'Request ID.', ...header } };
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpecError);
      expect((error as Error).message).toMatch(message);
    }
  });
});
