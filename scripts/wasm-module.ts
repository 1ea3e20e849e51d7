/**
 * What the WebAssembly build scripts share (build-wasm.ts for CRC-64, build-sha-wasm.ts for SHA):
 * compiling WebAssembly text with `wabt` from npm, so the bytes are reproducible without a native
 * toolchain, rendering them as a TypeScript module of base64, and writing or checking that module.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import wabt from 'wabt';

export async function compileWat(fileName: string, wat: string): Promise<Uint8Array> {
  const toolkit = await wabt();
  const module = toolkit.parseWat(fileName, wat, {});
  try {
    module.validate();
    // No names section, no debug info: the output depends on the text and the wabt version only.
    return module.toBinary({ log: false, write_debug_names: false, canonicalize_lebs: true }).buffer;
  } finally {
    module.destroy();
  }
}

/** The module committed under src/hashing/wasm/: two header lines, the size and hash, the base64. */
export function renderWasmBytesModule(bytes: Uint8Array, exportName: string, header: readonly [string, string]): string {
  const base64 = Buffer.from(bytes).toString('base64');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const lines = base64.match(/.{1,100}/g) ?? [];
  return [
    ...header.map((line) => `// ${line}`),
    `// ${bytes.length} bytes, sha256 ${sha256}`,
    '',
    `export const ${exportName} =`,
    lines.map((line, i) => `  '${line}'${i === lines.length - 1 ? ';' : ' +'}`).join('\n'),
    '',
  ].join('\n');
}

/** Writes `text` to `outPath`, or with `--check` exits 1 when the committed file differs. */
export async function writeOrCheck(argv: readonly string[], outPath: string, text: string, rerun: string): Promise<number> {
  if (argv.includes('--check')) {
    if ((await readFile(outPath, 'utf8').catch(() => '')) !== text) {
      process.stderr.write(`${outPath} is stale: run ${rerun}\n`);
      return 1;
    }
    return 0;
  }
  await writeFile(outPath, text);
  process.stdout.write(`wrote ${outPath}\n`);
  return 0;
}
