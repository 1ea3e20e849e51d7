import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildShaWasm, renderShaBytesModule, shaWat } from '../../scripts/build-sha-wasm.js';

describe('src/hashing/wasm/sha-wasm-bytes.ts', () => {
  it('is exactly what scripts/build-sha-wasm.ts generates and compiles (reproducible build)', async () => {
    const committed = readFileSync(new URL('../../src/hashing/wasm/sha-wasm-bytes.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderShaBytesModule(await buildShaWasm()));
  });

  it('writes every round out: 80 SHA-1 and 64 SHA-256 rounds, no round loop', () => {
    const wat = shaWat();
    expect(wat.match(/i32\.const 1518500249\)/g)).toHaveLength(20); // SHA-1 K for rounds 0..19
    expect(wat.match(/\(loop /g)).toHaveLength(2); // one block loop per function
  });
});
