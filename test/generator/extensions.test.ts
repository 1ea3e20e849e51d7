/**
 * The x-drivespec-provider and x-drivespec-client-option extensions, read from a spec: a mistake
 * in them is a SpecError naming the spec and the field, never a silently different client. Each
 * case edits a copy of a real spec (MetaStudio, whose project_id is client-filled; SMH, whose
 * LibraryId and SpaceId are) and runs the generator's reader and the client emitter on it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { render } from '../../scripts/generate.js';
import { emitClient } from '../../scripts/generate/emit-client.js';
import { loadSpec, SpecError } from '../../scripts/generate/spec-model.js';

const root = new URL('../..', import.meta.url).pathname;
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a YAML document edited in place

/** Loads specs/<provider>.yaml edited by `edit`, and emits its client surface. */
async function generateEdited(provider: string, edit: (doc: Doc) => void): Promise<string> {
  const doc = parse(await readFile(join(root, 'specs', `${provider}.yaml`), 'utf8')) as Doc;
  edit(doc);
  const dir = await mkdtemp(join(tmpdir(), 'drivespec-ext-'));
  temps.push(dir);
  const file = join(dir, `${provider}.yaml`);
  await writeFile(file, stringify(doc));
  const spec = await loadSpec(provider, `specs/${provider}.yaml`, file);
  return emitClient(spec);
}

async function specError(provider: string, edit: (doc: Doc) => void): Promise<string> {
  try {
    await generateEdited(provider, edit);
  } catch (e) {
    expect(e).toBeInstanceOf(SpecError);
    return (e as Error).message;
  }
  throw new Error('expected a SpecError');
}

const projectOption = (doc: Doc): Doc => doc.components.parameters.ProjectId['x-drivespec-client-option'];

describe('x-drivespec-client-option', () => {
  it('the unedited specs generate (the fixture edits are the only difference)', async () => {
    await expect(generateEdited('huawei-metastudio', () => {})).resolves.toContain('projectId: string;');
    await expect(generateEdited('tencent-smh', () => {})).resolves.toContain('spaceId?: string;');
  });

  it('a misspelt field (requried) is refused, not ignored (it would make projectId optional)', async () => {
    const message = await specError('huawei-metastudio', (doc) => {
      delete projectOption(doc).required;
      projectOption(doc).requried = true;
    });
    expect(message).toMatch(/specs\/huawei-metastudio\.yaml: .*project_id.*x-drivespec-client-option: unknown field requried/);
  });

  it('required must be a boolean ("true" is not read as false)', async () => {
    const message = await specError('huawei-metastudio', (doc) => {
      projectOption(doc).required = 'true';
    });
    expect(message).toMatch(/project_id.*x-drivespec-client-option\.required must be true or false/);
  });

  it('an option named like a common createClient option (baseUrl, credentials, timeout) is refused', async () => {
    for (const option of ['baseUrl', 'credentials', 'timeout', 'fetch']) {
      const message = await specError('huawei-metastudio', (doc) => {
        projectOption(doc).option = option;
      });
      expect(message).toMatch(new RegExp(`x-drivespec-client-option\\.option ${option} is taken by a common client option`));
    }
  });

  it('one parameter filled by two different options is refused (the table is keyed by parameter)', async () => {
    const message = await specError('tencent-smh', (doc) => {
      // ConfirmUpload names LibraryId by $ref; a second operation with its own LibraryId filled by `library`.
      const op = doc.paths['/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm'].post;
      const other = structuredClone(op);
      other.operationId = 'ConfirmUploadAgain';
      other.parameters = other.parameters.map((p: Doc) =>
        p.$ref === '#/components/parameters/LibraryId'
          ? { ...structuredClone(doc.components.parameters.LibraryId), 'x-drivespec-client-option': { option: 'library' } }
          : p,
      );
      doc.paths['/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}/again'] = { post: other };
    });
    expect(message).toMatch(/parameter LibraryId is filled by both library and libraryId/);
  });
});

it('x-drivespec-client-option: one parameter and option, required in one operation and not in another, is refused', async () => {
  const message = await specError('tencent-smh', (doc) => {
    const op = doc.paths['/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}?confirm'].post;
    const other = structuredClone(op);
    other.operationId = 'ConfirmUploadAgain';
    other.parameters = other.parameters.map((p: Doc) =>
      p.$ref === '#/components/parameters/LibraryId'
        ? { ...structuredClone(doc.components.parameters.LibraryId), 'x-drivespec-client-option': { option: 'libraryId', required: true } }
        : p,
    );
    doc.paths['/api/v1/file/{LibraryId}/{SpaceId}/{ConfirmKey}/again'] = { post: other };
  });
  expect(message).toBe('specs/tencent-smh.yaml: parameter LibraryId is filled by libraryId with a different required or default in another operation');
});

describe('x-drivespec-provider', () => {
  it('is required, and each field is checked', async () => {
    expect(await specError('huawei-metastudio', (doc) => delete doc['x-drivespec-provider'])).toMatch(
      /specs\/huawei-metastudio\.yaml: x-drivespec-provider: expected an object/,
    );
    expect(await specError('huawei-metastudio', (doc) => (doc['x-drivespec-provider'].typeName = 'huaweiMetaStudio'))).toMatch(
      /x-drivespec-provider\.typeName: must be a PascalCase identifier/,
    );
    expect(await specError('huawei-metastudio', (doc) => (doc['x-drivespec-provider'].requestIdHeader = 'X Request Id'))).toMatch(
      /x-drivespec-provider\.requestIdHeader: must be a header name/,
    );
    expect(await specError('huawei-metastudio', (doc) => (doc['x-drivespec-provider'].errorSchemas = ['NoSuchSchema']))).toMatch(
      /x-drivespec-provider\.errorSchemas: no component schema NoSuchSchema/,
    );
    expect(await specError('huawei-metastudio', (doc) => (doc['x-drivespec-provider'].requestIdHeadr = 'X-Request-Id'))).toMatch(
      /x-drivespec-provider: unknown field requestIdHeadr/,
    );
  });

  it('errorSchemas must be a list of schema names (a bare string is not read as none)', async () => {
    const message = await specError('huawei-metastudio', (doc) => (doc['x-drivespec-provider'].errorSchemas = 'HuaweiError'));
    expect(message).toMatch(/x-drivespec-provider\.errorSchemas: must be a list of component schema names/);
  });
});

describe('x-drivespec-provider across specs', () => {
  it('two specs with one typeName are refused, naming both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'drivespec-ext-'));
    temps.push(dir);
    await cp(join(root, 'specs'), join(dir, 'specs'), { recursive: true });
    await cp(join(root, 'scripts', 'generate', 'templates'), join(dir, 'scripts', 'generate', 'templates'), { recursive: true });
    // A second KooDrive deployment's spec, copied without renaming its types.
    await cp(join(root, 'specs', 'huawei-koodrive.yaml'), join(dir, 'specs', 'huawei-koodrive-eu.yaml'));
    const error = await render(dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SpecError);
    expect((error as Error).message).toBe(
      "specs/huawei-koodrive.yaml: x-drivespec-provider.typeName HuaweiKooDrive is already specs/huawei-koodrive-eu.yaml's",
    );
  });
});
