/**
 * The README is the front door: every command in it exists and answers, and every TypeScript
 * block type-checks and runs (against the embedded emulator, with the env vars it reads).
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.js';
import type { CliIo } from '../src/cli/io.js';
import { startEmulator } from '../src/emulator/index.js';

const run = promisify(execFile);
const root = new URL('..', import.meta.url).pathname;
const scratch = join(root, 'test', '.readme-blocks'); // inside the project so imports resolve like a user's

interface Block {
  lang: string;
  code: string;
}

async function readmeBlocks(): Promise<Block[]> {
  const text = await readFile(join(root, 'README.md'), 'utf8');
  return [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

function commandsOf(block: Block): string[] {
  return block.code
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

function silentIo(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: {}, cwd: root };
}

describe('README', () => {
  let blocks: Block[] = [];
  beforeAll(async () => {
    blocks = await readmeBlocks();
    await mkdir(scratch, { recursive: true });
  });
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('gives the main command and the test command first', async () => {
    const shell = blocks.filter((b) => b.lang === 'sh').map(commandsOf);
    expect(shell[0]).toEqual(['npm ci && npm run conformance']);
    expect(shell[1]).toEqual(['npm test']);
    const ci = await readFile(join(root, '.ci', 'run'), 'utf8');
    expect(ci).toMatch(/^npm test$/m); // CI runs exactly the README's test command
  });

  it('names only npm scripts that exist', async () => {
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    const text = await readFile(join(root, 'README.md'), 'utf8');
    const named = [...text.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThan(2);
    for (const script of named) expect(pkg.scripts, script).toHaveProperty(script);
    expect(pkg.scripts).toHaveProperty('test');
  });

  it('every drivespec command it shows exists and answers --help', async () => {
    const lines = blocks.filter((b) => b.lang === 'sh').flatMap(commandsOf).filter((l) => l.startsWith('drivespec '));
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      const argv = line.split(/\s+/).slice(1);
      const io = silentIo();
      expect(await main(argv, io), `${line}: ${io.err.join('')}`).toBe(0);
      expect(io.out.join('')).toMatch(/usage|Usage/);
    }
  });

  it('every seed request it shows is accepted by the emulator over HTTP', async () => {
    const seeds = blocks
      .filter((b) => b.lang === 'sh')
      .flatMap(commandsOf)
      .flatMap((line) => {
        const m = /^curl -X POST \S+\/__drivespec\/seed .*-d '([^']*)'$/.exec(line);
        return m ? [m[1]!] : [];
      });
    expect(seeds.length).toBeGreaterThanOrEqual(2);
    const emulator = await startEmulator();
    try {
      for (const body of seeds) {
        const response = await fetch(`${emulator.url}/__drivespec/seed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        expect(response.status, body).toBe(200);
        expect(await response.json()).toEqual({ ok: true, kind: (JSON.parse(body) as { kind: string }).kind });
      }
    } finally {
      await emulator.close();
    }
  });

  it('the TypeScript example type-checks and runs against the emulator', async () => {
    const examples = blocks.filter((b) => b.lang === 'ts');
    expect(examples.length).toBeGreaterThan(0);
    const emulator = await startEmulator();
    const work = await mkdtemp(join(tmpdir(), 'drivespec-readme-'));
    try {
      const confirmKey = 'readme0confirm0key';
      const content = 'hello from the README';
      await writeFile(join(work, 'report.docx'), content);
      emulator.seed.smhUpload({ confirmKey, path: ['docs', 'report.docx'], content });
      // Every block type-checked in one tsc run (one run per block took most of the time budget).
      for (const [i, block] of examples.entries()) await writeFile(join(scratch, `block-${i}.ts`), `${block.code}\nexport {};\n`);
      const tsconfig = join(scratch, 'tsconfig.json');
      await writeFile(tsconfig, JSON.stringify({ extends: '../../tsconfig.json', include: ['*.ts'] }));
      await run(join(root, 'node_modules', '.bin', 'tsc'), ['--noEmit', '-p', tsconfig], { cwd: root });
      for (const [i, block] of examples.entries()) {
        const file = join(scratch, `block-${i}.ts`);
        const { stdout } = await run(
          join(root, 'node_modules', '.bin', 'tsx'),
          ['--conditions=drivespec-source', file],
          {
            cwd: work,
            env: {
              ...process.env,
              SMH_BASE_URL: emulator.url,
              SMH_ACCESS_TOKEN: emulator.credentials['tencent-smh'].accessToken,
              SMH_CONFIRM_KEY: confirmKey,
              PDS_BASE_URL: emulator.url,
              PDS_ACCESS_TOKEN: emulator.credentials['aliyun-pds'].accessToken,
              KOODRIVE_BASE_URL: emulator.url,
              KOODRIVE_ACCESS_TOKEN: emulator.credentials['huawei-koodrive'].accessToken,
              KOODRIVE_USER_ID: emulator.credentials['huawei-koodrive'].userId,
              METASTUDIO_BASE_URL: emulator.url,
              METASTUDIO_PROJECT_ID: emulator.credentials['huawei-metastudio'].projectId,
              METASTUDIO_TOKEN: emulator.credentials['huawei-metastudio'].token,
            },
          },
        );
        // Each block prints what its provider stored, checked against node:crypto / crc64-ecma182.js.
        if (block.code.includes("from 'drivespec/emulator'")) {
          // The emulator section: a wrong crc64_hash refused, then the seeded bytes' SHA-1.
          const sha1 = createHash('sha1').update('hello').digest('hex').toUpperCase();
          expect(stdout).toBe(`refused: 400 InvalidParameter\ncompleted hello.txt: 5 bytes, SHA-1 ${sha1}\n`);
          continue;
        }
        if (block.code.includes("from 'drivespec/aliyun-pds'")) {
          const sha1 = createHash('sha1').update(content).digest('hex').toUpperCase();
          expect(stdout).toBe(`uploaded report.docx: ${content.length} bytes, SHA-1 ${sha1}\n`);
          continue;
        }
        if (block.code.includes("from 'drivespec/huawei-koodrive'")) {
          const sha256 = createHash('sha256').update(content).digest('hex');
          expect(stdout).toBe(`uploaded report.docx: ${content.length} bytes, SHA-256 ${sha256}\n`);
          continue;
        }
        if (block.code.includes("from 'drivespec/huawei-metastudio'")) {
          const fileMd5 = createHash('md5').update(content).digest('base64');
          expect(stdout).toBe(`uploaded report.docx: ${content.length} bytes, file_md5 ${fileMd5}, CREATED\n`);
          continue;
        }
        expect(stdout).toBe(`stored as report.docx (${content.length} bytes, crc64 ${await crcOf(content)})\n`);
      }
    } finally {
      await emulator.close();
      await rm(work, { recursive: true, force: true });
    }
  }, 180_000); // a tsc run and one tsx process per block, on a shared machine
});

async function crcOf(text: string): Promise<string> {
  const { Crc64 } = await import('../src/hashing/index.js');
  return new Crc64().update(new TextEncoder().encode(text)).digest();
}
