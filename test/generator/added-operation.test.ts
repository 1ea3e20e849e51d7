/**
 * The added-operation experiment of issue 10, as a test: a copy of the repository whose KooDrive
 * spec has one more operation (`DeleteFile`, on its own path) is regenerated and type-checked.
 * - The generated surface gains a typed `deleteFile` method: a probe calls it through the
 *   unchanged handwritten client, and a wrong body is a type error.
 * - The registry lists the operation.
 * - The emulator, which has no handler for it, fails the type-check naming the operation, and
 *   nothing else does: the handwritten clients, core and conformance code need no edit.
 * One generator run and one `tsc` over src/ (~20 s on an idle machine).
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';

const root = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);
let dir = '';
let tscOutput = '';

const deleteFile = {
  post: {
    operationId: 'DeleteFile',
    summary: 'Delete a file (fixture operation, not a KooDrive page)',
    security: [{ bearer: [], userId: [], date: [] }],
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            additionalProperties: false,
            required: ['fileId'],
            properties: { fileId: { $ref: '#/components/schemas/ResourceId' } },
          },
        },
      },
    },
    responses: {
      '200': {
        description: 'Deleted.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/CompleteFileResponse' } } },
      },
      '400': { $ref: '#/components/responses/BadRequest' },
      '401': { $ref: '#/components/responses/Unauthorized' },
    },
  },
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'drivespec-added-op-'));
  for (const part of ['specs', 'scripts', 'src', 'tsconfig.json', 'package.json']) {
    await cp(join(root, part), join(dir, part), { recursive: true });
  }
  await symlink(join(root, 'node_modules'), join(dir, 'node_modules'));
  const specPath = join(dir, 'specs', 'huawei-koodrive.yaml');
  const spec = parse(await readFile(specPath, 'utf8'));
  spec.paths['/koodrive/ose/v1/files/delete'] = deleteFile;
  await writeFile(specPath, stringify(spec));
  await run(join(root, 'node_modules', '.bin', 'tsx'), ['scripts/generate.ts'], { cwd: dir });
  await writeFile(
    join(dir, 'probe.ts'),
    [
      "import { createClient } from './src/clients/huawei-koodrive.js';",
      "const client = createClient({ baseUrl: 'https://koodrive.invalid', credentials: { accessToken: 't', userId: 'u' } });",
      "const answer: Promise<{ code?: number | string; msg?: string } | undefined> = client.deleteFile({ body: { fileId: 'f' } });",
      'void answer;',
      '// @ts-expect-error: fileId is required by the spec',
      'void client.deleteFile({ body: {} });',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'tsconfig.probe.json'),
    JSON.stringify({ extends: './tsconfig.json', include: ['src', 'generated', 'probe.ts'] }),
  );
  try {
    await run(join(root, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.probe.json', '--noEmit', '--pretty', 'false'], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    tscOutput = String((error as { stdout?: string }).stdout ?? error);
  }
}, 180_000);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('an operation added to a spec (issue 10 item 7)', () => {
  it('regenerates into a typed method, a method name and a registry entry', async () => {
    const client = await readFile(join(dir, 'generated', 'huawei-koodrive', 'client.ts'), 'utf8');
    expect(client).toContain('export type DeleteFileInit = OperationInit<operations["DeleteFile"]>;');
    expect(client).toMatch(/\n {2}deleteFile\(\.\.\.args: OperationArgs<DeleteFileInit, Call>\): Promise<SuccessBody<operations\["DeleteFile"\]>>;/);
    expect(client).toContain('"DeleteFile": "deleteFile"');
    const registry = await readFile(join(dir, 'generated', 'providers.ts'), 'utf8');
    expect(registry).toMatch(/"operationIds": \[\n\s+"CompleteFile",\n\s+"CreateFile",\n\s+"DeleteFile",\n\s+"UploadUrl"\n/);
  });

  it('type-checks the handwritten clients unchanged and the probe call, and fails only in the emulator, naming the operation', () => {
    const errors = tscOutput.split('\n').filter((line) => /error TS\d+/.test(line));
    expect(errors.length).toBeGreaterThan(0);
    // The probe's @ts-expect-error would itself be an error if the wrong body type-checked.
    expect(errors.filter((line) => line.startsWith('probe.ts'))).toEqual([]);
    for (const line of errors) expect(line).toMatch(/^src\/emulator\//);
    expect(errors.some((line) => line.startsWith('src/emulator/providers/huawei-koodrive.ts'))).toBe(true);
    expect(tscOutput).toMatch(/Property 'DeleteFile' is missing/);
  });
});
