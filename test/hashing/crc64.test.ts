import { describe, expect, it } from 'vitest';
import { crc64 as ecmaCrc64 } from 'crc64-ecma182.js';
import { InputError } from '../../src/core/errors.js';
import { Crc64, type Crc64Implementation } from '../../src/hashing/index.js';
import { crc64UpdateJs } from '../../src/hashing/crc64-js.js';
import { crc64Wasm, crc64WasmModule } from '../../src/hashing/crc64-wasm.js';
import { describeInput, vectorBytes } from './vectors/inputs.js';
import { loadJson, prng, pseudoRandomBytes, referenceCrc64, type Crc64VectorFile, type ProviderCheckValues } from './support.js';

const checkValues = loadJson<ProviderCheckValues>('provider-check-values.json');
const vectorFile = loadJson<Crc64VectorFile>('crc64-vectors.json');
const implementations: Crc64Implementation[] = ['js', 'wasm', 'auto'];
const ascii = (text: string) => new TextEncoder().encode(text);

function crcOf(bytes: Uint8Array, implementation: Crc64Implementation = 'auto'): string {
  return new Crc64({ implementation }).update(bytes).digest();
}

describe('Crc64 known answers', () => {
  it('has WebAssembly in this environment (so both code paths are tested)', () => {
    expect(crc64Wasm()).toBeDefined();
    expect(new Crc64().implementation).toBe('wasm');
  });

  describe.each(implementations)('%s', (implementation) => {
    it.each(checkValues.crc64)(`PROVIDERS.md: $ascii -> $crc64`, ({ ascii: text, crc64 }) => {
      expect(crcOf(ascii(text), implementation)).toBe(crc64);
    });

    it.each(checkValues.notCrc64)('is not plain CRC-64/ECMA-182 ($note)', ({ ascii: text, crc64 }) => {
      expect(crcOf(ascii(text), implementation)).not.toBe(crc64);
    });

    it(`matches ${vectorFile.vectors.length} vectors from an independent implementation`, () => {
      expect(vectorFile.source).toMatch(/crc64-ecma182\.js/);
      for (const vector of vectorFile.vectors) {
        expect(crcOf(vectorBytes(vector.input), implementation), describeInput(vector.input)).toBe(vector.crc64);
      }
    });
  });

  it('the empty input gives 0, however it is fed', () => {
    expect(new Crc64().digest()).toBe('0');
    expect(new Crc64().update(new Uint8Array(0)).update(new ArrayBuffer(0)).digest()).toBe('0');
    expect(new Crc64().digestBigInt()).toBe(0n);
  });

  it('prints values above 2^63 as unsigned decimals, and digestBigInt agrees', () => {
    const crc = new Crc64().update(ascii('123456789'));
    expect(crc.digestBigInt()).toBe(0x995dc9bbdf1939fan);
    expect(crc.digestBigInt() > 1n << 63n).toBe(true);
    expect(crc.digest()).toBe('11051210869376104954');
  });
});

describe('Crc64 chunk invariance', () => {
  const data = pseudoRandomBytes(300_000, 7);
  const whole = referenceCrc64(data); // crc64-ecma182.js, not drivespec's code

  it('WebAssembly and JS both equal crc64-ecma182.js on the whole buffer', () => {
    expect(crcOf(data, 'wasm')).toBe(whole);
    expect(crcOf(data, 'js')).toBe(whole);
  });

  describe.each(implementations)('%s', (implementation) => {
    it('0-byte chunks change nothing', () => {
      const crc = new Crc64({ implementation });
      for (let i = 0; i < data.length; i += 65_536) {
        crc.update(new Uint8Array(0)).update(data.subarray(i, i + 65_536)).update(data.subarray(i, i));
      }
      expect(crc.digest()).toBe(whole);
    });

    it('1-byte chunks equal one update', () => {
      const part = data.subarray(0, 5_000);
      const crc = new Crc64({ implementation });
      for (let i = 0; i < part.length; i++) crc.update(part.subarray(i, i + 1));
      expect(crc.digest()).toBe(referenceCrc64(part));
    });

    it('odd-sized chunks (random sizes from 0 to 70 KiB) equal one update', () => {
      const next = prng(42);
      for (let trial = 0; trial < 5; trial++) {
        const crc = new Crc64({ implementation });
        for (let i = 0; i < data.length; ) {
          const size = trial % 2 ? next(70_000) : next(40) * 2 + 1;
          crc.update(data.subarray(i, i + size));
          i += size;
        }
        expect(crc.digest()).toBe(whole);
      }
    });

    it('reads views at any alignment and of any element type', () => {
      const bytes = pseudoRandomBytes(4_099, 3);
      const expected = referenceCrc64(bytes.subarray(1));
      // the same bytes at offsets 1..7 of a larger buffer: exercises the unaligned head
      for (let shift = 1; shift < 8; shift++) {
        const backing = new Uint8Array(bytes.length + 8);
        backing.set(bytes.subarray(1), shift);
        const view = backing.subarray(shift, shift + bytes.length - 1);
        expect(new Crc64({ implementation }).update(view).digest()).toBe(expected);
      }
      const even = bytes.subarray(0, 4_096);
      const evenCrc = referenceCrc64(even);
      expect(new Crc64({ implementation }).update(even.slice().buffer).digest()).toBe(evenCrc);
      expect(new Crc64({ implementation }).update(new Uint32Array(even.slice().buffer)).digest()).toBe(evenCrc);
      expect(new Crc64({ implementation }).update(new DataView(even.slice().buffer)).digest()).toBe(evenCrc);
    });
  });

  it('JS and WebAssembly paths can alternate on one CRC (small chunks go to JS)', () => {
    const crc = new Crc64();
    const next = prng(9);
    for (let i = 0; i < data.length; ) {
      const size = next(2) ? next(300) : 1_000 + next(20_000);
      crc.update(data.subarray(i, i + size));
      i += size;
    }
    expect(crc.digest()).toBe(whole);
  });

  it('matches crc64-ecma182.js on random lengths', () => {
    const next = prng(5);
    for (let trial = 0; trial < 40; trial++) {
      const bytes = pseudoRandomBytes(next(trial < 20 ? 600 : 600_000), trial + 100);
      expect(crcOf(bytes), `length ${bytes.length}`).toBe(ecmaCrc64(Buffer.from(bytes)));
    }
  });

  it('hashes inputs larger than the WebAssembly buffer (256 KiB) and above 11 MiB in one update', () => {
    const big = pseudoRandomBytes(12 * 1024 * 1024 + 5, 11);
    let expected = '0';
    for (let i = 0; i < big.length; i += 1 << 20) expected = ecmaCrc64(Buffer.from(big.subarray(i, i + (1 << 20))), expected);
    expect(crcOf(big, 'wasm')).toBe(expected);
  });
});

/**
 * The WebAssembly kernel's paths (wasm/crc64.wat): four fixed 16 KiB lanes per 64 KiB round, then
 * two lanes of a power of two >= 1 KiB while 2 KiB remain, then 8 bytes, then single bytes. The
 * lengths sit on and beside each boundary; crc64-ecma182.js gives the expected values.
 */
describe('Crc64 WebAssembly kernel paths', () => {
  const KiB = 1024;
  const lengths = [
    0, 1, 7, 8, 9, 2047, 2048, 2049, 64 * KiB - 1, 64 * KiB, 64 * KiB + 1, 64 * KiB + 7, 64 * KiB + 2048 + 9,
    128 * KiB - 8, 128 * KiB + 3, 3 * 64 * KiB + 16 * KiB + 5, 256 * KiB - 1, 256 * KiB, 256 * KiB + 1,
  ];
  const data = pseudoRandomBytes(256 * KiB + 64, 23);

  it.each(lengths)('%i bytes, after a 5-byte prefix (a lane starting from a CRC other than 0)', (length) => {
    const bytes = data.subarray(5, 5 + length);
    const expected = ecmaCrc64(Buffer.from(bytes), ecmaCrc64(Buffer.from(data.subarray(0, 5))));
    expect(new Crc64({ implementation: 'wasm' }).update(data.subarray(0, 5)).update(bytes).digest()).toBe(expected);
    expect(crcOf(bytes, 'wasm')).toBe(ecmaCrc64(Buffer.from(bytes)));
  });

  it('reads its buffer at any pointer alignment (the exported update, called directly)', () => {
    // The host always copies to bufferOffset (aligned); the kernel must not depend on it.
    const exports = new WebAssembly.Instance(crc64WasmModule()!, {}).exports as unknown as {
      memory: WebAssembly.Memory;
      init: () => void;
      update: (pointer: number, length: number) => void;
      stateOffset: WebAssembly.Global;
      bufferOffset: WebAssembly.Global;
    };
    exports.init();
    const memory = new Uint8Array(exports.memory.buffer);
    const state = new DataView(exports.memory.buffer, exports.stateOffset.value as number, 8);
    const base = exports.bufferOffset.value as number;
    for (const shift of [1, 3, 4, 7]) {
      for (const length of [9, 2048 + 13, 64 * KiB + 8 * KiB + 1, 128 * KiB + 5]) {
        const bytes = data.subarray(length % 11, (length % 11) + length);
        memory.set(bytes, base + shift);
        state.setBigUint64(0, 0n, true);
        exports.update(base + shift, length);
        expect(state.getBigUint64(0, true).toString(), `shift ${shift}, ${length} bytes`).toBe(ecmaCrc64(Buffer.from(bytes)));
      }
    }
  });
});

describe('Crc64 streaming interface', () => {
  it('update returns this; digest does not reset; reset starts over', () => {
    const crc = new Crc64();
    expect(crc.update(ascii('12345'))).toBe(crc);
    crc.digest();
    crc.update(ascii('6789'));
    expect(crc.digest()).toBe('11051210869376104954');
    expect(crc.digest()).toBe('11051210869376104954');
    crc.reset();
    expect(crc.digest()).toBe('0');
    expect(crc.update(ascii('Hello')).digest()).toBe('5895031849087642824');
  });

  it('refuses strings and other non-bytes with InputError', () => {
    expect(() => new Crc64().update('123456789' as never)).toThrow(InputError);
    expect(() => new Crc64().update('123456789' as never)).toThrow(/string/);
    expect(() => new Crc64().update(42 as never)).toThrow(InputError);
    expect(() => new Crc64().update(null as never)).toThrow(InputError);
  });

  it('the low-level JS update keeps the state as two unsigned halves', () => {
    const state = { lo: 0, hi: 0 };
    crc64UpdateJs(state, ascii('123456789'));
    expect(state).toEqual({ lo: 0xdf1939fa, hi: 0x995dc9bb });
  });
});
