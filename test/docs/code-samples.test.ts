/**
 * Every drivespec TypeScript sample of the reference pages type-checks against the package, as a
 * user's file importing `drivespec/<provider>` would (one tsc run over all of them).
 */
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, expect, it } from 'vitest';
import { codeSamples } from '../../scripts/docs/code-samples.js';
import { loadSpec } from '../../scripts/generate/spec-model.js';
import { providerIds } from '../../src/core/provider.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const scratch = join(root, 'test', '.docs-samples'); // inside the project so imports resolve like a user's

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

it('the TypeScript code samples of every operation type-check', async () => {
  await rm(scratch, { recursive: true, force: true });
  await mkdir(scratch, { recursive: true });
  const files: string[] = [];
  for (const id of providerIds) {
    const spec = await loadSpec(id, `specs/${id}.yaml`, join(root, `specs/${id}.yaml`));
    for (const op of spec.operations) {
      const ts = codeSamples(spec, op).find((s) => s.lang === 'TypeScript')!;
      const file = `${id}-${op.operationId}.ts`;
      await writeFile(join(scratch, file), `${ts.source}\nexport {};\n`);
      files.push(file);
    }
  }
  expect(files.length).toBeGreaterThanOrEqual(providerIds.length);
  await writeFile(join(scratch, 'tsconfig.json'), JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'] }));
  const result = await run(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', join(scratch, 'tsconfig.json')], { cwd: root }).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(result).toBe('');
}, 120_000);
