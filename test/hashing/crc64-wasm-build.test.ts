import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildCrc64Wasm, renderBytesModule } from '../../scripts/build-wasm.js';

describe('src/hashing/wasm/crc64-wasm-bytes.ts', () => {
  it('is exactly what scripts/build-wasm.ts makes from crc64.wat (reproducible build)', async () => {
    const committed = readFileSync(new URL('../../src/hashing/wasm/crc64-wasm-bytes.ts', import.meta.url), 'utf8');
    expect(committed).toBe(renderBytesModule(await buildCrc64Wasm()));
  });

  it('stays under 4 KiB, so browsers may compile it synchronously on the main thread', async () => {
    expect((await buildCrc64Wasm()).length).toBeLessThan(4096);
  });
});
